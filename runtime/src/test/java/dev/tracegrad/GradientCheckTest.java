package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.assertClose;
import static dev.tracegrad.MatrixAssert.wellConditioned;
import static dev.tracegrad.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientCheckTest {
    private final Random random = new Random(11);

    @Test
    void sumOfSquaresHasGradientTwoX() {
        Matrix x = Matrix.random(3, 4, random);
        GradientCheck.Report r = GradientCheck.check(Ops::sumsq, x, scale(2, x));
        assertTrue(r.passes(1e-8), r::toString);
        assertClose(scale(2, x), r.numeric(), 1e-8);
    }

    @Test
    void traceOfProductHasGradientTransposeA() {
        Matrix a = Matrix.random(3, 2, random);
        Matrix x = Matrix.random(2, 3, random);
        // d tr(AX) = tr(A dX) ⇒ ∂/∂X = Aᵀ
        GradientCheck.Report r = GradientCheck.check(X -> tr(mul(a, X)), x, t(a));
        assertTrue(r.passes(1e-8), r::toString);
    }

    @Test
    void logdetHasGradientInverseTranspose() {
        Matrix x = wellConditioned(4, random);
        // d log|X| = tr(X⁻¹ dX) ⇒ ∂/∂X = X⁻ᵀ (X is not symmetric, so the transpose matters)
        GradientCheck.Report r = GradientCheck.check(Ops::logdet, x, t(inv(x)));
        assertTrue(r.passes(1e-8), r::toString);
        GradientCheck.Report untransposed = GradientCheck.check(Ops::logdet, x, inv(x));
        assertFalse(untransposed.passes(1e-6), untransposed::toString);
    }

    @Test
    void softmaxCrossEntropyHasTheGeneralGradient() {
        // l = −yᵀ log softmax(a): ∂l/∂a = softmax(a)(𝟏ᵀy) − y, with a y that does not sum to 1.
        Matrix y = Matrix.column(0.5, 1, 2);
        Matrix a = Matrix.column(1, -2, 0.5);
        Matrix analytic = sub(scale(sum(y), softmax(a)), y);
        GradientCheck.Report r = GradientCheck.check(A -> -dot(y, logSoftmax(A)), a, analytic);
        assertTrue(r.passes(1e-8), r::toString);
    }

    @Test
    void wrongGradientIsReportedAtTheWorstEntry() {
        Matrix x = Matrix.random(3, 4, random);
        Matrix wrong = scale(2, x);
        wrong.set(1, 2, wrong.get(1, 2) + 0.5); // a small mistake
        wrong.set(2, 3, wrong.get(2, 3) + 3); // the worst one
        GradientCheck.Report r = GradientCheck.check(Ops::sumsq, x, wrong);
        assertFalse(r.passes(1e-6));
        assertEquals(2, r.worstRow());
        assertEquals(3, r.worstCol());
        double a = wrong.get(2, 3);
        double n = 2 * x.get(2, 3);
        assertEquals(Math.abs(a - n) / Math.max(1, Math.max(Math.abs(a), Math.abs(n))),
                r.maxRelativeError(), 1e-8);
    }

    @Test
    void errorIsRelativeAboveOneAndAbsoluteBelow() {
        Matrix x = Matrix.random(2, 2, random);
        // f = 1000·sum(X): gradient 1000 everywhere; 1001 is a relative error of 1/1001.
        Matrix large = Matrix.of(2, 2, 1000, 1000, 1001, 1000);
        GradientCheck.Report r = GradientCheck.check(X -> 1000 * sum(X), x, large);
        assertEquals(1.0 / 1001, r.maxRelativeError(), 1e-8);
        assertEquals(1, r.worstRow());
        assertEquals(0, r.worstCol());
        // f = 0: a claimed 1e-9 against the true 0 is an (absolute) error of 1e-9, not 100%.
        Matrix tiny = Matrix.of(2, 2, 0, 1e-9, 0, 0);
        GradientCheck.Report t = GradientCheck.check(X -> 0, x, tiny);
        assertEquals(1e-9, t.maxRelativeError(), 1e-20);
        assertTrue(t.passes(1e-8));
        assertEquals(0, t.worstRow());
        assertEquals(1, t.worstCol());
    }

    @Test
    void nanNeverPasses() {
        Matrix x = Matrix.column(1, 2);
        GradientCheck.Report r = GradientCheck.check(Ops::sumsq, x, Matrix.column(2, Double.NaN));
        assertTrue(Double.isNaN(r.maxRelativeError()));
        assertEquals(1, r.worstRow());
        assertFalse(r.passes(1e300));
    }

    @Test
    void fixedStepMatchesKnownDerivatives() {
        Matrix x = Matrix.random(2, 3, random);
        Matrix g = GradientCheck.numericGradient(X -> sum(exp(X)), x, 1e-5);
        assertClose(exp(x), g, 1e-8);
        assertTrue(GradientCheck.check(X -> sum(exp(X)), x, exp(x), 1e-5).passes(1e-8));
    }

    @Test
    void numericGradientNeverTouchesTheCallersMatrix() {
        Matrix x = Matrix.random(3, 3, random);
        Matrix before = x.copy();
        double[] data = x.data();
        GradientCheck.numericGradient(X -> {
            assertNotSame(data, X.data()); // f only ever sees the private copy
            return sumsq(X);
        }, x, 1e-4);
        GradientCheck.check(Ops::sumsq, x, scale(2, x));
        assertEquals(before, x);
    }

    @Test
    void scalarDerivatives() {
        // d/dx x³ = 3x² = 12 at 2
        assertEquals(12, GradientCheck.numericDerivative(v -> v * v * v, 2, 1e-5), 1e-8);
        GradientCheck.Report ok = GradientCheck.check(v -> v * v * v, 2, 12);
        assertTrue(ok.passes(1e-8), ok::toString);
        assertEquals(1, ok.numeric().rows());
        assertEquals(1, ok.numeric().cols());
        GradientCheck.Report bad = GradientCheck.check(Math::sin, 1.0, Math.sin(1.0), 1e-6);
        assertFalse(bad.passes(1e-3));
        assertEquals(Math.abs(Math.sin(1) - Math.cos(1)), bad.maxRelativeError(), 1e-8);
    }

    @Test
    void emptyMatrixHasNoWorstEntry() {
        GradientCheck.Report r =
                GradientCheck.check(Ops::sumsq, Matrix.zeros(0, 2), Matrix.zeros(0, 2));
        assertEquals(0, r.maxRelativeError());
        assertEquals(-1, r.worstRow());
        assertEquals(-1, r.worstCol());
    }

    @Test
    void badArguments() {
        Matrix x = Matrix.zeros(2, 3);
        var shape = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(Ops::sumsq, x, Matrix.zeros(3, 2)));
        assertEquals("check: at is 2×3 but analytic is 3×2 (the gradient has the shape of the "
                + "argument)", shape.getMessage());
        var step = assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.numericGradient(Ops::sumsq, x, 0));
        assertEquals("h must be finite and positive but is 0.0", step.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(Ops::sumsq, x, x, Double.NaN));
        assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.check(Ops::sumsq, x, x, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class,
                () -> GradientCheck.numericDerivative(v -> v, 1, -1));
        assertEquals("f must not be null", assertThrows(NullPointerException.class,
                () -> GradientCheck.numericGradient(null, x, 1e-6)).getMessage());
        assertEquals("at must not be null", assertThrows(NullPointerException.class,
                () -> GradientCheck.check(Ops::sumsq, null, x)).getMessage());
        assertEquals("analytic must not be null", assertThrows(NullPointerException.class,
                () -> GradientCheck.check(Ops::sumsq, x, null)).getMessage());
    }
}
