package dev.tracegrad.bench.optim;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.neg;
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
     * column y, the intercept b added to every score and not penalised. scikit-learn's objective
     * with C = 1/λ, divided by C. Its Hessian-vector products are generated too, for Newton-CG and
     * the standard errors.
     */
    @Differentiable(wrt = {"w", "b"}, hvp = true)
    public static double penalised(Matrix w, double b, Matrix X, Matrix y, double lambda) {
        Matrix margins = hadamard(y, add(mul(t(X), w), b));
        return sum(softplus(neg(margins))) + 0.5 * lambda * sumsq(w);
    }
}
