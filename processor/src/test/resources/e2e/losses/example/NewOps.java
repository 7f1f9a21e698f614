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
}
