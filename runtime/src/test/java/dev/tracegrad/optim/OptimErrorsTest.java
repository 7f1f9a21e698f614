package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs, non-finite objectives, and what the optimizers promise never to do. */
class OptimErrorsTest {
    private static final Objective ROSENBROCK = new Problems.Rosenbrock();

    /** Both optimizers, so that every input check is asserted for each. */
    private static final BiFunction<Objective, Matrix[], OptimResult> LBFGS =
            (f, x0) -> Lbfgs.minimize(f, x0, Lbfgs.Options.defaults());
    private static final BiFunction<Objective, Matrix[], OptimResult> NEWTON =
            (f, x0) -> NewtonCg.minimize(f, x0, NewtonCg.Options.defaults());

    private static String iae(Executable e) {
        return assertThrows(IllegalArgumentException.class, e).getMessage();
    }

    @Test
    void badStartingPointsAreRejectedNamingTheVariableAndEntry() {
        for (BiFunction<Objective, Matrix[], OptimResult> run : java.util.List.of(LBFGS, NEWTON)) {
            assertEquals("x0 must not be null", iae(() -> run.apply(ROSENBROCK, null)));
            assertEquals("x0 must hold at least one variable",
                    iae(() -> run.apply(ROSENBROCK, new Matrix[0])));
            assertEquals("x0[1] must not be null",
                    iae(() -> run.apply(ROSENBROCK, new Matrix[] {Matrix.zeros(1, 1), null})));
            assertEquals("x0[1] has the non-finite entry NaN at (1, 2)", iae(() -> run.apply(
                    ROSENBROCK, new Matrix[] {Matrix.zeros(1, 1),
                        Matrix.of(2, 3, 0, 0, 0, 0, 0, Double.NaN)})));
            assertEquals("x0[0] has the non-finite entry -Infinity at (0, 0)", iae(() -> run.apply(
                    ROSENBROCK, new Matrix[] {Matrix.of(1, 1, Double.NEGATIVE_INFINITY),
                        Matrix.zeros(1, 1)})));
            assertEquals("x0 has no entries (every variable is empty)",
                    iae(() -> run.apply(ROSENBROCK, new Matrix[] {Matrix.zeros(0, 3)})));
        }
        assertEquals("f must not be null", assertThrows(NullPointerException.class,
                () -> Lbfgs.minimize(null, Problems.Rosenbrock.start(),
                        Lbfgs.Options.defaults())).getMessage());
        assertEquals("o must not be null", assertThrows(NullPointerException.class,
                () -> NewtonCg.minimize(ROSENBROCK, Problems.Rosenbrock.start(), null))
                .getMessage());
    }

    @Test
    void anObjectiveOfOtherShapesReportsTheMismatch() {
        // The logistic objective checks w's shape, as generated objectives check theirs.
        Problems.Logistic f = Problems.Logistic.random(3, 20, 0.1, new Random(1));
        Matrix[] wrong = {Matrix.zeros(4, 1), Matrix.zeros(1, 1)};
        assertEquals("w must be 3×1 but is 4×1", iae(() -> LBFGS.apply(f, wrong)));
        assertEquals("w must be 3×1 but is 4×1", iae(() -> NEWTON.apply(f, wrong)));
    }

    @Test
    void newtonCgNeedsHessianVectorProducts() {
        Objective f = Problems.withoutHvp(ROSENBROCK);
        assertEquals("NewtonCg needs Hessian-vector products but the objective's hasHvp() is"
                + " false: set hvp = true on @Differentiable (or implement hasHvp() and hvp(...)"
                + " in a hand-written Objective)", iae(() -> NEWTON.apply(f, Problems.Rosenbrock.start())));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> f.hvp(Problems.Rosenbrock.start(), Problems.Rosenbrock.start(),
                        Problems.Rosenbrock.start()));
        assertEquals("this objective has no Hessian-vector product: declare the loss with"
                + " @Differentiable(..., hvp = true), or override hasHvp() and hvp(...) in a"
                + " hand-written Objective", e.getMessage());
        assertEquals("checkHvp: the objective's hasHvp() is false: set hvp = true on"
                + " @Differentiable (or implement hasHvp() and hvp(...))", iae(() ->
                        GradientCheck.checkHvp(f, Problems.Rosenbrock.start(),
                                Problems.Rosenbrock.start())));
    }

    @Test
    void invalidOptionsNameTheOption() {
        Lbfgs.Options l = Lbfgs.Options.defaults();
        assertEquals("gradientTolerance must be finite and positive but is 0.0",
                iae(() -> l.withGradientTolerance(0)));
        assertEquals("functionTolerance must be finite and positive but is -1.0E-9",
                iae(() -> l.withFunctionTolerance(-1e-9)));
        assertEquals("gradientTolerance must be finite and positive but is NaN",
                iae(() -> l.withGradientTolerance(Double.NaN)));
        assertEquals("maxIterations must be at least 1 but is 0", iae(() -> l.withMaxIterations(0)));
        assertEquals("memory must be at least 1 but is 0", iae(() -> l.withMemory(0)));
        assertEquals("progress must not be null", assertThrows(NullPointerException.class,
                () -> l.withProgress(null)).getMessage());
        NewtonCg.Options n = NewtonCg.Options.defaults();
        assertEquals("initialRadius must be finite and positive but is -1.0",
                iae(() -> n.withInitialRadius(-1)));
        assertEquals("maxRadius must be finite and positive but is Infinity",
                iae(() -> n.withMaxRadius(Double.POSITIVE_INFINITY)));
        assertEquals("maxCgIterations must be at least 1 but is 0",
                iae(() -> n.withMaxCgIterations(0)));
        assertEquals("functionTolerance must be finite and positive but is 0.0",
                iae(() -> n.withFunctionTolerance(0)));
        // Withers change one component and keep the others.
        Lbfgs.Options changed = l.withMemory(3).withMaxIterations(7);
        assertEquals(new Lbfgs.Options(l.gradientTolerance(), l.functionTolerance(), 7, 3,
                l.progress()), changed);
        assertEquals(10, l.memory());
        assertEquals(1e-5, l.gradientTolerance(), 0);
        assertEquals(2.220446049250313e-9, n.functionTolerance(), 0);
        assertEquals(1, n.initialRadius(), 0);
        assertEquals(1000, n.maxRadius(), 0);
    }

    @Test
    void theStartingPointIsNeverModified() {
        Problems.Logistic f = Problems.Logistic.random(3, 40, 0.1, new Random(2));
        Matrix[] x0 = {Matrix.random(3, 1, new Random(3)), Matrix.of(1, 1, 0.5)};
        Matrix[] copy = Problems.copy(x0);
        OptimResult a = LBFGS.apply(f, x0);
        OptimResult b = NEWTON.apply(f, x0);
        Hessians.dense(f, x0);
        GradientCheck.checkHvp(f, x0, Problems.copy(x0));
        for (int i = 0; i < 2; i++) {
            assertEquals(copy[i], x0[i]);
            assertTrue(a.x()[i] != x0[i] && b.x()[i] != x0[i], "results are new matrices");
        }
        // Already optimal: still a copy.
        Matrix[] optimum = {Matrix.of(1, 1, 1), Matrix.of(1, 1, 1)};
        OptimResult r = LBFGS.apply(ROSENBROCK, optimum);
        assertEquals(0, r.iterations());
        assertTrue(r.x()[0] != optimum[0]);
    }

    /** Rosenbrock, except that it returns NaN (value and gradient) beyond x = 0.5. */
    private static final class Cliff implements Objective {
        final boolean hvpNaN;

        Cliff(boolean hvpNaN) {
            this.hvpNaN = hvpNaN;
        }

        @Override
        public double value(Matrix[] v) {
            return v[0].data()[0] > 0.5 ? Double.NaN : ROSENBROCK.value(v);
        }

        @Override
        public double gradient(Matrix[] v, Matrix[] g) {
            double f = ROSENBROCK.gradient(v, g);
            if (v[0].data()[0] > 0.5) {
                g[1].data()[0] = Double.POSITIVE_INFINITY;
                return Double.NaN;
            }
            return f;
        }

        @Override
        public boolean hasHvp() {
            return true;
        }

        @Override
        public void hvp(Matrix[] v, Matrix[] d, Matrix[] hv) {
            ROSENBROCK.hvp(v, d, hv);
            if (hvpNaN) {
                hv[0].data()[0] = Double.NaN;
            }
        }
    }

    @Test
    void aNonFiniteObjectiveEndsTheRunAtTheLastFiniteIterate() {
        for (BiFunction<Objective, Matrix[], OptimResult> run : java.util.List.of(LBFGS, NEWTON)) {
            OptimResult r = run.apply(new Cliff(false), Problems.Rosenbrock.start());
            assertEquals(Status.NON_FINITE, r.status(), r::toString);
            double x = r.x()[0].data()[0];
            assertTrue(x <= 0.5, "the last finite iterate, x = " + x);
            assertEquals(ROSENBROCK.value(r.x()), r.value(), 0);
            assertTrue(r.value() < ROSENBROCK.value(Problems.Rosenbrock.start()));
            Matrix[] g = Problems.zerosLike(r.x());
            ROSENBROCK.gradient(r.x(), g);
            assertEquals(Problems.maxAbs(g), r.gradientNorm(), 0);
        }
    }

    @Test
    void aNonFiniteStartOrHvpEndsTheRunAtOnce() {
        Matrix[] beyond = {Matrix.of(1, 1, 0.7), Matrix.of(1, 1, 0)};
        for (BiFunction<Objective, Matrix[], OptimResult> run : java.util.List.of(LBFGS, NEWTON)) {
            OptimResult r = run.apply(new Cliff(false), beyond);
            assertEquals(Status.NON_FINITE, r.status());
            assertEquals(0, r.iterations());
            assertEquals(1, r.evaluations());
            assertEquals(beyond[0], r.x()[0]);
            assertTrue(Double.isNaN(r.value()));
        }
        OptimResult r = NEWTON.apply(new Cliff(true), Problems.Rosenbrock.start());
        assertEquals(Status.NON_FINITE, r.status());
        assertEquals(0, r.iterations());
        assertEquals(Problems.Rosenbrock.start()[0], r.x()[0]);
    }

    @Test
    void anObjectiveThatNeverDecreasesEndsWithALineSearchFailure() {
        // A wrong gradient (the negative of the true one) points uphill: no step decreases f.
        Objective uphill = new Objective() {
            @Override
            public double value(Matrix[] x) {
                return ROSENBROCK.value(x);
            }

            @Override
            public double gradient(Matrix[] x, Matrix[] g) {
                double f = ROSENBROCK.gradient(x, g);
                for (Matrix m : g) {
                    m.data()[0] = -m.data()[0];
                }
                return f;
            }

            @Override
            public boolean hasHvp() {
                return true;
            }

            @Override
            public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
                ROSENBROCK.hvp(x, v, hv);
            }
        };
        for (BiFunction<Objective, Matrix[], OptimResult> run : java.util.List.of(LBFGS, NEWTON)) {
            OptimResult r = run.apply(uphill, Problems.Rosenbrock.start());
            assertEquals(Status.LINE_SEARCH_FAILED, r.status(), r::toString);
            assertEquals(Problems.Rosenbrock.start()[0], r.x()[0]);
            assertTrue(r.evaluations() < 200, "evaluations " + r.evaluations());
        }
    }

    @Test
    void anObjectiveUnboundedBelowStillEnds() {
        // f = −x: no minimum, no curvature.
        Objective line = new Objective() {
            @Override
            public double value(Matrix[] x) {
                return -x[0].data()[0];
            }

            @Override
            public double gradient(Matrix[] x, Matrix[] g) {
                g[0].data()[0] = -1;
                return value(x);
            }

            @Override
            public boolean hasHvp() {
                return true;
            }

            @Override
            public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
                hv[0].data()[0] = 0;
            }
        };
        Matrix[] x0 = {Matrix.zeros(1, 1)};
        OptimResult l = Lbfgs.minimize(line, x0, Lbfgs.Options.defaults().withMaxIterations(50));
        // The line search doubles its step 20 times without meeting the curvature condition.
        assertEquals(Status.LINE_SEARCH_FAILED, l.status(), l::toString);
        OptimResult n = NewtonCg.minimize(line, x0,
                NewtonCg.Options.defaults().withMaxIterations(50).withMaxRadius(10));
        // Every step goes to the boundary and is accepted: 50 steps of the largest radius.
        assertEquals(Status.MAX_ITERATIONS, n.status(), n::toString);
        assertTrue(n.x()[0].get(0, 0) > 400, n::toString);
    }

    @Test
    void checkHvpRejectsDirectionsOfOtherShapes() {
        assertEquals("checkHvp: x[1] is 1×1 but v[1] is 2×1 (a direction has the shape of its"
                + " variable)", iae(() -> GradientCheck.checkHvp(ROSENBROCK,
                        Problems.Rosenbrock.start(), new Matrix[] {Matrix.zeros(1, 1),
                            Matrix.zeros(2, 1)})));
        assertEquals("checkHvp: v holds 1 matrices but x holds 2", iae(() ->
                GradientCheck.checkHvp(ROSENBROCK, Problems.Rosenbrock.start(),
                        new Matrix[] {Matrix.zeros(1, 1)})));
        assertEquals("h must be finite and positive but is 0.0", iae(() ->
                GradientCheck.checkHvp(ROSENBROCK, Problems.Rosenbrock.start(),
                        Problems.Rosenbrock.start(), 0)));
    }
}
