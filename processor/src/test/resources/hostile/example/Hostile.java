package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Losses that generated code runs on hostile inputs: non-finite, singular, aliased, large. */
class Hostile {
  @Differentiable
  static double sigmoidSum(Matrix A) {
    return sum(sigmoid(A));
  }

  @Differentiable
  static double softplusSum(Matrix A) {
    return sum(softplus(A));
  }

  @Differentiable
  static double squaredProduct(Matrix W, Matrix x) {
    return sumsq(mul(W, x));
  }

  /** Cross-entropy of the columns of A against one-hot labels Y. */
  @Differentiable(wrt = "A")
  static double crossEntropy(Matrix A, Matrix Y) {
    return -dot(Y, logSoftmax(A));
  }

  /** Batched two-layer network with tanh hidden units and softmax cross-entropy, averaged. */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  static double network(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y, double n) {
    Matrix A1 = addColumn(mul(W1, X), b1);
    Matrix H1 = tanh(A1);
    Matrix A2 = addColumn(mul(W2, H1), b2);
    return -dot(Y, logSoftmax(A2)) / n;
  }

  @Differentiable
  static double logdetOnly(Matrix A) {
    return logdet(A);
  }

  @Differentiable
  static double detOnly(Matrix A) {
    return det(A);
  }

  /** ‖A⁻¹x‖² in x: the inverse is only ever applied (A⁻¹x, A⁻ᵀ…), so it is computed by solves. */
  @Differentiable(wrt = "x")
  static double solveSquares(Matrix A, Matrix x) {
    return sumsq(mul(inv(A), x));
  }

  /** The Gaussian-likelihood shape log det S + tr(S⁻¹M), differentiated in S. */
  @Differentiable(wrt = "S")
  static double logdetAndInverse(Matrix S, Matrix M) {
    return logdet(S) + tr(mul(inv(S), M));
  }

  /** Both parameters in products with each other and themselves. */
  @Differentiable
  static double pair(Matrix A, Matrix B) {
    return tr(mul(A, B)) + sumsq(sub(A, B)) + dot(A, t(B)) + sum(hadamard(A, B));
  }

  /** The bilinear form xᵀAy. */
  @Differentiable
  static double bilinear(Matrix x, Matrix A, Matrix y) {
    return scalar(mul(t(x), mul(A, y)));
  }
}
