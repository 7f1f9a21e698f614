package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Users' names that the generated code might want for itself. */
class Names {
  /** Loop indices and product temporaries as parameter names. */
  @Differentiable(wrt = {"i", "k", "s", "ci"})
  static double indices(Matrix i, Matrix k, double s, Matrix ci) {
    return s * sumsq(mul(i, t(k))) + sum(ci);
  }

  /** Names of the Result record, of generated locals and of scratch buffers. */
  @Differentiable(wrt = {"value", "result"})
  static double generatedWords(Matrix value, Matrix result, double n) {
    Matrix loss = mul(value, result);
    double dot = dot(loss, loss);
    Matrix logSoftmax = logSoftmax(loss);
    return dot + n * sum(logSoftmax);
  }

  /** Non-ASCII names: the generated source stays ASCII. */
  @Differentiable
  static double greek(Matrix Σ, Matrix μ) {
    return scalar(mul(mul(t(μ), inv(Σ)), μ));
  }
}
