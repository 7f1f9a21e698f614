package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/**
 * Losses that stress the structure rather than the calculus: transposes of non-square operands
 * under reductions and softmax, inverses of transposes, an inverse that only solves need, Java's
 * own integer arithmetic, a local
 * that the loss does not use.
 */
class Structure {
  @Differentiable
  static double transposedReductions(Matrix A, Matrix b, Matrix B) {
    return sumsq(colSums(t(A))) + sumsq(rowSums(t(B))) + sumsq(addColumn(t(A), b));
  }

  @Differentiable(wrt = {"A", "C"})
  static double logSoftmaxOfTransposedProduct(Matrix A, Matrix C, Matrix D) {
    return dot(D, logSoftmax(t(mul(A, C))));
  }

  @Differentiable
  static double inverseVariants(Matrix A, Matrix B, Matrix b) {
    return sumsq(mul(inv(A), b)) + tr(mul(t(inv(A)), B)) + sum(mul(B, inv(t(A)))) + logdet(inv(A));
  }

  /**
   * The Gaussian negative log-likelihood in a general square Sigma: its gradient needs no explicit
   * inverse, only solves with one factorisation.
   */
  @Differentiable(wrt = "Sigma")
  static double gaussLike(Matrix Sigma, Matrix S) {
    return logdet(Sigma) + tr(mul(inv(Sigma), S));
  }

  /** The entropy of each column's softmax, summed. */
  @Differentiable
  static double entropy(Matrix A) {
    return -dot(softmax(A), logSoftmax(A));
  }

  /** 1 / 2 and 3 / 2 are Java int divisions: 0 and 1. */
  @Differentiable
  static double integerArithmetic(Matrix A) {
    return 1 / 2 * sumsq(A) + 3 / 2 * sum(A) + sum(A) / 4;
  }

  @Differentiable
  static double unusedLocal(Matrix A, Matrix B) {
    Matrix product = mul(A, B);
    return sumsq(A);
  }
}
