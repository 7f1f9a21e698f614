package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The product kernel against {@code Ops.mul}: the same bits for every variant and shape, since
 * both accumulate each entry over k in ascending order.
 */
class GemmTest {
    private final Random random = new Random(11);
    private final Workspace workspace = new Workspace();

    @Test
    void handComputedProduct() {
        // [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50]
        double[] c = new double[4];
        Gemm.multiply(new double[] {1, 2, 3, 4}, false, new double[] {5, 6, 7, 8}, false, c, 2, 2, 2, 1,
                workspace);
        assertArrayEquals(new double[] {19, 22, 43, 50}, c);
    }

    @Test
    void everyVariantAndShapeMatchesOpsBitForBit() {
        int[] sizes = {1, 2, 3, 4, 5, 7, 9};
        for (int m : sizes) {
            for (int p : sizes) {
                for (int n : sizes) {
                    for (int variant = 0; variant < 4; variant++) {
                        check(m, p, n, (variant & 1) != 0, (variant & 2) != 0, 1.0);
                    }
                }
            }
        }
    }

    @Test
    void alphaScalesTheAccumulatedSum() {
        for (int variant = 0; variant < 4; variant++) {
            check(6, 5, 7, (variant & 1) != 0, (variant & 2) != 0, -2.5);
            check(6, 5, 1, (variant & 1) != 0, (variant & 2) != 0, 0.5);
            check(2, 5, 3, (variant & 1) != 0, (variant & 2) != 0, 3.0);
        }
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        double[] c = {9, 9, 9, 9, 9, 9};
        Gemm.multiply(new double[0], false, new double[0], false, c, 2, 0, 3, 1, workspace);
        assertArrayEquals(new double[6], c);
        double[] big = new double[5 * 6];
        java.util.Arrays.fill(big, 9);
        Gemm.multiply(new double[0], false, new double[0], true, big, 5, 0, 6, 1, workspace);
        assertArrayEquals(new double[30], big);
    }

    @Test
    void workspaceServesShapesThatGrowAndShrink() {
        check(8, 3, 2, false, false, 1);
        check(5, 40, 30, false, true, 1);
        check(6, 2, 3, true, false, 1);
        check(12, 50, 45, true, true, 1);
        check(4, 1, 4, false, false, 1);
    }

    @Test
    void longInnerDimensionSplitIntoPanelsKeepsTheBits() {
        // 1024 columns of op(B) make panels of 64 rows, so p = 150 takes three panels of 50 and
        // the partial sums pass through C twice.
        for (int variant = 0; variant < 4; variant++) {
            check(7, 150, 1024, (variant & 1) != 0, (variant & 2) != 0, 1.0);
            check(5, 150, 1024, (variant & 1) != 0, (variant & 2) != 0, -0.75);
        }
    }

    @Test
    void matrixVectorAndThinProductsKeepTheBits() {
        // Four dot products at a time with a remainder row, and four rows of B per pass with a
        // remainder, for n = 1 and for products of fewer than four rows.
        for (boolean transA : new boolean[] {false, true}) {
            check(13, 37, 1, transA, false, 1.0);
            check(13, 37, 1, transA, true, 1.0);
            check(3, 37, 11, transA, false, 1.0);
            check(1, 38, 9, transA, false, 2.0);
        }
    }

    @Test
    void singleTermSumsTurnNegativeZeroIntoZeroAsOpsDoes() {
        // Ops adds a·b to a zero entry, and 0 + (−0) = +0: an outer product of −1 and 0 is +0.
        Matrix a = Matrix.of(2, 1, -1, 1);
        Matrix b = Matrix.of(1, 3, 0, -0.0, 2);
        double[] expected = Ops.mul(a, b).data();
        assertEquals(0, Double.doubleToRawLongBits(expected[0]));
        double[] c = new double[6];
        Gemm.multiply(a.data(), false, b.data(), false, c, 2, 1, 3, 1.0, workspace);
        assertArrayEquals(expected, c);
        Gemm.multiply(b.data(), true, a.data(), true, c, 3, 1, 2, 1.0, workspace);
        assertArrayEquals(Ops.mul(Ops.t(b), Ops.t(a)).data(), c);
    }

    @Test
    void rowVectorTimesMatrixIsTheTransposedMatrixVectorProduct() {
        for (int variant = 0; variant < 4; variant++) {
            check(1, 23, 17, (variant & 1) != 0, (variant & 2) != 0, 1.0);
            check(1, 23, 17, (variant & 1) != 0, (variant & 2) != 0, -3.0);
        }
    }

    private void check(int m, int p, int n, boolean transA, boolean transB, double alpha) {
        Matrix a = Matrix.random(transA ? p : m, transA ? m : p, random);
        Matrix b = Matrix.random(transB ? n : p, transB ? p : n, random);
        Matrix expected = Ops.mul(transA ? Ops.t(a) : a, transB ? Ops.t(b) : b);
        if (alpha != 1.0) {
            expected = Ops.scale(alpha, expected);
        }
        double[] c = new double[m * n];
        java.util.Arrays.fill(c, Double.NaN); // the kernel overwrites, never accumulates into C
        Gemm.multiply(a.data(), transA, b.data(), transB, c, m, p, n, alpha, workspace);
        String what = m + "x" + p + "x" + n + (transA ? " At" : " A") + (transB ? "Bt" : "B");
        if (alpha == 1.0) {
            assertArrayEquals(expected.data(), c, what); // bit for bit, signed zeros included
        } else {
            for (int x = 0; x < c.length; x++) {
                assertEquals(expected.data()[x], c[x], 1e-15 * Math.max(1, Math.abs(c[x])), what);
            }
        }
    }
}
