package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;

/**
 * The outcome of a minimisation.
 *
 * @param x the final iterate: new matrices with the shapes of {@code x0} (never {@code x0}
 *     itself)
 * @param value f at {@code x}
 * @param gradientNorm the max-norm of the gradient at {@code x}, max over all entries of |gᵢ|
 * @param iterations the iterations completed (0 if {@code x0} already satisfied a stopping test)
 * @param evaluations the calls to the objective's {@code value} or {@code gradient}
 *     (Hessian-vector products are not counted)
 * @param status why the run stopped
 */
public record OptimResult(Matrix[] x, double value, double gradientNorm, int iterations,
        int evaluations, Status status) {
    /** Checks that the iterate and the status are present. */
    public OptimResult {
        Checks.nonNull(x, "x");
        Checks.nonNull(status, "status");
    }

    /**
     * The status and numbers, then the variables as {@link Matrix#toString} shows them, e.g.
     * {@code CONVERGED_GRADIENT after 36 iterations (45 evaluations): f = 1.2e-17, max|g| = 4.1e-9,
     * x = [1×1 [[1.0]], 1×1 [[1.0]]]}.
     */
    @Override
    public String toString() {
        return status + " after " + iterations + " iterations (" + evaluations
                + " evaluations): f = " + value + ", max|g| = " + gradientNorm + ", x = "
                + java.util.Arrays.toString(x);
    }
}
