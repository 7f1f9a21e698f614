package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/** One of {@link ArrayFunctions}' passes beside the scalar function whose bits it must give. */
record ArrayPass(String name, Kernel kernel, DoubleUnaryOperator scalar) {
    @FunctionalInterface
    interface Kernel {
        void apply(double[] x, double[] out, int n);
    }

    /** Applies the pass to the first n entries of x: those bit for bit the scalar's, no other written. */
    void assertFirstN(double[] x, int n) {
        double[] out = new double[x.length];
        Arrays.fill(out, -7.25);
        kernel.apply(x, out, n);
        for (int k = 0; k < x.length; k++) {
            double expected = k < n ? scalar.applyAsDouble(x[k]) : -7.25;
            assertBits(expected, out[k], name + ", n = " + n + ", entry " + k);
        }
    }

    /** Equal bits, signed zeros told apart; any NaN equals any NaN. */
    static void assertBits(double expected, double actual, String where) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                () -> where + ": expected " + expected + ", was " + actual);
    }
}
