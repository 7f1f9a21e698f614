package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The stable forms of LANGUAGE.md §6, compiled from {@code e2e/losses/example/Stable.java}: the
 * user writes the textbook form; the generated value is finite where that form overflows
 * (|z| = 1000), the gradient is the textbook one (closed form and central differences at moderate
 * inputs), and the derivation names the identity it used.
 */
class StableFormsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Stable");
  private final Random rnd = new Random(7);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Stable", method);
  }

  private static String derivation(String method) throws ReflectiveOperationException {
    String name = "Stable" + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
    return (String) RUN.load(name).getField("DERIVATION").get(null);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static void assertFinite(Matrix m) {
    for (double x : m.data()) {
      assertTrue(Double.isFinite(x), m.toString());
    }
  }

  @Test
  void logSigmoidAndLogOneMinusSigmoid() throws Exception {
    Matrix z = Numeric.random(2, 3, rnd);
    Matrix y = Mats.uniform(2, 3, 0, 1, rnd);
    // ∂/∂z [y log σ(z) + (1 − y) log(1 − σ(z))] = y − σ(z)
    loss("logSigmoid").verify(args("Z", z, "Y", y),
        grad("Z", () -> Mats.build(2, 3, (i, j) -> y.get(i, j) - sigmoid(z.get(i, j)))));
    Matrix big = Matrix.of(1, 2, 1000, -1000);
    Matrix half = Matrix.of(1, 2, 0.5, 0.5);
    assertEquals(Double.NEGATIVE_INFINITY, Ops.dot(half, Ops.log(Ops.sigmoid(big))), "the textbook form");
    double value = loss("logSigmoid").value(big, half);
    assertEquals(-1000, value, 1e-9);
    Matrix dZ = (Matrix) LossCheck.component(loss("logSigmoid").gradient(big, half), "dZ");
    assertEquals(-0.5, dZ.get(0, 0), 1e-15);
    assertEquals(0.5, dZ.get(0, 1), 1e-15);
    String text = derivation("logSigmoid");
    assertTrue(text.startsWith("computed in stable form, by the identities log σ(x) = −softplus(−x);"
        + " log(1 − σ(x)) = −softplus(x)\n"), text);
  }

  @Test
  void logOfSoftmaxIsLogSoftmax() throws Exception {
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix y = Mats.uniform(3, 4, 0, 1, rnd);
    loss("logOfSoftmax").verify(args("A", a, "Y", y),
        grad("A", () -> Ops.sub(Mats.scaleColumns(Ops.softmax(a), Ops.colSums(y)), y)));
    Matrix big = Matrix.of(2, 1, 1000, -1000);
    Matrix second = Matrix.of(2, 1, 0, 1);
    assertEquals(Double.POSITIVE_INFINITY, -Ops.dot(second, Ops.log(Ops.softmax(big))), "the textbook form");
    assertEquals(2000, loss("logOfSoftmax").value(big, second), 1e-9);
    assertTrue(derivation("logOfSoftmax").contains("log softmax(X) = logSoftmax(X)"));
  }

  @Test
  void logOfSumsOfExponentials() throws Exception {
    Matrix a = Numeric.random(3, 2, rnd);
    Matrix w = Numeric.random(1, 2, rnd);
    double total = Ops.sum(Ops.exp(a));
    Matrix cols = Ops.colSums(Ops.exp(a));
    loss("logOfSums").verify(args("A", a, "w", w), grad("A", () -> Mats.build(3, 2,
        (i, j) -> Math.exp(a.get(i, j)) / total + w.get(0, j) * Math.exp(a.get(i, j)) / cols.get(0, j))));
    Matrix big = Matrix.of(2, 2, 1000, 1000, 999, -1000);
    Matrix ones = Matrix.of(1, 2, 1, 1);
    assertEquals(Double.POSITIVE_INFINITY, Math.log(Ops.sum(Ops.exp(big))), "the textbook form");
    double expected = 1000 + Math.log(2 + Math.exp(-1)) + 1000 + Math.log(1 + Math.exp(-1)) + 1000;
    assertEquals(expected, loss("logOfSums").value(big, ones), 1e-9);
    // entries of size 1e3: the generated max-shifted loops agree with Ops's stable reductions
    Matrix large = Ops.scale(1000, Numeric.random(4, 3, rnd));
    Matrix w3 = Numeric.random(1, 3, rnd);
    double reference = Ops.logSumExp(large) + Ops.dot(w3, Ops.colLogSumExp(large));
    assertEquals(reference, loss("logOfSums").value(large, w3), 1e-15 * Math.abs(reference));
    assertFinite((Matrix) LossCheck.component(loss("logOfSums").gradient(big, ones), "dA"));
    String text = derivation("logOfSums");
    assertTrue(text.contains("log 𝟏ᵀexp(X)𝟏 = logSumExp(X)") && text.contains("log 𝟏ᵀexp(X) = colLogSumExp(X)"), text);
  }

  @Test
  void log1pAndExpm1() throws Exception {
    Matrix x = Mats.uniform(2, 2, -0.5, 1, rnd);
    Matrix c = Numeric.random(2, 2, rnd);
    loss("logOnePlusAndExpMinusOne").verify(args("X", x, "C", c),
        grad("X", () -> Mats.build(2, 2, (i, j) -> c.get(i, j) / (1 + x.get(i, j)) + c.get(i, j) * Math.exp(x.get(i, j)))));
    // at x = 1e-20, 1 + x and exp(x) round to 1: the textbook form gives 0, the stable one x
    Matrix tiny = Matrix.of(1, 1, 1e-20);
    Matrix one = Matrix.of(1, 1, 1);
    assertEquals(0, Ops.dot(one, Ops.log(Ops.add(1, tiny))) + Ops.dot(one, Ops.sub(Ops.exp(tiny), 1)), 0);
    assertEquals(2e-20, loss("logOnePlusAndExpMinusOne").value(tiny, one), 1e-35);
    String text = derivation("logOnePlusAndExpMinusOne");
    assertTrue(text.contains("log(1 + x) = log1p(x)") && text.contains("exp(x) − 1 = expm1(x)"), text);
  }

  @Test
  void rootOfSumOfSquaresIsNormWithAGradientAtZero() throws Exception {
    Matrix a = Numeric.random(2, 3, rnd);
    double norm = Math.sqrt(Ops.sumsq(a));
    loss("rootOfSumOfSquares").verify(args("A", a), grad("A", () -> Ops.scale(1 / norm, a)));
    Matrix dA = (Matrix) LossCheck.component(loss("rootOfSumOfSquares").gradient(Matrix.zeros(2, 3)), "dA");
    assertEquals(Matrix.zeros(2, 3), dA, "A/‖A‖ is taken as 0 at A = 0");
    assertTrue(derivation("rootOfSumOfSquares").contains("= norm(X)"));
  }

  @Test
  void scalarForms() throws Exception {
    double s = 0.6;
    // (1 − σ) − σ + 2s/(1 + s²) + eˢ
    loss("scalarForms").verify(args("s", s),
        grad("s", () -> 1 - 2 * sigmoid(s) + 2 * s / (1 + s * s) + Math.exp(s)));
    double value = loss("scalarForms").value(1000.0);
    assertTrue(Double.isFinite(Math.log(1 - Ops.sigmoid(1000.0))) == false, "the textbook form");
    assertEquals(Double.POSITIVE_INFINITY, value, "exp(1000) − 1 itself overflows");
    double v = loss("scalarForms").value(-700.0);
    assertEquals(-700 + Math.log(1 + 700.0 * 700.0) + Math.expm1(-700), v, 1e-9);
  }

  @Test
  void logOfNormCdfIsLogNormCdf() throws Exception {
    Matrix u = Numeric.random(2, 2, rnd);
    loss("logOfNormCdf").verify(args("U", u), grad("U", () -> Mats.build(2, 2,
        (i, j) -> Math.exp(-u.get(i, j) * u.get(i, j) / 2) / Math.sqrt(2 * Math.PI)
            / dev.tracegrad.kernel.Normal.normCdf(u.get(i, j)))));
    Matrix big = Matrix.of(1, 1, -1000);
    assertEquals(Double.NEGATIVE_INFINITY, Ops.sum(Ops.log(Ops.normCdf(big))), "the textbook form");
    // log Φ(−1000) = −500000 − log(1000 √(2π)) − 1/1000² + …, its derivative φ/Φ ≈ 1000.001
    double value = loss("logOfNormCdf").value(big);
    assertEquals(-500000 - Math.log(1000 * Math.sqrt(2 * Math.PI)) - 1e-6, value, 1e-6);
    Matrix dU = (Matrix) LossCheck.component(loss("logOfNormCdf").gradient(big), "dU");
    assertEquals(1000.001, dU.get(0, 0), 1e-5);
    assertTrue(derivation("logOfNormCdf").contains("log Φ(x) = logNormCdf(x)"));
  }
}
