package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chain of locals each used twice by the next: adjoints that, written out as trees, double at
 * every step. The processor must stay fast (it once took 39 s for twenty such locals and ran out
 * of memory for a few hundred), print a short note instead of an exponential derivation, and still
 * compute the gradient.
 */
class SharedChainE2eTest {
  private static final int LOCALS = 200;

  @Test
  void chainOfLocalsUsedTwiceCompilesQuicklyAndDifferentiates() throws Exception {
    StringBuilder body = new StringBuilder("    double s0 = sum(A);\n");
    for (int i = 1; i <= LOCALS; i++) {
      String prev = "s" + (i - 1);
      body.append("    double s").append(i).append(" = ").append(prev).append(" * 0.5 + Math.sqrt(")
          .append(prev).append(" * ").append(prev).append(" + 1) * 0.5;\n");
    }
    String source = "package example;\nimport dev.tracegrad.*;\nimport static dev.tracegrad.Ops.*;\n"
        + "class Chain {\n  @Differentiable static double chain(Matrix A) {\n" + body
        + "    return s" + LOCALS + ";\n  }\n}\n";
    // No time assertion: the exponential version needed minutes and ran out of memory here,
    // so a regression shows as this test hanging or failing, not as a flaky threshold.
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Chain", source));
    assertThat(run.compilation).succeededWithoutWarnings();

    String derivation = (String) run.load("ChainChainGradient").getField("DERIVATION").get(null);
    assertThat(derivation).contains("derivation is not printed");

    // s_i = (s_{i-1} + √(s_{i-1}² + 1))/2 with s0 = sum(A) = 10:
    // ∂l/∂A = Π (1 + s_{i-1}/√(s_{i-1}² + 1))/2 · 𝟏𝟏ᵀ, a slope near 1 (about 0.99 here).
    Matrix a = Matrix.of(2, 2, 3, 2, 4, 1);
    double s = Ops.sum(a);
    double chainRule = 1;
    for (int i = 1; i <= LOCALS; i++) {
      double root = Math.sqrt(s * s + 1);
      chainRule *= 0.5 + 0.5 * s / root;
      s = s * 0.5 + root * 0.5;
    }
    double slope = chainRule;
    assertThat(slope).isGreaterThan(0.5);
    LossCheck.of(run, "Chain", "chain").verify(args("A", a),
        grad("A", () -> Ops.scale(slope, Matrix.of(2, 2, 1, 1, 1, 1))));
  }
}
