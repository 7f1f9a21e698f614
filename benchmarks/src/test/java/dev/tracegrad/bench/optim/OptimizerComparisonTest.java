package dev.tracegrad.bench.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OptimizerComparisonTest {
    /**
     * The penalised optimum (w₁ … w₃₀, then b), computed independently with NumPy and SciPy:
     * Newton iterations with a dense solve to a gradient of 1e-15 (also in the sample app's
     * FitBreastCancerTest).
     */
    private static final double[] OPTIMUM = {
        -0.3630925319179318, -0.38767544241875834, -0.3510621186796736, -0.4356098032859759,
        -0.16183110281524513, 0.5626540336981031, -0.8599171195924008, -0.962280223488176,
        0.0762090314790287, 0.3222262369486114, -1.2909422896744196, 0.2689219013878872,
        -0.6599745965624584, -1.012557732180283, -0.27721295890401515, 0.7363240127967526,
        0.11053932078141106, -0.33340761888316484, 0.295793025903185, 0.6809196730583752,
        -1.029262261647953, -1.314607634446452, -0.8233473825766972, -1.010706832113417,
        -0.6706819627765849, 0.04456425178742162, -0.8733339165222502, -0.9120031219319644,
        -0.8878373243070147, -0.479818908043161, 0.21450271740174867};
    /** √diag((XᵀWX)⁻¹) of the unpenalised fit on the four features, from the same computation. */
    private static final double[] FOUR_STANDARD_ERRORS = {0.15559600871085658,
        0.1714574807477788, 0.16963682314479891, 0.2133443192035546, 0.1357044592021713};

    private final BreastCancer data = load();

    private static BreastCancer load() {
        try {
            return BreastCancer.load(Path.of("../sample-app/src/main/resources/datasets/breast_cancer.csv"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void featuresAreStandardisedOverTheWholeSet() {
        Matrix x = data.features();
        assertEquals(30, x.rows());
        assertEquals(569, x.cols());
        for (int i = 0; i < 30; i++) {
            double sum = 0;
            double squares = 0;
            for (int j = 0; j < 569; j++) {
                sum += x.get(i, j);
                squares += x.get(i, j) * x.get(i, j);
            }
            assertEquals(0, sum / 569, 1e-13, "mean of feature " + i);
            assertEquals(1, squares / 569, 1e-13, "population variance of feature " + i);
        }
        assertEquals(357, Arrays.stream(data.labels()).sum()); // benign
        assertEquals(-1, data.signs().get(0, 0)); // the first sample is malignant
    }

    @Test
    void theGeneratedHvpAgreesWithGradientDifferencesAndIsCounted() {
        Objective generated = new LogisticPenalisedGradient().objective(data.features(), data.signs(), 1.0);
        OptimizerComparison.CountingHvp f = new OptimizerComparison.CountingHvp(generated);
        Random random = new Random(3);
        Matrix[] x = {Matrix.random(30, 1, random), Matrix.random(1, 1, random)};
        Matrix[] v = {Matrix.random(30, 1, random), Matrix.random(1, 1, random)};
        for (GradientCheck.Report r : GradientCheck.checkHvp(f, x, v)) {
            assertTrue(r.passes(1e-6), r::toString);
        }
        assertEquals(1, f.hvps());
    }

    @Test
    void bothFitsReachTheIndependentOptimum() {
        List<OptimizerComparison.Fit> fits = OptimizerComparison.fit(data, 1);
        assertEquals(List.of("Lbfgs", "NewtonCg"), fits.stream().map(OptimizerComparison.Fit::optimizer).toList());
        for (OptimizerComparison.Fit fit : fits) {
            assertEquals(Status.CONVERGED_GRADIENT, fit.result().status(), fit.result()::toString);
            double[] w = fit.result().x()[0].data();
            for (int i = 0; i < OPTIMUM.length; i++) {
                double got = i < w.length ? w[i] : fit.result().x()[1].get(0, 0);
                assertEquals(OPTIMUM[i], got, 1e-5 * Math.max(1, Math.abs(OPTIMUM[i])),
                        fit.optimizer() + " coefficient " + i);
            }
            assertTrue(fit.seconds() > 0 && fit.coldSeconds() > 0);
        }
        assertEquals(0, fits.get(0).hvps());
        assertTrue(fits.get(1).hvps() > 0);
    }

    @Test
    void standardErrorsAgreeWithTheIndependentComputation() {
        double[] errors = OptimizerComparison.standardErrors(data)[1];
        for (int i = 0; i < FOUR_STANDARD_ERRORS.length; i++) {
            assertEquals(FOUR_STANDARD_ERRORS[i], errors[i], 1e-8 * FOUR_STANDARD_ERRORS[i], "se " + i);
        }
    }
}
