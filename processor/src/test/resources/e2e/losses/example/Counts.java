package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Count models written with logGamma, as a statistics text writes their log-likelihoods. */
class Counts {
  /**
   * Negative binomial counts Y with means μ = exp(X) (log link) and shape r: per entry
   * ln Γ(y + r) − ln Γ(y + 1) − ln Γ(r) + r log r + y log μ − (r + y) log(r + μ).
   */
  @Differentiable(wrt = {"X", "r"})
  static double negativeBinomial(Matrix X, double r, Matrix Y) {
    Matrix mu = exp(X);
    double n = rows(Y) * cols(Y);
    return sum(logGamma(add(Y, r))) - sum(logGamma(add(Y, 1))) - n * logGamma(r) + n * r * Math.log(r)
        + dot(Y, X) - dot(add(Y, r), log(add(mu, r)));
  }

  /** A Poisson-gamma mixture with a shape R of its own for every entry, means Mu given. */
  @Differentiable(wrt = "R")
  static double perEntryShape(Matrix R, Matrix Y, Matrix Mu) {
    return sum(sub(logGamma(add(Y, R)), logGamma(R))) + dot(R, log(R)) - dot(add(Y, R), log(add(Mu, R)));
  }
}
