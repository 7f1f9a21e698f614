package dev.tracegrad.sample;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Adam;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Fits the covariance of the iris features by minimising log det Σ + tr(Σ⁻¹S) over Σ = LLᵀ + εI
 * with the generated {@code LossesCovarianceGradient}, and compares the fit with the closed-form
 * maximum-likelihood answer Σ = S.
 */
public final class CovarianceDemo {
    static final double EPS = 1e-9;

    private CovarianceDemo() {}

    /** Runs {@code iterations} Adam steps on L; returns ‖Σ − S‖_F / ‖S‖_F. */
    public static double run(PrintStream out, int iterations) {
        Dataset iris = Dataset.load("iris.csv");
        Matrix s = sampleCovariance(iris.features());
        int d = s.rows();
        Matrix identity = Matrix.identity(d);
        // Start from a scaled identity: Σ₀ = c²I with c² the mean variance.
        double meanVariance = 0;
        for (int i = 0; i < d; i++) {
            meanVariance += s.get(i, i) / d;
        }
        Matrix l = scale(Math.sqrt(meanVariance), identity);
        Matrix dl = Matrix.zeros(d, d);
        var gradient = new LossesCovarianceGradient();
        Adam adam = new Adam(0.01);
        Matrix[] params = {l};
        Matrix[] grads = {dl};
        double loss = Double.NaN;
        for (int it = 0; it < iterations; it++) {
            loss = gradient.gradient(l, s, EPS, dl);
            adam.step(params, grads);
        }
        Matrix sigma = add(mul(l, t(l)), scale(EPS, identity));
        double relative = Math.sqrt(sumsq(sub(sigma, s)) / sumsq(s));
        out.printf(Locale.ROOT,
                "covariance: %d iterations, final loss %.6f (optimum log det S + %d = %.6f)%n",
                iterations, loss, d, logdet(s) + d);
        out.printf(Locale.ROOT, "covariance: relative error of fitted Sigma against S: %.2e%n",
                relative);
        return relative;
    }

    /** The maximum-likelihood covariance (1/n) Σ (x − x̄)(x − x̄)ᵀ of the columns of X. */
    static Matrix sampleCovariance(Matrix x) {
        int d = x.rows();
        int n = x.cols();
        Matrix centred = x.copy();
        for (int i = 0; i < d; i++) {
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += x.get(i, j) / n;
            }
            for (int j = 0; j < n; j++) {
                centred.set(i, j, x.get(i, j) - mean);
            }
        }
        return scale(1.0 / n, mul(centred, t(centred)));
    }
}
