package dev.tracegrad.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.ejml.Ejml;
import org.ejml.data.DMatrixRMaj;

/** Assertions that two implementations computed the same numbers, to a relative tolerance. */
final class Agreement {
    /** Tight enough to catch any formula slip, loose enough for reordered sums. */
    static final double TOLERANCE = 1e-9;

    private Agreement() {}

    /** |actual − expected| ≤ 1e-9 · max(1, |expected|). */
    static void sameValue(String what, double expected, double actual) {
        double scale = Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(actual - expected) <= TOLERANCE * scale,
                what + ": expected " + expected + " but got " + actual);
    }

    /** Same shape, and max|actual − expected| ≤ 1e-9 · max(1, max|expected|). */
    static void sameMatrix(String what, Matrix expected, Matrix actual) {
        assertTrue(expected.rows() == actual.rows() && expected.cols() == actual.cols(),
                what + ": shape " + actual.rows() + "×" + actual.cols() + " instead of "
                        + expected.rows() + "×" + expected.cols());
        double[] e = expected.data();
        double[] a = actual.data();
        double scale = 1;
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            scale = Math.max(scale, Math.abs(e[i]));
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertTrue(worst <= TOLERANCE * scale,
                what + ": entries differ by up to " + worst + " (scale " + scale + ")");
    }

    static void sameMatrix(String what, Matrix expected, DMatrixRMaj actual) {
        sameMatrix(what, expected, Ejml.toMatrix(actual));
    }
}
