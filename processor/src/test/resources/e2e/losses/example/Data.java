package example;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import java.util.List;

/** Losses whose data is plain Java: parameters of any type, shape queries, constants, helpers. */
class Data {
  static final double EPS = 1e-8;
  private static final double HALF = 0.5;
  static final int[] PRIMES = {2, 3, 5};

  record Config(double lambda, int power) {}

  /** int division stays int division; constants, private or not, are folded. */
  @Differentiable(wrt = "W")
  static double intDivision(Matrix W, Matrix X) {
    int n = X.cols();
    int half = n / 2;
    return sumsq(mul(W, X)) / half + HALF * sum(W) + EPS * Math.PI;
  }

  /** Array parameters, a data helper with a loop, a static array field, a shape query inline. */
  @Differentiable(wrt = "w")
  static double weighted(Matrix w, double[] weights, int[] idx) {
    double total = weightSum(weights);
    return total * sumsq(w) + idx.length * PRIMES[1] + sum(w) / w.rows();
  }

  static double weightSum(double[] weights) {
    double s = 0;
    for (double x : weights) {
      s += x;
    }
    return s;
  }

  /** A record parameter read through its accessors; a List. */
  @Differentiable(wrt = "W")
  static double ridge(Matrix W, Matrix X, Matrix Y, Config cfg, List<Double> scales) {
    double s = scales.get(0);
    return 0.5 * sumsq(sub(mul(W, X), Y)) + cfg.lambda() * Math.pow(s, cfg.power()) * sumsq(W);
  }

  /** A data helper that throws: the exception reaches the caller before anything is written. */
  @Differentiable(wrt = "W")
  static double checked(Matrix W, int k) {
    double c = positive(k);
    return c * sum(W);
  }

  static double positive(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be positive but is " + k);
    }
    return k;
  }

  /** A data Matrix computed by a library call, with a shape from a wrt parameter. */
  @Differentiable(wrt = "W")
  static double nearIdentity(Matrix W) {
    Matrix I = Matrix.identity(W.rows());
    return sumsq(sub(W, I));
  }
}
