package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** An L2-regularised logistic regression, a hand-written objective, fitted both ways. */
class LogisticRegressionTest {
    private final Problems.Logistic f = Problems.Logistic.random(4, 200, 0.5, new Random(5));

    @Test
    void lbfgsAndNewtonCgFindTheSameStationaryPoint() {
        // f ≈ 74 is rounded to about 1e-14, so a line search stops seeing decreases once
        // g²/2λmax drowns in that (max|g| of a few 1e-7 here): L-BFGS is asked for 1e-6.
        // Newton steps converge quadratically and get well below.
        double lbfgsTolerance = 1e-6;
        double newtonTolerance = 1e-9;
        OptimResult lbfgs = Lbfgs.minimize(f, f.start(), Lbfgs.Options.defaults()
                .withGradientTolerance(lbfgsTolerance).withFunctionTolerance(Double.MIN_VALUE));
        OptimResult newton = NewtonCg.minimize(f, f.start(), NewtonCg.Options.defaults()
                .withGradientTolerance(newtonTolerance).withFunctionTolerance(Double.MIN_VALUE));
        assertEquals(Status.CONVERGED_GRADIENT, lbfgs.status(), lbfgs::toString);
        assertEquals(Status.CONVERGED_GRADIENT, newton.status(), newton::toString);
        // Stationarity, computed here from the objective rather than taken from the result.
        double[] tolerances = {lbfgsTolerance, newtonTolerance};
        OptimResult[] results = {lbfgs, newton};
        for (int k = 0; k < 2; k++) {
            Matrix[] g = Problems.zerosLike(results[k].x());
            double value = f.gradient(results[k].x(), g);
            assertTrue(Problems.maxAbs(g) <= tolerances[k], "max|g| " + Problems.maxAbs(g));
            assertEquals(value, results[k].value(), 0);
        }
        // f is λ-strongly convex (λ = 0.5 on w; the intercept's curvature is Σσ(1−σ) ≫ λ):
        // |x − x*| ≤ ‖g‖₂ / λ ≤ √5·max|gᵢ| / 0.5 for each, about 4.5e-6 for L-BFGS.
        double bound = Math.sqrt(5) * (lbfgsTolerance + newtonTolerance) / 0.5;
        for (int v = 0; v < 2; v++) {
            double[] a = lbfgs.x()[v].data();
            double[] b = newton.x()[v].data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], bound, "variable " + v + " entry " + i);
            }
        }
        // f − f* ≤ ‖g‖₂² / 2λ
        assertEquals(newton.value(), lbfgs.value(), 5 * lbfgsTolerance * lbfgsTolerance / 0.5 + 1e-13);
        assertTrue(lbfgs.iterations() <= 40, "L-BFGS iterations " + lbfgs.iterations());
        assertTrue(newton.iterations() <= 15, "Newton-CG iterations " + newton.iterations());
    }

    @Test
    void theHandWrittenHvpPassesTheCheckAgainstGradientDifferences() {
        Random random = new Random(8);
        Matrix[] x = {Matrix.random(4, 1, random), Matrix.random(1, 1, random)};
        Matrix[] v = {Matrix.random(4, 1, random), Matrix.random(1, 1, random)};
        GradientCheck.Report[] reports = GradientCheck.checkHvp(f, x, v);
        assertEquals(2, reports.length);
        for (GradientCheck.Report r : reports) {
            assertTrue(r.passes(1e-7), r::toString);
        }
        assertEquals(4, reports[0].numeric().rows());
        assertEquals(1, reports[1].numeric().rows());
        GradientCheck.Report[] fixed = GradientCheck.checkHvp(f, x, v, 1e-5);
        assertTrue(fixed[0].passes(1e-6) && fixed[1].passes(1e-6));
    }

    @Test
    void aWrongHvpFailsTheCheckAtItsWrongEntry() {
        Objective wrong = new Objective() {
            @Override
            public double value(Matrix[] x) {
                return f.value(x);
            }

            @Override
            public double gradient(Matrix[] x, Matrix[] g) {
                return f.gradient(x, g);
            }

            @Override
            public boolean hasHvp() {
                return true;
            }

            @Override
            public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
                f.hvp(x, v, hv);
                hv[0].data()[2] += 0.5; // a mistake in one entry of the w block
            }
        };
        Random random = new Random(9);
        Matrix[] x = {Matrix.random(4, 1, random), Matrix.random(1, 1, random)};
        Matrix[] v = {Matrix.random(4, 1, random), Matrix.random(1, 1, random)};
        GradientCheck.Report[] reports = GradientCheck.checkHvp(wrong, x, v);
        assertTrue(!reports[0].passes(1e-3), reports[0]::toString);
        assertEquals(2, reports[0].worstRow());
        assertEquals(0, reports[0].worstCol());
        assertTrue(reports[1].passes(1e-7), reports[1]::toString);
    }
}
