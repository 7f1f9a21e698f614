package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FnTest {

    @Test
    void sigmoidValuesAndTails() {
        assertEquals(0.5, Fn.sigmoid(0));
        assertEquals(0.75, Fn.sigmoid(Math.log(3)), 1e-16);
        assertEquals(0.25, Fn.sigmoid(-Math.log(3)), 1e-16);
        assertEquals(1, Fn.sigmoid(1000));
        assertEquals(0, Fn.sigmoid(-1000));
        assertEquals(1, Fn.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0, Fn.sigmoid(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, Fn.sigmoid(Double.NaN));
        // Symmetry σ(−x) = 1 − σ(x) holds across 0.
        for (double x = -5; x <= 5; x += 0.25) {
            assertEquals(1 - Fn.sigmoid(x), Fn.sigmoid(-x), 2e-16);
        }
        // Where e⁻ˣ would overflow, σ(x) = eˣ / (1 + eˣ) rounds to eˣ, subnormal but not 0.
        assertEquals(Math.exp(-709.5), Fn.sigmoid(-709.5));
        assertEquals(Math.exp(-740), Fn.sigmoid(-740));
        assertTrue(Fn.sigmoid(-740) > 0);
    }

    @Test
    void sigmoidAgreesWithTheStableFormToFourUlps() {
        // The one-argument form divides by 1 + e⁻ˣ for every x above −709; the stable form takes
        // e^−|x| and, below 0, e / (1 + e). Each rounds three times (about 2 ulps from the exact
        // value at worst), so they may differ in the last bits, but no more.
        Random random = new Random(7);
        for (int t = 0; t < 100_000; t++) {
            double x = (random.nextDouble() - 0.5) * (t % 2 == 0 ? 20 : 1500);
            double stable = Fn.sigmoid(x, Fn.expNegAbs(x));
            assertEquals(stable, Fn.sigmoid(x), 4 * Math.ulp(stable), "sigmoid(" + x + ")");
        }
    }

    @Test
    void softplusValuesAndTails() {
        assertEquals(Math.log(2), Fn.softplus(0), 1e-16);
        assertEquals(Math.log(4), Fn.softplus(Math.log(3)), 1e-15);
        assertEquals(1000, Fn.softplus(1000));
        assertEquals(0, Fn.softplus(-1000));
        // log(1 + e) = e − e²/2 + …: accurate even where 1 + e rounds to 1.
        double e = Math.exp(-30);
        assertEquals(e - e * e / 2, Fn.softplus(-30), 1e-29);
        assertEquals(Double.POSITIVE_INFINITY, Fn.softplus(Double.POSITIVE_INFINITY));
        assertEquals(0, Fn.softplus(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, Fn.softplus(Double.NaN));
    }

    @Test
    void sharedExponentialFormsAreTheTextbookStableForms() {
        double[] xs = {-1000, -30, -2.5, -1e-300, -0.0, 0, 1e-300, 0.75, 3, 30, 1000,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN};
        for (double x : xs) {
            double e = Fn.expNegAbs(x);
            // The textbook stable forms, each with its own exponential.
            double sigmoid = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            double softplus = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            assertEquals(sigmoid, Fn.sigmoid(x, e), "sigmoid(" + x + ")");
            double ulps = Double.isFinite(softplus) ? 2 * Math.ulp(softplus) : 0;
            assertEquals(softplus, Fn.softplus(x, e), ulps, "softplus(" + x + ")");
            assertEquals(Fn.softplus(x, e), Fn.softplus(x), "softplus(" + x + ")");
        }
    }

    @Test
    void softplusAgreesWithTheTextbookForm() {
        // Against log1p over the whole range of e = e^−|x|, including e where 1 + e rounds: each
        // is within about 1 ulp of the exact value.
        Random random = new Random(17);
        for (int t = 0; t < 100_000; t++) {
            double x = -Math.abs(random.nextGaussian()) * (t % 2 == 0 ? 3 : 30);
            double expected = Math.log1p(Math.exp(x));
            assertEquals(expected, Fn.softplus(x), 2 * Math.ulp(expected), "softplus(" + x + ")");
        }
        double e = Fn.expNegAbs(-50); // 1 + e rounds to 1, and log(1 + e) = e to double precision
        assertEquals(e, Fn.softplus(-50));
        assertEquals(e, Fn.log1pFromLog(e));
    }

    @Test
    void logOnePlusFromLogKeepsTheDigitsOnePlusEDrops() {
        // The form JDKs before 21 use, checked on every JDK against log1p over e in [0, 1].
        Random random = new Random(19);
        for (int t = 0; t < 100_000; t++) {
            double e = Math.exp(-Math.abs(random.nextGaussian()) * (t % 2 == 0 ? 3 : 40));
            double expected = Math.log1p(e);
            assertEquals(expected, Fn.log1pFromLog(e), 2 * Math.ulp(expected), "log1p(" + e + ")");
        }
        assertEquals(Math.log(2), Fn.log1pFromLog(1), 0.0);
        assertEquals(0.0, Fn.log1pFromLog(0));
        assertEquals(Math.log(2), Fn.softplus(0), 0.0);
    }

    @Test
    void tanhValuesAndTails() {
        assertEquals(0.0, Fn.tanh(0.0));
        assertEquals(-0.0, Fn.tanh(-0.0)); // the sign of zero is kept
        assertEquals(Math.tanh(0.1), Fn.tanh(0.1)); // below 0.3 it is Math.tanh itself
        assertEquals(0.6, Fn.tanh(Math.log(2)), 2e-16); // (4 − 1) / (4 + 1)
        assertEquals(-0.6, Fn.tanh(-Math.log(2)), 2e-16);
        assertEquals(1, Fn.tanh(30));
        assertEquals(-1, Fn.tanh(-1000));
        assertEquals(1, Fn.tanh(Double.POSITIVE_INFINITY));
        assertEquals(-1, Fn.tanh(Double.NEGATIVE_INFINITY));
        assertEquals(Double.NaN, Fn.tanh(Double.NaN));
    }

    @Test
    void tanhAgreesWithMathTanhToFourUlpsAndIsOdd() {
        // Each is within about 2 ulps of the exact value, so they may differ in the last bits.
        Random random = new Random(13);
        for (int t = 0; t < 100_000; t++) {
            double x = random.nextDouble() * (t % 2 == 0 ? 1 : 25);
            double expected = Math.tanh(x);
            assertEquals(expected, Fn.tanh(x), 4 * Math.ulp(expected), "tanh(" + x + ")");
            assertEquals(-Fn.tanh(x), Fn.tanh(-x), "tanh(-" + x + ")");
        }
        // Across the switch at 0.3 the two forms meet without a step.
        double below = Math.nextDown(0.3);
        assertEquals(Fn.tanh(below), Fn.tanh(0.3), 4 * Math.ulp(Fn.tanh(0.3)));
        assertTrue(Fn.tanh(below) <= Fn.tanh(0.3));
    }

    @Test
    void reluAndItsDerivative() {
        assertEquals(2.5, Fn.relu(2.5));
        assertEquals(0, Fn.relu(-2.5));
        assertEquals(0, Fn.relu(0));
        assertEquals(0.0, Fn.relu(-0.0)); // +0.0, not −0.0
        assertEquals(0, Fn.relu(Double.NaN));
        assertEquals(1, Fn.step(0.1));
        assertEquals(0, Fn.step(0));
        assertEquals(0, Fn.step(-3));
    }

    @Test
    void signIsTheDerivativeOfAbs() {
        assertEquals(1, Fn.sign(4));
        assertEquals(-1, Fn.sign(-0.5));
        assertEquals(0, Fn.sign(0));
    }
}
