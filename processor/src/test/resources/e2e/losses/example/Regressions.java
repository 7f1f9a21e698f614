package example;

// Sources of bugs the end-to-end suite once found; each has a test in RegressionsE2eTest.

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

class Regressions {
  /** A non-wrt parameter is named like the gradient of a wrt one. */
  @Differentiable(wrt = "a")
  static double shadowedGradientName(Matrix a, Matrix da) {
    return dot(a, da);
  }

  @Differentiable
  static double detAndSquares(Matrix A, Matrix B) {
    return det(A) + sumsq(B);
  }
}
