package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

import static dev.tracegrad.Ops.*;

/** At least one loss per op of the DSL, each simple enough to differentiate by hand. */
class Coverage {
  @Differentiable
  static double addSub(Matrix A, Matrix B, Matrix C) {
    return sumsq(sub(add(A, B), C));
  }

  @Differentiable(wrt = {"A", "s"})
  static double negScale(Matrix A, Matrix C, double s) {
    return dot(C, scale(s, neg(A)));
  }

  @Differentiable
  static double productOfTransposed(Matrix A, Matrix B) {
    Matrix R = mul(t(A), B);
    return sumsq(R);
  }

  @Differentiable
  static double hadamardDiv(Matrix A, Matrix B) {
    return sum(div(hadamard(A, A), B));
  }

  @Differentiable(wrt = "A")
  static double exps(Matrix A, Matrix C) {
    return dot(C, exp(A));
  }

  @Differentiable(wrt = "A")
  static double logs(Matrix A, Matrix C) {
    return dot(C, log(A));
  }

  @Differentiable(wrt = "A")
  static double sigmoids(Matrix A, Matrix C) {
    return dot(C, sigmoid(A));
  }

  @Differentiable(wrt = "A")
  static double tanhs(Matrix A, Matrix C) {
    return dot(C, tanh(A));
  }

  @Differentiable(wrt = "A")
  static double relus(Matrix A, Matrix C) {
    return dot(C, relu(A));
  }

  @Differentiable(wrt = "A")
  static double softpluses(Matrix A, Matrix C) {
    return dot(C, softplus(A));
  }

  @Differentiable(wrt = "A")
  static double squares(Matrix A, Matrix C) {
    return dot(C, square(A));
  }

  @Differentiable(wrt = "A")
  static double sqrts(Matrix A, Matrix C) {
    return dot(C, sqrt(A));
  }

  @Differentiable(wrt = "A")
  static double abses(Matrix A, Matrix C) {
    return dot(C, abs(A));
  }

  @Differentiable(wrt = "A")
  static double sines(Matrix A, Matrix C) {
    return dot(C, sin(A));
  }

  @Differentiable(wrt = "A")
  static double cosines(Matrix A, Matrix C) {
    return dot(C, cos(A));
  }

  @Differentiable(wrt = "A")
  static double powers(Matrix A, Matrix C, double p) {
    return dot(C, pow(A, p));
  }

  @Differentiable(wrt = "A")
  static double softmaxes(Matrix A, Matrix C) {
    return dot(C, softmax(A));
  }

  @Differentiable(wrt = "A")
  static double logSoftmaxes(Matrix A, Matrix C) {
    return dot(C, logSoftmax(A));
  }

  @Differentiable
  static double bias(Matrix A, Matrix b) {
    return sumsq(addColumn(A, b));
  }

  @Differentiable(wrt = "A")
  static double rowAndColumnSums(Matrix A, Matrix u, Matrix v) {
    return dot(u, rowSums(A)) + 3 * dot(v, colSums(A));
  }

  @Differentiable
  static double traceOfInverseTimes(Matrix A, Matrix B) {
    return tr(mul(inv(A), B));
  }

  @Differentiable
  static double determinant(Matrix A) {
    return det(A);
  }

  @Differentiable
  static double logDeterminant(Matrix A) {
    return logdet(A);
  }

  @Differentiable
  static double traceAndSum(Matrix A, Matrix B) {
    return tr(A) * 2.0 - sum(B) / 4;
  }

  @Differentiable
  static double quadraticForm(Matrix x, Matrix A) {
    return scalar(mul(mul(t(x), A), x));
  }

  /** Every scalar operator and Math function the DSL allows, qualified and not. */
  @Differentiable(wrt = {"A", "B", "c"})
  static double scalarExpressions(Matrix A, Matrix B, double c) {
    double a = sumsq(A);
    final double b = Ops.sum(B);
    var e = Math.exp(-tr(A) / 3);
    return Math.log(1 + a) + e * c - Math.sqrt(2 + b * b) + Math.pow(b, 3) / 4 - -a * c * c + 2;
  }
}
