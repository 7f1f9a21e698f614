package dev.tracegrad.processor.e2e;

import dev.tracegrad.Matrix;
import java.util.function.DoubleUnaryOperator;

/**
 * The few matrices closed forms need that {@code Ops} does not spell: ones, diag-scaling of
 * columns, an entrywise map. Plain loops, independent of the processor.
 */
final class Mats {
  private Mats() {}

  static Matrix ones(int rows, int cols) {
    return fill(rows, cols, 1);
  }

  static Matrix fill(int rows, int cols, double v) {
    Matrix m = Matrix.zeros(rows, cols);
    java.util.Arrays.fill(m.data(), v);
    return m;
  }

  /** A·diag(r) for a 1×n row r: column j of A times r[j]. */
  static Matrix scaleColumns(Matrix a, Matrix r) {
    Matrix out = Matrix.zeros(a.rows(), a.cols());
    for (int i = 0; i < a.rows(); i++) {
      for (int j = 0; j < a.cols(); j++) {
        out.set(i, j, a.get(i, j) * r.get(0, j));
      }
    }
    return out;
  }

  /** An entry as a function of its position. */
  interface Entry {
    double at(int i, int j);
  }

  /** The rows×cols matrix with entry (i, j) = f(i, j). */
  static Matrix build(int rows, int cols, Entry f) {
    Matrix out = Matrix.zeros(rows, cols);
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out.set(i, j, f.at(i, j));
      }
    }
    return out;
  }

  /** f applied to every entry. */
  static Matrix map(Matrix a, DoubleUnaryOperator f) {
    Matrix out = Matrix.zeros(a.rows(), a.cols());
    for (int k = 0; k < a.data().length; k++) {
      out.data()[k] = f.applyAsDouble(a.data()[k]);
    }
    return out;
  }

  /** Random entries in (−1, 1) kept at least {@code margin} away from 0 (for kinks at 0). */
  static Matrix awayFromZero(int rows, int cols, double margin, java.util.Random rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int k = 0; k < m.data().length; k++) {
      double v = margin + (1 - margin) * rnd.nextDouble();
      m.data()[k] = rnd.nextBoolean() ? v : -v;
    }
    return m;
  }

  /** Random entries in [lo, hi). */
  static Matrix uniform(int rows, int cols, double lo, double hi, java.util.Random rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int k = 0; k < m.data().length; k++) {
      m.data()[k] = lo + (hi - lo) * rnd.nextDouble();
    }
    return m;
  }

  /** A symmetric positive definite n×n matrix: B Bᵀ + n·I. */
  static Matrix spd(int n, java.util.Random rnd) {
    Matrix b = uniform(n, n, -1, 1, rnd);
    Matrix s = dev.tracegrad.Ops.mul(b, dev.tracegrad.Ops.t(b));
    for (int i = 0; i < n; i++) {
      s.set(i, i, s.get(i, i) + n);
    }
    return s;
  }

  /** A one-hot n-column label matrix with m classes: column j has its 1 in row (3j + 1) mod m. */
  static Matrix oneHot(int m, int n) {
    Matrix y = Matrix.zeros(m, n);
    for (int j = 0; j < n; j++) {
      y.set((3 * j + 1) % m, j, 1);
    }
    return y;
  }
}
