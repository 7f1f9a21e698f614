package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/**
 * Losses whose gradients solve linear systems, square and not, plain and transposed, for the
 * Hessian-vector products that go through the factorisation's tangent M⁻¹dM.
 */
class Solves {
  /** The Gaussian negative log-likelihood in Σ: ∂/∂Σ = Σ⁻ᵀ(I − (Σ⁻¹S)ᵀ), a transposed solve. */
  @Differentiable(wrt = "Sigma")
  static double gaussian(Matrix Sigma, Matrix S) {
    return logdet(Sigma) + tr(mul(inv(Sigma), S));
  }

  /** A⁻¹B with B square and differentiated too. */
  @Differentiable(wrt = {"A", "B"})
  static double squareSolve(Matrix A, Matrix B, Matrix C) {
    return dot(C, mul(inv(A), B)) + tr(mul(B, B));
  }

  /** A⁻ᵀB with B square and differentiated too. */
  @Differentiable(wrt = {"A", "B"})
  static double transposedSolve(Matrix A, Matrix B, Matrix C) {
    return dot(C, mul(t(inv(A)), B)) + tr(mul(B, B));
  }

  /** One right-hand side: the differential stays A⁻¹(db − dA A⁻¹b). */
  @Differentiable(wrt = {"A", "b"})
  static double vectorSolve(Matrix A, Matrix b, Matrix c) {
    return dot(c, mul(inv(A), b)) + sumsq(b);
  }

  /** Several systems with one matrix: log|A|, A⁻¹B and A⁻ᵀB share A's factorisation and its tangent. */
  @Differentiable(wrt = "A")
  static double sharedFactor(Matrix A, Matrix B) {
    return logdet(A) + sumsq(mul(inv(A), B)) + sum(mul(t(inv(A)), B));
  }
}
