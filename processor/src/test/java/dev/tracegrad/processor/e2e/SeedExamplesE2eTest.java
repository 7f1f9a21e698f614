package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The seed article's two examples (TRACE-METHOD.md) compiled by the real processor and run: the
 * gradients are the article's closed forms, with one-hot labels and with general ones, where the
 * familiar softmax(a) − y would be wrong.
 */
class SeedExamplesE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Losses");
  private final Random rnd = new Random(11);

  /** ∂l/∂a = softmax(a)(𝟏ᵀy) − y: for one column a, 𝟏ᵀy is 1×1 and the product is literal. */
  private static Matrix crossEntropyGradient(Matrix a, Matrix y) {
    return sub(mul(softmax(a), colSums(y)), y);
  }

  @Test
  void crossEntropyWithOneHotLabel() {
    Matrix a = Matrix.column(0.5, -1.25, 2.0, 0.1);
    Matrix y = Matrix.column(0, 0, 1, 0);
    // With 𝟏ᵀy = 1 the gradient is the familiar softmax(a) − y.
    LossCheck.of(RUN, "Losses", "crossEntropy").verify(args("a", a, "y", y),
        grad("a", () -> sub(softmax(a), y)));
  }

  @Test
  void crossEntropyWithGeneralLabel() {
    Matrix a = Matrix.column(0.5, -1.25, 2.0, 0.1);
    Matrix y = Matrix.column(0.3, 1.5, 0.2, 0.7);
    LossCheck check = LossCheck.of(RUN, "Losses", "crossEntropy");
    check.verify(args("a", a, "y", y), grad("a", () -> crossEntropyGradient(a, y)));
    // Hand-computed anchor: with a = 0 over 4 classes softmax is 1/4, so ∂l/∂a = (𝟏ᵀy)/4 − y.
    Matrix zero = Matrix.zeros(4, 1);
    Matrix expected = Matrix.column(0.675 - 0.3, 0.675 - 1.5, 0.675 - 0.2, 0.675 - 0.7);
    Numeric.assertClose(expected, (Matrix) LossCheck.component(check.gradient(zero, y), "da"), 1e-15,
        "da at a = 0");
  }

  @Test
  void crossEntropyOverABatchOfColumns() {
    Matrix a = Numeric.random(3, 5, rnd);
    Matrix y = Numeric.positiveColumns(3, 5, rnd);
    LossCheck.of(RUN, "Losses", "crossEntropy").verify(args("a", a, "y", y),
        grad("a", () -> sub(Mats.scaleColumns(softmax(a), colSums(y)), y)));
  }

  @Test
  void crossEntropyIsStableForLargeLogits() {
    Matrix a = Matrix.column(1000, -1000, 999, 0);
    Matrix y = Matrix.column(0.25, 0.5, 0.25, 1);
    Object r = LossCheck.of(RUN, "Losses", "crossEntropy").gradient(a, y);
    // log softmax(a) = a − 1000 − log(1 + e⁻¹) up to e⁻¹⁰⁰⁰-sized terms.
    double lse = 1000 + Math.log1p(Math.exp(-1));
    double expected = -(0.25 * (1000 - lse) + 0.5 * (-1000 - lse) + 0.25 * (999 - lse) + (0 - lse));
    LossCheck.assertClose(expected, (double) LossCheck.component(r, "value"), 1e-12, "value");
    double s0 = 1 / (1 + Math.exp(-1));
    Numeric.assertClose(Matrix.column(s0 * 2 - 0.25, -0.5, (1 - s0) * 2 - 0.25, -1),
        (Matrix) LossCheck.component(r, "da"), 1e-12, "da");
  }

  /** ∂l/∂W2 = G h1ᵀ and ∂l/∂W1 = ((W2ᵀG) ⊙ σ(a1) ⊙ (1 − σ(a1))) xᵀ with G = softmax(a2)(𝟏ᵀy) − y. */
  private void verifyTwoLayer(Matrix w1, Matrix w2, Matrix x, Matrix y) {
    Matrix h1 = sigmoid(mul(w1, x));
    Matrix a2 = mul(w2, h1);
    Matrix g = sub(Mats.scaleColumns(softmax(a2), colSums(y)), y);
    Matrix dh1 = mul(t(w2), g);
    Matrix da1 = hadamard(hadamard(dh1, h1), sub(Mats.ones(h1.rows(), h1.cols()), h1));
    LossCheck.of(RUN, "Losses", "twoLayer").verify(args("W1", w1, "W2", w2, "x", x, "y", y),
        grad("W1", () -> mul(da1, t(x))),
        grad("W2", () -> mul(g, t(h1))));
  }

  @Test
  void twoLayerWithOneHotLabel() {
    verifyTwoLayer(Numeric.random(4, 3, rnd), Numeric.random(5, 4, rnd), Numeric.random(3, 1, rnd),
        Matrix.column(0, 0, 0, 1, 0));
  }

  @Test
  void twoLayerWithGeneralLabel() {
    verifyTwoLayer(Numeric.random(4, 3, rnd), Numeric.random(5, 4, rnd), Numeric.random(3, 1, rnd),
        Matrix.column(0.2, 0.9, 0.1, 1.3, 0.4));
  }

  @Test
  void twoLayerOverABatchWithOneHotLabels() {
    verifyTwoLayer(Numeric.random(4, 3, rnd), Numeric.random(5, 4, rnd), Numeric.random(3, 7, rnd),
        Mats.oneHot(5, 7));
  }

  @Test
  void twoLayerOverABatchWithGeneralLabels() {
    verifyTwoLayer(Numeric.random(6, 2, rnd), Numeric.random(3, 6, rnd), Numeric.random(2, 4, rnd),
        Numeric.positiveColumns(3, 4, rnd));
  }
}
