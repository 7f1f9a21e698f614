package dev.tracegrad.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.optim.Hessians;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The standard-errors demo: the generated Hessian against central differences of the generated
 * gradient, the standard errors against the closed form (Xᵀ diag(p(1 − p)) X)⁻¹ with a row of
 * ones for the intercept, and both against statsmodels' {@code Logit} (params and bse, as
 * benchmarks/compare_sklearn.py prints them).
 */
class StandardErrorsDemoTest {
    /** statsmodels' Logit on the four standardised features: params, then bse (intercept last). */
    private static final double[] STATSMODELS_COEFFICIENTS =
            {-1.085335, -0.532144, -0.131784, -2.087886, 0.768710};
    private static final double[] STATSMODELS_ERRORS =
            {0.155596, 0.171457, 0.169637, 0.213344, 0.135704};

    private final Matrix x = StandardErrorsDemo.features();
    private final Matrix y = BreastCancerDemo.signs(Dataset.load("breast_cancer.csv").labels());
    private final Objective f = new LossesLogisticLikelihoodGradient().objective(x, y);

    @Test
    void hessianIsTheCentralDifferenceOfTheGradient() {
        Random random = new Random(11);
        Matrix[] at = {Matrix.random(4, 1, random), Matrix.random(1, 1, random)};
        Matrix hessian = Hessians.dense(f, at);
        double h = 1e-5;
        for (int j = 0; j < 5; j++) {
            Matrix[] plus = shifted(at, j, h);
            Matrix[] minus = shifted(at, j, -h);
            Matrix[] gPlus = {Matrix.zeros(4, 1), Matrix.zeros(1, 1)};
            Matrix[] gMinus = {Matrix.zeros(4, 1), Matrix.zeros(1, 1)};
            f.gradient(plus, gPlus);
            f.gradient(minus, gMinus);
            for (int i = 0; i < 5; i++) {
                double difference = (entry(gPlus, i) - entry(gMinus, i)) / (2 * h);
                assertEquals(difference, hessian.get(i, j), 1e-6 * Math.max(1, Math.abs(difference)),
                        "H(" + i + ", " + j + ")");
            }
        }
    }

    @Test
    void standardErrorsAreTheClosedFormAndStatsmodels() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        StandardErrorsDemo.Fit fit = StandardErrorsDemo.run(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertEquals(Status.CONVERGED_GRADIENT, fit.result().status(), fit.result()::toString);
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("iteration  1  -log L"), printed);
        assertTrue(printed.contains("mean texture"), printed);

        // (Xᵀ diag(p(1 − p)) X)⁻¹ with X the n×5 design (features, then a column of ones).
        int n = x.cols();
        Matrix information = Matrix.zeros(5, 5);
        double[] c = fit.coefficients();
        for (int j = 0; j < n; j++) {
            double[] row = {x.get(0, j), x.get(1, j), x.get(2, j), x.get(3, j), 1};
            double z = 0;
            for (int i = 0; i < 5; i++) {
                z += c[i] * row[i];
            }
            double p = 1 / (1 + Math.exp(-z));
            for (int a = 0; a < 5; a++) {
                for (int b = 0; b < 5; b++) {
                    information.set(a, b, information.get(a, b) + p * (1 - p) * row[a] * row[b]);
                }
            }
        }
        Matrix covariance = Ops.inv(information);
        for (int i = 0; i < 5; i++) {
            double closedForm = Math.sqrt(covariance.get(i, i));
            assertEquals(closedForm, fit.standardErrors()[i], 1e-9 * closedForm, "closed-form se " + i);
            assertEquals(STATSMODELS_ERRORS[i], fit.standardErrors()[i], 1e-4, "statsmodels se " + i);
            assertEquals(STATSMODELS_COEFFICIENTS[i], fit.coefficients()[i], 1e-4, "statsmodels coefficient " + i);
        }
    }

    private static Matrix[] shifted(Matrix[] at, int k, double h) {
        Matrix[] copy = {at[0].copy(), at[1].copy()};
        if (k < 4) {
            copy[0].set(k, 0, copy[0].get(k, 0) + h);
        } else {
            copy[1].set(0, 0, copy[1].get(0, 0) + h);
        }
        return copy;
    }

    private static double entry(Matrix[] g, int k) {
        return k < 4 ? g[0].get(k, 0) : g[1].get(0, 0);
    }
}
