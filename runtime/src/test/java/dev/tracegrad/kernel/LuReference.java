package dev.tracegrad.kernel;

/**
 * {@link Lu}'s factorisation, solves and inverse as they were before their loops were blocked:
 * one {@code axpy} per pair of rows, in the textbook order. Kept verbatim so that {@link
 * LuBitsTest} can hold the blocked kernels to these bits.
 */
final class LuReference {
    /** 2⁻⁵², the spacing of doubles near 1. */
    private static final double EPS = 0x1p-52;

    private LuReference() {}

    static int factor(double[] a, int n, double[] lu, int[] piv, Workspace w) {
        double[][] rows = w.rows(n, n);
        double maxAbs = 0;
        boolean finite = true;
        for (int i = 0; i < n; i++) {
            double[] row = rows[i];
            System.arraycopy(a, i * n, row, 0, n);
            for (int j = 0; j < n; j++) {
                // A plain comparison, not Math.max: a NaN entry clears finite, and then maxAbs is unused.
                double v = Math.abs(row[j]);
                finite &= v <= Double.MAX_VALUE;
                maxAbs = v > maxAbs ? v : maxAbs;
            }
            piv[i] = i;
        }
        double tolerance = n * EPS * maxAbs;
        int sign = 1;
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(rows[k][k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(rows[i][k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (p != k) {
                double[] t = rows[k];
                rows[k] = rows[p];
                rows[p] = t;
                int q = piv[k];
                piv[k] = piv[p];
                piv[p] = q;
                sign = -sign;
            }
            double[] rowK = rows[k];
            double pivot = rowK[k];
            if (finite && Math.abs(pivot) <= tolerance) {
                return 0;
            }
            for (int i = k + 1; i < n; i++) {
                double[] rowI = rows[i];
                double l = rowI[k] / pivot;
                rowI[k] = l;
                for (int j = k + 1; j < n; j++) {
                    rowI[j] -= l * rowK[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, lu, i * n, n);
        }
        return sign;
    }

    static void inverse(double[] lu, int[] piv, int n, double[] inv, Workspace w) {
        double[][] x = w.rows(n, n);
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(x[i], 0, n, 0.0);
            x[i][piv[i]] = 1; // row i of P·I is row piv[i] of I
        }
        for (int i = 1; i < n; i++) {
            double[] rowI = x[i];
            int li = i * n;
            for (int k = 0; k < i; k++) {
                double f = -lu[li + k];
                double[] rowK = x[k];
                for (int j = 0; j < n; j++) {
                    rowI[j] += f * rowK[j];
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double[] rowI = x[i];
            int ui = i * n;
            for (int k = i + 1; k < n; k++) {
                double f = -lu[ui + k];
                double[] rowK = x[k];
                for (int j = 0; j < n; j++) {
                    rowI[j] += f * rowK[j];
                }
            }
            double uii = lu[ui + i];
            for (int j = 0; j < n; j++) {
                rowI[j] /= uii;
            }
            System.arraycopy(rowI, 0, inv, ui, n);
        }
    }

    static void solve(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w) {
        double[][] rows = w.rows(n, nrhs);
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, piv[i] * nrhs, rows[i], 0, nrhs); // row i of PB is row piv[i] of B
        }
        // L Y = PB, forward (unit diagonal); U X = Y, backward.
        for (int i = 1; i < n; i++) {
            double[] rowI = rows[i];
            int li = i * n;
            for (int k = 0; k < i; k++) {
                axpy(-lu[li + k], rows[k], rowI, nrhs);
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double[] rowI = rows[i];
            int ui = i * n;
            for (int k = i + 1; k < n; k++) {
                axpy(-lu[ui + k], rows[k], rowI, nrhs);
            }
            divide(rowI, lu[ui + i], nrhs);
            System.arraycopy(rowI, 0, x, i * nrhs, nrhs);
        }
    }

    static void solveTransposed(
            double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w) {
        double[][] rows = w.rows(n, nrhs);
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, i * nrhs, rows[i], 0, nrhs);
        }
        // Uᵀ Z = B, forward, right-looking (reads rows of lu): row k /= u_kk, then row i -= u_ki · row k.
        for (int k = 0; k < n; k++) {
            double[] rowK = rows[k];
            int uk = k * n;
            divide(rowK, lu[uk + k], nrhs);
            for (int i = k + 1; i < n; i++) {
                axpy(-lu[uk + i], rowK, rows[i], nrhs);
            }
        }
        // Lᵀ W = Z, backward (unit diagonal): row i -= l_ki · row k for i < k.
        for (int k = n - 1; k > 0; k--) {
            double[] rowK = rows[k];
            int lk = k * n;
            for (int i = 0; i < k; i++) {
                axpy(-lu[lk + i], rowK, rows[i], nrhs);
            }
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(rows[k], 0, x, piv[k] * nrhs, nrhs); // X = PᵀW: row piv[k] is row k of W
        }
    }

    private static void axpy(double alpha, double[] x, double[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] += alpha * x[j];
        }
    }

    private static void divide(double[] y, double d, int len) {
        for (int j = 0; j < len; j++) {
            y[j] /= d;
        }
    }
}
