package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;

/**
 * Dense Hessians from Hessian-vector products, for problems with few variables: standard errors
 * of a maximum-likelihood fit are the square roots of the diagonal of the inverse Hessian of the
 * negative log-likelihood at the optimum.
 */
public final class Hessians {
    private Hessians() {}

    /**
     * The Hessian of {@code f} at {@code x}: the N×N matrix, N the number of entries of all the
     * variables, whose column j is H·eⱼ, one {@link Objective#hvp} call per column. Variables are
     * flattened in order, row-major within each matrix, for rows and columns alike: the entry
     * (r, c) of variable i is index offset(i) + r·cols + c, offset(i) being the number of entries
     * of the variables before it.
     *
     * <p>The result is returned as computed, not symmetrised: an exact Hessian is symmetric, so
     * H − Hᵀ shows the rounding (or an error) in the objective's hvp. Use (H + Hᵀ)/2 where exact
     * symmetry matters. {@code x} is not modified.
     *
     * @throws NullPointerException if {@code f} is null
     * @throws IllegalArgumentException if {@code f.hasHvp()} is false, or {@code x} is null or
     *     empty, holds a null matrix, has no entries or a non-finite entry
     */
    public static Matrix dense(Objective f, Matrix[] x) {
        Checks.nonNull(f, "f");
        NewtonCg.requireHvp(f, "Hessians.dense");
        Vars.requireFinite(x, "x");
        int n = Vars.size(x);
        Matrix h = Matrix.zeros(n, n);
        double[] out = h.data();
        Matrix[] e = Vars.zerosLike(x);
        Matrix[] hv = Vars.zerosLike(x);
        int column = 0;
        for (Matrix variable : e) {
            double[] unit = variable.data();
            for (int k = 0; k < unit.length; k++, column++) {
                unit[k] = 1;
                f.hvp(x, e, hv);
                unit[k] = 0;
                int row = 0;
                for (Matrix m : hv) {
                    for (double value : m.data()) {
                        out[row++ * n + column] = value;
                    }
                }
            }
        }
        return h;
    }
}
