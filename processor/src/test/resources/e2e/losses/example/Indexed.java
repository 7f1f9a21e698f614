package example;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** Losses over index arrays: cross-entropy with class indices, an embedding lookup. */
class Indexed {
  static Matrix dense(Matrix W, Matrix b, Matrix x) {
    return addColumn(mul(W, x), b);
  }

  /** The digits network of the language's design, labels as class indices. */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
  static double digits(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, int[] labels) {
    Matrix h = relu(dense(W1, b1, X));
    return -sum(pick(logSoftmax(dense(W2, b2, h)), labels)) / X.cols();
  }

  /** Columns of E looked up by id (a column may be looked up twice), fitted to Y. */
  @Differentiable(wrt = "E")
  static double embed(Matrix E, Matrix Y, int[] ids) {
    return 0.5 * sumsq(sub(gatherCols(E, ids), Y));
  }
}
