package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Data is plain Java (LANGUAGE.md §1): parameters of any type keep their types in every
 * generated method, shape queries, typed data locals, constants folded, data helpers run as
 * written once per call before anything is written; gradients against closed forms and central
 * differences.
 */
class DataE2eTest {
  private final Random rnd = new Random(2026);

  private static ProcessorRun run() {
    return ProcessorRun.ofLosses("Data");
  }

  private static LossCheck check(String method) {
    return LossCheck.of(run(), "Data", method);
  }

  @Test
  void intDivisionStaysIntDivisionAndConstantsFold() {
    Matrix W = Numeric.random(2, 3, rnd);
    Matrix X = Numeric.random(3, 5, rnd);
    // n = 5, half = 5 / 2 = 2 (a double division would give 2.5)
    check("intDivision").verify(args("W", W, "X", X),
        grad("W", () -> Ops.add(Ops.scale(2.0 / 2, Ops.mul(Ops.mul(W, X), Ops.t(X))),
            Ops.scale(0.5, ones(2, 3)))));
    double expected = Ops.sumsq(Ops.mul(W, X)) / 2 + 0.5 * Ops.sum(W) + 1e-8 * Math.PI;
    LossCheck.assertClose(expected, check("intDivision").value(W, X), 1e-12, "value");
    String source = generated("DataIntDivisionGradient");
    assertThat(source).contains("int n = X.cols();");
    assertThat(source).contains("int half = n / 2;");
  }

  @Test
  void arrayParametersKeepTheirTypesAndADataHelperWithALoopRunsAsWritten() throws Exception {
    Matrix w = Numeric.random(3, 2, rnd);
    double[] weights = {0.5, 1.25, 2.0};
    int[] idx = {4, 1};
    double total = 3.75;
    check("weighted").verify(args("w", w, "weights", weights, "idx", idx),
        grad("w", () -> Ops.add(Ops.scale(2 * total, w), Ops.scale(1.0 / 3, ones(3, 2)))));
    LossCheck.assertClose(total * Ops.sumsq(w) + 2 * 3 + Ops.sum(w) / 3,
        check("weighted").value(w, weights, idx), 1e-12, "value");
    Class<?> generated = run().load("DataWeightedGradient");
    assertThat(Arrays.asList(generated.getMethod("value", Matrix.class, double[].class,
        int[].class).getParameterTypes())).containsExactly(Matrix.class, double[].class,
        int[].class).inOrder();
    generated.getMethod("gradient", Matrix.class, double[].class, int[].class, Matrix.class);
    generated.getMethod("objective", double[].class, int[].class);
  }

  @Test
  void aRecordAndAListParameter() throws Exception {
    Class<?> config = run().load("Data$Config");
    Constructor<?> make = config.getDeclaredConstructor(double.class, int.class);
    make.setAccessible(true);
    Object cfg = make.newInstance(0.3, 3);
    List<Double> scales = List.of(1.5, 9.0);
    Matrix W = Numeric.random(2, 3, rnd);
    Matrix X = Numeric.random(3, 4, rnd);
    Matrix Y = Numeric.random(2, 4, rnd);
    double c = 0.3 * Math.pow(1.5, 3);
    check("ridge").verify(args("W", W, "X", X, "Y", Y, "cfg", cfg, "scales", scales),
        grad("W", () -> Ops.add(Ops.mul(Ops.sub(Ops.mul(W, X), Y), Ops.t(X)), Ops.scale(2 * c, W))));
  }

  @Test
  void aThrowingDataHelperReachesTheCallerBeforeAnyOutputIsWritten() {
    LossCheck check = check("checked");
    Matrix W = Numeric.random(2, 2, rnd);
    check.verify(args("W", W, "k", 3), grad("W", () -> Ops.scale(3, ones(2, 2))));
    Matrix out = Matrix.zeros(2, 2);
    Arrays.fill(out.data(), -7.5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> check.call("gradient", W, 0, out));
    assertEquals("k must be positive but is 0", e.getMessage());
    for (double v : out.data()) {
      assertEquals(-7.5, v, 0.0, "the output buffer was written");
    }
    assertThrows(IllegalArgumentException.class, () -> check.value(W, -1));
    // the instance keeps working
    LossCheck.assertClose(2 * Ops.sum(W), check.value(W, 2), 1e-12, "value after the throw");
  }

  @Test
  void aDataMatrixFromALibraryCallIsALeafWithItsOwnShape() {
    Matrix W = Numeric.random(3, 3, rnd);
    check("nearIdentity").verify(args("W", W),
        grad("W", () -> Ops.scale(2, Ops.sub(W, Matrix.identity(3)))));
  }

  private static Matrix ones(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    Arrays.fill(m.data(), 1.0);
    return m;
  }

  static String generated(String simpleName) {
    return new String(run().generatedSourceBytes(simpleName), StandardCharsets.UTF_8);
  }
}
