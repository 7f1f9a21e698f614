package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/**
 * Losses from The Matrix Cookbook (Petersen and Pedersen) and textbooks, written as a user
 * would write them, none of them seen by the processor's own tests.
 */
class Cookbook {
  /** Cookbook (102): ∂ tr(AXB)/∂X = AᵀBᵀ. */
  @Differentiable(wrt = "X")
  static double traceAXB(Matrix A, Matrix X, Matrix B) {
    return tr(mul(mul(A, X), B));
  }

  /** Cookbook (109): ∂ tr(XBXᵀ)/∂X = XBᵀ + XB. */
  @Differentiable(wrt = "X")
  static double traceXBXt(Matrix X, Matrix B) {
    return tr(mul(X, mul(B, t(X))));
  }

  /** Cookbook (55): ∂ ln det(XᵀX)/∂X = 2X(XᵀX)⁻¹. */
  @Differentiable
  static double logDetGram(Matrix X) {
    Matrix gram = mul(t(X), X);
    return logdet(gram);
  }

  /** Ridge in matrix form: ‖AX − B‖²_F + λ‖X‖²_F. */
  @Differentiable(wrt = "X")
  static double ridgeMatrix(Matrix A, Matrix X, Matrix B, double lambda) {
    return sumsq(sub(mul(A, X), B)) + lambda * sumsq(X);
  }

  /** Cookbook (125): ∂ tr(AX⁻¹B)/∂X = −X⁻ᵀAᵀBᵀX⁻ᵀ. */
  @Differentiable(wrt = "X")
  static double traceAXinvB(Matrix A, Matrix X, Matrix B) {
    return tr(mul(A, mul(inv(X), B)));
  }

  /** Cookbook (50): ∂ det(AXB)/∂X = det(AXB) X⁻ᵀ for square A, X, B. */
  @Differentiable(wrt = "X")
  static double detAXB(Matrix A, Matrix X, Matrix B) {
    return det(mul(A, mul(X, B)));
  }

  /** Multinomial logistic (softmax) regression with an L2 penalty. */
  @Differentiable(wrt = "W")
  static double softmaxRegression(Matrix W, Matrix X, Matrix Y, double lambda) {
    Matrix scores = mul(W, X);
    return -dot(Y, logSoftmax(scores)) + 0.5 * lambda * sumsq(W);
  }

  /** Pseudo-Huber loss δ² Σ (√(1 + (r/δ)²) − 1) of r = Ax − b, with J a column of ones. */
  @Differentiable(wrt = "x")
  static double pseudoHuber(Matrix A, Matrix x, Matrix b, Matrix J, double delta) {
    Matrix r = scale(1 / delta, sub(mul(A, x), b));
    return delta * delta * (sum(sqrt(add(J, square(r)))) - sum(J));
  }

  /** Squared Mahalanobis distance (x − μ)ᵀΣ⁻¹(x − μ), Cookbook (86) and (61). */
  @Differentiable
  static double mahalanobis(Matrix x, Matrix mu, Matrix S) {
    Matrix d = sub(x, mu);
    return scalar(mul(mul(t(d), inv(S)), d));
  }

  /** Cookbook (111): ∂ tr(X²)/∂X = 2Xᵀ. */
  @Differentiable
  static double traceOfSquare(Matrix X) {
    return tr(mul(X, X));
  }

  /** Cookbook (69) and (70): ∂ aᵀXb/∂X = abᵀ, ∂ cᵀXᵀa/∂X = acᵀ. */
  @Differentiable(wrt = "X")
  static double linearForms(Matrix a, Matrix X, Matrix b, Matrix c) {
    return scalar(mul(mul(t(a), X), b)) + scalar(mul(t(c), mul(t(X), a)));
  }

  /** Cookbook (80): ∂ bᵀXᵀDXc/∂X = DᵀXbcᵀ + DXcbᵀ. */
  @Differentiable(wrt = "X")
  static double bXtDXc(Matrix b, Matrix X, Matrix D, Matrix c) {
    return scalar(mul(mul(mul(t(b), t(X)), D), mul(X, c)));
  }

  /** Cookbook (129): ∂ ‖x‖₂/∂x = x/‖x‖₂. */
  @Differentiable
  static double euclideanNorm(Matrix x) {
    return Math.sqrt(sumsq(x));
  }

  /** log Σ exp(xᵢⱼ) over all entries: its gradient is the softmax of all entries. */
  @Differentiable
  static double logSumExp(Matrix x) {
    return Math.log(sum(exp(x)));
  }

  /** Symmetric factorisation ‖XXᵀ − C‖²_F: ∂/∂X = 2(R + Rᵀ)X with R = XXᵀ − C. */
  @Differentiable(wrt = "X")
  static double symmetricFactorisation(Matrix X, Matrix C) {
    Matrix R = sub(mul(X, t(X)), C);
    return sumsq(R);
  }

  /** KL(N(m1, S1) ‖ N(m2, S2)) for k-dimensional Gaussians. */
  @Differentiable(wrt = {"m1", "S1"})
  static double gaussianKl(Matrix m1, Matrix S1, Matrix m2, Matrix S2, double k) {
    Matrix P2 = inv(S2);
    Matrix d = sub(m2, m1);
    return 0.5 * (tr(mul(P2, S1)) + scalar(mul(mul(t(d), P2), d)) - k + logdet(S2) - logdet(S1));
  }

  /** Log-cosh regression loss Σ log(2 cosh(Ax − b)), written with exp: ∂/∂x = Aᵀ tanh(Ax − b). */
  @Differentiable(wrt = "x")
  static double logCosh(Matrix A, Matrix x, Matrix b) {
    Matrix r = sub(mul(A, x), b);
    return sum(log(add(exp(r), exp(neg(r)))));
  }

  /** Lasso: ½‖Ax − b‖² + λ Σ|xᵢ|, away from the kinks. */
  @Differentiable(wrt = "x")
  static double lasso(Matrix A, Matrix x, Matrix b, double lambda) {
    return 0.5 * sumsq(sub(mul(A, x), b)) + lambda * sum(abs(x));
  }
}
