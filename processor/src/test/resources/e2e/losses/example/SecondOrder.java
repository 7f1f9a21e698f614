package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/** Losses with Hessian-vector products, each with a Hessian known in closed form. */
class SecondOrder {
  /**
   * L2-regularised logistic regression, samples as the columns of X:
   * H·(v, c) = (X diag(σ(1 − σ)) (Xᵀv + c𝟏) + λv, 𝟏ᵀ diag(σ(1 − σ)) (Xᵀv + c𝟏)).
   */
  @Differentiable(wrt = {"w", "b"}, hvp = true)
  static double logistic(Matrix w, Matrix b, Matrix X, Matrix y, double lambda) {
    Matrix z = addColumn(mul(t(w), X), b);
    return sum(softplus(z)) - dot(y, z) + 0.5 * lambda * sumsq(w);
  }

  /** Least squares ‖Ax − b‖²: H·v = 2AᵀAv. */
  @Differentiable(wrt = "x", hvp = true)
  static double leastSquares(Matrix A, Matrix x, Matrix b) {
    return sumsq(sub(mul(A, x), b));
  }

  /** s²‖W‖²: H·(V, t) = (2s²V + 4st W, 4s tr(WᵀV) + 2t‖W‖²). */
  @Differentiable(wrt = {"W", "s"}, hvp = true)
  static double scaledNorm(Matrix W, double s) {
    return s * s * sumsq(W);
  }

  /** Only doubles differentiated: a²b + a 𝟏ᵀC𝟏, H = [[2b, 2a], [2a, 0]]. */
  @Differentiable(wrt = {"a", "b"}, hvp = true)
  static double scalars(Matrix C, double a, double b) {
    return a * a * b + sum(C) * a;
  }

  /** relu and abs, piecewise linear: H = 0 everywhere, kinks included. */
  @Differentiable(wrt = "A", hvp = true)
  static double kinks(Matrix A, Matrix C) {
    return dot(C, relu(A)) + dot(C, abs(A));
  }

  /** Parameters named like the generated directions, outputs and locals: they keep their names. */
  @Differentiable(wrt = "W", hvp = true)
  static double names(Matrix W, Matrix vW, Matrix hW, double value) {
    return value * sumsq(hadamard(W, vW)) + dot(hW, W);
  }

  /** Gaussian negative log-likelihood (inverse, log-determinant), as in Models. */
  @Differentiable(wrt = {"mu", "Sigma"}, hvp = true)
  static double gaussianNll(Matrix mu, Matrix Sigma, Matrix X, double n) {
    Matrix D = addColumn(X, neg(mu));
    Matrix P = inv(Sigma);
    return 0.5 * n * logdet(Sigma) + 0.5 * tr(mul(mul(t(D), P), D));
  }

  /** Batched two-layer network (tanh, softmax cross-entropy), as in Models. */
  @Differentiable(wrt = {"W1", "b1", "W2", "b2"}, hvp = true)
  static double network(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y, double n) {
    Matrix A1 = addColumn(mul(W1, X), b1);
    Matrix H1 = tanh(A1);
    Matrix A2 = addColumn(mul(W2, H1), b2);
    return -dot(Y, logSoftmax(A2)) / n;
  }

  /** ½‖W‖² + s: the gradient is W itself, H·v is the direction. */
  @Differentiable(wrt = "W", hvp = true)
  static double half(Matrix W, double s) {
    return 0.5 * sumsq(W) + s;
  }
}
