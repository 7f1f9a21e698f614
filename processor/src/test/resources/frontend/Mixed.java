package mixed;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import static dev.tracegrad.Ops.*;

/** Half of these methods are valid; each invalid one has exactly one mistake. */
class Mixed {
  private static final double[] RATES = {0.5};

  static Matrix helper(Matrix A) {
    return A;
  }

  @Differentiable
  static double ok1(Matrix W, Matrix x) {
    return sumsq(mul(W, x));
  }

  @Differentiable
  static double badPoisonedLocal(Matrix W, Matrix x) {
    Matrix h = missing(mul(W, x));
    Matrix g = sigmoid(h);
    return sum(h) + dot(g, h) + sum(add(h, h));
  }

  @Differentiable(wrt = "b")
  static double ok2(Matrix W, Matrix X, Matrix b) {
    Matrix z = addColumn(mul(W, X), b);
    return sum(softplus(z));
  }

  @Differentiable(wrt = {"W", "nope"})
  static double badWrt(Matrix W) {
    return sum(W);
  }

  @Differentiable
  static double ok3(Matrix A) {
    return logdet(A) - tr(A);
  }

  @Differentiable
  static double badField(Matrix W) {
    double r = RATES[0];
    return r * sum(W) + r;
  }

  @Differentiable(wrt = {"s", "A"})
  static double ok4(Matrix A, double s) {
    return Math.exp(s) * sum(scale(s, A));
  }

  @Differentiable
  static double badLoop(Matrix W) {
    double s = sum(W);
    while (s > 1) {
      s = s / 2;
    }
    return s;
  }

  @Differentiable
  static double ok5(Matrix x, Matrix A) {
    return scalar(mul(mul(t(x), A), x));
  }

  @Differentiable
  static double badKind(Matrix W) {
    Matrix s = sum(W);
    return sum(s) * sumsq(s);
  }

  @Differentiable
  static double ok6(Matrix W) {
    return sum(pow(W, 3));
  }

  @Differentiable
  static double badExponent(Matrix W) {
    Matrix p = pow(W, sum(W));
    return sum(p) + sumsq(p);
  }
}
