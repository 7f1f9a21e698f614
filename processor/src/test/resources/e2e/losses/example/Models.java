package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Models a user trains: the losses of regression, classification and density estimation. */
class Models {
  /**
   * L2-regularised logistic regression: labels y in {0, 1} as a 1×n row, samples as the columns
   * of X, the bias b a 1×1 matrix added to every column, the loss written the stable way
   * (−log σ(z) = softplus(−z)).
   */
  @Differentiable(wrt = {"w", "b"})
  static double logisticRegression(Matrix w, Matrix b, Matrix X, Matrix y, double lambda) {
    Matrix z = addColumn(mul(t(w), X), b);
    return sum(softplus(z)) - dot(y, z) + 0.5 * lambda * sumsq(w);
  }

  /** The same loss as the textbook writes it, −Σ y log p + (1 − y) log(1 − p), with a row of ones J. */
  @Differentiable(wrt = "w")
  static double logisticRegressionTextbook(Matrix w, Matrix X, Matrix y, Matrix J) {
    Matrix p = sigmoid(mul(t(w), X));
    return -(dot(y, log(p)) + dot(sub(J, y), log(sub(J, p))));
  }

  /** Least squares ‖Ax − b‖². */
  @Differentiable(wrt = {"A", "x"})
  static double leastSquares(Matrix A, Matrix x, Matrix b) {
    Matrix r = sub(mul(A, x), b);
    return sumsq(r);
  }

  /** Ridge regression with the penalty weight as a differentiated double. */
  @Differentiable(wrt = {"x", "lambda"})
  static double ridge(Matrix A, Matrix x, Matrix b, double lambda) {
    return sumsq(sub(mul(A, x), b)) + lambda * sumsq(x);
  }

  /**
   * Negative log-likelihood of the columns of X under N(mu, Sigma), without the constant:
   * n/2 log det Sigma + 1/2 tr((X − mu 1ᵀ)ᵀ Sigma⁻¹ (X − mu 1ᵀ)).
   */
  @Differentiable(wrt = {"mu", "Sigma"})
  static double gaussianNll(Matrix mu, Matrix Sigma, Matrix X, double n) {
    Matrix D = addColumn(X, neg(mu));
    Matrix P = inv(Sigma);
    return 0.5 * n * logdet(Sigma) + 0.5 * tr(mul(mul(t(D), P), D));
  }

  /** Batched two-layer network with biases, tanh hidden units and softmax cross-entropy, averaged. */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  static double network(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y, double n) {
    Matrix A1 = addColumn(mul(W1, X), b1);
    Matrix H1 = tanh(A1);
    Matrix A2 = addColumn(mul(W2, H1), b2);
    return -dot(Y, logSoftmax(A2)) / n;
  }

  /** Batched quadratic form tr(XᵀAX) = Σ over columns x of xᵀAx. */
  @Differentiable
  static double quadraticForms(Matrix X, Matrix A) {
    return tr(mul(mul(t(X), A), X));
  }

  /** Bilinear form xᵀAy. */
  @Differentiable
  static double bilinear(Matrix x, Matrix A, Matrix y) {
    return scalar(mul(t(x), mul(A, y)));
  }

  /** A matrix scaled by a scalar that itself depends on the differentiated matrix. */
  @Differentiable(wrt = "W")
  static double selfScaled(Matrix W, Matrix C) {
    double s = tr(W);
    return sum(scale(s, hadamard(W, C)));
  }

  /** A differentiated double scaling a differentiated matrix, squared. */
  @Differentiable(wrt = {"s", "A"})
  static double scaledByDouble(double s, Matrix A) {
    return sumsq(scale(s * 2, A)) + Math.exp(s);
  }

  /** W appears transposed and in several places. */
  @Differentiable(wrt = "W")
  static double transposedTwice(Matrix W, Matrix A) {
    Matrix G = mul(W, t(W));
    return tr(mul(G, A)) + dot(W, t(W)) + sum(mul(t(W), W));
  }
}
