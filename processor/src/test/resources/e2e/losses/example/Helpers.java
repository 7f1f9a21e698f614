package example;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** Losses calling their own helper methods: inlined on the differentiable path, run on data. */
class Helpers {
  static Matrix dense(Matrix W, Matrix b, Matrix x) {
    Matrix z = mul(W, x);
    return addColumn(z, b);
  }

  static final class Layers {
    private Layers() {}

    /** A private helper of a nested class calling a helper of the outer one: both inlined. */
    private static Matrix layer(Matrix W, Matrix b, Matrix x) {
      Matrix a = sigmoid(dense(W, b, x));
      return a;
    }
  }

  /** A data helper with a loop: called as written. */
  static double harmonic(int n) {
    double s = 0;
    for (int i = 1; i <= n; i++) {
      s += 1.0 / i;
    }
    return s;
  }

  static double penalty(Matrix W, double lambda) {
    return lambda * sumsq(W);
  }

  /** dense inlined twice, a nested helper, data arguments, a data helper with a loop. */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  static double mlp(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, int k) {
    Matrix h = Layers.layer(W1, b1, X);
    double c = harmonic(k);
    return c * sumsq(dense(W2, b2, h)) + penalty(W1, 1e-3 / X.cols());
  }

  /** A helper whose only wrt-dependent argument is a double. */
  @Differentiable(wrt = "s")
  static double scalarHelper(Matrix A, double s) {
    return penalty(A, s * s);
  }
}
