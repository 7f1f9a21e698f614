package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NewtonCgTest {
    @ParameterizedTest
    @ValueSource(doubles = {1, 1e3, 1e6})
    void quadraticsReachTheSolutionOfTheLinearSystem(double condition) {
        Problems.Quadratic q = new Problems.Quadratic(8, condition, new Random(7));
        double[] expected = q.minimizer();
        // The gradient is computed to about ε·λmax·|x|: the tolerance stays above that. (Unlike
        // a line search, the last Newton steps do not depend on seeing f decrease.)
        double tolerance = 1e-14 * Math.max(100, condition);
        NewtonCg.Options o = NewtonCg.Options.defaults().withGradientTolerance(tolerance)
                .withFunctionTolerance(Double.MIN_VALUE);
        OptimResult r = NewtonCg.minimize(q, new Matrix[] {q.start()}, o);
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        double[] x = r.x()[0].data();
        for (int i = 0; i < x.length; i++) {
            // x − x* = A⁻¹g, so |x − x*| ≤ ‖g‖₂ / λmin ≤ √8 · max|gᵢ| (λmin = 1)
            assertEquals(expected[i], x[i], Math.sqrt(8) * tolerance + 1e-14, "x[" + i + "]");
        }
        // |x*| is a few units and the radius starts at 1 and doubles: a handful of steps.
        assertTrue(r.iterations() <= 12, "iterations " + r.iterations());
    }

    @Test
    void noStepIsLongerThanTheMaxRadius() {
        Problems.Quadratic q = new Problems.Quadratic(8, 10, new Random(3));
        double[] expected = q.minimizer();
        double norm = 0;
        for (double e : expected) {
            norm += e * e;
        }
        norm = Math.sqrt(norm);
        List<Double> steps = new ArrayList<>();
        OptimResult r = NewtonCg.minimize(q, new Matrix[] {q.start()}, NewtonCg.Options.defaults()
                .withInitialRadius(1).withMaxRadius(0.1).withGradientTolerance(1e-9)
                .withFunctionTolerance(Double.MIN_VALUE)
                .withProgress(ProgressListener.observing(p -> steps.add(p.step()))));
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        for (double step : steps) {
            assertTrue(step <= 0.1 * (1 + 1e-12), "step " + step);
        }
        // From 0 the minimiser is |x*| away: at least |x*| / 0.1 steps.
        assertTrue(r.iterations() >= Math.floor(norm / 0.1), r.iterations() + " for |x*| " + norm);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], r.x()[0].data()[i], 1e-8);
        }
    }

    @Test
    void rosenbrockFromTheClassicStart() {
        OptimResult r = NewtonCg.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                NewtonCg.Options.defaults().withGradientTolerance(1e-8)
                        .withFunctionTolerance(Double.MIN_VALUE));
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        assertEquals(1, r.x()[0].data()[0], 1e-7);
        assertEquals(1, r.x()[1].data()[0], 1e-7);
        assertTrue(r.value() < 1e-15, "value " + r.value());
        assertTrue(r.iterations() <= 60, "iterations " + r.iterations());
    }

    @Test
    void aCgLimitOfOneIsSteepestDescentInsideTheRegionAndStillConverges() {
        OptimResult r = NewtonCg.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                NewtonCg.Options.defaults().withMaxCgIterations(1).withMaxIterations(100_000)
                        .withGradientTolerance(1e-6).withFunctionTolerance(Double.MIN_VALUE));
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        assertEquals(1, r.x()[0].data()[0], 1e-5);
    }

    @Test
    void progressCanStopTheRunAndCountsRejectedSteps() {
        List<Progress> seen = new ArrayList<>();
        // A radius far too large for Rosenbrock: the first steps are rejected (step 0).
        OptimResult r = NewtonCg.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                NewtonCg.Options.defaults().withInitialRadius(1000).withProgress(p -> {
                    seen.add(p);
                    return p.iteration() < 5;
                }));
        assertEquals(Status.STOPPED, r.status());
        assertEquals(5, r.iterations());
        assertEquals(5, seen.size());
        double previous = new Problems.Rosenbrock().value(Problems.Rosenbrock.start());
        for (Progress p : seen) {
            assertTrue(p.value() <= previous, "f never increases");
            assertTrue((p.step() == 0) == (p.value() == previous), "rejected steps have length 0");
            previous = p.value();
        }
        assertEquals(new Problems.Rosenbrock().value(r.x()), r.value(), 0);
    }

    @Test
    void maxIterationsEndsTheRun() {
        OptimResult r = NewtonCg.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                NewtonCg.Options.defaults().withMaxIterations(3));
        assertEquals(Status.MAX_ITERATIONS, r.status());
        assertEquals(3, r.iterations());
    }
}
