package dev.tracegrad.spark.example;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** The example's loss. */
public final class ExampleLosses {
    private ExampleLosses() {}

    /**
     * L2-regularised logistic regression over the columns of X (d×n) with labels y (1×n, ±1):
     * Σⱼ log(1 + exp(−yⱼ(wᵀxⱼ + b))) + ½λ‖w‖², with Hessian-vector products (for
     * {@code NewtonCg}). Generates {@code ExampleLossesLogisticGradient}.
     */
    @Differentiable(wrt = {"w", "b"}, hvp = true)
    public static double logistic(Matrix w, double b, Matrix X, Matrix y, double lambda) {
        Matrix margins = hadamard(y, add(mul(t(w), X), b));
        return sum(softplus(neg(margins))) + 0.5 * lambda * sumsq(w);
    }
}
