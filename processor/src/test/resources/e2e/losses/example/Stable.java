package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Textbook forms that overflow or lose digits, which the processor computes in stable form. */
class Stable {
  @Differentiable(wrt = "Z")
  static double logSigmoid(Matrix Z, Matrix Y) {
    return dot(Y, log(sigmoid(Z))) + dot(sub(1, Y), log(sub(1, sigmoid(Z))));
  }

  @Differentiable(wrt = "A")
  static double logOfSoftmax(Matrix A, Matrix Y) {
    return -dot(Y, log(softmax(A)));
  }

  @Differentiable(wrt = "A")
  static double logOfSums(Matrix A, Matrix w) {
    return Math.log(sum(exp(A))) + dot(w, log(colSums(exp(A))));
  }

  @Differentiable(wrt = "X")
  static double logOnePlusAndExpMinusOne(Matrix X, Matrix C) {
    return dot(C, log(add(1, X))) + dot(C, sub(exp(X), 1));
  }

  @Differentiable(wrt = "A")
  static double rootOfSumOfSquares(Matrix A) {
    return Math.sqrt(sumsq(A));
  }

  @Differentiable(wrt = "s")
  static double scalarForms(double s) {
    return Math.log(sigmoid(s)) + Math.log(1 - sigmoid(s)) + Math.log(1 + s * s) + (Math.exp(s) - 1);
  }

  @Differentiable(wrt = "U")
  static double logOfNormCdf(Matrix U) {
    return sum(log(normCdf(U)));
  }
}
