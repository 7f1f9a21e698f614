package example;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** Losses whose data prologue has statements on data alone and statements on a wrt shape. */
public class Bound {
  /** How many times {@link #centred} has run: the tests read it. */
  public static int centredCalls;

  private Bound() {}

  /** X with each column's mean subtracted, in a new matrix: a data helper with a loop. */
  static Matrix centred(Matrix X) {
    centredCalls++;
    if (X.rows() < 2) {
      throw new IllegalArgumentException("centred needs 2 rows or more, X has " + X.rows());
    }
    Matrix out = Matrix.zeros(X.rows(), X.cols());
    for (int j = 0; j < X.cols(); j++) {
      double mean = 0;
      for (int i = 0; i < X.rows(); i++) {
        mean += X.get(i, j);
      }
      mean /= X.rows();
      for (int i = 0; i < X.rows(); i++) {
        out.set(i, j, X.get(i, j) - mean);
      }
    }
    return out;
  }

  /**
   * One ridge fit of y per column of W, averaged over the columns: the data centred once per
   * binding, the number of columns read from W on every call.
   */
  @Differentiable(wrt = "W", hvp = true)
  static double centredRidge(Matrix W, Matrix X, Matrix y, double lambda) {
    Matrix Xc = centred(X);
    int m = X.rows();
    int k = W.cols();
    return 0.5 / (m * k) * sumsq(sub(mul(Xc, W), repeatCols(y, k))) + lambda / k * sumsq(W);
  }
}
