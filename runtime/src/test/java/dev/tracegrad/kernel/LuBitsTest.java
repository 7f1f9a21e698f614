package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * {@link Lu}'s blocked kernels against {@link LuReference}, the one-axpy-per-row-pair loops they
 * replaced, bit for bit: every result entry must have the same raw bits (signed zeros included).
 * The one exception is a NaN's payload and sign, which Java does not specify and which the
 * interpreter and the compilers may produce differently for the same code: any NaN matches any
 * NaN. Sizes run from 1 to 70 (and past 128 for the inverse), right-hand sides from 1 to 70,
 * past 128 and in place, so that every remainder of the unrolled loops and both row-block
 * heights are reached; the matrices are random, badly scaled, nearly singular, exact small
 * integers (many exact and signed zeros), tiny (subnormal pivots) and with NaN or infinite
 * entries.
 */
class LuBitsTest {
    private final Random random = new Random(20261205);
    /** Shared by every call of the kernels under test, so it is dirty from larger shapes. */
    private final Workspace workspace = new Workspace();

    /** The kinds of matrix {@link #matrix} makes. */
    private static final String[] KINDS = {
        "gaussian", "badly scaled", "nearly singular", "small integers", "with NaN", "with infinities",
        "tiny (subnormal pivots)", "diagonally dominant"
    };

    private double[] matrix(String kind, int n) {
        double[] a = new double[n * n];
        switch (kind) {
            case "gaussian" -> fill(a, (i, j) -> random.nextGaussian());
            case "badly scaled" -> fill(a, (i, j) -> random.nextGaussian() * Math.pow(10, random.nextInt(25) - 12));
            case "nearly singular" -> {
                fill(a, (i, j) -> random.nextGaussian());
                // Last row: the sum of the others, plus a perturbation near the singularity threshold.
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int i = 0; i < n - 1; i++) {
                        s += a[i * n + j];
                    }
                    a[(n - 1) * n + j] = s + 1e-13 * random.nextGaussian();
                }
            }
            case "small integers" -> fill(a, (i, j) -> random.nextInt(4) == 0 ? random.nextInt(7) - 3 : 0.0);
            case "with NaN" -> {
                fill(a, (i, j) -> random.nextGaussian());
                a[random.nextInt(n * n)] = Double.NaN;
            }
            case "with infinities" -> {
                fill(a, (i, j) -> random.nextGaussian());
                a[random.nextInt(n * n)] = Double.POSITIVE_INFINITY;
                a[random.nextInt(n * n)] = Double.NEGATIVE_INFINITY;
            }
            case "tiny (subnormal pivots)" -> fill(a, (i, j) -> random.nextGaussian() * 0x1p-1060);
            case "diagonally dominant" -> fill(a, (i, j) -> i == j ? n + random.nextDouble() : random.nextGaussian());
            default -> throw new AssertionError(kind);
        }
        return a;
    }

    private static void fill(double[] a, BiFunction<Integer, Integer, Double> entry) {
        int n = (int) Math.round(Math.sqrt(a.length));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = entry.apply(i, j);
            }
        }
    }

    /**
     * Right-hand sides: Gaussian, with a NaN, an infinity and signed zeros now and then (also
     * {@link LuVectorTest}'s).
     */
    static double[] rhs(Random random, int n, int nrhs) {
        double[] b = new double[n * nrhs];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        switch (random.nextInt(4)) {
            case 0 -> b[random.nextInt(b.length)] = Double.NaN;
            case 1 -> b[random.nextInt(b.length)] = Double.NEGATIVE_INFINITY;
            case 2 -> {
                for (int i = 0; i < b.length; i += 3) {
                    b[i] = i % 2 == 0 ? 0.0 : -0.0;
                }
            }
            default -> { }
        }
        return b;
    }

    private int size(int i) {
        // Every n from 1 to 40 once, then random ones up to 70.
        return i < 40 ? i + 1 : 41 + random.nextInt(30);
    }

    @Test
    void factorMatchesTheReference() {
        for (String kind : KINDS) {
            for (int c = 0; c < 60; c++) {
                int n = size(c);
                double[] a = matrix(kind, n);
                double[] expected = new double[n * n];
                int[] expectedPiv = new int[n];
                int expectedSign = LuReference.factor(a, n, expected, expectedPiv, new Workspace());
                double[] actual = new double[n * n];
                int[] actualPiv = new int[n];
                double[] before = a.clone();
                int sign = Lu.factor(a, n, actual, actualPiv, workspace);
                String what = "factor, " + kind + ", n = " + n;
                assertEquals(expectedSign, sign, what);
                assertSameBits(before, a, what + ": input changed");
                if (sign != 0) { // lu and piv are unspecified for a singular matrix
                    assertArrayEquals(expectedPiv, actualPiv, what);
                    assertSameBits(expected, actual, what);
                }
            }
        }
    }

    @Test
    void aSingularMatrixIsReportedAsTheReferenceReportsIt() {
        for (int n = 2; n <= 40; n++) {
            double[] a = matrix("gaussian", n);
            System.arraycopy(a, 0, a, (n - 1) * n, n); // two equal rows
            assertEquals(0, LuReference.factor(a, n, new double[n * n], new int[n], new Workspace()));
            assertEquals(0, Lu.factor(a, n, new double[n * n], new int[n], workspace), "n = " + n);
        }
    }

    /** A factorisation to solve with: from a matrix of each kind, or any array with a random permutation. */
    private int[] factorised(String kind, int n, double[] lu) {
        int[] piv = new int[n];
        if (kind == null) {
            for (int i = 0; i < n * n; i++) {
                lu[i] = random.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                piv[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = piv[i];
                piv[i] = piv[j];
                piv[j] = t;
            }
            return piv;
        }
        if (LuReference.factor(matrix(kind, n), n, lu, piv, new Workspace()) == 0) {
            return null;
        }
        return piv;
    }

    private interface Solver {
        void solve(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w);
    }

    private void solvesMatch(String name, Solver reference, Solver blocked) {
        String[] kinds = new String[KINDS.length + 1];
        System.arraycopy(KINDS, 0, kinds, 0, KINDS.length); // the last, null: an arbitrary array
        int cases = 0;
        for (String kind : kinds) {
            for (int c = 0; c < 50; c++) {
                int n = size(c);
                double[] lu = new double[n * n];
                int[] piv = factorised(kind, n, lu);
                if (piv == null) {
                    continue;
                }
                // Rows of 128 or more take the kernels' four-row passes.
                int nrhs = c % 5 == 0 ? 1 : c % 7 == 3 ? 128 + random.nextInt(20) : 1 + random.nextInt(70);
                double[] b = rhs(random, n, nrhs);
                double[] expected = new double[n * nrhs];
                reference.solve(lu, piv, n, b, nrhs, expected, new Workspace());
                String what = name + ", " + (kind == null ? "arbitrary lu" : kind) + ", n = " + n
                        + ", nrhs = " + nrhs;
                double[] before = b.clone();
                double[] actual = new double[n * nrhs];
                blocked.solve(lu, piv, n, b, nrhs, actual, workspace);
                assertSameBits(expected, actual, what);
                assertSameBits(before, b, what + ": b changed");
                blocked.solve(lu, piv, n, b, nrhs, b, workspace); // in place
                assertSameBits(expected, b, what + ", in place");
                cases++;
            }
        }
        assertNotEquals(0, cases);
    }

    @Test
    void solveMatchesTheReference() {
        solvesMatch("solve", LuReference::solve, Lu::solve);
    }

    @Test
    void solveTransposedMatchesTheReference() {
        solvesMatch("solveTransposed", LuReference::solveTransposed, Lu::solveTransposed);
    }

    @Test
    void inverseMatchesTheReference() {
        for (String kind : KINDS) {
            for (int c = 0; c < 52; c++) {
                int n = c < 50 ? size(c) : 128 + random.nextInt(8); // long rows too
                double[] lu = new double[n * n];
                int[] piv = factorised(kind, n, lu);
                if (piv == null) {
                    continue;
                }
                double[] expected = new double[n * n];
                LuReference.inverse(lu, piv, n, expected, new Workspace());
                double[] actual = new double[n * n];
                Lu.inverse(lu, piv, n, actual, workspace);
                assertSameBits(expected, actual, "inverse, " + kind + ", n = " + n);
            }
        }
    }

    /** Raw bits equal entry by entry, except that any NaN matches any NaN. */
    static void assertSameBits(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            boolean same = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
            if (!same) {
                fail(what + ": entry " + i + " is " + a + " (bits " + Long.toHexString(Double.doubleToRawLongBits(a))
                        + "), expected " + e + " (bits " + Long.toHexString(Double.doubleToRawLongBits(e)) + ")");
            }
        }
    }
}
