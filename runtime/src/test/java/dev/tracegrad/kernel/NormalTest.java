package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.SpecialReferences.assertDerivative;
import static dev.tracegrad.kernel.SpecialReferences.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class NormalTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void matchesTheHighPrecisionReferenceInBothTails() {
        // About 100 points each: both tails, either side of the joins at 0.66291 and √32, down to
        // Φ(−37.5) ≈ 4.6e-308 and log Φ(−1e10), and a pseudo-random spread.
        assertMatches("normCdf", Normal::normCdf, 1e-15, 90);
        assertMatches("normPdf", Normal::normPdf, 1e-15, 90);
        assertMatches("logNormCdf", Normal::logNormCdf, 1e-15, 100);
        assertMatches("logNormCdfDerivative", Normal::logNormCdfDerivative, 1e-15, 100);
        // On (−√32, −3) x + r cancels: Φ's own error of a few 1e-16, amplified up to about x².
        assertMatches("logNormCdfSecondDerivative", Normal::logNormCdfSecondDerivative, 2e-14, 100);
    }

    @Test
    void secondDerivativeIsAccurateToTheUlpInTheFarTail() {
        // Beyond −√32 nothing cancels; the bound is 1e-15 there, not the 2e-14 of the middle.
        for (SpecialReferences.Row row : SpecialReferences.rows("logNormCdfSecondDerivative")) {
            if (row.x() < -5.66) {
                double expected = row.value().doubleValue();
                double actual = Normal.logNormCdfSecondDerivative(row.x());
                assertEquals(expected, actual, 1e-15 * Math.abs(expected), "at " + row.x());
            }
        }
    }

    @Test
    void closedFormsAndLimits() {
        assertEquals(0.5, Normal.normCdf(0));
        assertEquals(-Math.log(2), Normal.logNormCdf(0), 1e-16);
        assertEquals(1 / Math.sqrt(2 * Math.PI), Normal.normPdf(0), 1e-17);
        assertEquals(2 / Math.sqrt(2 * Math.PI), Normal.logNormCdfDerivative(0), 1e-16); // φ(0)/Φ(0)
        // r′(0) = −r(0)² = −2/π.
        assertEquals(-2 / Math.PI, Normal.logNormCdfSecondDerivative(0), 1e-16);
        // Φ(−37.5) is still a normal double, to full relative accuracy; beyond 38.5 it underflows.
        assertEquals(4.605353009581955e-308, Normal.normCdf(-37.5), 1e-322);
        assertEquals(0, Normal.normCdf(-40));
        assertEquals(1, Normal.normCdf(8.5));
        // log Φ(−1000) = −500000 − log(1000 √(2π)) − 1e-6 + …, finite; its slope ≈ 1000 + 1/1000.
        assertEquals(-500007.8266948122, Normal.logNormCdf(-1000), 1e-9);
        assertEquals(1000.000999998, Normal.logNormCdfDerivative(-1000), 1e-9);
        assertEquals(-0.999998, Normal.logNormCdfSecondDerivative(-1000), 1e-5);
        // Limits at the infinities, and NaN in, NaN out.
        double[][] limits = {
            {Normal.normCdf(-INF), 0}, {Normal.normCdf(INF), 1}, {Normal.normPdf(-INF), 0},
            {Normal.normPdf(INF), 0}, {Normal.logNormCdf(-INF), -INF}, {Normal.logNormCdf(INF), 0},
            {Normal.logNormCdfDerivative(-INF), INF}, {Normal.logNormCdfDerivative(INF), 0},
            {Normal.logNormCdfSecondDerivative(-INF), -1}, {Normal.logNormCdfSecondDerivative(INF), 0},
        };
        for (double[] limit : limits) {
            assertEquals(limit[1], limit[0], 0.0);
        }
        assertTrue(Double.isNaN(Normal.normCdf(Double.NaN)));
        assertTrue(Double.isNaN(Normal.normPdf(Double.NaN)));
        assertTrue(Double.isNaN(Normal.logNormCdf(Double.NaN)));
        assertTrue(Double.isNaN(Normal.logNormCdfDerivative(Double.NaN)));
        assertTrue(Double.isNaN(Normal.logNormCdfSecondDerivative(Double.NaN)));
    }

    @Test
    void logNormCdfIsFiniteAndMonotoneFarIntoTheLowerTail() {
        double previous = -INF;
        for (double x = -1e6; x <= 40; x = x < -100 ? x / 1.5 : x + 0.37) {
            double value = Normal.logNormCdf(x);
            assertTrue(Double.isFinite(value) && value <= 0, "log Φ(" + x + ") = " + value);
            assertTrue(value >= previous, "log Φ decreases at " + x);
            double slope = Normal.logNormCdfDerivative(x);
            assertTrue(slope >= 0 && slope >= -x, "φ/Φ(" + x + ") = " + slope); // φ/Φ > max(0, −x)
            double curvature = Normal.logNormCdfSecondDerivative(x);
            assertTrue(curvature > -1 && curvature <= 0, "(φ/Φ)′(" + x + ") = " + curvature);
            previous = value;
        }
    }

    @Test
    void symmetryAndTheLogarithmOnRandomPoints() {
        Random random = new Random(23);
        for (int t = 0; t < 10_000; t++) {
            double x = random.nextGaussian() * 3;
            // Φ(x) + Φ(−x) = 1: each side is within a few 1e-16, the sum rounds once more.
            assertEquals(1, Normal.normCdf(x) + Normal.normCdf(-x), 5e-16, "at " + x);
            double phi = Normal.normCdf(x);
            double log = x > 0 ? Math.log1p(-Normal.normCdf(-x)) : Math.log(phi);
            assertEquals(log, Normal.logNormCdf(x), 2e-15 * Math.abs(log), "log Φ at " + x);
            double ratio = Normal.normPdf(x) / phi;
            assertEquals(ratio, Normal.logNormCdfDerivative(x), 2e-15 * ratio, "φ/Φ at " + x);
        }
    }

    @Test
    void derivativesAgreeWithCentralDifferences() {
        Random random = new Random(29);
        for (int t = 0; t < 2_000; t++) {
            double x = t % 4 == 0 ? -1000 * random.nextDouble() : -40 + 48 * random.nextDouble();
            double h = 1e-6 * Math.max(1, Math.abs(x));
            if (x > -38) {
                // Φ changes by a factor e over 1/|x| in the lower tail: the step scales with that.
                double step = 1e-6 / Math.max(1, Math.abs(x));
                assertDerivative("Φ′ = φ", Normal::normCdf, Normal::normPdf, x, step);
            }
            assertDerivative("(log Φ)′ = φ/Φ", Normal::logNormCdf, Normal::logNormCdfDerivative, x, h);
            assertDerivative("(φ/Φ)′", Normal::logNormCdfDerivative, Normal::logNormCdfSecondDerivative,
                x, h);
        }
    }
}
