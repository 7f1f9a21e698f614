package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.SpecialReferences.assertDerivative;
import static dev.tracegrad.kernel.SpecialReferences.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class GammaTest {
    private static final double EULER_GAMMA = 0.57721566490153286061;

    @Test
    void matchesTheHighPrecisionReference() {
        // About 100 points each: near 0, at and around 1 and 2 (ln Γ's zeros) and ψ's root
        // 1.4616…, either side of the joins at 1.25, 1.5, 1.75, 2.5 and 10, large arguments up to
        // 1e300, and a pseudo-random spread. Relative error everywhere, also next to the zeros.
        assertMatches("logGamma", Gamma::logGamma, 2e-15, 100);
        assertMatches("digamma", Gamma::digamma, 2e-15, 100);
        assertMatches("trigamma", Gamma::trigamma, 2e-15, 100);
    }

    @Test
    void closedFormsAndZeros() {
        assertEquals(0.0, Gamma.logGamma(1));
        assertEquals(0.0, Gamma.logGamma(2));
        assertEquals(Math.log(6), Gamma.logGamma(4), 1e-15);
        assertEquals(0.5 * Math.log(Math.PI), Gamma.logGamma(0.5), 2e-16); // Γ(1/2) = √π
        assertEquals(-EULER_GAMMA, Gamma.digamma(1), 1e-16);
        assertEquals(1 - EULER_GAMMA, Gamma.digamma(2), 1e-16);
        assertEquals(-EULER_GAMMA - 2 * Math.log(2), Gamma.digamma(0.5), 4e-16);
        assertEquals(Math.PI * Math.PI / 6, Gamma.trigamma(1), 4e-16);
        assertEquals(Math.PI * Math.PI / 2, Gamma.trigamma(0.5), 1e-15);
        // At the double nearest ψ's root the value is the slope ψ′(x₀) ≈ 0.9677 times the
        // distance to the true root, −9.55e-17: a relative, not only an absolute, accuracy.
        assertEquals(-9.2413e-17, Gamma.digamma(1.4616321449683622), 1e-21);
    }

    @Test
    void domainEdges() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(inf, Gamma.logGamma(0));
        assertEquals(inf, Gamma.logGamma(-0.0));
        assertEquals(-inf, Gamma.digamma(0));
        assertEquals(inf, Gamma.trigamma(0));
        assertEquals(inf, Gamma.logGamma(inf));
        assertEquals(inf, Gamma.digamma(inf));
        assertEquals(0, Gamma.trigamma(inf));
        assertEquals(inf, Gamma.logGamma(Double.MAX_VALUE)); // ln Γ overflows from about 2.55e305
        assertEquals(-Math.log(Double.MIN_VALUE), Gamma.logGamma(Double.MIN_VALUE), 1e-12);
        for (double x : new double[] {-1e-300, -0.5, -1, -2, -1e300, Double.NEGATIVE_INFINITY, Double.NaN}) {
            assertTrue(Double.isNaN(Gamma.logGamma(x)), "logGamma(" + x + ")");
            assertTrue(Double.isNaN(Gamma.digamma(x)), "digamma(" + x + ")");
            assertTrue(Double.isNaN(Gamma.trigamma(x)), "trigamma(" + x + ")");
        }
    }

    @Test
    void recurrencesHoldOnRandomPoints() {
        Random random = new Random(31);
        for (int t = 0; t < 10_000; t++) {
            // k 2ᵉ with k < 2²⁴ and e ≥ −30: from 1e-9 to 65536, and x + 1 is exact.
            int[] exponents = {-30, -24, -22, -16, -8};
            double x = Math.scalb((double) (1 + random.nextInt(1 << 24)), exponents[t % 5]);
            double logGamma = Gamma.logGamma(x);
            double logX = Math.log(x);
            assertEquals(logGamma + logX, Gamma.logGamma(x + 1),
                4e-15 * (Math.abs(logGamma) + Math.abs(logX)), "ln Γ(x + 1) = ln Γ(x) + ln x at " + x);
            double digamma = Gamma.digamma(x);
            assertEquals(digamma + 1 / x, Gamma.digamma(x + 1), 4e-15 * (Math.abs(digamma) + 1 / x),
                "ψ(x + 1) = ψ(x) + 1/x at " + x);
            double trigamma = Gamma.trigamma(x);
            assertEquals(trigamma - 1 / (x * x), Gamma.trigamma(x + 1), 4e-15 * trigamma,
                "ψ′(x + 1) = ψ′(x) − 1/x² at " + x);
        }
    }

    @Test
    void derivativesAgreeWithCentralDifferences() {
        Random random = new Random(37);
        for (int t = 0; t < 2_000; t++) {
            double x = Math.pow(10, -3 + 9 * random.nextDouble());
            if (t % 2 == 0) {
                x = 0.5 + 3 * random.nextDouble(); // dense around the zeros and the joins
            }
            double h = 1e-6 * x;
            assertDerivative("(ln Γ)′ = ψ", Gamma::logGamma, Gamma::digamma, x, h);
            assertDerivative("ψ′", Gamma::digamma, Gamma::trigamma, x, h);
        }
    }
}
