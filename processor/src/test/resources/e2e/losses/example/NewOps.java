package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** The ops language 0.2 adds, each in a loss simple enough to differentiate by hand. */
class NewOps {
  @Differentiable(wrt = "A")
  static double log1ps(Matrix A, Matrix C) {
    return dot(C, log1p(A));
  }

  @Differentiable(wrt = "A")
  static double expm1s(Matrix A, Matrix C) {
    return dot(C, expm1(A));
  }

  /** The scalar overloads Ops has, and the Math functions, on a wrt-dependent scalar. */
  @Differentiable(wrt = "s")
  static double scalarFunctions(double s) {
    return sigmoid(s) + relu(s) + softplus(2 * s) + square(s) + Math.log1p(s * s) + Math.expm1(s)
        + Math.abs(s) + Math.tanh(s) + Math.sin(s) + Math.cos(s);
  }

  @Differentiable(wrt = "A")
  static double scalarFunctionsOfReductions(Matrix A) {
    double t = sum(A);
    return sigmoid(t) * square(dot(A, A));
  }

  // ---------------------------------------------------------------- reductions

  @Differentiable(wrt = "A")
  static double means(Matrix A, Matrix r, Matrix c) {
    return mean(A) * mean(A) + dot(r, rowMeans(A)) + dot(c, colMeans(A));
  }

  @Differentiable(wrt = {"A", "s"})
  static double norms(Matrix A, double s) {
    return s * norm(A);
  }

  @Differentiable(wrt = "A")
  static double logSumExps(Matrix A, Matrix w) {
    return logSumExp(A) + dot(w, colLogSumExp(A));
  }

  // ---------------------------------------------------------------- broadcasting and constants

  @Differentiable(wrt = {"A", "s"})
  static double withDoubles(Matrix A, Matrix C, double s) {
    Matrix B = add(sub(1, A), s);
    return dot(C, div(B, 2.0)) + sum(div(s, add(A, 3)))
        + dot(C, sub(add(2, A), s)) + dot(C, div(A, s));
  }

  @Differentiable(wrt = {"r", "c"})
  static double repeats(Matrix r, Matrix c, Matrix C) {
    return dot(C, add(repeatRows(r, rows(C)), repeatCols(c, cols(C))));
  }

  @Differentiable(wrt = {"K", "s"})
  static double ridge(Matrix K, Matrix y, double s) {
    Matrix M = add(K, scale(s, eye(rows(K))));
    return scalar(mul(t(y), mul(M, y))) + sum(ones(rows(K), 2)) * s;
  }

  @Differentiable(wrt = {"A", "s"})
  static double constants(Matrix A, double s, double n) {
    Matrix F = fill(n, cols(A), s);
    return sumsq(add(mul(ones(3, rows(A)), A), zeros(3, cols(A)))) + dot(F, mul(eye(n), F))
        + rows(A) * s;
  }

  // ---------------------------------------------------------------- max, min, diag

  @Differentiable(wrt = {"A", "B"})
  static double maxMin(Matrix A, Matrix B, Matrix C) {
    return dot(C, max(A, B)) + dot(hadamard(C, C), min(A, B)) + sum(max(A, 0)) + sum(min(0.5, B));
  }

  @Differentiable(wrt = {"v", "A"})
  static double diags(Matrix v, Matrix A, Matrix C) {
    return dot(C, diag(v)) + dot(v, diagonal(A)) + sum(mul(diag(t(v)), A));
  }

  // ---------------------------------------------------------------- the normal distribution

  @Differentiable(wrt = {"A", "s"})
  static double normals(Matrix A, Matrix C, double s) {
    return dot(C, normCdf(A)) + sum(logNormCdf(A)) + normCdf(s) * logNormCdf(2 * s);
  }

  @Differentiable(wrt = {"s", "t"})
  static double scalarMaxMin(double s, double t) {
    return Math.max(s * s, t) + Math.min(s, 2 * t) + Math.max(t, 0);
  }

  @Differentiable(wrt = {"K", "s"})
  static double ridgeOfSize(Matrix K, double s, double n) {
    return sumsq(add(K, scale(s, eye(n))));
  }
}
