package dev.tracegrad;

import dev.tracegrad.kernel.Checks;
import dev.tracegrad.optim.Objective;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;

/**
 * Checks a gradient against central finite differences, for use in your own tests: any
 * gradient, generated or hand-written, can be verified without trusting the code that produced
 * it.
 *
 * <pre>{@code
 * Matrix dW1 = new LossesTwoLayerGradient().gradient(W1, W2, x, y).dW1();
 * GradientCheck.Report r = GradientCheck.check(w -> Losses.twoLayer(w, W2, x, y), W1, dW1);
 * assertTrue(r.passes(1e-6), r::toString);
 * }</pre>
 *
 * <p>Each entry x of the argument is moved to x ± h and the loss evaluated twice, so a check
 * costs 2·rows·cols evaluations. Central differences have error O(h²) plus rounding of order
 * ε·|f|/h; with the default step the result is typically good to 1e-8 or better relative to the
 * gradient's magnitude, so a tolerance around 1e-6 separates right from wrong.
 *
 * <p>{@link #checkHvp(Objective, Matrix[], Matrix[])} checks an objective's Hessian-vector
 * product the same way, against central differences of its gradient along the direction.
 */
public final class GradientCheck {
    /** Step relative to max(1, |x|), near the optimum ε^(1/3) ≈ 6e-6 of central differences. */
    private static final double RELATIVE_STEP = 1e-6;

    private GradientCheck() {}

    /**
     * The central-difference estimate of ∇f at {@code at} with the same step h for every entry.
     * The caller's matrix is never touched: a private copy is perturbed, one entry at a time.
     *
     * @param h the step, finite and positive
     */
    public static Matrix numericGradient(ToDoubleFunction<Matrix> f, Matrix at, double h) {
        Checks.nonNull(f, "f");
        Checks.nonNull(at, "at");
        requireStep(h);
        return centralDifferences(f, at, x -> h);
    }

    /**
     * Compares {@code analytic} with central differences, using for each entry x the step
     * 1e-6 · max(1, |x|) so that large entries are perturbed in proportion.
     *
     * @throws IllegalArgumentException if {@code analytic} is not the shape of {@code at}
     */
    public static Report check(ToDoubleFunction<Matrix> f, Matrix at, Matrix analytic) {
        Checks.nonNull(f, "f");
        requireSameShape(at, analytic);
        return compare(centralDifferences(f, at, x -> RELATIVE_STEP * Math.max(1, Math.abs(x))),
                analytic);
    }

    /**
     * Compares {@code analytic} with central differences taken with the fixed step {@code h}.
     *
     * @throws IllegalArgumentException if {@code analytic} is not the shape of {@code at}, or h is
     *     not finite and positive
     */
    public static Report check(ToDoubleFunction<Matrix> f, Matrix at, Matrix analytic, double h) {
        Checks.nonNull(f, "f");
        requireSameShape(at, analytic);
        requireStep(h);
        return compare(centralDifferences(f, at, x -> h), analytic);
    }

    /** The central-difference derivative of a scalar function, for {@code double} parameters. */
    public static double numericDerivative(DoubleUnaryOperator f, double at, double h) {
        Checks.nonNull(f, "f");
        return numericGradient(m -> f.applyAsDouble(m.data()[0]), Matrix.of(1, 1, at), h)
                .data()[0];
    }

    /**
     * Compares the derivative of a scalar function with central differences (step 1e-6 ·
     * max(1, |at|)); the report describes a 1×1 matrix.
     */
    public static Report check(DoubleUnaryOperator f, double at, double analytic) {
        Checks.nonNull(f, "f");
        return check(m -> f.applyAsDouble(m.data()[0]), Matrix.of(1, 1, at),
                Matrix.of(1, 1, analytic));
    }

    /** Like {@link #check(DoubleUnaryOperator, double, double)} with the fixed step h. */
    public static Report check(DoubleUnaryOperator f, double at, double analytic, double h) {
        Checks.nonNull(f, "f");
        return check(m -> f.applyAsDouble(m.data()[0]), Matrix.of(1, 1, at),
                Matrix.of(1, 1, analytic), h);
    }

    /**
     * Checks an objective's Hessian-vector product H(x)·v against central differences of its
     * gradient along v: (∇f(x + hv) − ∇f(x − hv)) / 2h, with h = 1e-6 · max(1, max|xᵢ|) /
     * max|vᵢ|, so that no entry of x moves by more than its share of 1e-6. Costs one
     * {@link Objective#hvp} and two {@link Objective#gradient} calls; {@code x} and {@code v} are
     * never touched.
     *
     * <pre>{@code
     * GradientCheck.Report[] r = GradientCheck.checkHvp(f, new Matrix[] {W}, new Matrix[] {V});
     * assertTrue(r[0].passes(1e-6), r[0]::toString);
     * }</pre>
     *
     * @return one report per variable, in the order of {@code x}: report i compares hv[i] with
     *     the central difference of the gradient's i-th matrix
     * @throws IllegalArgumentException if {@code v} does not have the shapes of {@code x}, or
     *     {@code f.hasHvp()} is false
     */
    public static Report[] checkHvp(Objective f, Matrix[] x, Matrix[] v) {
        checkHvpArguments(f, x, v);
        double xMax = 0;
        double vMax = 0;
        for (int i = 0; i < x.length; i++) {
            xMax = Math.max(xMax, maxAbs(x[i]));
            vMax = Math.max(vMax, maxAbs(v[i]));
        }
        double h = vMax > 0 ? RELATIVE_STEP * Math.max(1, xMax) / vMax : RELATIVE_STEP;
        return compareHvp(f, x, v, h);
    }

    /**
     * Like {@link #checkHvp(Objective, Matrix[], Matrix[])} with the fixed step h along v.
     *
     * @throws IllegalArgumentException if {@code v} does not have the shapes of {@code x},
     *     {@code f.hasHvp()} is false, or h is not finite and positive
     */
    public static Report[] checkHvp(Objective f, Matrix[] x, Matrix[] v, double h) {
        checkHvpArguments(f, x, v);
        requireStep(h);
        return compareHvp(f, x, v, h);
    }

    private static void checkHvpArguments(Objective f, Matrix[] x, Matrix[] v) {
        Checks.nonNull(f, "f");
        Checks.nonNull(x, "x");
        Checks.nonNull(v, "v");
        if (v.length != x.length) {
            throw new IllegalArgumentException("checkHvp: v holds " + v.length
                    + " matrices but x holds " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            Checks.nonNull(x[i], "x[" + i + "]");
            Checks.nonNull(v[i], "v[" + i + "]");
            if (v[i].rows() != x[i].rows() || v[i].cols() != x[i].cols()) {
                throw Checks.shapeMismatch("checkHvp", "x[" + i + "]", x[i].rows(), x[i].cols(),
                        "v[" + i + "]", v[i].rows(), v[i].cols(),
                        "a direction has the shape of its variable");
            }
        }
        if (!f.hasHvp()) {
            throw new IllegalArgumentException("checkHvp: the objective's hasHvp() is false: set"
                    + " hvp = true on @Differentiable (or implement hasHvp() and hvp(...))");
        }
    }

    private static Report[] compareHvp(Objective f, Matrix[] x, Matrix[] v, double h) {
        int n = x.length;
        Matrix[] analytic = new Matrix[n];
        Matrix[] up = new Matrix[n];
        Matrix[] down = new Matrix[n];
        Matrix[] gUp = new Matrix[n];
        Matrix[] gDown = new Matrix[n];
        for (int i = 0; i < n; i++) {
            analytic[i] = Matrix.zeros(x[i].rows(), x[i].cols());
            up[i] = Matrix.zeros(x[i].rows(), x[i].cols());
            down[i] = Matrix.zeros(x[i].rows(), x[i].cols());
            gUp[i] = Matrix.zeros(x[i].rows(), x[i].cols());
            gDown[i] = Matrix.zeros(x[i].rows(), x[i].cols());
            double[] xs = x[i].data();
            double[] vs = v[i].data();
            for (int k = 0; k < xs.length; k++) {
                up[i].data()[k] = xs[k] + h * vs[k];
                down[i].data()[k] = xs[k] - h * vs[k];
            }
        }
        f.hvp(x, v, analytic);
        f.gradient(up, gUp);
        f.gradient(down, gDown);
        Report[] reports = new Report[n];
        for (int i = 0; i < n; i++) {
            double[] numeric = new double[gUp[i].data().length];
            for (int k = 0; k < numeric.length; k++) {
                numeric[k] = (gUp[i].data()[k] - gDown[i].data()[k]) / (2 * h);
            }
            reports[i] = compare(Matrix.wrap(x[i].rows(), x[i].cols(), numeric), analytic[i]);
        }
        return reports;
    }

    private static double maxAbs(Matrix m) {
        double max = 0;
        for (double d : m.data()) {
            max = Math.max(max, Math.abs(d));
        }
        return max;
    }

    /**
     * The outcome of a check.
     *
     * <p>The error of an entry is |a − n| / max(1, |a|, |n|) for analytic a and numeric n: a
     * relative error for entries of magnitude above 1, and an absolute error below, since
     * magnitudes under 1 count as 1. Tiny entries are thus judged absolutely, and an exact 0
     * against a numeric 1e-10 is not a 100% error.
     *
     * @param numeric the central-difference gradient (for {@link #checkHvp}: the central
     *     difference of the gradient along the direction, which estimates H·v)
     * @param maxRelativeError the largest entry error as defined above (NaN if any entry's is,
     *     0 for an empty matrix)
     * @param worstRow row of the entry with the largest error (-1 for an empty matrix)
     * @param worstCol column of the entry with the largest error (-1 for an empty matrix)
     */
    public record Report(Matrix numeric, double maxRelativeError, int worstRow, int worstCol) {
        /** Checks that the numeric gradient is present. */
        public Report {
            Checks.nonNull(numeric, "numeric");
        }

        /** Whether every entry's error is at most {@code tol}; false if any error is NaN. */
        public boolean passes(double tol) {
            return maxRelativeError <= tol;
        }
    }

    private static Matrix centralDifferences(
            ToDoubleFunction<Matrix> f, Matrix at, DoubleUnaryOperator step) {
        Matrix probe = at.copy();
        double[] x = probe.data();
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double h = step.applyAsDouble(xi);
            double up = xi + h;
            double down = xi - h;
            x[i] = up;
            double fUp = f.applyAsDouble(probe);
            x[i] = down;
            double fDown = f.applyAsDouble(probe);
            x[i] = xi;
            // Divide by the step actually taken: xi ± h is rounded, so up − down may differ
            // from 2h in its last bits, and that relative error would pass into the estimate.
            g[i] = (fUp - fDown) / (up - down);
        }
        return Matrix.wrap(at.rows(), at.cols(), g);
    }

    private static Report compare(Matrix numeric, Matrix analytic) {
        double[] n = numeric.data();
        double[] a = analytic.data();
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < n.length; i++) {
            double scale = Math.max(1, Math.max(Math.abs(a[i]), Math.abs(n[i])));
            double err = Math.abs(a[i] - n[i]) / scale;
            // The first NaN wins and stays: a NaN must fail the check, not hide behind a number.
            boolean worse = Double.isNaN(err) ? !Double.isNaN(worst) : err > worst;
            if (worse || worstIndex < 0) {
                worst = err;
                worstIndex = i;
            }
        }
        int cols = numeric.cols();
        return worstIndex < 0
                ? new Report(numeric, 0, -1, -1)
                : new Report(numeric, worst, worstIndex / cols, worstIndex % cols);
    }

    private static void requireSameShape(Matrix at, Matrix analytic) {
        Checks.nonNull(at, "at");
        Checks.nonNull(analytic, "analytic");
        if (at.rows() != analytic.rows() || at.cols() != analytic.cols()) {
            throw Checks.shapeMismatch("check", "at", at.rows(), at.cols(), "analytic",
                    analytic.rows(), analytic.cols(), "the gradient has the shape of the argument");
        }
    }

    private static void requireStep(double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h must be finite and positive but is " + h);
        }
    }
}
