package dev.tracegrad.bench;

import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.repeatCols;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/**
 * Losses written in two ways that should cost the same, for {@code WrittenFormsBenchmark}: ridge
 * regression with its predictions as a row (wᵀX) and as a column (Xᵀw), and a Gaussian
 * log-likelihood differentiated with respect to its mean as well as its covariance, against the
 * covariance alone.
 */
public final class WrittenForms {
    private WrittenForms() {}

    /** ‖wᵀX − y‖² + λ‖w‖², y a row. */
    @Differentiable(wrt = "w")
    public static double ridgeRow(Matrix w, Matrix X, Matrix y, double lambda) {
        return sumsq(sub(mul(t(w), X), y)) + lambda * sumsq(w);
    }

    /** ‖Xᵀw − y‖² + λ‖w‖², y a column: the same loss. */
    @Differentiable(wrt = "w")
    public static double ridgeColumn(Matrix w, Matrix X, Matrix y, double lambda) {
        return sumsq(sub(mul(t(X), w), y)) + lambda * sumsq(w);
    }

    /** n log|Σ| + tr(Cᵀ Σ⁻¹ C) with C = X − μ𝟏ᵀ, in Σ and μ. */
    @Differentiable(wrt = {"Sigma", "mu"})
    public static double gaussianMean(Matrix Sigma, Matrix mu, Matrix X) {
        Matrix C = sub(X, repeatCols(mu, X.cols()));
        return X.cols() * logdet(Sigma) + dot(C, mul(inv(Sigma), C));
    }

    /** The same loss in Σ alone. */
    @Differentiable(wrt = "Sigma")
    public static double gaussianSigma(Matrix Sigma, Matrix mu, Matrix X) {
        Matrix C = sub(X, repeatCols(mu, X.cols()));
        return X.cols() * logdet(Sigma) + dot(C, mul(inv(Sigma), C));
    }
}
