package dev.tracegrad.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracegrad.Matrix;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/** Numeric assertions and central finite differences for gradient tests. */
public final class Numeric {
  private Numeric() {}

  /** |a − b| ≤ tol · max(1, |b|). */
  public static void assertClose(double expected, double actual, double tol, String what) {
    double scale = Math.max(1, Math.abs(expected));
    if (!(Math.abs(expected - actual) <= tol * scale)) {
      fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
    }
  }

  /** Entrywise {@link #assertClose}, with equal shapes. */
  public static void assertClose(Matrix expected, Matrix actual, double tol, String what) {
    assertEquals(expected.rows(), actual.rows(), what + " rows");
    assertEquals(expected.cols(), actual.cols(), what + " cols");
    for (int r = 0; r < expected.rows(); r++) {
      for (int c = 0; c < expected.cols(); c++) {
        assertClose(expected.get(r, c), actual.get(r, c), tol, what + "[" + r + "][" + c + "]");
      }
    }
  }

  /** Central differences (f(x + h) − f(x − h)) / 2h of f at every entry of x; x is restored. */
  public static Matrix finiteDifferences(ToDoubleFunction<Matrix> f, Matrix x) {
    Matrix g = Matrix.zeros(x.rows(), x.cols());
    for (int r = 0; r < x.rows(); r++) {
      for (int c = 0; c < x.cols(); c++) {
        double v = x.get(r, c);
        double h = 1e-6 * Math.max(1, Math.abs(v));
        x.set(r, c, v + h);
        double up = f.applyAsDouble(x);
        x.set(r, c, v - h);
        double down = f.applyAsDouble(x);
        x.set(r, c, v);
        g.set(r, c, (up - down) / (2 * h));
      }
    }
    return g;
  }

  /** Central difference of a function of one double. */
  public static double finiteDifference(DoubleUnaryOperator f, double x) {
    double h = 1e-6 * Math.max(1, Math.abs(x));
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
  }

  /** A random matrix with entries in (−1, 1). */
  public static Matrix random(int rows, int cols, Random rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int i = 0; i < m.data().length; i++) {
      m.data()[i] = 2 * rnd.nextDouble() - 1;
    }
    return m;
  }

  /** A well-conditioned random n×n matrix: n·I plus noise. */
  public static Matrix wellConditioned(int n, Random rnd) {
    Matrix m = random(n, n, rnd);
    for (int i = 0; i < n; i++) {
      m.set(i, i, m.get(i, i) + n);
    }
    return m;
  }

  /** A matrix whose columns are probability vectors that do not sum to 1 (scaled by 1..n). */
  public static Matrix positiveColumns(int rows, int cols, Random rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int i = 0; i < m.data().length; i++) {
      m.data()[i] = 0.1 + rnd.nextDouble();
    }
    return m;
  }
}
