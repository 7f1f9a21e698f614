package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Losses whose generated code must fail cleanly on bad input. */
class Failures {
  /** A determinant beside a second differentiated parameter. */
  @Differentiable
  static double detAndSquares(Matrix A, Matrix B) {
    return det(A) + sumsq(B);
  }

  /** An inverse beside a second differentiated parameter. */
  @Differentiable
  static double inverseAndSquares(Matrix B, Matrix A) {
    return sumsq(B) + tr(inv(A));
  }
}
