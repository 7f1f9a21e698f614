package dev.tracegrad.bench.hand;

import java.util.Arrays;

/**
 * Dense products C = op(A)·op(B) over row-major {@code double[]}s, where op(X) is X or Xᵀ: op(A)
 * is m×k, op(B) k×n, C m×n (overwritten).
 *
 * <p>C2 vectorises an inner loop over separate row arrays indexed from 0 several times faster
 * than the same loop over one flat array with a row offset, so op(B) is first copied into row
 * arrays (k·n copies against 2·m·k·n flops) and four rows of C are accumulated at once in
 * zero-based scratch rows (each loaded row of B feeds four multiply-adds). Matrix–vector
 * products (n = 1) skip the packing. An instance keeps its scratch; it is not thread-safe.
 */
final class Gemm {
    private static final int ROWS = 4;

    private double[][] packed = new double[0][];
    private final double[][] acc = new double[ROWS][0];

    /**
     * C = op(A)·op(B).
     *
     * @param transA whether A is stored k×m (so op(A) = Aᵀ)
     * @param transB whether B is stored n×k (so op(B) = Bᵀ)
     */
    void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c,
            int m, int k, int n) {
        if (n == 1) {
            matrixVector(a, transA, b, c, m, k);
            return;
        }
        pack(b, transB, k, n);
        int i = 0;
        for (; i + ROWS <= m; i += ROWS) {
            fourRows(a, transA, c, i, m, k, n);
        }
        for (; i < m; i++) {
            oneRow(a, transA, c, i, m, k, n);
        }
    }

    /** c = op(A)·b for a k-vector b: dot products along A's rows, or axpys along them for Aᵀ. */
    private static void matrixVector(double[] a, boolean transA, double[] b, double[] c, int m,
            int k) {
        if (transA) {
            Arrays.fill(c, 0, m, 0);
            for (int p = 0; p < k; p++) {
                double bp = b[p];
                int row = p * m;
                for (int i = 0; i < m; i++) {
                    c[i] += bp * a[row + i];
                }
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = i * k;
            // Four partial sums break the add chain's latency.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                s0 += a[row + p] * b[p];
                s1 += a[row + p + 1] * b[p + 1];
                s2 += a[row + p + 2] * b[p + 2];
                s3 += a[row + p + 3] * b[p + 3];
            }
            for (; p < k; p++) {
                s0 += a[row + p] * b[p];
            }
            c[i] = (s0 + s1) + (s2 + s3);
        }
    }

    private void pack(double[] b, boolean transB, int k, int n) {
        ensureCapacity(k, n);
        for (int p = 0; p < k; p++) {
            double[] row = packed[p];
            if (transB) {
                for (int j = 0; j < n; j++) {
                    row[j] = b[j * k + p];
                }
            } else {
                System.arraycopy(b, p * n, row, 0, n);
            }
        }
    }

    /** Grows the scratch to at least k rows of n; after the first call of each shape, a no-op. */
    private void ensureCapacity(int k, int n) {
        int rows = Math.max(k, packed.length);
        int cols = Math.max(n, acc[0].length);
        if (rows == packed.length && cols == acc[0].length) {
            return;
        }
        packed = new double[rows][cols];
        for (int r = 0; r < ROWS; r++) {
            acc[r] = new double[cols];
        }
    }

    private void fourRows(double[] a, boolean transA, double[] c, int i, int m, int k, int n) {
        double[] c0 = acc[0];
        double[] c1 = acc[1];
        double[] c2 = acc[2];
        double[] c3 = acc[3];
        Arrays.fill(c0, 0, n, 0);
        Arrays.fill(c1, 0, n, 0);
        Arrays.fill(c2, 0, n, 0);
        Arrays.fill(c3, 0, n, 0);
        for (int p = 0; p < k; p++) {
            double x0 = at(a, transA, i, p, m, k);
            double x1 = at(a, transA, i + 1, p, m, k);
            double x2 = at(a, transA, i + 2, p, m, k);
            double x3 = at(a, transA, i + 3, p, m, k);
            double[] bp = packed[p];
            for (int j = 0; j < n; j++) {
                double v = bp[j];
                c0[j] += x0 * v;
                c1[j] += x1 * v;
                c2[j] += x2 * v;
                c3[j] += x3 * v;
            }
        }
        System.arraycopy(c0, 0, c, i * n, n);
        System.arraycopy(c1, 0, c, (i + 1) * n, n);
        System.arraycopy(c2, 0, c, (i + 2) * n, n);
        System.arraycopy(c3, 0, c, (i + 3) * n, n);
    }

    private void oneRow(double[] a, boolean transA, double[] c, int i, int m, int k, int n) {
        double[] c0 = acc[0];
        Arrays.fill(c0, 0, n, 0);
        for (int p = 0; p < k; p++) {
            double x = at(a, transA, i, p, m, k);
            double[] bp = packed[p];
            for (int j = 0; j < n; j++) {
                c0[j] += x * bp[j];
            }
        }
        System.arraycopy(c0, 0, c, i * n, n);
    }

    /** op(A)(i, p). */
    private static double at(double[] a, boolean transA, int i, int p, int m, int k) {
        return transA ? a[p * m + i] : a[i * k + p];
    }
}
