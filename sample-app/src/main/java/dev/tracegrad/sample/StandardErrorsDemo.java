package dev.tracegrad.sample;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.optim.Hessians;
import dev.tracegrad.optim.NewtonCg;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.OptimResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Unpenalised logistic regression on four standardised breast-cancer features, fitted with
 * Newton-CG on the generated {@code LossesLogisticLikelihoodGradient} (its Hessian-vector
 * products are generated too), then each coefficient with its standard error √diag(H⁻¹), H the
 * Hessian of the negative log-likelihood at the optimum from {@link Hessians#dense}: what
 * statsmodels' {@code Logit} reports as {@code params} and {@code bse}.
 */
public final class StandardErrorsDemo {
    /** Mean texture, mean smoothness, mean symmetry, worst concavity: not collinear. */
    static final int[] FEATURES = {1, 4, 8, 26};
    static final List<String> NAMES =
            List.of("mean texture", "mean smoothness", "mean symmetry", "worst concavity", "intercept");

    private StandardErrorsDemo() {}

    /** The fit and its standard errors: coefficients w₁ … w₄ then b, in both arrays. */
    public record Fit(OptimResult result, double[] coefficients, double[] standardErrors) {}

    /** Fits, prints a progress line per iteration and the table; returns the fit. */
    public static Fit run(PrintStream out) {
        Matrix x = features();
        Matrix y = BreastCancerDemo.signs(Dataset.load("breast_cancer.csv").labels());
        out.printf(Locale.ROOT, "standard errors: logistic regression on %d samples, %d standardised features, Newton-CG%n",
                x.cols(), x.rows());
        Objective f = new LossesLogisticLikelihoodGradient().objective(x, y);
        OptimResult r = NewtonCg.minimize(f, new Matrix[] {Matrix.zeros(x.rows(), 1), Matrix.zeros(1, 1)},
                NewtonCg.Options.defaults()
                        .withGradientTolerance(1e-10)
                        .withFunctionTolerance(Double.MIN_VALUE)
                        .withProgress(p -> {
                            out.printf(Locale.ROOT, "iteration %2d  -log L %.10f  max|g| %.3e  step %.3e%n",
                                    p.iteration(), p.value(), p.gradientNorm(), p.step());
                            return true;
                        }));
        out.println("standard errors: " + r.status() + " after " + r.iterations() + " iterations");
        Matrix covariance = Ops.inv(Hessians.dense(f, r.x()));
        double[] coefficients = new double[FEATURES.length + 1];
        double[] errors = new double[FEATURES.length + 1];
        for (int i = 0; i <= FEATURES.length; i++) {
            coefficients[i] = i < FEATURES.length ? r.x()[0].get(i, 0) : r.x()[1].get(0, 0);
            errors[i] = Math.sqrt(covariance.get(i, i));
            out.printf(Locale.ROOT, "  %-16s %10.6f ± %.6f%n", NAMES.get(i), coefficients[i], errors[i]);
        }
        return new Fit(r, coefficients, errors);
    }

    /**
     * The {@link #FEATURES} of all 569 samples as a 4×569 matrix, each standardised over the whole
     * set with its population standard deviation.
     */
    static Matrix features() {
        Dataset all = Dataset.load("breast_cancer.csv");
        double[] mean = all.featureMeans();
        Matrix standardised = all.standardised(mean, all.featureStds(mean)).features();
        int n = standardised.cols();
        Matrix x = Matrix.zeros(FEATURES.length, n);
        for (int i = 0; i < FEATURES.length; i++) {
            for (int j = 0; j < n; j++) {
                x.set(i, j, standardised.get(FEATURES[i], j));
            }
        }
        return x;
    }
}
