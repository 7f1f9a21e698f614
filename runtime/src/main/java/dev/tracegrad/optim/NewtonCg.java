package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;

/**
 * Trust-region Newton with Steihaug–Toint conjugate gradients (Nocedal and Wright, <i>Numerical
 * Optimization</i>, 2nd ed., algorithms 4.1 and 7.2; scipy's {@code trust-ncg}): needs the
 * objective's Hessian-vector products, never a Hessian.
 *
 * <pre>{@code
 * OptimResult r = NewtonCg.minimize(f, new Matrix[] {w0}, NewtonCg.Options.defaults());
 * }</pre>
 *
 * <p>Each iteration approximately minimises the quadratic model m(p) = f + gᵀp + ½pᵀHp within
 * ‖p‖₂ ≤ Δ by conjugate gradients, one {@link Objective#hvp} per CG iteration. CG stops when the
 * residual falls to min(0.5, √‖g‖₂)·‖g‖₂, at the trust-region boundary, along a direction of
 * non-positive curvature (it then goes to the boundary, at whichever of the two crossings has
 * the lower model value), or after maxCgIterations iterations (and at most 10·N + 10, for N
 * variables, so that rounding can never keep it going). The step is accepted when the actual
 * decrease of f is more than 0.15 times the model's; Δ becomes a quarter of min(Δ, ‖p‖₂) when
 * that ratio is below 0.25, and is doubled (up to maxRadius) when it is above 0.75 on a step
 * that reached the boundary. When both the predicted and the actual decrease are below
 * 1e-14·max(1, |f|), lost in the rounding of f, the ratio is taken as 1 (Conn, Gould and Toint,
 * <i>Trust-Region Methods</i>, §17.4.2), so that the last Newton steps are not rejected for
 * decreases nobody can measure.
 *
 * <p>An iteration is one such trial step, accepted or not. The stopping tests are those of
 * {@link Lbfgs} (the function test on accepted steps only), and the run ends with
 * {@link Status#LINE_SEARCH_FAILED} if Δ shrinks below 1e-15·max(1, ‖x‖₂) without a decrease.
 * A NaN or infinite value, gradient entry or Hessian-vector product entry ends it with
 * {@link Status#NON_FINITE} and the last finite iterate.
 *
 * <p>Memory: about 8·N doubles, allocated once per run.
 */
public final class NewtonCg {
    /** Accept a step when the actual decrease exceeds this fraction of the predicted one. */
    private static final double ETA = 0.15;
    /** Decreases below this times max(1, |f|) are rounding of f (about 45 ulps). */
    private static final double NOISE = 1e-14;

    private NewtonCg() {}

    /**
     * The options of a run: immutable; start from {@link #defaults()} and change what you need
     * with the withers. Every component is validated when an instance is made.
     *
     * @param gradientTolerance stop when max|gᵢ| ≤ this; finite and positive (default 1e-5)
     * @param functionTolerance stop when an accepted step decreases f relatively by ≤ this;
     *     finite and positive (default 2.220446049250313e-9)
     * @param maxIterations the most iterations (trial steps), at least 1 (default 1000)
     * @param initialRadius the first trust-region radius Δ₀, finite and positive (default 1; a
     *     value above maxRadius is used as maxRadius)
     * @param maxRadius the largest radius, finite and positive (default 1000)
     * @param maxCgIterations the most CG iterations per step, at least 1 (default
     *     {@link Integer#MAX_VALUE}: only the built-in cap of 10·N + 10)
     * @param progress called after every iteration (default {@link ProgressListener#NONE})
     */
    public record Options(double gradientTolerance, double functionTolerance, int maxIterations,
            double initialRadius, double maxRadius, int maxCgIterations,
            ProgressListener progress) {
        /**
         * Validates the options.
         *
         * @throws IllegalArgumentException naming the first invalid option
         * @throws NullPointerException if {@code progress} is null
         */
        public Options {
            Lbfgs.requirePositive(gradientTolerance, "gradientTolerance");
            Lbfgs.requirePositive(functionTolerance, "functionTolerance");
            Lbfgs.requireAtLeastOne(maxIterations, "maxIterations");
            Lbfgs.requirePositive(initialRadius, "initialRadius");
            Lbfgs.requirePositive(maxRadius, "maxRadius");
            Lbfgs.requireAtLeastOne(maxCgIterations, "maxCgIterations");
            Checks.nonNull(progress, "progress");
        }

        /**
         * Gradient tolerance 1e-5, function tolerance 2.22e-9, 1000 iterations, radius 1 growing
         * to at most 1000, no CG limit beyond the built-in one.
         */
        public static Options defaults() {
            return new Options(1e-5, 2.220446049250313e-9, 1000, 1, 1000, Integer.MAX_VALUE,
                    ProgressListener.NONE);
        }

        /** These options with another {@link #gradientTolerance}. */
        public Options withGradientTolerance(double gradientTolerance) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }

        /** These options with another {@link #functionTolerance}. */
        public Options withFunctionTolerance(double functionTolerance) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }

        /** These options with another {@link #maxIterations}. */
        public Options withMaxIterations(int maxIterations) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }

        /** These options with another {@link #initialRadius}. */
        public Options withInitialRadius(double initialRadius) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }

        /** These options with another {@link #maxRadius}. */
        public Options withMaxRadius(double maxRadius) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }

        /** These options with another {@link #maxCgIterations}. */
        public Options withMaxCgIterations(int maxCgIterations) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }

        /** These options with another {@link #progress} listener. */
        public Options withProgress(ProgressListener progress) {
            return new Options(gradientTolerance, functionTolerance, maxIterations, initialRadius,
                    maxRadius, maxCgIterations, progress);
        }
    }

    /**
     * Minimises {@code f} from {@code x0}, which is not modified.
     *
     * <p>Gradient and Hessian-vector buffers are allocated with the shapes of {@code x0}; an
     * objective that expects other shapes reports it when first called, and its exception passes
     * through.
     *
     * @throws NullPointerException if {@code f} or {@code o} is null
     * @throws IllegalArgumentException if {@code f.hasHvp()} is false (declare the loss with
     *     {@code @Differentiable(..., hvp = true)}), or if {@code x0} is null or empty, holds a
     *     null matrix or no entries at all, or has a non-finite entry (the message names the
     *     variable and entry)
     */
    public static OptimResult minimize(Objective f, Matrix[] x0, Options o) {
        Checks.nonNull(f, "f");
        Checks.nonNull(o, "o");
        requireHvp(f, "NewtonCg");
        return new Run(f, Vars.copyStart(x0, "x0"), o).run();
    }

    static void requireHvp(Objective f, String who) {
        if (!f.hasHvp()) {
            throw new IllegalArgumentException(who + " needs Hessian-vector products but the"
                    + " objective's hasHvp() is false: set hvp = true on @Differentiable (or"
                    + " implement hasHvp() and hvp(...) in a hand-written Objective)");
        }
    }

    /** One run: its buffers and counters. */
    private static final class Run {
        private final Objective f;
        private final Options o;
        private Matrix[] x;
        private Matrix[] g;
        private Matrix[] xTrial;
        private Matrix[] gTrial;
        /** The step p, the CG residual r = g + Hp, direction d and H·d. */
        private final Matrix[] p;
        private final Matrix[] r;
        private final Matrix[] d;
        private final Matrix[] hd;
        private final int maxCg;
        private int evaluations;
        private boolean nonFinite;
        private boolean boundary;

        Run(Objective f, Matrix[] x, Options o) {
            this.f = f;
            this.o = o;
            this.x = x;
            g = Vars.zerosLike(x);
            xTrial = Vars.zerosLike(x);
            gTrial = Vars.zerosLike(x);
            p = Vars.zerosLike(x);
            r = Vars.zerosLike(x);
            d = Vars.zerosLike(x);
            hd = Vars.zerosLike(x);
            maxCg = (int) Math.min(o.maxCgIterations(), 10L * Vars.size(x) + 10);
        }

        OptimResult run() {
            double fx = f.gradient(x, g);
            evaluations++;
            if (!Double.isFinite(fx) || !Vars.allFinite(g)) {
                return result(fx, Vars.maxAbs(g), 0, Status.NON_FINITE);
            }
            double gNorm = Vars.maxAbs(g);
            if (gNorm <= o.gradientTolerance()) {
                return result(fx, gNorm, 0, Status.CONVERGED_GRADIENT);
            }
            double radius = Math.min(o.initialRadius(), o.maxRadius());
            for (int k = 1; ; k++) {
                double predicted = -steihaug(radius);
                if (nonFinite) {
                    return result(fx, gNorm, k - 1, Status.NON_FINITE);
                }
                double stepLength = Vars.norm(p);
                Vars.step(x, 1, p, xTrial);
                double fTrial = f.gradient(xTrial, gTrial);
                evaluations++;
                if (!Double.isFinite(fTrial) || !Vars.allFinite(gTrial)) {
                    return result(fx, gNorm, k - 1, Status.NON_FINITE);
                }
                double actual = fx - fTrial;
                double ratio = predicted > 0 ? actual / predicted : Double.NEGATIVE_INFINITY;
                double noise = NOISE * Math.max(1, Math.abs(fx));
                if (predicted > 0 && predicted <= noise && Math.abs(actual) <= noise) {
                    ratio = 1; // both decreases are lost in the rounding of f: trust the model
                }
                if (ratio < 0.25) {
                    radius = 0.25 * Math.min(radius, stepLength);
                } else if (ratio > 0.75 && boundary) {
                    radius = Math.min(2 * radius, o.maxRadius());
                }
                boolean accepted = ratio > ETA;
                double fOld = fx;
                if (accepted) {
                    Matrix[] t = x;
                    x = xTrial;
                    xTrial = t;
                    t = g;
                    g = gTrial;
                    gTrial = t;
                    fx = fTrial;
                    gNorm = Vars.maxAbs(g);
                }
                Progress progress = new Progress(k, fx, gNorm, accepted ? stepLength : 0);
                if (!o.progress().onIteration(progress)) {
                    return result(fx, gNorm, k, Status.STOPPED);
                }
                if (accepted) {
                    if (gNorm <= o.gradientTolerance()) {
                        return result(fx, gNorm, k, Status.CONVERGED_GRADIENT);
                    }
                    double scale = Math.max(Math.max(Math.abs(fOld), Math.abs(fx)), 1);
                    if ((fOld - fx) / scale <= o.functionTolerance()) {
                        return result(fx, gNorm, k, Status.CONVERGED_FUNCTION);
                    }
                } else if (radius < 1e-15 * Math.max(1, Vars.norm(x))) {
                    return result(fx, gNorm, k, Status.LINE_SEARCH_FAILED);
                }
                if (k >= o.maxIterations()) {
                    return result(fx, gNorm, k, Status.MAX_ITERATIONS);
                }
            }
        }

        /**
         * Algorithm 7.2: leaves the step in p and sets {@link #boundary}; returns m(p) − f =
         * gᵀp + ½pᵀHp, accumulated along the way (each CG step changes it by a·dᵀr + ½a²·dᵀHd
         * for the residual r before the step).
         */
        private double steihaug(double radius) {
            Vars.zero(p);
            Vars.copy(g, r);
            Vars.copy(g, d);
            Vars.scale(-1, d);
            boundary = false;
            double rr = Vars.dot(r, r);
            double gn = Math.sqrt(rr);
            double tolerance = Math.min(0.5, Math.sqrt(gn)) * gn;
            double model = 0;
            for (int j = 0; j < maxCg; j++) {
                f.hvp(x, d, hd);
                if (!Vars.allFinite(hd)) {
                    nonFinite = true;
                    return 0;
                }
                double curvature = Vars.dot(d, hd);
                double dr = Vars.dot(d, r);
                if (curvature <= 0) {
                    // Negative curvature: to the boundary, at the better of the two crossings.
                    double[] taus = crossings(radius);
                    double best = Double.NaN;
                    double bestModel = Double.POSITIVE_INFINITY;
                    for (double tau : taus) {
                        double m = tau * dr + 0.5 * tau * tau * curvature;
                        if (m < bestModel) {
                            bestModel = m;
                            best = tau;
                        }
                    }
                    Vars.axpy(best, d, p);
                    boundary = true;
                    return model + bestModel;
                }
                double a = rr / curvature;
                double pp = Vars.dot(p, p);
                double pd = Vars.dot(p, d);
                double dd = Vars.dot(d, d);
                if (pp + 2 * a * pd + a * a * dd >= radius * radius) {
                    double tau = crossings(radius)[1];
                    Vars.axpy(tau, d, p);
                    boundary = true;
                    return model + tau * dr + 0.5 * tau * tau * curvature;
                }
                model += a * dr + 0.5 * a * a * curvature;
                Vars.axpy(a, d, p);
                Vars.axpy(a, hd, r);
                double rrNext = Vars.dot(r, r);
                if (Math.sqrt(rrNext) < tolerance) {
                    return model;
                }
                double beta = rrNext / rr;
                rr = rrNext;
                Vars.scale(beta, d);
                Vars.axpy(-1, r, d);
            }
            return model;
        }

        /** The τ₋ ≤ 0 ≤ τ₊ with ‖p + τd‖₂ = radius (p lies inside the region). */
        private double[] crossings(double radius) {
            double a = Vars.dot(d, d);
            double b = 2 * Vars.dot(p, d);
            double c = Vars.dot(p, p) - radius * radius;
            double root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
            // The stable form of the quadratic formula: no cancellation in either root.
            double q = -0.5 * (b + Math.copySign(root, b));
            double t1 = q / a;
            double t2 = q == 0 ? 0 : c / q;
            return new double[] {Math.min(t1, t2), Math.max(t1, t2)};
        }

        private OptimResult result(double value, double gNorm, int iterations, Status status) {
            return new OptimResult(x, value, gNorm, iterations, evaluations, status);
        }
    }
}
