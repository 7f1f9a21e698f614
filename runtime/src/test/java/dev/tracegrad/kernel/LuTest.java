package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.SingularMatrixException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LuTest {
    // A = [4 3; 6 3]. Partial pivoting takes row 1 (|6| > |4|): PA = [6 3; 4 3],
    // l = 4/6 = 2/3, u22 = 3 − (2/3)·3 = 1, so L = [1 0; 2/3 1], U = [6 3; 0 1], det = −6.
    private static final double[] A = {4, 3, 6, 3};

    @Test
    void factorsTwoByTwoWithPivoting() {
        double[] lu = new double[4];
        int[] piv = new int[2];
        int sign = Lu.factor(A, 2, lu, piv);
        assertEquals(-1, sign);
        assertArrayEquals(new int[] {1, 0}, piv);
        assertArrayEquals(new double[] {6, 3, 2.0 / 3, 1}, lu, 1e-15);
        assertArrayEquals(new double[] {4, 3, 6, 3}, A); // input untouched
        assertEquals(-6, Lu.det(lu, 2, sign), 1e-14);
        assertEquals(Math.log(6), Lu.logAbsDet(lu, 2), 1e-15);
    }

    @Test
    void solvesKnownSystems() {
        double[] lu = new double[4];
        int[] piv = new int[2];
        int sign = Lu.factor(A, 2, lu, piv);
        Lu.requireNonSingular(sign, "A");
        // 4x + 3y = 10, 6x + 3y = 12 ⇒ x = 1, y = 2
        double[] x = new double[2];
        Lu.solve(lu, piv, 2, new double[] {10, 12}, 1, x);
        assertArrayEquals(new double[] {1, 2}, x, 1e-14);
        // Aᵀ = [4 6; 3 3]: 4x + 6y = 10, 3x + 3y = 6 ⇒ x = 1, y = 1
        Lu.solveTransposed(lu, piv, 2, new double[] {10, 6}, 1, x);
        assertArrayEquals(new double[] {1, 1}, x, 1e-14);
        // A⁻¹ = (1/−6)[3 −3; −6 4]
        double[] inv = new double[4];
        Lu.inverse(lu, piv, 2, inv);
        assertArrayEquals(new double[] {-0.5, 0.5, 1, -2.0 / 3}, inv, 1e-15);
        // Two right-hand sides at once, row-major 2×2: columns (10, 12) and (7, 9).
        double[] two = new double[4];
        Lu.solve(lu, piv, 2, new double[] {10, 7, 12, 9}, 2, two);
        // second: 4x + 3y = 7, 6x + 3y = 9 ⇒ x = 1, y = 1
        assertArrayEquals(new double[] {1, 1, 2, 1}, two, 1e-14);
    }

    @Test
    void threeByThreeNeedingTwoSwaps() {
        // Row 2 pivots first, then row 0 (the largest remaining): piv is a 3-cycle.
        double[] a = {1, 2, 0, 2, 1, 1, 4, 0, 1};
        double[] lu = new double[9];
        int[] piv = new int[3];
        int sign = Lu.factor(a, 3, lu, piv);
        // det = 1(1·1 − 1·0) − 2(2·1 − 1·4) + 0 = 1 + 4 = 5
        assertEquals(5, Lu.det(lu, 3, sign), 1e-14);
        assertEquals(2, piv[0]);
        double[] x = new double[3];
        // A·(1, 2, 3) = (5, 7, 7)
        Lu.solve(lu, piv, 3, new double[] {5, 7, 7}, 1, x);
        assertArrayEquals(new double[] {1, 2, 3}, x, 1e-14);
        // Aᵀ·(1, 2, 3) = (1 + 4 + 12, 2 + 2 + 0, 0 + 2 + 3) = (17, 4, 5)
        Lu.solveTransposed(lu, piv, 3, new double[] {17, 4, 5}, 1, x);
        assertArrayEquals(new double[] {1, 2, 3}, x, 1e-14);
    }

    @Test
    void randomSystemsAgreeWithProductsAndEachOther() {
        Random random = new Random(5);
        for (int n = 1; n <= 9; n++) {
            for (int nrhs : new int[] {1, 3, n}) {
                Matrix a = wellConditioned(n, random);
                Matrix b = Matrix.random(n, nrhs, random);
                Factors f = Factors.of(a);
                double[] x = new double[n * nrhs];
                Lu.solve(f.lu, f.piv, n, b.data(), nrhs, x);
                assertClose(b, Ops.mul(a, Matrix.of(n, nrhs, x)), 1e-12);
                double[] y = new double[n * nrhs];
                Lu.solveTransposed(f.lu, f.piv, n, b.data(), nrhs, y);
                assertClose(b, Ops.mul(Ops.t(a), Matrix.of(n, nrhs, y)), 1e-12);
                // Both solves agree with multiplying by the explicit inverse.
                double[] inv = new double[n * n];
                Lu.inverse(f.lu, f.piv, n, inv);
                Matrix aInv = Matrix.of(n, n, inv);
                assertClose(Ops.mul(aInv, b), Matrix.of(n, nrhs, x), 1e-12);
                assertClose(Ops.mul(Ops.t(aInv), b), Matrix.of(n, nrhs, y), 1e-12);
                assertClose(Matrix.identity(n), Ops.mul(aInv, a), 1e-12);
            }
        }
    }

    @Test
    void determinantAndLogAgreeAndMatchCofactorExpansion() {
        Random random = new Random(6);
        for (int n = 1; n <= 5; n++) {
            Matrix a = Matrix.random(n, n, random);
            Factors f = Factors.of(a);
            double det = Lu.det(f.lu, n, f.sign);
            assertEquals(cofactorDet(a.toArray()), det, 1e-12 * Math.max(1, Math.abs(det)));
            assertEquals(Math.log(Math.abs(det)), Lu.logAbsDet(f.lu, n), 1e-12);
        }
    }

    @Test
    void pivotsFormAPermutationAndReconstructA() {
        Random random = new Random(7);
        int n = 6;
        Matrix a = Matrix.random(n, n, random);
        Factors f = Factors.of(a);
        boolean[] seen = new boolean[n];
        for (int p : f.piv) {
            assertTrue(!seen[p], "piv repeats " + p);
            seen[p] = true;
        }
        // L·U equals PA, row k of which is row piv[k] of A.
        double[] l = new double[n * n];
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j < i) {
                    l[i * n + j] = f.lu[i * n + j];
                } else {
                    u[i * n + j] = f.lu[i * n + j];
                }
            }
            l[i * n + i] = 1;
        }
        Matrix product = Ops.mul(Matrix.of(n, n, l), Matrix.of(n, n, u));
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                assertEquals(a.get(f.piv[k], j), product.get(k, j), 1e-13);
            }
        }
        // Partial pivoting keeps every multiplier at most 1 in magnitude.
        for (double v : l) {
            assertTrue(Math.abs(v) <= 1, "multiplier " + v);
        }
    }

    @Test
    void solvesInPlace() {
        Random random = new Random(8);
        int n = 5;
        int nrhs = 2;
        Matrix a = wellConditioned(n, random);
        Matrix b = Matrix.random(n, nrhs, random);
        Factors f = Factors.of(a);
        double[] expected = new double[n * nrhs];
        Lu.solve(f.lu, f.piv, n, b.data(), nrhs, expected);
        double[] xb = b.data().clone();
        Lu.solve(f.lu, f.piv, n, xb, nrhs, xb);
        assertArrayEquals(expected, xb, 0);
        Lu.solveTransposed(f.lu, f.piv, n, b.data(), nrhs, expected);
        xb = b.data().clone();
        Lu.solveTransposed(f.lu, f.piv, n, xb, nrhs, xb);
        assertArrayEquals(expected, xb, 0);
    }

    @Test
    void solveLeavesTheRightHandSideAloneWhenOutputDiffers() {
        Factors f = Factors.of(Matrix.of(2, 2, A));
        double[] b = {10, 12};
        Lu.solve(f.lu, f.piv, 2, b, 1, new double[2]);
        Lu.solveTransposed(f.lu, f.piv, 2, b, 1, new double[2]);
        assertArrayEquals(new double[] {10, 12}, b);
    }

    @Test
    void singularMatricesGiveSignZero() {
        assertEquals(0, Factors.of(Matrix.of(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9)).sign);
        assertEquals(0, Factors.of(Matrix.of(2, 2, 1, 2, 2, 4)).sign);
        assertEquals(0, Factors.of(Matrix.zeros(3, 3)).sign);
        assertEquals(0, Factors.of(Matrix.of(3, 3, 1, 2, 3, 1, 2, 3, 0, 0, 1)).sign); // equal rows
        assertEquals(0, Factors.of(Matrix.of(1, 1, 0)).sign);
        assertEquals(0, Lu.det(new double[] {5}, 1, 0));
    }

    @Test
    void scaleDoesNotDecideSingularity() {
        // Tiny and huge but perfectly regular: the tolerance is relative to max|a|.
        assertNotEquals(0, Factors.of(Matrix.of(2, 2, 1e-200, 0, 0, 1e-200)).sign);
        assertNotEquals(0, Factors.of(Matrix.of(2, 2, 0, 1e200, 1e200, 0)).sign);
    }

    @Test
    void nanPropagatesInsteadOfReportingSingularity() {
        Factors f = Factors.of(Matrix.of(2, 2, Double.NaN, 1, 1, 1));
        assertNotEquals(0, f.sign);
        assertTrue(Double.isNaN(Lu.det(f.lu, 2, f.sign)));
        double[] x = new double[2];
        Lu.solve(f.lu, f.piv, 2, new double[] {1, 1}, 1, x);
        assertTrue(Double.isNaN(x[0]) || Double.isNaN(x[1]));
        // Even with an exactly zero pivot the non-finite input wins: NaN, not "singular".
        Factors g = Factors.of(Matrix.of(2, 2, 0, Double.POSITIVE_INFINITY, 0, 1));
        assertNotEquals(0, g.sign);
        assertTrue(Double.isNaN(Lu.det(g.lu, 2, g.sign)));
    }

    @Test
    void emptyMatrix() {
        int sign = Lu.factor(new double[0], 0, new double[0], new int[0]);
        assertEquals(1, sign);
        assertEquals(1, Lu.det(new double[0], 0, sign));
        assertEquals(0, Lu.logAbsDet(new double[0], 0));
        Lu.inverse(new double[0], new int[0], 0, new double[0]);
    }

    @Test
    void requireNonSingular() {
        Lu.requireNonSingular(1, "A");
        Lu.requireNonSingular(-1, "A");
        var e = assertThrows(SingularMatrixException.class,
                () -> Lu.requireNonSingular(0, "inv: S"));
        assertEquals("inv: S is singular", e.getMessage());
    }

    /** A factorisation held together for the tests. */
    private record Factors(double[] lu, int[] piv, int sign) {
        static Factors of(Matrix a) {
            int n = a.rows();
            double[] lu = new double[n * n];
            int[] piv = new int[n];
            int sign = Lu.factor(a.data(), n, lu, piv);
            return new Factors(lu, piv, sign);
        }
    }

    private static Matrix wellConditioned(int n, Random random) {
        Matrix a = Matrix.random(n, n, random);
        for (int i = 0; i < n; i++) {
            a.set(i, i, a.get(i, i) + n);
        }
        return a;
    }

    private static void assertClose(Matrix expected, Matrix actual, double tol) {
        assertArrayEquals(expected.data(), actual.data(), tol,
                () -> "expected " + expected + " but was " + actual);
    }

    /** Laplace expansion along the first row: slow but independent of LU. */
    private static double cofactorDet(double[][] a) {
        int n = a.length;
        if (n == 1) {
            return a[0][0];
        }
        double det = 0;
        for (int c = 0; c < n; c++) {
            double[][] minor = new double[n - 1][n - 1];
            for (int r = 1; r < n; r++) {
                for (int j = 0, k = 0; j < n; j++) {
                    if (j != c) {
                        minor[r - 1][k++] = a[r][j];
                    }
                }
            }
            det += (c % 2 == 0 ? 1 : -1) * a[0][c] * cofactorDet(minor);
        }
        return det;
    }
}
