package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;

/**
 * The Adam optimizer (Kingma and Ba, 2015) for a fixed list of parameter matrices, updated in
 * place from gradients of the same shapes, e.g. one mini-batch at a time.
 *
 * <pre>{@code
 * Adam adam = new Adam(0.01);
 * for (...) {
 *     gradient.gradient(W, b, x, y, dW, db);
 *     adam.step(new Matrix[] {W, b}, new Matrix[] {dW, db});
 * }
 * }</pre>
 *
 * <p>Step t (from 1) updates every entry w with gradient g as
 * <pre>
 * m ← β₁·m + (1 − β₁)·g
 * v ← β₂·v + (1 − β₂)·g·g
 * w ← w − lr·(m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
 * </pre>
 * evaluated in exactly this order. The moments m and v start at zero and are allocated at the
 * first step, from the shapes of the parameters; after that a step allocates nothing.
 *
 * <p>The hyperparameters are changed with setters, which return this instance so that they
 * chain ({@code new Adam(0.01).setBeta2(0.99)}); they may be changed between steps (a
 * learning-rate schedule). An instance keeps state and is used by one thread at a time.
 */
public final class Adam {
    private double learningRate;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double[][] m;
    private double[][] v;
    private int[] rows;
    private int[] cols;
    private int steps;

    /**
     * An optimizer with β₁ = 0.9, β₂ = 0.999 and ε = 1e-8.
     *
     * @throws IllegalArgumentException if {@code learningRate} is not finite and positive
     */
    public Adam(double learningRate) {
        setLearningRate(learningRate);
    }

    /**
     * Sets the learning rate.
     *
     * @return this
     * @throws IllegalArgumentException if it is not finite and positive
     */
    public Adam setLearningRate(double learningRate) {
        Lbfgs.requirePositive(learningRate, "learningRate");
        this.learningRate = learningRate;
        return this;
    }

    /**
     * Sets β₁, the decay of the first moment.
     *
     * @return this
     * @throws IllegalArgumentException if it is not in [0, 1)
     */
    public Adam setBeta1(double beta1) {
        this.beta1 = requireDecay(beta1, "beta1");
        return this;
    }

    /**
     * Sets β₂, the decay of the second moment.
     *
     * @return this
     * @throws IllegalArgumentException if it is not in [0, 1)
     */
    public Adam setBeta2(double beta2) {
        this.beta2 = requireDecay(beta2, "beta2");
        return this;
    }

    /**
     * Sets ε, added to the root of the second moment.
     *
     * @return this
     * @throws IllegalArgumentException if it is not finite and positive
     */
    public Adam setEpsilon(double epsilon) {
        Lbfgs.requirePositive(epsilon, "epsilon");
        this.epsilon = epsilon;
        return this;
    }

    /** The learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** β₁, the decay of the first moment (default 0.9). */
    public double beta1() {
        return beta1;
    }

    /** β₂, the decay of the second moment (default 0.999). */
    public double beta2() {
        return beta2;
    }

    /** ε (default 1e-8). */
    public double epsilon() {
        return epsilon;
    }

    /** The number of steps taken since construction or the last {@link #reset}. */
    public int steps() {
        return steps;
    }

    /**
     * Forgets the moments and the step count, so that the next step is a first step again (and
     * may have other shapes). The hyperparameters are kept.
     */
    public void reset() {
        m = null;
        v = null;
        rows = null;
        cols = null;
        steps = 0;
    }

    /**
     * One step: updates every {@code params[i]} in place from {@code grads[i]}. Both arrays are
     * checked before anything is written.
     *
     * @throws NullPointerException if an array or matrix is null
     * @throws IllegalArgumentException if the arrays differ in length, a gradient's shape is not
     *     its parameter's, or (after the first step) the parameters' number or shapes differ from
     *     those of the first step
     */
    public void step(Matrix[] params, Matrix[] grads) {
        check(params, grads);
        if (m == null) {
            int n = params.length;
            double[][] m0 = new double[n][];
            double[][] v0 = new double[n][];
            int[] r0 = new int[n];
            int[] c0 = new int[n];
            for (int p = 0; p < n; p++) {
                m0[p] = new double[params[p].data().length];
                v0[p] = new double[params[p].data().length];
                r0[p] = params[p].rows();
                c0[p] = params[p].cols();
            }
            m = m0;
            v = v0;
            rows = r0;
            cols = c0;
        }
        steps++;
        double c1 = 1 - Math.pow(beta1, steps);
        double c2 = 1 - Math.pow(beta2, steps);
        for (int p = 0; p < params.length; p++) {
            double[] w = params[p].data();
            double[] g = grads[p].data();
            double[] mp = m[p];
            double[] vp = v[p];
            for (int i = 0; i < w.length; i++) {
                mp[i] = beta1 * mp[i] + (1 - beta1) * g[i];
                vp[i] = beta2 * vp[i] + (1 - beta2) * g[i] * g[i];
                w[i] -= learningRate * (mp[i] / c1) / (Math.sqrt(vp[i] / c2) + epsilon);
            }
        }
    }

    private void check(Matrix[] params, Matrix[] grads) {
        Checks.nonNull(params, "params");
        Checks.nonNull(grads, "grads");
        if (grads.length != params.length) {
            throw new IllegalArgumentException("grads holds " + grads.length
                    + " matrices but params holds " + params.length);
        }
        if (m != null && params.length != m.length) {
            throw new IllegalArgumentException("params holds " + params.length
                    + " matrices but held " + m.length + " at the first step");
        }
        for (int p = 0; p < params.length; p++) {
            Matrix w = params[p];
            Matrix g = grads[p];
            // Messages are built only on failure, so that a step allocates nothing.
            if (w == null) {
                throw new NullPointerException("params[" + p + "] must not be null");
            }
            if (g == null || g.rows() != w.rows() || g.cols() != w.cols()) {
                Checks.outputShape(g, "grads[" + p + "]", w.rows(), w.cols(), "params[" + p + "]");
            }
            if (m != null && (w.rows() != rows[p] || w.cols() != cols[p])) {
                throw new IllegalArgumentException("params[" + p + "] is " + w.rows() + "×"
                        + w.cols() + " but was " + rows[p] + "×" + cols[p]
                        + " at the first step (reset() starts afresh)");
            }
        }
    }

    private static double requireDecay(double beta, String name) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1) but is " + beta);
        }
        return beta;
    }
}
