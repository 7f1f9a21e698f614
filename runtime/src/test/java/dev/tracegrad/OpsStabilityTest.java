package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.m;
import static dev.tracegrad.MatrixAssert.row;
import static dev.tracegrad.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stability part of the contract: finite, correct values at |x| = 1000 and beyond. */
class OpsStabilityTest {

    @Test
    void sigmoidSaturatesWithoutOverflow() {
        assertEquals(m(row(1, 0, 1, 0)), sigmoid(m(row(1000, -1000, 1e300, -1e300))));
        // Far in the tail the small side is still accurate, not flushed to 0.
        double tail = sigmoid(m(row(-700))).get(0, 0);
        assertEquals(Math.exp(-700), tail, 1e-15 * Math.exp(-700));
    }

    @Test
    void softplusIsFiniteAndNonNegative() {
        Matrix s = softplus(m(row(1000, -1000, 1e300, -1e300, 40)));
        assertEquals(1000, s.get(0, 0));
        assertEquals(0, s.get(0, 1));
        assertEquals(1e300, s.get(0, 2));
        assertEquals(0, s.get(0, 3));
        assertEquals(40 + Math.exp(-40), s.get(0, 4), 1e-15);
        // log(1 + e^−50) ≈ e^−50: tiny but positive, where log(1 + exp(x)) would give 0.
        assertEquals(Math.exp(-50), softplus(m(row(-50))).get(0, 0), 1e-30);
    }

    @Test
    void softmaxOfLargeLogits() {
        assertEquals(Matrix.column(1, 0), softmax(Matrix.column(1000, 0)));
        assertEquals(Matrix.column(0.5, 0.5), softmax(Matrix.column(1000, 1000)));
        assertEquals(Matrix.column(0.5, 0.5), softmax(Matrix.column(-1000, -1000)));
        Matrix p = softmax(Matrix.column(-1000, -999, -1000));
        double e = Math.E;
        assertEquals(1 / (2 + e), p.get(0, 0), 1e-15);
        assertEquals(e / (2 + e), p.get(1, 0), 1e-15);
    }

    @Test
    void logSoftmaxOfLargeLogits() {
        assertEquals(Matrix.column(0, -1000), logSoftmax(Matrix.column(1000, 0)));
        assertEquals(Matrix.column(-2000, 0), logSoftmax(Matrix.column(-1000, 1000)));
        Matrix both = logSoftmax(Matrix.column(-1000, -1000));
        assertEquals(-Math.log(2), both.get(0, 0), 1e-15);
        assertEquals(-Math.log(2), both.get(1, 0), 1e-15);
        for (double v : logSoftmax(m(row(1e4, -1e4), row(-1e4, 1e4))).data()) {
            assertTrue(Double.isFinite(v), "finite: " + v);
        }
    }

    @Test
    void logdetOfTinyButRegularMatrixIsFinite() {
        // det = 1e-200·1e-200 underflows to 0, yet the matrix is perfectly regular.
        Matrix tiny = scale(1e-200, Matrix.identity(2));
        assertEquals(0, det(tiny));
        assertEquals(-400 * Math.log(10), logdet(tiny), 1e-10);
    }
}
