package dev.tracegrad.processor.fuzz;

import java.util.List;

/**
 * A compilation unit of fuzzed methods: package {@code fuzz}, one class, static imports of Ops,
 * and the helper methods the methods may call (inlined by the processor, LANGUAGE.md §2).
 */
record FuzzClass(String className, List<FuzzMethod> methods) {
  static final String PACKAGE = "fuzz";

  /** Helper methods of every fuzzed class; {@link Expr.Helper#expansion} says what they compute. */
  static final String HELPERS = """
        static Matrix fuzzMix(Matrix a, Matrix b) {
          Matrix g = sigmoid(a);
          return hadamard(g, b);
        }

        static double fuzzEnergy(Matrix a, double s) {
          return s * sumsq(a);
        }
      """;

  FuzzClass {
    methods = List.copyOf(methods);
  }

  String qualifiedName() {
    return PACKAGE + "." + className;
  }

  /** The compilation unit; {@code Ops} is imported both ways because calls use both forms. */
  String render() {
    return render(false);
  }

  /**
   * The compilation unit, with {@code hvp = true} on every method whose buffer-taking hvp fits the
   * JVM's 255 parameter slots when {@code hvp}.
   */
  String render(boolean hvp) {
    StringBuilder sb = new StringBuilder();
    sb.append("package ").append(PACKAGE).append(";\n\n");
    sb.append("import static dev.tracegrad.Ops.*;\n\n");
    sb.append("import dev.tracegrad.Differentiable;\n");
    sb.append("import dev.tracegrad.Matrix;\n");
    sb.append("import dev.tracegrad.Ops;\n\n");
    sb.append("class ").append(className).append(" {\n");
    sb.append(HELPERS).append("\n");
    for (int i = 0; i < methods.size(); i++) {
      FuzzMethod m = methods.get(i);
      sb.append(i == 0 ? "" : "\n").append(m.render(hvp && m.hvpSlots() <= 255));
    }
    return sb.append("}\n").toString();
  }
}
