package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Helper methods of the loss's class (LANGUAGE.md §2): inlined where a wrt-dependent value
 * reaches them (nested, inlined twice, with data arguments), run as written on data; gradients
 * against the hand-derived backward pass and central differences, locals named in the derivation.
 */
class HelpersE2eTest {
  private final Random rnd = new Random(314);

  private static ProcessorRun run() {
    return ProcessorRun.ofLosses("Helpers");
  }

  @Test
  void aTwoLayerNetworkOfHelpers() throws Exception {
    Matrix W1 = Numeric.random(4, 3, rnd);
    Matrix b1 = Numeric.random(4, 1, rnd);
    Matrix W2 = Numeric.random(2, 4, rnd);
    Matrix b2 = Numeric.random(2, 1, rnd);
    Matrix X = Numeric.random(3, 5, rnd);
    int k = 3;
    double c = 1 + 1.0 / 2 + 1.0 / 3;
    double lambda = 1e-3 / 5;
    // forward: z1 = W1 X + b1 1ᵀ, h = σ(z1), z2 = W2 h + b2 1ᵀ, f = c‖z2‖² + λ‖W1‖²
    Matrix h = Ops.sigmoid(Ops.addColumn(Ops.mul(W1, X), b1));
    Matrix z2 = Ops.addColumn(Ops.mul(W2, h), b2);
    Matrix g2 = Ops.scale(2 * c, z2);
    Matrix g1 = Ops.hadamard(Ops.mul(Ops.t(W2), g2),
        Ops.hadamard(h, Ops.sub(ones(4, 5), h)));
    LossCheck.of(run(), "Helpers", "mlp").verify(
        args("W1", W1, "b1", b1, "W2", W2, "b2", b2, "X", X, "k", k),
        grad("W1", () -> Ops.add(Ops.mul(g1, Ops.t(X)), Ops.scale(2 * lambda, W1))),
        grad("b1", () -> Ops.rowSums(g1)),
        grad("W2", () -> Ops.mul(g2, Ops.t(h))),
        grad("b2", () -> Ops.rowSums(g2)));
    String derivation = (String) run().load("HelpersMlpGradient").getField("DERIVATION_ASCII")
        .get(null);
    // the helpers' locals keep their names, the second inlining of dense's z made distinct; the
    // data argument 1e-3 / X.cols() is named after penalty's parameter
    assertThat(derivation).startsWith("l = c ||z2 + b2 1^T||^2 + lambda ||W1||^2, differentiated"
        + " with respect to W1, b1, W2, b2\nwhere z = W1 X, a = sigma(z + b1 1^T), z2 = W2 a\n");
  }

  @Test
  void aHelperOfADoubleVariable() {
    Matrix A = Numeric.random(3, 2, rnd);
    double s = 0.7;
    LossCheck.of(run(), "Helpers", "scalarHelper").verify(args("A", A, "s", s),
        grad("s", () -> 2 * s * Ops.sumsq(A)));
  }

  private static Matrix ones(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    java.util.Arrays.fill(m.data(), 1.0);
    return m;
  }
}
