package dev.tracegrad.bench.jmh;

/**
 * {@code Lu.factor}, {@code Lu.solve} and {@code Lu.solveTransposed} as they were before their
 * loops were blocked (one elimination step, or one axpy per pair of rows, at a time), for {@link
 * LuBenchmark} to measure the blocked kernels against in the same JVM. They give the same bits
 * (the runtime's tests check it).
 */
final class LuBaseline {
    private LuBaseline() {}

    /** PA = LU in {@code rows} (n rows of at least n); returns the permutation's sign, 0 if singular. */
    static int factor(double[] a, int n, double[] lu, int[] piv, double[][] rows) {
        double maxAbs = 0;
        boolean finite = true;
        for (int i = 0; i < n; i++) {
            double[] row = rows[i];
            System.arraycopy(a, i * n, row, 0, n);
            for (int j = 0; j < n; j++) {
                double v = Math.abs(row[j]);
                finite &= v <= Double.MAX_VALUE;
                maxAbs = v > maxAbs ? v : maxAbs;
            }
            piv[i] = i;
        }
        double tolerance = n * 0x1p-52 * maxAbs;
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

    /** X = A⁻¹B in {@code rows} (at least n rows of nrhs). */
    static void solve(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, double[][] rows) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, piv[i] * nrhs, rows[i], 0, nrhs);
        }
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

    /** X = A⁻ᵀB in {@code rows}, right-looking. */
    static void solveTransposed(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x,
            double[][] rows) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, i * nrhs, rows[i], 0, nrhs);
        }
        for (int k = 0; k < n; k++) {
            double[] rowK = rows[k];
            int uk = k * n;
            divide(rowK, lu[uk + k], nrhs);
            for (int i = k + 1; i < n; i++) {
                axpy(-lu[uk + i], rowK, rows[i], nrhs);
            }
        }
        for (int k = n - 1; k > 0; k--) {
            double[] rowK = rows[k];
            int lk = k * n;
            for (int i = 0; i < k; i++) {
                axpy(-lu[lk + i], rowK, rows[i], nrhs);
            }
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(rows[k], 0, x, piv[k] * nrhs, nrhs);
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
