package dev.tracegrad.kernel;

import java.util.Arrays;

/**
 * Dense matrix products for generated code: C = α·op(A)·op(B) over row-major arrays, where op is
 * the identity or the transpose. Called by generated code; not part of the DSL.
 *
 * <p>Every entry C[i][j] is accumulated over k in ascending order, as {@code Ops.mul} does, so a
 * product computes the same bits however it is blocked (α is applied once, at the end). The speed
 * comes from the loop shape, not from reordering sums: op(B) is copied into row arrays that start
 * at index 0, and four rows of C are accumulated at once in row arrays (all in the caller's {@link Workspace}), so the inner loop is
 * {@code c0[j] += a0 * row[j]; … c3[j] += a3 * row[j];}, which C2 unrolls and vectorises, with each
 * loaded entry of B used four times.
 */
public final class Gemm {
    /** Rows of C accumulated together. */
    private static final int BLOCK = 4;

    private Gemm() {}

    /**
     * C = α·op(A)·op(B), C m×n with inner dimension p. A is stored m×p (p×m when
     * {@code transA}), B p×n (n×p when {@code transB}), C m×n; C must not share its array with A
     * or B.
     */
    public static void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c,
            int m, int p, int n, double alpha, Workspace w) {
        if (m == 0 || n == 0) {
            return;
        }
        if (n == 1) {
            matrixVector(a, transA, b, c, m, p, alpha);
            return;
        }
        if (m < BLOCK && !transB) {
            // Too few rows to pay for packing B: plain i-k-j over the stored rows.
            small(a, transA, b, c, m, p, n, alpha);
            return;
        }
        // Rows 0..p−1 hold op(B); the next four accumulate rows of C.
        double[][] rows = w.rows(p + BLOCK, n);
        for (int k = 0; k < p; k++) {
            double[] row = rows[k];
            if (transB) {
                for (int j = 0; j < n; j++) {
                    row[j] = b[j * p + k];
                }
            } else {
                System.arraycopy(b, k * n, row, 0, n);
            }
        }
        int i = 0;
        for (; i + BLOCK <= m; i += BLOCK) {
            fourRows(a, transA, rows, c, i, m, p, n, alpha);
        }
        for (; i < m; i++) {
            oneRow(a, transA, rows, c, i, m, p, n, alpha, rows[p]);
        }
    }

    private static void fourRows(double[] a, boolean transA, double[][] rows, double[] c, int i,
            int m, int p, int n, double alpha) {
        double[] c0 = rows[p];
        double[] c1 = rows[p + 1];
        double[] c2 = rows[p + 2];
        double[] c3 = rows[p + 3];
        Arrays.fill(c0, 0, n, 0.0);
        Arrays.fill(c1, 0, n, 0.0);
        Arrays.fill(c2, 0, n, 0.0);
        Arrays.fill(c3, 0, n, 0.0);
        for (int k = 0; k < p; k++) {
            double a0 = at(a, transA, i, k, m, p);
            double a1 = at(a, transA, i + 1, k, m, p);
            double a2 = at(a, transA, i + 2, k, m, p);
            double a3 = at(a, transA, i + 3, k, m, p);
            double[] row = rows[k];
            for (int j = 0; j < n; j++) {
                double v = row[j];
                c0[j] += a0 * v;
                c1[j] += a1 * v;
                c2[j] += a2 * v;
                c3[j] += a3 * v;
            }
        }
        store(c0, c, i * n, n, alpha);
        store(c1, c, (i + 1) * n, n, alpha);
        store(c2, c, (i + 2) * n, n, alpha);
        store(c3, c, (i + 3) * n, n, alpha);
    }

    private static void oneRow(double[] a, boolean transA, double[][] rows, double[] c, int i,
            int m, int p, int n, double alpha, double[] c0) {
        Arrays.fill(c0, 0, n, 0.0);
        for (int k = 0; k < p; k++) {
            double a0 = at(a, transA, i, k, m, p);
            double[] row = rows[k];
            for (int j = 0; j < n; j++) {
                c0[j] += a0 * row[j];
            }
        }
        store(c0, c, i * n, n, alpha);
    }

    private static void small(double[] a, boolean transA, double[] b, double[] c, int m, int p,
            int n, double alpha) {
        Arrays.fill(c, 0, m * n, 0.0);
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int k = 0; k < p; k++) {
                double aik = at(a, transA, i, k, m, p);
                int bk = k * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += aik * b[bk + j];
                }
            }
        }
        scale(c, m * n, alpha);
    }

    /** n = 1: B is a p-vector whichever way it is stored. */
    private static void matrixVector(double[] a, boolean transA, double[] b, double[] c, int m,
            int p, double alpha) {
        if (transA) {
            // Aᵀx with A stored p×m: for ascending k, add row k of A times x_k into c.
            Arrays.fill(c, 0, m, 0.0);
            for (int k = 0; k < p; k++) {
                double bk = b[k];
                int row = k * m;
                for (int i = 0; i < m; i++) {
                    c[i] += a[row + i] * bk;
                }
            }
            scale(c, m, alpha);
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = i * p;
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += a[row + k] * b[k];
            }
            c[i] = alpha == 1.0 ? s : alpha * s;
        }
    }

    private static double at(double[] a, boolean transA, int i, int k, int m, int p) {
        return transA ? a[k * m + i] : a[i * p + k];
    }

    private static void store(double[] row, double[] c, int offset, int n, double alpha) {
        if (alpha == 1.0) {
            System.arraycopy(row, 0, c, offset, n);
        } else {
            for (int j = 0; j < n; j++) {
                c[offset + j] = alpha * row[j];
            }
        }
    }

    private static void scale(double[] c, int length, double alpha) {
        if (alpha != 1.0) {
            for (int x = 0; x < length; x++) {
                c[x] *= alpha;
            }
        }
    }
}
