package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LbfgsTest {
    @ParameterizedTest
    @ValueSource(doubles = {1, 1e3, 1e6})
    void quadraticsReachTheSolutionOfTheLinearSystem(double condition) {
        Problems.Quadratic q = new Problems.Quadratic(8, condition, new Random(7));
        double[] expected = q.minimizer();
        // A line search compares values of f, which are rounded to about ε·|f| ≈ 4e-16 here:
        // along a stiff direction (curvature λmax) a step decreases f by about g²/2λmax, which
        // drowns in that rounding once g ≲ √(2λmax·ε|f|) (1e-6 for κ = 1e3, 3e-5 for κ = 1e6).
        // The gradient tolerance stays above that floor; scipy's L-BFGS-B stalls at the same
        // places.
        double tolerance = condition == 1 ? 1e-12 : condition == 1e3 ? 3e-6 : 1e-4;
        Lbfgs.Options o = Lbfgs.Options.defaults().withGradientTolerance(tolerance)
                .withFunctionTolerance(Double.MIN_VALUE);
        OptimResult r = Lbfgs.minimize(q, new Matrix[] {q.start()}, o);
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        assertTrue(r.gradientNorm() <= tolerance);
        double[] x = r.x()[0].data();
        for (int i = 0; i < x.length; i++) {
            // x − x* = A⁻¹g, so |x − x*| ≤ ‖g‖₂ / λmin ≤ √8 · max|gᵢ| (λmin = 1)
            assertEquals(expected[i], x[i], Math.sqrt(8) * tolerance + 1e-14, "x[" + i + "]");
        }
        int bound = condition == 1 ? 3 : condition == 1e3 ? 100 : 300;
        assertTrue(r.iterations() <= bound, "iterations " + r.iterations());
        assertTrue(r.evaluations() <= 3 * r.iterations() + 3, "evaluations " + r.evaluations());
    }

    @Test
    void rosenbrockFromTheClassicStart() {
        OptimResult r = Lbfgs.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                Lbfgs.Options.defaults().withGradientTolerance(1e-8)
                        .withFunctionTolerance(Double.MIN_VALUE));
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        // Near (1, 1) the Hessian's smallest eigenvalue is about 0.4: |x − x*| ≲ 2.5·‖g‖.
        assertEquals(1, r.x()[0].data()[0], 1e-7);
        assertEquals(1, r.x()[1].data()[0], 1e-7);
        assertTrue(r.value() < 1e-16, "value " + r.value());
        assertTrue(r.iterations() <= 60, "iterations " + r.iterations());
    }

    @Test
    void theResultReportsTheObjectiveAtItsOwnPoint() {
        Problems.Rosenbrock f = new Problems.Rosenbrock();
        OptimResult r = Lbfgs.minimize(f, Problems.Rosenbrock.start(),
                Lbfgs.Options.defaults().withMaxIterations(7));
        assertEquals(Status.MAX_ITERATIONS, r.status());
        assertEquals(7, r.iterations());
        assertEquals(f.value(r.x()), r.value(), 0);
        Matrix[] g = Problems.zerosLike(r.x());
        f.gradient(r.x(), g);
        assertEquals(Problems.maxAbs(g), r.gradientNorm(), 0);
    }

    @Test
    void aLooseFunctionToleranceStopsOnTheRelativeDecrease() {
        OptimResult r = Lbfgs.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                Lbfgs.Options.defaults().withGradientTolerance(1e-300).withFunctionTolerance(1e-3));
        assertEquals(Status.CONVERGED_FUNCTION, r.status(), r::toString);
    }

    @Test
    void progressSeesEveryIterationAndCanStopTheRun() {
        List<Progress> seen = new ArrayList<>();
        Problems.Rosenbrock f = new Problems.Rosenbrock();
        OptimResult r = Lbfgs.minimize(f, Problems.Rosenbrock.start(),
                Lbfgs.Options.defaults().withProgress(p -> {
                    seen.add(p);
                    return p.iteration() < 4;
                }));
        assertEquals(Status.STOPPED, r.status());
        assertEquals(4, r.iterations());
        assertEquals(4, seen.size());
        double previous = f.value(Problems.Rosenbrock.start());
        for (int i = 0; i < seen.size(); i++) {
            Progress p = seen.get(i);
            assertEquals(i + 1, p.iteration());
            assertTrue(p.value() < previous, "f decreases at every iteration");
            assertTrue(p.step() > 0);
            previous = p.value();
        }
        assertEquals(f.value(r.x()), seen.get(3).value(), 0);
        assertEquals(r.gradientNorm(), seen.get(3).gradientNorm(), 0);
    }

    @Test
    void aStartAtTheMinimumNeedsNoIteration() {
        Matrix[] x0 = {Matrix.of(1, 1, 1), Matrix.of(1, 1, 1)};
        OptimResult r = Lbfgs.minimize(new Problems.Rosenbrock(), x0, Lbfgs.Options.defaults());
        assertEquals(Status.CONVERGED_GRADIENT, r.status());
        assertEquals(0, r.iterations());
        assertEquals(1, r.evaluations());
        assertEquals(0, r.value(), 0);
    }

    @Test
    void memoryOneStillConverges() {
        OptimResult r = Lbfgs.minimize(new Problems.Rosenbrock(), Problems.Rosenbrock.start(),
                Lbfgs.Options.defaults().withMemory(1).withGradientTolerance(1e-8)
                        .withFunctionTolerance(Double.MIN_VALUE));
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        assertEquals(1, r.x()[0].data()[0], 1e-7);
        assertEquals(1, r.x()[1].data()[0], 1e-7);
    }

    @Test
    void theResultPrintsItsStatusNumbersAndVariables() {
        OptimResult r = new OptimResult(new Matrix[] {Matrix.of(1, 2, 1, 2)}, 0.5, 0.25, 3, 4,
                Status.MAX_ITERATIONS);
        assertEquals("MAX_ITERATIONS after 3 iterations (4 evaluations): f = 0.5, max|g| = 0.25,"
                + " x = [1×2 [[1.0, 2.0]]]", r.toString());
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // c(a) = a³ − 3a: minimum at a = 1; from samples at 0 and 2.
        double at = Lbfgs.cubicMinimizer(0, 0, -3, 2, 2, 9);
        assertEquals(1, at, 1e-15);
        // A parabola (a − 0.7)², interpolated from 0 and 1: exact.
        assertEquals(0.7, Lbfgs.cubicMinimizer(0, 0.49, -1.4, 1, 0.09, 0.6), 1e-15);
    }
}
