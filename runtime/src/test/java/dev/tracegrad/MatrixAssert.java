package dev.tracegrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Assertions and fixtures shared by the runtime tests. */
final class MatrixAssert {
    private MatrixAssert() {}

    /** Same shape and every entry within {@code tol} (absolute). */
    static void assertClose(Matrix expected, Matrix actual, double tol) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        for (int r = 0; r < expected.rows(); r++) {
            for (int c = 0; c < expected.cols(); c++) {
                double e = expected.get(r, c);
                double a = actual.get(r, c);
                if (!(Math.abs(e - a) <= tol)) {
                    fail("entry (" + r + ", " + c + "): expected " + e + " but was " + a
                            + "\nexpected " + expected + "\nactual   " + actual);
                }
            }
        }
    }

    /** Builds a matrix from rows, for readable expected values. */
    static Matrix m(double[]... rows) {
        return Matrix.fromRows(rows);
    }

    /** Shorthand for one row. */
    static double[] row(double... values) {
        return values;
    }

    /** A random n×n matrix made well conditioned by adding n·I (diagonally dominant-ish). */
    static Matrix wellConditioned(int n, Random random) {
        Matrix a = Matrix.random(n, n, random);
        for (int i = 0; i < n; i++) {
            a.set(i, i, a.get(i, i) + n);
        }
        return a;
    }
}
