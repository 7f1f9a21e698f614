package dev.tracegrad.optim;

import dev.tracegrad.Matrix;

/**
 * A scalar function of a list of matrices, with its gradient and optionally its Hessian-vector
 * product: what the optimizers of this package minimise.
 *
 * <p>The variables {@code x} are a fixed list of matrices (a scalar variable is a 1×1 matrix);
 * every call receives matrices of the same shapes, in the same order. Implementations never
 * modify {@code x} or {@code v}. An implementation may keep scratch buffers between calls, so
 * unless it says otherwise an objective is used by one thread at a time.
 *
 * <p>Any implementation works: a hand-written one, or one that binds data to a generated gradient
 * class.
 *
 * <pre>{@code
 * Objective f = new Objective() {
 *     public double value(Matrix[] x) { ... }
 *     public double gradient(Matrix[] x, Matrix[] g) { ...; return value; }
 * };
 * OptimResult r = Lbfgs.minimize(f, new Matrix[] {w0}, Lbfgs.Options.defaults());
 * }</pre>
 */
public interface Objective {
    /** The value f(x). */
    double value(Matrix[] x);

    /**
     * Overwrites {@code g} with the gradient ∇f(x) (g[i] has the shape of x[i]) and returns
     * f(x), the same value {@link #value} returns.
     */
    double gradient(Matrix[] x, Matrix[] g);

    /** Whether {@link #hvp} is implemented; false unless overridden. */
    default boolean hasHvp() {
        return false;
    }

    /**
     * Overwrites {@code hv} with H(x)·v, the Hessian of f at x applied to the direction v (v[i]
     * and hv[i] have the shape of x[i]; H·v is the directional derivative of the gradient along
     * v).
     *
     * @throws UnsupportedOperationException unless {@link #hasHvp} is true (the default)
     */
    default void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
        throw new UnsupportedOperationException("this objective has no Hessian-vector product:"
                + " declare the loss with @Differentiable(..., hvp = true), or override hasHvp()"
                + " and hvp(...) in a hand-written Objective");
    }
}
