package dev.tracegrad.spark;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** The losses of the module's tests. */
public final class TestLosses {
    private TestLosses() {}

    /**
     * L2-regularised logistic regression over the columns of X (d×n) with labels y (1×n, ±1):
     * Σ softplus(−y ⊙ (wᵀX + b)) + ½λ‖w‖², with generated Hessian-vector products.
     */
    @Differentiable(wrt = {"w", "b"}, hvp = true)
    public static double logistic(Matrix w, double b, Matrix X, Matrix y, double lambda) {
        Matrix margins = hadamard(y, add(mul(t(w), X), b));
        return sum(softplus(neg(margins))) + 0.5 * lambda * sumsq(w);
    }
}
