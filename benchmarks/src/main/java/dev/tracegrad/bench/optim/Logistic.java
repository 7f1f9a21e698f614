package dev.tracegrad.bench.optim;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.neg;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.softplus;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/** The loss scikit-learn's {@code LogisticRegression} minimises, as a user would write it. */
public final class Logistic {
    private Logistic() {}

    /**
     * Σⱼ log(1 + exp(−yⱼ(wᵀxⱼ + b))) + (λ/2)‖w‖² over the columns xⱼ of X, labels ±1 in the n×1
     * column y, {@code ones} an n×1 column of ones carrying the intercept b, which is not
     * penalised. scikit-learn's objective with C = 1/λ, divided by C.
     */
    @Differentiable(wrt = {"w", "b"})
    public static double penalised(Matrix w, double b, Matrix X, Matrix y, Matrix ones, double lambda) {
        Matrix margins = hadamard(y, add(mul(t(X), w), scale(b, ones)));
        return sum(softplus(neg(margins))) + 0.5 * lambda * sumsq(w);
    }
}
