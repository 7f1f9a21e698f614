package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ops of the loss language 0.2, compiled through the processor from
 * {@code e2e/losses/example/NewOps.java}: each gradient against a closed form written here by
 * hand and against central differences of the annotated method, on shapes that are not all equal.
 */
class NewOpsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("NewOps");
  private final Random rnd = new Random(41);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "NewOps", method);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void log1pAndExpm1() {
    Matrix a = Mats.uniform(3, 4, -0.5, 2, rnd);
    Matrix c = Numeric.random(3, 4, rnd);
    loss("log1ps").verify(args("A", a, "C", c), grad("A", () -> hadamard(c, Mats.map(a, v -> 1 / (1 + v)))));
    loss("expm1s").verify(args("A", a, "C", c), grad("A", () -> hadamard(c, Mats.map(a, Math::exp))));
  }

  @Test
  void scalarOverloadsAndMathFunctions() {
    for (double s : new double[] {0.7, -1.3}) {
      double sg = sigmoid(s);
      double expected = sg * (1 - sg) + (s > 0 ? 1 : 0) + 2 * sigmoid(2 * s) + 2 * s
          + 2 * s / (1 + s * s) + Math.exp(s) + Math.signum(s) + 1 - Math.tanh(s) * Math.tanh(s)
          + Math.cos(s) - Math.sin(s);
      loss("scalarFunctions").verify(args("s", s), grad("s", () -> expected));
    }
  }

  @Test
  void scalarFunctionsOfReductions() {
    Matrix a = Numeric.random(2, 3, rnd).copy();
    double t = sum(a);
    double q = dot(a, a);
    // d[σ(t) q²] = σ′(t) q² 𝟏𝟏ᵀ + σ(t) 2q · 2A
    Matrix ones = Mats.ones(2, 3);
    loss("scalarFunctionsOfReductions").verify(args("A", a), grad("A", () -> Ops2.add(
        scale(sigmoid(t) * (1 - sigmoid(t)) * q * q, ones), scale(sigmoid(t) * 4 * q, a))));
  }

  // ---------------------------------------------------------------- reductions

  @Test
  void meanRowMeansColMeans() {
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix r = Numeric.random(3, 1, rnd);
    Matrix c = Numeric.random(1, 4, rnd);
    double mean = dev.tracegrad.Ops.sum(a) / 12;
    // 2 mean/(mn) 𝟏𝟏ᵀ + (1/n) r𝟏ᵀ + (1/m) 𝟏c
    loss("means").verify(args("A", a, "r", r, "c", c), grad("A", () -> Mats.build(3, 4,
        (i, j) -> 2 * mean / 12 + r.get(i, 0) / 4 + c.get(0, j) / 3)));
  }

  @Test
  void normAndItsGradientAtZero() {
    Matrix a = Numeric.random(2, 3, rnd);
    double s = 1.7;
    double norm = Math.sqrt(dot(a, a));
    loss("norms").verify(args("A", a, "s", s), grad("A", () -> scale(s / norm, a)), grad("s", () -> norm));
    Object zero = loss("norms").gradient(Matrix.zeros(2, 3), s);
    Numeric.assertClose(Matrix.zeros(2, 3), (Matrix) LossCheck.component(zero, "dA"), 0, "the gradient at A = 0");
    org.junit.jupiter.api.Assertions.assertEquals(0.0, (double) LossCheck.component(zero, "ds"), 0);
  }

  @Test
  void logSumExpAndPerColumn() {
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix w = Numeric.random(1, 4, rnd);
    double lse = Math.log(Mats.map(a, Math::exp).data().length == 0 ? 0 : sum(Mats.map(a, Math::exp)));
    Matrix colLse = Mats.build(1, 4, (i, j) -> {
      double t = 0;
      for (int k = 0; k < 3; k++) {
        t += Math.exp(a.get(k, j));
      }
      return Math.log(t);
    });
    // exp(A − lse) + exp(A − 𝟏 colLse) ⊙ 𝟏w
    loss("logSumExps").verify(args("A", a, "w", w), grad("A", () -> Mats.build(3, 4,
        (i, j) -> Math.exp(a.get(i, j) - lse) + Math.exp(a.get(i, j) - colLse.get(0, j)) * w.get(0, j))));
  }

  @Test
  void logSumExpIsFiniteWhereTheNaiveFormOverflows() {
    Matrix a = Matrix.of(2, 2, 1000, -1000, 999, 0);
    Matrix w = Matrix.of(1, 2, 1, 1);
    double lse = 1000 + Math.log(1 + Math.exp(-1));
    double value = loss("logSumExps").value(a, w);
    org.junit.jupiter.api.Assertions.assertEquals(lse + lse + 0, value, 1e-12 * Math.abs(value));
    Matrix dA = (Matrix) LossCheck.component(loss("logSumExps").gradient(a, w), "dA");
    for (double x : dA.data()) {
      org.junit.jupiter.api.Assertions.assertTrue(Double.isFinite(x), dA.toString());
    }
    // column 0: softmax of (1000, 999) twice (whole-matrix and per column), column 1 of (−1000, 0)
    org.junit.jupiter.api.Assertions.assertEquals(2 / (1 + Math.exp(-1)), dA.get(0, 0), 1e-12);
    org.junit.jupiter.api.Assertions.assertEquals(1, dA.get(1, 1), 1e-12);
  }

  // ---------------------------------------------------------------- broadcasting and constants

  @Test
  void entrywiseWithADoubleOnEitherSide() {
    Matrix a = Mats.uniform(2, 3, 0.5, 2, rnd);
    Matrix c = Numeric.random(2, 3, rnd);
    double s = 1.3;
    Matrix ones = Mats.ones(2, 3);
    loss("withDoubles").verify(args("A", a, "C", c, "s", s),
        grad("A", () -> Mats.build(2, 3, (i, j) -> -c.get(i, j) / 2
            - s / ((a.get(i, j) + 3) * (a.get(i, j) + 3)) + c.get(i, j) + c.get(i, j) / s)),
        grad("s", () -> sum(c) / 2 + sum(Mats.map(a, v -> 1 / (v + 3))) - sum(c) - dot(c, a) / (s * s)));
  }

  @Test
  void repeatRowsAndColumns() {
    Matrix r = Numeric.random(1, 4, rnd);
    Matrix c = Numeric.random(3, 1, rnd);
    Matrix m = Numeric.random(3, 4, rnd);
    loss("repeats").verify(args("r", r, "c", c, "C", m),
        grad("r", () -> dev.tracegrad.Ops.colSums(m)), grad("c", () -> dev.tracegrad.Ops.rowSums(m)));
  }

  @Test
  void identityAddedAlongTheDiagonal() {
    Matrix k = Numeric.random(3, 3, rnd);
    Matrix y = Numeric.random(3, 1, rnd);
    double s = 0.4;
    loss("ridge").verify(args("K", k, "y", y, "s", s),
        grad("K", () -> dev.tracegrad.Ops.mul(y, dev.tracegrad.Ops.t(y))), grad("s", () -> dot(y, y) + 6));
  }

  @Test
  void constantsWithSizesFromLiteralsShapesAndADoubleParameter() {
    Matrix a = Numeric.random(2, 3, rnd);
    double s = -0.8;
    double n = 4;
    Matrix colSums = dev.tracegrad.Ops.colSums(a);
    loss("constants").verify(args("A", a, "s", s, "n", n),
        grad("A", () -> Mats.build(2, 3, (i, j) -> 6 * colSums.get(0, j))), grad("s", () -> 2 * n * 3 * s + 2));
  }

  @Test
  void sizesAreCheckedBeforeAnyOutputIsWritten() {
    Matrix a = Numeric.random(2, 3, rnd);
    LossCheck l = loss("constants");
    for (double n : new double[] {2.5, -1, Double.NaN}) {
      Matrix dA = Mats.fill(2, 3, 7);
      double[] ds = {7};
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
          () -> l.call("gradient", a, 0.5, n, dA, ds));
      org.junit.jupiter.api.Assertions.assertEquals("n must be a non-negative integer but is " + n, e.getMessage());
      org.junit.jupiter.api.Assertions.assertEquals(Mats.fill(2, 3, 7), dA, "dA untouched");
      org.junit.jupiter.api.Assertions.assertEquals(7, ds[0], 0);
    }
  }

  // ---------------------------------------------------------------- max, min, diag

  @Test
  void maxAndMin() {
    Matrix a = Mats.awayFromZero(3, 2, 0.1, rnd);
    Matrix b = Mats.uniform(3, 2, -1, 1, rnd);
    Matrix c = Numeric.random(3, 2, rnd);
    loss("maxMin").verify(args("A", a, "B", b, "C", c),
        grad("A", () -> Mats.build(3, 2, (i, j) -> maxMinShare(a.get(i, j), b.get(i, j), c.get(i, j))
            + (a.get(i, j) > 0 ? 1 : 0))),
        grad("B", () -> Mats.build(3, 2, (i, j) -> maxMinShare(b.get(i, j), a.get(i, j), c.get(i, j))
            + (b.get(i, j) < 0.5 ? 1 : 0))));
  }

  /** The share of C ⊙ max(x, y) + C² ⊙ min(x, y) that goes to x: half of each at a tie. */
  private static double maxMinShare(double x, double y, double c) {
    return x > y ? c : x < y ? c * c : (c + c * c) / 2;
  }

  @Test
  void maxAndMinSplitTheGradientAtTies() {
    Matrix a = Matrix.of(2, 2, 0.3, -0.2, 0.7, 0.1);
    Matrix b = Matrix.of(2, 2, 0.3, 0.4, 0.7, -0.5);
    Matrix c = Matrix.of(2, 2, 2, 3, -1, 0.5);
    Object g = loss("maxMin").gradient(a, b, c);
    Matrix dA = (Matrix) LossCheck.component(g, "dA");
    Matrix dB = (Matrix) LossCheck.component(g, "dB");
    org.junit.jupiter.api.Assertions.assertEquals((2 + 4) / 2.0 + 1, dA.get(0, 0), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals((2 + 4) / 2.0 + 1, dB.get(0, 0), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals((-1 + 1) / 2.0 + 1, dA.get(1, 0), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals((-1 + 1) / 2.0 + 0, dB.get(1, 0), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals(9 + 0, dA.get(0, 1), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals(3 + 1, dB.get(0, 1), 1e-15);
  }

  @Test
  void diagOfAColumnAndOfARowAndDiagonal() {
    Matrix v = Numeric.random(3, 1, rnd);
    Matrix a = Numeric.random(3, 3, rnd);
    Matrix c = Numeric.random(3, 3, rnd);
    loss("diags").verify(args("v", v, "A", a, "C", c),
        grad("v", () -> Mats.build(3, 1, (i, j) -> c.get(i, i) + a.get(i, i) + a.get(i, 0) + a.get(i, 1) + a.get(i, 2))),
        grad("A", () -> Mats.build(3, 3, (i, j) -> (i == j ? v.get(i, 0) : 0) + v.get(i, 0))));
  }

  @Test
  void normCdfAndLogNormCdfOnMatricesAndScalars() {
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix c = Numeric.random(2, 3, rnd);
    double s = 0.35;
    loss("normals").verify(args("A", a, "C", c, "s", s),
        grad("A", () -> Mats.build(2, 3, (i, j) -> c.get(i, j) * phi(a.get(i, j))
            + phi(a.get(i, j)) / dev.tracegrad.kernel.Normal.normCdf(a.get(i, j)))),
        grad("s", () -> phi(s) * Math.log(dev.tracegrad.kernel.Normal.normCdf(2 * s))
            + dev.tracegrad.kernel.Normal.normCdf(s) * 2 * phi(2 * s) / dev.tracegrad.kernel.Normal.normCdf(2 * s)));
  }

  /** The standard normal density, written out. */
  private static double phi(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  @Test
  void mathMaxAndMinOfScalars() {
    // s = 0.8, t = 0.5: max(s², t) = s², min(s, 2t) = s, max(t, 0) = t
    loss("scalarMaxMin").verify(args("s", 0.8, "t", 0.5), grad("s", () -> 2 * 0.8 + 1), grad("t", () -> 1.0));
    // s = 0.3, t = -0.4: max(s², t) = s², min(s, 2t) = 2t, max(t, 0) = 0
    loss("scalarMaxMin").verify(args("s", 0.3, "t", -0.4), grad("s", () -> 2 * 0.3), grad("t", () -> 2.0));
    // a tie, s² = t = 0.25 and s = 2t: each side gets half
    Object g = loss("scalarMaxMin").gradient(0.5, 0.25);
    org.junit.jupiter.api.Assertions.assertEquals(0.5 * 2 * 0.5 + 0.5, (double) LossCheck.component(g, "ds"), 1e-15);
    org.junit.jupiter.api.Assertions.assertEquals(0.5 + 0.5 * 2 + 1, (double) LossCheck.component(g, "dt"), 1e-15);
  }

  @Test
  void aSizeFromADataDoubleIsCheckedAgainstTheExtentItMustEqual() {
    Matrix k = Numeric.random(3, 3, rnd);
    double s = 0.9;
    // ‖K + sI‖²: ∂K = 2(K + sI), ∂s = 2 tr(K + sI)
    Matrix m = dev.tracegrad.Ops.add(k, dev.tracegrad.Ops.scale(s, dev.tracegrad.Ops.eye(3)));
    loss("ridgeOfSize").verify(args("K", k, "s", s, "n", 3.0),
        grad("K", () -> scale(2, m)), grad("s", () -> 2 * dev.tracegrad.Ops.tr(m)));
    Matrix dK = Mats.fill(3, 3, 7);
    double[] ds = {7};
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> loss("ridgeOfSize").call("gradient", k, s, 2.0, dK, ds));
    org.junit.jupiter.api.Assertions.assertEquals("add(K, scale(s, eye(n))): K is 3×3 but scale(s, eye(n)) is 2×2"
        + " (rows of K must equal rows of scale(s, eye(n)))", e.getMessage());
    org.junit.jupiter.api.Assertions.assertEquals(Mats.fill(3, 3, 7), dK, "dK untouched");
  }

  /** Ops calls that would clash with this class's static imports. */
  private static final class Ops2 {
    static Matrix add(Matrix a, Matrix b) {
      return dev.tracegrad.Ops.add(a, b);
    }
  }
}
