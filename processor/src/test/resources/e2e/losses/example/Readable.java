package example;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** The sample application's losses, whose derivation text a user checked by hand. */
final class Readable {
  private Readable() {}

  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  static double digits(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y, double batchSize) {
    Matrix hidden = tanh(addColumn(mul(W1, X), b1));
    Matrix logits = addColumn(mul(W2, hidden), b2);
    return -dot(Y, logSoftmax(logits)) / batchSize;
  }

  @Differentiable(wrt = {"w", "b"})
  static double logistic(Matrix w, double b, Matrix X, Matrix y, Matrix ones, double n, double lambda) {
    Matrix margins = hadamard(y, add(mul(t(X), w), scale(b, ones)));
    return sum(softplus(neg(margins))) / n + 0.5 * lambda * sumsq(w);
  }

  @Differentiable(wrt = "L")
  static double covariance(Matrix L, Matrix S, Matrix I, double eps) {
    Matrix sigma = add(mul(L, t(L)), scale(eps, I));
    return logdet(sigma) + tr(mul(inv(sigma), S));
  }

  @Differentiable(wrt = "A")
  static double sumOfLogs(Matrix A) {
    return sum(log(A));
  }

  /** A local named like the generated ASCII constant becomes a scratch buffer of another name. */
  @Differentiable(wrt = "A")
  static double asciiNamedLocal(Matrix A, Matrix B) {
    Matrix DERIVATION_ASCII = mul(A, B);
    Matrix DERIVATION = tanh(DERIVATION_ASCII);
    return sumsq(hadamard(DERIVATION, DERIVATION_ASCII));
  }
}
