package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import dev.tracegrad.processor.testing.CompilationClassLoader;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Programs far larger than a person writes by hand, generated here as source text: generated code
 * must never fail to compile because of the JVM's limits on a method (64 KB of bytecode, 255
 * parameter slots). Each compiles through the real processor under {@code -Xlint:all -Werror},
 * every generated method stays under HotSpot's 8000-byte limit for JIT compilation, and the
 * gradients agree with central differences of the annotated method. Sizes are tiny (2×2
 * matrices), so the numbers are quick; the programs are long.
 */
class SizeLimitsE2eTest {
  /** HotSpot does not JIT-compile a method of more bytecode ({@code -XX:HugeMethodLimit}). */
  static final int HUGE_METHOD_LIMIT = 8000;

  private final Random rnd = new Random(230);

  /**
   * h_l = h_(l-1) + tanh(W_l h_(l-1) + b_l), l = 1..layers, loss ‖h_L − y‖²: every W_l and b_l
   * differentiated (two per layer).
   */
  static String residualNetwork(int layers) {
    StringJoiner params = new StringJoiner(", ");
    StringJoiner wrt = new StringJoiner(", ");
    for (int l = 1; l <= layers; l++) {
      params.add("Matrix W" + l).add("Matrix b" + l);
      wrt.add("\"W" + l + "\"").add("\"b" + l + "\"");
    }
    params.add("Matrix x").add("Matrix y");
    StringBuilder body = new StringBuilder("    Matrix h0 = x;\n");
    for (int l = 1; l <= layers; l++) {
      body.append("    Matrix h").append(l).append(" = add(h").append(l - 1)
          .append(", tanh(addColumn(mul(W").append(l).append(", h").append(l - 1).append("), b")
          .append(l).append(")));\n");
    }
    body.append("    return sumsq(sub(h").append(layers).append(", y));\n");
    return userClass("Deep", "  @Differentiable(wrt = {" + wrt + "})\n"
        + "  static double net(" + params + ") {\n" + body + "  }\n");
  }

  /**
   * A hand-unrolled recurrent network: h_t = tanh(W h_(t−1) + U x_t), t = 1..steps, loss
   * ‖h_T − y‖², differentiated with respect to W, U and h0.
   */
  static String recurrentNetwork(int steps) {
    StringJoiner params = new StringJoiner(", ");
    params.add("Matrix W").add("Matrix U").add("Matrix h0");
    for (int t = 1; t <= steps; t++) {
      params.add("Matrix x" + t);
    }
    params.add("Matrix y");
    StringBuilder body = new StringBuilder();
    for (int t = 1; t <= steps; t++) {
      body.append("    Matrix h").append(t).append(" = tanh(add(mul(W, h").append(t - 1)
          .append("), mul(U, x").append(t).append(")));\n");
    }
    body.append("    return sumsq(sub(h").append(steps).append(", y));\n");
    return userClass("Recurrent", "  @Differentiable(wrt = {\"W\", \"U\", \"h0\"})\n"
        + "  static double rnn(" + params + ") {\n" + body + "  }\n");
  }

  private static String userClass(String name, String methods) {
    return "package example;\n\n"
        + "import static dev.tracegrad.Ops.*;\n\n"
        + "import dev.tracegrad.Differentiable;\n"
        + "import dev.tracegrad.Matrix;\n\n"
        + "class " + name + " {\n" + methods + "}\n";
  }

  private static ProcessorRun compile(String simpleName, String source) {
    ProcessorRun run = ProcessorRun.compile(List.of(),
        JavaFileObjects.forSourceString("example." + simpleName, source));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  @Test
  void sixtyLayerResidualNetworkWith120DifferentiatedMatrices() {
    int layers = 60;
    ProcessorRun run = compile("Deep", residualNetwork(layers));
    assertMethodsFitTheJit(run, "DeepNetGradient");
    List<Object> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int l = 1; l <= layers; l++) {
      names.add("W" + l);
      values.add(scaled(Numeric.random(2, 2, rnd), 0.3));
      names.add("b" + l);
      values.add(scaled(Numeric.random(2, 1, rnd), 0.3));
    }
    names.add("x");
    values.add(Numeric.random(2, 3, rnd));
    names.add("y");
    values.add(Numeric.random(2, 3, rnd));
    checkAgainstFiniteDifferences(LossCheck.of(run, "Deep", "net"), names, values, 2 * layers);
  }

  @Test
  void recurrentNetworkOf230Steps() {
    int steps = 230;
    ProcessorRun run = compile("Recurrent", recurrentNetwork(steps));
    assertMethodsFitTheJit(run, "RecurrentRnnGradient");
    List<Object> values = new ArrayList<>();
    List<String> names = new ArrayList<>(List.of("W", "U", "h0"));
    values.add(scaled(Numeric.random(2, 2, rnd), 0.9));
    values.add(Numeric.random(2, 2, rnd));
    values.add(Numeric.random(2, 1, rnd));
    for (int t = 1; t <= steps; t++) {
      names.add("x" + t);
      values.add(Numeric.random(2, 1, rnd));
    }
    names.add("y");
    values.add(Numeric.random(2, 1, rnd));
    checkAgainstFiniteDifferences(LossCheck.of(run, "Recurrent", "rnn"), names, values, 3);
  }

  /**
   * The widest buffer overload the JVM allows: 127 differentiated matrices take 1 + 127 + 127 =
   * 255 parameter slots. One more is TraceGrad's own error on the method, not javac's inside
   * generated code.
   */
  @Test
  void widestMethodCompilesAndOneMoreParameterIsATraceGradError() {
    ProcessorRun run = compile("Wide", wide(127));
    assertMethodsFitTheJit(run, "WideSumsGradient");
    List<Object> values = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= 127; i++) {
      names.add("A" + i);
      values.add(Numeric.random(1, 2, rnd));
    }
    checkAgainstFiniteDifferences(LossCheck.of(run, "Wide", "sums"), names, values, 127);

    ProcessorRun tooWide = ProcessorRun.compile(List.of(),
        JavaFileObjects.forSourceString("example.Wide", wide(128)));
    assertThat(tooWide.compilation).failed();
    assertThat(tooWide.compilation).hadErrorCount(1);
    assertThat(tooWide.compilation).hadErrorContaining("[TraceGradTooManyParameters]");
    assertThat(tooWide.compilation).hadErrorContaining("would need 257 parameter slots");
  }

  /** Σ ‖A_i‖² + ‖A_1 ⊙ A_n‖² over n matrices, every one differentiated. */
  private static String wide(int n) {
    StringJoiner params = new StringJoiner(", ");
    StringJoiner terms = new StringJoiner(" + ");
    for (int i = 1; i <= n; i++) {
      params.add("Matrix A" + i);
      terms.add("sumsq(A" + i + ")");
    }
    terms.add("sumsq(hadamard(A1, A" + n + "))");
    return userClass("Wide", "  @Differentiable\n"
        + "  static double sums(" + params + ") {\n    return " + terms + ";\n  }\n");
  }

  /**
   * Eighty differentiated doubles: their {@code double[]} outputs are told apart in code of
   * linear size too (a check per pair was 3160 of them).
   */
  @Test
  void eightyDifferentiatedDoubles() {
    int n = 80;
    StringJoiner params = new StringJoiner(", ");
    StringJoiner terms = new StringJoiner(" + ");
    StringJoiner wrt = new StringJoiner(", ").add("\"A\"");
    for (int i = 1; i <= n; i++) {
      params.add("double s" + i);
      terms.add("s" + i + " * s" + i);
      wrt.add("\"s" + i + "\"");
    }
    ProcessorRun run = compile("Scalars", userClass("Scalars", "  @Differentiable(wrt = {" + wrt + "})\n"
        + "  static double many(Matrix A, " + params + ") {\n"
        + "    return sum(A) * (" + terms + ");\n  }\n"));
    assertMethodsFitTheJit(run, "ScalarsManyGradient");
    LossCheck loss = LossCheck.of(run, "Scalars", "many");
    Object[] in = new Object[n + 1];
    Matrix a = Numeric.random(2, 2, rnd);
    in[0] = a;
    double sumA = 0;
    for (double v : a.data()) {
      sumA += v;
    }
    double squares = 0;
    for (int i = 1; i <= n; i++) {
      in[i] = rnd.nextDouble() - 0.5;
      squares += (double) in[i] * (double) in[i];
    }
    Object result = loss.gradient(in);
    LossCheck.assertClose(loss.reference(in), (double) LossCheck.component(result, "value"),
        LossCheck.VALUE_TOLERANCE, "value");
    Matrix dA = (Matrix) LossCheck.component(result, "dA");
    for (double v : dA.data()) {
      LossCheck.assertClose(squares, v, LossCheck.CLOSED_FORM_TOLERANCE, "dA");
    }
    Object[] buffers = new Object[n + 1];
    buffers[0] = Matrix.zeros(2, 2);
    for (int i = 1; i <= n; i++) {
      LossCheck.assertClose(2 * (double) in[i] * sumA,
          (double) LossCheck.component(result, "ds" + i), LossCheck.CLOSED_FORM_TOLERANCE, "ds" + i);
      buffers[i] = new double[1];
    }
    loss.call("gradient", LossCheck.concat(in, buffers));
    assertEquals((double) LossCheck.component(result, "ds80"), ((double[]) buffers[n])[0], 0.0);
    buffers[n] = buffers[1];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.call("gradient", LossCheck.concat(in, buffers)));
    assertThat(e).hasMessageThat().isEqualTo("ds80 must not be the same array as ds1");
  }

  /**
   * Values that cross from one part of a pass to a later one: a scalar computed first and read
   * last, and the sign of a factorisation made first and read by the determinant last. They go
   * through fields, and the numbers are still right.
   */
  @Test
  void scalarsAndFactorisationsCrossBetweenParts() {
    int layers = 80;
    StringBuilder body = new StringBuilder("    double s = sumsq(W);\n    Matrix h0 = mul(inv(S), x);\n");
    for (int l = 1; l <= layers; l++) {
      body.append("    Matrix h").append(l).append(" = tanh(mul(W, h").append(l - 1).append("));\n");
    }
    body.append("    return s * sumsq(h").append(layers).append(") + det(S);\n");
    ProcessorRun run = compile("Crossing", userClass("Crossing", "  @Differentiable(wrt = {\"W\", \"S\"})\n"
        + "  static double chain(Matrix W, Matrix S, Matrix x) {\n" + body + "  }\n"));
    assertMethodsFitTheJit(run, "CrossingChainGradient");
    String source = new String(run.generatedSourceBytes("CrossingChainGradient"), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(source).contains("forwardPart2(");
    assertThat(source).contains("kept for a later part of its pass");
    Matrix w = scaled(Numeric.random(2, 2, rnd), 0.8);
    Matrix sm = Numeric.random(2, 2, rnd);
    sm.set(0, 0, sm.get(0, 0) + 3);
    sm.set(1, 1, sm.get(1, 1) + 3);
    checkAgainstFiniteDifferences(LossCheck.of(run, "Crossing", "chain"), List.of("W", "S", "x"),
        List.of(w, sm, Numeric.random(2, 1, rnd)), 2);
  }

  private static Matrix scaled(Matrix m, double s) {
    for (int k = 0; k < m.data().length; k++) {
      m.data()[k] *= s;
    }
    return m;
  }

  /**
   * The value equals the annotated method's, the first {@code wrt} arguments' gradients agree
   * with central differences, and the buffer overload writes the same numbers.
   */
  private static void checkAgainstFiniteDifferences(LossCheck loss, List<String> names,
      List<Object> values, int wrt) {
    Object[] in = values.toArray();
    double expected = loss.reference(in);
    LossCheck.assertClose(expected, loss.value(in), LossCheck.VALUE_TOLERANCE, "value");
    Object result = loss.gradient(in);
    LossCheck.assertClose(expected, (double) LossCheck.component(result, "value"),
        LossCheck.VALUE_TOLERANCE, "Result.value");
    Object[] buffers = new Object[wrt];
    for (int w = 0; w < wrt; w++) {
      Matrix x = (Matrix) in[w];
      Matrix got = (Matrix) LossCheck.component(result, "d" + names.get(w));
      Matrix fd = Numeric.finiteDifferences(m -> loss.reference(in), x);
      Numeric.assertClose(fd, got, LossCheck.FINITE_DIFFERENCE_TOLERANCE,
          "d" + names.get(w) + " vs finite differences");
      buffers[w] = Matrix.zeros(x.rows(), x.cols());
    }
    double v = (double) loss.call("gradient", LossCheck.concat(in, buffers));
    assertEquals((double) LossCheck.component(result, "value"), v, 0.0, "buffer overload value");
    for (int w = 0; w < wrt; w++) {
      Matrix got = (Matrix) LossCheck.component(result, "d" + names.get(w));
      assertArrayEquals(got.data(), ((Matrix) buffers[w]).data(), 0.0,
          "buffer overload d" + names.get(w));
    }
    // The linear aliasing check still rejects an output that is an argument.
    Object[] aliased = buffers.clone();
    aliased[wrt - 1] = in[wrt - 1];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.call("gradient", LossCheck.concat(in, aliased)));
    assertThat(e).hasMessageThat().isEqualTo(
        "d" + names.get(wrt - 1) + " must not be the same matrix as " + names.get(wrt - 1));
  }

  /**
   * Every method of the generated class (and of its nested classes) has at most HotSpot's limit
   * of bytes of code; prints the largest, for the record.
   */
  static void assertMethodsFitTheJit(ProcessorRun run, String generated) {
    Map.Entry<String, Integer> largest = Map.entry("none", 0);
    for (Map.Entry<String, Integer> e : codeLengths(run, generated).entrySet()) {
      if (e.getValue() > largest.getValue()) {
        largest = e;
      }
    }
    String name = largest.getKey().replaceAll("\\(.*", "");
    System.out.println(generated + ": largest method " + name + ", " + largest.getValue() + " bytes of code");
    assertThat(largest.getValue()).isAtMost(HUGE_METHOD_LIMIT);
  }

  /** The code length of every method of the generated class and its nested classes. */
  static Map<String, Integer> codeLengths(ProcessorRun run, String generated) {
    Map<String, Integer> out = new TreeMap<>();
    for (JavaFileObject f : run.compilation.generatedFiles()) {
      String name = CompilationClassLoader.binaryName(f);
      if (f.getKind() == JavaFileObject.Kind.CLASS
          && (name.equals("example." + generated) || name.startsWith("example." + generated + "$"))) {
        codeLengths(CompilationClassLoader.bytes(f)).forEach((m, n) -> out.put(name + "." + m, n));
      }
    }
    return out;
  }

  /** The length of each method's Code attribute, by method name and descriptor. */
  static Map<String, Integer> codeLengths(byte[] classFile) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      in.readInt();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IllegalStateException("constant tag " + tag);
        }
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      in.readUnsignedShort();
      int interfaces = in.readUnsignedShort();
      in.skipBytes(2 * interfaces);
      int fields = in.readUnsignedShort();
      for (int f = 0; f < fields; f++) {
        in.skipBytes(6);
        skipAttributes(in);
      }
      Map<String, Integer> out = new TreeMap<>();
      int methods = in.readUnsignedShort();
      for (int m = 0; m < methods; m++) {
        in.readUnsignedShort();
        String name = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            in.readUnsignedShort();
            in.readUnsignedShort();
            int code = in.readInt();
            out.put(name + descriptor, code);
            in.skipBytes(length - 8);
          } else {
            in.skipBytes(length);
          }
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      in.skipBytes(in.readInt());
    }
  }
}
