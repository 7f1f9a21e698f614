package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        // Symmetry σ(−x) = 1 − σ(x) holds across the branch point.
        for (double x = -5; x <= 5; x += 0.25) {
            assertEquals(1 - Fn.sigmoid(x), Fn.sigmoid(-x), 2e-16);
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
    void sharedExponentialGivesTheSameBits() {
        double[] xs = {-1000, -30, -2.5, -1e-300, -0.0, 0, 1e-300, 0.75, 3, 30, 1000,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN};
        for (double x : xs) {
            double e = Fn.expNegAbs(x);
            // The textbook stable forms, each with its own exponential.
            double sigmoid = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
            double softplus = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            assertEquals(sigmoid, Fn.sigmoid(x, e), "sigmoid(" + x + ")");
            assertEquals(softplus, Fn.softplus(x, e), "softplus(" + x + ")");
            assertEquals(sigmoid, Fn.sigmoid(x), "sigmoid(" + x + ")");
            assertEquals(softplus, Fn.softplus(x), "softplus(" + x + ")");
        }
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
