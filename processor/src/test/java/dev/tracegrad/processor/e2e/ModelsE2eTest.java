package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.rowSums;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.square;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tanh;
import static dev.tracegrad.Ops.tr;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Models a user trains, from {@code e2e/losses/example/Models.java}, against the gradients the
 * textbooks give: logistic and least-squares regression, a Gaussian likelihood, a batched
 * network with biases, quadratic forms, and the awkward cases (a differentiated double, a scale
 * that depends on the parameter, a parameter used transposed and several times).
 */
class ModelsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Models");
  private final Random rnd = new Random(31);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Models", method);
  }

  private Matrix labels01(int n) {
    Matrix y = Matrix.zeros(1, n);
    for (int j = 0; j < n; j++) {
      y.set(0, j, j % 3 == 0 ? 1 : 0);
    }
    return y;
  }

  @Test
  void logisticRegressionTakesOneExponentialPerSample() {
    // softplus′ = σ: the forward loop computes σ(z) beside softplus(z) from one e^−|z|, and the
    // backward pass reads it (the values are checked by the tests around this one).
    String source = new String(RUN.generatedSourceBytes("ModelsLogisticRegressionGradient"),
        StandardCharsets.US_ASCII);
    String forward = source.substring(source.indexOf("private double forward("),
        source.indexOf("private void backward("));
    String backward = source.substring(source.indexOf("private void backward("));
    assertEquals(1, occurrences(source, "Fn.expNegAbs("), source);
    assertEquals(1, occurrences(forward, "Fn.softplus(zEntry, e)"), forward);
    assertEquals(1, occurrences(forward, "Fn.sigmoid(zEntry, e)"), forward);
    assertEquals(0, occurrences(backward, "Math.exp(") + occurrences(backward, "Fn.sigmoid("), backward);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void logisticRegression() {
    Matrix w = Numeric.random(3, 1, rnd);
    Matrix b = Matrix.of(1, 1, 0.25);
    Matrix x = Numeric.random(3, 8, rnd);
    Matrix y = labels01(8);
    double lambda = 0.1;
    // ∂l/∂w = X(σ(z) − y)ᵀ + λw, ∂l/∂b = Σ(σ(z) − y) with z = wᵀX + b𝟏ᵀ.
    Matrix r = sub(sigmoid(add(mul(t(w), x), scale(0.25, Mats.ones(1, 8)))), y);
    loss("logisticRegression").verify(args("w", w, "b", b, "X", x, "y", y, "lambda", lambda),
        grad("w", () -> add(mul(x, t(r)), scale(lambda, w))),
        grad("b", () -> rowSums(r)));
  }

  @Test
  void logisticRegressionAsTheTextbookWritesIt() {
    Matrix w = Numeric.random(4, 1, rnd);
    Matrix x = Numeric.random(4, 6, rnd);
    Matrix y = labels01(6);
    loss("logisticRegressionTextbook").verify(args("w", w, "X", x, "y", y, "J", Mats.ones(1, 6)),
        grad("w", () -> mul(x, t(sub(sigmoid(mul(t(w), x)), y)))));
  }

  @Test
  void leastSquaresWithSeveralRightHandSides() {
    Matrix a = Numeric.random(5, 3, rnd);
    Matrix x = Numeric.random(3, 2, rnd);
    Matrix b = Numeric.random(5, 2, rnd);
    Matrix r = sub(mul(a, x), b);
    loss("leastSquares").verify(args("A", a, "x", x, "b", b),
        grad("A", () -> scale(2, mul(r, t(x)))), grad("x", () -> scale(2, mul(t(a), r))));
  }

  @Test
  void leastSquaresAtTheSolutionHasZeroGradient() {
    // A x = b exactly: the residual and both gradients vanish.
    Matrix a = Matrix.of(3, 2, 1, 0, 0, 1, 1, 1);
    Matrix x = Matrix.column(2, -1);
    Matrix b = Matrix.column(2, -1, 1);
    Object r = loss("leastSquares").gradient(a, x, b);
    LossCheck.assertClose(0, (double) LossCheck.component(r, "value"), 0, "value");
    Numeric.assertClose(Matrix.zeros(2, 1), (Matrix) LossCheck.component(r, "dx"), 0, "dx");
    Numeric.assertClose(Matrix.zeros(3, 2), (Matrix) LossCheck.component(r, "dA"), 0, "dA");
  }

  @Test
  void ridgeWithTheDifferentiatedPenaltyWeight() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix x = Numeric.random(3, 1, rnd);
    Matrix b = Numeric.random(4, 1, rnd);
    double lambda = 0.3;
    Matrix r = sub(mul(a, x), b);
    loss("ridge").verify(args("A", a, "x", x, "b", b, "lambda", lambda),
        grad("x", () -> add(scale(2, mul(t(a), r)), scale(2 * lambda, x))),
        grad("lambda", () -> sumsq(x)));
  }

  /** ∂l/∂μ = −½(P + Pᵀ)D𝟏, ∂l/∂Σ = ½nΣ⁻ᵀ − ½Σ⁻ᵀDDᵀΣ⁻ᵀ with D = X − μ𝟏ᵀ, P = Σ⁻¹. */
  private void verifyGaussian(Matrix mu, Matrix sigma, Matrix x) {
    double n = x.cols();
    Matrix d = sub(x, mul(mu, Mats.ones(1, x.cols())));
    Matrix p = inv(sigma);
    Matrix pt = t(p);
    loss("gaussianNll").verify(args("mu", mu, "Sigma", sigma, "X", x, "n", n),
        grad("mu", () -> scale(-0.5, mul(add(p, pt), rowSums(d)))),
        grad("Sigma", () -> sub(scale(0.5 * n, pt), scale(0.5, mul(mul(pt, mul(d, t(d))), pt)))));
  }

  @Test
  void gaussianNegativeLogLikelihood() {
    verifyGaussian(Numeric.random(3, 1, rnd), Mats.spd(3, rnd), Numeric.random(3, 10, rnd));
  }

  @Test
  void gaussianGradientIsNotSymmetrised() {
    // A non-symmetric Σ: the plain gradient, Σ⁻ᵀ where a symmetrised one would differ.
    verifyGaussian(Numeric.random(2, 1, rnd), Matrix.of(2, 2, 2, 0.5, -0.3, 1.5), Numeric.random(2, 4, rnd));
  }

  @Test
  void gaussianValueByHand() {
    // Σ = diag(2, 3), μ = 0, one sample (1, 1): ½ log 6 + ½(1/2 + 1/3).
    double v = loss("gaussianNll").value(Matrix.column(0, 0), Matrix.of(2, 2, 2, 0, 0, 3),
        Matrix.column(1, 1), 1.0);
    LossCheck.assertClose(0.5 * Math.log(6) + 0.5 * (0.5 + 1.0 / 3), v, 1e-15, "value");
  }

  @Test
  void batchedTwoLayerNetworkWithBiases() {
    Matrix w1 = Numeric.random(5, 3, rnd);
    Matrix b1 = Numeric.random(5, 1, rnd);
    Matrix w2 = Numeric.random(4, 5, rnd);
    Matrix b2 = Numeric.random(4, 1, rnd);
    Matrix x = Numeric.random(3, 6, rnd);
    Matrix y = Numeric.positiveColumns(4, 6, rnd);
    double n = 6;
    Matrix h1 = tanh(add(mul(w1, x), mul(b1, Mats.ones(1, 6))));
    Matrix a2 = add(mul(w2, h1), mul(b2, Mats.ones(1, 6)));
    Matrix g2 = scale(1 / n, sub(Mats.scaleColumns(softmax(a2), colSums(y)), y));
    Matrix g1 = hadamard(mul(t(w2), g2), sub(Mats.ones(5, 6), square(h1)));
    loss("network").verify(
        args("W1", w1, "b1", b1, "W2", w2, "b2", b2, "X", x, "Y", y, "n", n),
        grad("W1", () -> mul(g1, t(x))), grad("b1", () -> rowSums(g1)),
        grad("W2", () -> mul(g2, t(h1))), grad("b2", () -> rowSums(g2)));
  }

  @Test
  void batchedQuadraticForms() {
    Matrix x = Numeric.random(4, 3, rnd);
    Matrix a = Numeric.random(4, 4, rnd);
    loss("quadraticForms").verify(args("X", x, "A", a),
        grad("X", () -> mul(add(a, t(a)), x)), grad("A", () -> mul(x, t(x))));
  }

  @Test
  void symmetricQuadraticFormByHand() {
    // xᵀAx with A = [[2, 1], [1, 3]], x = (1, −1): 2 − 1 − 1 + 3 = 3; ∂/∂x = 2Ax = (2, −4).
    Object r = loss("quadraticForms").gradient(Matrix.column(1, -1), Matrix.of(2, 2, 2, 1, 1, 3));
    LossCheck.assertClose(3, (double) LossCheck.component(r, "value"), 0, "value");
    Numeric.assertClose(Matrix.column(2, -4), (Matrix) LossCheck.component(r, "dX"), 0, "dX");
  }

  @Test
  void bilinearForm() {
    Matrix x = Numeric.random(3, 1, rnd);
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix y = Numeric.random(4, 1, rnd);
    loss("bilinear").verify(args("x", x, "A", a, "y", y),
        grad("x", () -> mul(a, y)), grad("A", () -> mul(x, t(y))), grad("y", () -> mul(t(a), x)));
  }

  @Test
  void scaleByAScalarThatDependsOnTheParameter() {
    Matrix w = Numeric.random(3, 3, rnd);
    Matrix c = Numeric.random(3, 3, rnd);
    // l = tr(W) Σ(W ⊙ C): product rule, ∂l/∂W = Σ(W ⊙ C) I + tr(W) C.
    loss("selfScaled").verify(args("W", w, "C", c),
        grad("W", () -> add(scale(dot(w, c), Matrix.identity(3)), scale(tr(w), c))));
  }

  @Test
  void differentiatedDoubleScalingAMatrix() {
    Matrix a = Numeric.random(2, 3, rnd);
    double s = -0.7;
    // l = 4s²‖A‖² + eˢ.
    loss("scaledByDouble").verify(args("s", s, "A", a),
        grad("s", () -> 8 * s * sumsq(a) + Math.exp(s)), grad("A", () -> scale(8 * s * s, a)));
  }

  @Test
  void parameterUsedTransposedAndSeveralTimes() {
    Matrix w = Numeric.random(3, 3, rnd);
    Matrix a = Numeric.random(3, 3, rnd);
    // tr(WWᵀA) → (A + Aᵀ)W; Σ W ⊙ Wᵀ → 2Wᵀ; 𝟏ᵀWᵀW𝟏 = ‖W𝟏‖² → 2W𝟏𝟏ᵀ.
    loss("transposedTwice").verify(args("W", w, "A", a),
        grad("W", () -> add(add(mul(add(a, t(a)), w), scale(2, t(w))),
            scale(2, mul(w, Mats.ones(3, 3))))));
  }

  @Test
  void oneInstanceAcrossChangingShapesMatchesFreshInstances() {
    // Scratch buffers are resized when the shapes change (including to the same entry count,
    // W1 4×2 after 2×4) and the results are those of a fresh instance, bit for bit.
    LossCheck loss = loss("network");
    int[][] shapes = {{5, 3, 4, 6}, {2, 4, 3, 2}, {4, 2, 3, 3}, {5, 3, 4, 6}, {3, 3, 2, 6}};
    for (int[] s : shapes) {
      Object[] in = {Numeric.random(s[0], s[1], rnd), Numeric.random(s[0], 1, rnd),
          Numeric.random(s[2], s[0], rnd), Numeric.random(s[2], 1, rnd), Numeric.random(s[1], s[3], rnd),
          Numeric.positiveColumns(s[2], s[3], rnd), (double) s[3]};
      Object shared = loss.gradient(in);
      LossCheck fresh = LossCheck.of(RUN, "Models", "network");
      Object alone = fresh.gradient(in);
      for (String c : new String[] {"dW1", "db1", "dW2", "db2"}) {
        assertArrayEquals(((Matrix) LossCheck.component(alone, c)).data(),
            ((Matrix) LossCheck.component(shared, c)).data(), 0.0, c + " for shape " + Arrays.toString(s));
      }
      assertEquals((double) LossCheck.component(alone, "value"), (double) LossCheck.component(shared, "value"), 0.0);
      LossCheck.assertClose(loss.reference(in), (double) LossCheck.component(shared, "value"), 1e-12, "value");
    }
  }

  @Test
  void factorisationScratchFollowsTheMatrixSize() {
    LossCheck loss = loss("gaussianNll");
    for (int d : new int[] {4, 2, 5, 4}) {
      Matrix mu = Numeric.random(d, 1, rnd);
      Matrix sigma = Mats.spd(d, rnd);
      Matrix x = Numeric.random(d, 3, rnd);
      verifyGaussian(mu, sigma, x);
      LossCheck.assertClose(loss.reference(mu, sigma, x, 3.0), loss.value(mu, sigma, x, 3.0), 1e-12, "value");
    }
  }

  @Test
  void logisticRegressionIsStableForLargeMargins() {
    // z = (1000, −1000), y = (0, 1): l = softplus(1000) + softplus(−1000) + 1000 = 2000 (to e⁻¹⁰⁰⁰),
    // ∂l/∂w = X(σ(z) − y)ᵀ = 1000·1 + (−1000)·(−1) = 2000, ∂l/∂b = 1 − 1 = 0.
    Object r = loss("logisticRegression").gradient(Matrix.of(1, 1, 1), Matrix.of(1, 1, 0),
        Matrix.of(1, 2, 1000, -1000), Matrix.of(1, 2, 0, 1), 0.0);
    LossCheck.assertClose(2000, (double) LossCheck.component(r, "value"), 1e-15, "value");
    Numeric.assertClose(Matrix.of(1, 1, 2000), (Matrix) LossCheck.component(r, "dw"), 1e-15, "dw");
    Numeric.assertClose(Matrix.of(1, 1, 0), (Matrix) LossCheck.component(r, "db"), 1e-15, "db");
  }
}
