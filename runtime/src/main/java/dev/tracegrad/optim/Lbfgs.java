package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;

/**
 * Limited-memory BFGS (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed., algorithms
 * 7.4 and 7.5): a quasi-Newton method that needs only values and gradients.
 *
 * <pre>{@code
 * OptimResult r = Lbfgs.minimize(f, new Matrix[] {w0, b0},
 *         Lbfgs.Options.defaults().withGradientTolerance(1e-8));
 * Matrix w = r.x()[0];
 * }</pre>
 *
 * <p>The search direction comes from the two-loop recursion over the last {@code memory} pairs
 * (s, y) of steps and gradient changes, scaled by sᵀy / yᵀy of the newest pair (the first
 * iteration goes along −g with trial step min(1, 1/‖g‖₂)). A pair with sᵀy ≤ 1e-10·yᵀy is not
 * stored, which keeps the implied inverse Hessian positive definite. The step length comes
 * from a line search that satisfies the strong Wolfe conditions with c₁ = 1e-4 and c₂ = 0.9
 * (algorithms 3.5 and 3.6: bracketing by doubling, then zoom with safeguarded cubic
 * interpolation; at most 20 evaluations each). If it fails, the memory is cleared and the search
 * is retried once along −g before the run ends with {@link Status#LINE_SEARCH_FAILED}.
 *
 * <p>After each iteration the run stops, in this order, when the {@link ProgressListener}
 * returns false ({@link Status#STOPPED}); when max|gᵢ| ≤ gradientTolerance
 * ({@link Status#CONVERGED_GRADIENT}, also tested at x0); when (f_k − f_{k+1}) / max(|f_k|,
 * |f_{k+1}|, 1) ≤ functionTolerance ({@link Status#CONVERGED_FUNCTION}, scipy's {@code ftol});
 * or after maxIterations iterations ({@link Status#MAX_ITERATIONS}). A NaN or infinite value or
 * gradient entry ends the run at once with {@link Status#NON_FINITE} and the last finite
 * iterate. Every loop is bounded, so a run always ends.
 *
 * <p>Memory: about (2·memory + 4)·N doubles for N variables, allocated once per run.
 */
public final class Lbfgs {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    /** Evaluations allowed in each of the bracketing and zoom phases of one line search. */
    private static final int MAX_SEARCH = 20;

    private Lbfgs() {}

    /**
     * The options of a run: immutable; start from {@link #defaults()} and change what you need
     * with the withers. Every component is validated when an instance is made.
     *
     * @param gradientTolerance stop when max|gᵢ| ≤ this; finite and positive (default 1e-5)
     * @param functionTolerance stop when the relative decrease of f in one iteration is ≤ this;
     *     finite and positive (default 2.220446049250313e-9, scipy's L-BFGS-B {@code ftol};
     *     {@link Double#MIN_VALUE} in effect turns the test off)
     * @param maxIterations the most iterations, at least 1 (default 1000)
     * @param memory the number of (s, y) pairs kept, at least 1 (default 10)
     * @param progress called after every iteration (default {@link ProgressListener#NONE})
     */
    public record Options(double gradientTolerance, double functionTolerance, int maxIterations,
            int memory, ProgressListener progress) {
        /**
         * Validates the options.
         *
         * @throws IllegalArgumentException naming the first invalid option
         * @throws NullPointerException if {@code progress} is null
         */
        public Options {
            requirePositive(gradientTolerance, "gradientTolerance");
            requirePositive(functionTolerance, "functionTolerance");
            requireAtLeastOne(maxIterations, "maxIterations");
            requireAtLeastOne(memory, "memory");
            Checks.nonNull(progress, "progress");
        }

        /** Gradient tolerance 1e-5, function tolerance 2.22e-9, 1000 iterations, memory 10. */
        public static Options defaults() {
            return new Options(1e-5, 2.220446049250313e-9, 1000, 10, ProgressListener.NONE);
        }

        /** These options with another {@link #gradientTolerance}. */
        public Options withGradientTolerance(double gradientTolerance) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, memory,
                    progress);
        }

        /** These options with another {@link #functionTolerance}. */
        public Options withFunctionTolerance(double functionTolerance) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, memory,
                    progress);
        }

        /** These options with another {@link #maxIterations}. */
        public Options withMaxIterations(int maxIterations) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, memory,
                    progress);
        }

        /** These options with another {@link #memory}. */
        public Options withMemory(int memory) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, memory,
                    progress);
        }

        /** These options with another {@link #progress} listener. */
        public Options withProgress(ProgressListener progress) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, memory,
                    progress);
        }
    }

    /**
     * Minimises {@code f} from {@code x0}, which is not modified.
     *
     * <p>Gradient buffers are allocated with the shapes of {@code x0}; an objective that expects
     * other shapes reports it when first called (generated objectives check their arguments'
     * shapes), and its exception passes through.
     *
     * @throws NullPointerException if {@code f} or {@code o} is null
     * @throws IllegalArgumentException if {@code x0} is null or empty, holds a null matrix or no
     *     entries at all, or has a non-finite entry (the message names the variable and entry)
     */
    public static OptimResult minimize(Objective f, Matrix[] x0, Options o) {
        Checks.nonNull(f, "f");
        Checks.nonNull(o, "o");
        return new Run(f, Vars.copyStart(x0, "x0"), o).run();
    }

    /** One run: its buffers and counters. */
    private static final class Run {
        private final Objective f;
        private final Options o;
        private Matrix[] x;
        private Matrix[] g;
        private Matrix[] xTrial;
        private Matrix[] gTrial;
        private final Matrix[] d;
        private final Matrix[][] s;
        private final Matrix[][] y;
        private final double[] rho;
        private final double[] alpha;
        /** Stored pairs, and the slot of the newest. */
        private int pairs;
        private int newest = -1;
        private double fx;
        private double fTrial;
        private int evaluations;
        /** Set when the objective returned something non-finite during a line search. */
        private boolean nonFinite;

        Run(Objective f, Matrix[] x, Options o) {
            this.f = f;
            this.o = o;
            this.x = x;
            g = Vars.zerosLike(x);
            xTrial = Vars.zerosLike(x);
            gTrial = Vars.zerosLike(x);
            d = Vars.zerosLike(x);
            s = new Matrix[o.memory()][];
            y = new Matrix[o.memory()][];
            rho = new double[o.memory()];
            alpha = new double[o.memory()];
        }

        OptimResult run() {
            fx = f.gradient(x, g);
            evaluations++;
            if (!Double.isFinite(fx) || !Vars.allFinite(g)) {
                return result(fx, Vars.maxAbs(g), 0, Status.NON_FINITE);
            }
            double gNorm = Vars.maxAbs(g);
            if (gNorm <= o.gradientTolerance()) {
                return result(fx, gNorm, 0, Status.CONVERGED_GRADIENT);
            }
            for (int k = 1; ; k++) {
                double slope = direction();
                double first = pairs == 0 ? Math.min(1, 1 / Vars.norm(g)) : 1;
                double step = lineSearch(first, slope);
                if (Double.isNaN(step) && !nonFinite && pairs > 0) {
                    // The quasi-Newton direction failed: forget the curvature, try along −g.
                    pairs = 0;
                    newest = -1;
                    slope = direction();
                    step = lineSearch(Math.min(1, 1 / Vars.norm(g)), slope);
                }
                if (nonFinite) {
                    return result(fx, gNorm, k - 1, Status.NON_FINITE);
                }
                if (Double.isNaN(step)) {
                    return result(fx, gNorm, k - 1, Status.LINE_SEARCH_FAILED);
                }
                // Accept the trial point; the old x and g become the newest pair (s, y).
                double fOld = fx;
                remember();
                double stepLength = Math.abs(step) * Vars.norm(d);
                fx = fTrial;
                gNorm = Vars.maxAbs(g);
                if (!o.progress().onIteration(new Progress(k, fx, gNorm, stepLength))) {
                    return result(fx, gNorm, k, Status.STOPPED);
                }
                if (gNorm <= o.gradientTolerance()) {
                    return result(fx, gNorm, k, Status.CONVERGED_GRADIENT);
                }
                double scale = Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1);
                if ((fOld - fx) / scale <= o.functionTolerance()) {
                    return result(fx, gNorm, k, Status.CONVERGED_FUNCTION);
                }
                if (k >= o.maxIterations()) {
                    return result(fx, gNorm, k, Status.MAX_ITERATIONS);
                }
            }
        }

        /**
         * Swaps the trial point in as the iterate, and stores s = x₊ − x and y = g₊ − g in the
         * slot of the oldest pair when sᵀy is safely positive.
         */
        private void remember() {
            int slot = (newest + 1) % s.length;
            if (s[slot] == null) {
                s[slot] = Vars.zerosLike(x);
                y[slot] = Vars.zerosLike(x);
            }
            Vars.sub(xTrial, x, s[slot]);
            Vars.sub(gTrial, g, y[slot]);
            double sy = Vars.dot(s[slot], y[slot]);
            double yy = Vars.dot(y[slot], y[slot]);
            if (sy > 1e-10 * yy && yy > 0) {
                rho[slot] = 1 / sy;
                newest = slot;
                pairs = Math.min(pairs + 1, s.length);
            } else if (pairs == s.length) {
                pairs--; // the slot held the oldest pair, now overwritten
            }
            Matrix[] t = x;
            x = xTrial;
            xTrial = t;
            t = g;
            g = gTrial;
            gTrial = t;
        }

        /** d := −H·g by the two-loop recursion; returns the slope gᵀd (negative). */
        private double direction() {
            Vars.copy(g, d);
            Vars.scale(-1, d);
            int slot = newest;
            for (int i = 0; i < pairs; i++) {
                alpha[slot] = rho[slot] * Vars.dot(s[slot], d);
                Vars.axpy(-alpha[slot], y[slot], d);
                slot = (slot - 1 + s.length) % s.length;
            }
            if (pairs > 0) {
                double yy = Vars.dot(y[newest], y[newest]);
                Vars.scale(1 / (rho[newest] * yy), d);
            }
            for (int i = 0; i < pairs; i++) {
                slot = (slot + 1) % s.length;
                double beta = rho[slot] * Vars.dot(y[slot], d);
                Vars.axpy(alpha[slot] - beta, s[slot], d);
            }
            double slope = Vars.dot(g, d);
            if (!(slope < 0)) {
                // Rounding spoiled the direction: fall back to steepest descent.
                pairs = 0;
                newest = -1;
                Vars.copy(g, d);
                Vars.scale(-1, d);
                slope = -Vars.dot(g, g);
            }
            return slope;
        }

        /** φ(a) = f(x + a·d) into xTrial, gTrial and fTrial; returns φ′(a) (NaN if non-finite). */
        private double evaluate(double a) {
            Vars.step(x, a, d, xTrial);
            fTrial = f.gradient(xTrial, gTrial);
            evaluations++;
            if (!Double.isFinite(fTrial) || !Vars.allFinite(gTrial)) {
                nonFinite = true;
                return Double.NaN;
            }
            return Vars.dot(gTrial, d);
        }

        /**
         * A step satisfying the strong Wolfe conditions, whose point is left in xTrial, gTrial
         * and fTrial; NaN if none was found or the objective returned a non-finite result.
         */
        private double lineSearch(double first, double slope0) {
            double f0 = fx;
            double aPrev = 0;
            double fPrev = f0;
            double dPrev = slope0;
            double a = first;
            for (int i = 0; i < MAX_SEARCH; i++) {
                double da = evaluate(a);
                if (nonFinite) {
                    return Double.NaN;
                }
                double fa = fTrial;
                if (fa > f0 + C1 * a * slope0 || (i > 0 && fa >= fPrev)) {
                    return zoom(aPrev, fPrev, dPrev, a, fa, da, f0, slope0);
                }
                if (Math.abs(da) <= -C2 * slope0) {
                    return a;
                }
                if (da >= 0) {
                    return zoom(a, fa, da, aPrev, fPrev, dPrev, f0, slope0);
                }
                aPrev = a;
                fPrev = fa;
                dPrev = da;
                a = 2 * a;
            }
            return Double.NaN;
        }

        /** Algorithm 3.6: lo has sufficient decrease and the lowest value seen so far. */
        private double zoom(double lo, double fLo, double dLo, double hi, double fHi, double dHi,
                double f0, double slope0) {
            for (int j = 0; j < MAX_SEARCH; j++) {
                double a = cubicMinimizer(lo, fLo, dLo, hi, fHi, dHi);
                double width = Math.abs(hi - lo);
                double low = Math.min(lo, hi) + 0.1 * width;
                double high = Math.max(lo, hi) - 0.1 * width;
                if (!(a >= low && a <= high)) {
                    a = lo + 0.5 * (hi - lo);
                }
                if (a == lo || a == hi) {
                    return Double.NaN; // the bracket is as narrow as doubles allow
                }
                double da = evaluate(a);
                if (nonFinite) {
                    return Double.NaN;
                }
                double fa = fTrial;
                if (fa > f0 + C1 * a * slope0 || fa >= fLo) {
                    hi = a;
                    fHi = fa;
                    dHi = da;
                } else {
                    if (Math.abs(da) <= -C2 * slope0) {
                        return a;
                    }
                    if (da * (hi - lo) >= 0) {
                        hi = lo;
                        fHi = fLo;
                        dHi = dLo;
                    }
                    lo = a;
                    fLo = fa;
                    dLo = da;
                }
            }
            return Double.NaN;
        }

        private OptimResult result(double value, double gNorm, int iterations, Status status) {
            return new OptimResult(x, value, gNorm, iterations, evaluations, status);
        }
    }

    /**
     * The minimiser of the cubic that interpolates (a, fa, da) and (b, fb, db) (Nocedal and
     * Wright, eq. 3.59); NaN when it does not exist.
     */
    static double cubicMinimizer(double a, double fa, double da, double b, double fb, double db) {
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double radicand = d1 * d1 - da * db;
        if (!(radicand >= 0)) {
            return Double.NaN;
        }
        double d2 = Math.copySign(Math.sqrt(radicand), b - a);
        double denominator = db - da + 2 * d2;
        if (denominator == 0) {
            return Double.NaN;
        }
        return b - (b - a) * (db + d2 - d1) / denominator;
    }

    static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    name + " must be finite and positive but is " + value);
        }
    }

    static void requireAtLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 but is " + value);
        }
    }
}
