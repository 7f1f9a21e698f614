package dev.tracegrad.bench.hand;

/**
 * LU factorisation with partial pivoting on row arrays, and the inverse from it. Rows are swapped
 * by reference and every inner loop is a zero-based row update, the shape C2 vectorises best.
 * An instance keeps its n×n scratch; it is not thread-safe.
 */
final class Lu {
    private final int n;
    private final double[][] lu;
    private final double[][] x;
    private final int[] perm;

    Lu(int n) {
        this.n = n;
        this.lu = new double[n][n];
        this.x = new double[n][n];
        this.perm = new int[n];
    }

    /**
     * Factors the row-major n×n {@code a} as PA = LU.
     *
     * @throws ArithmeticException if a pivot is exactly zero
     */
    void factor(double[] a) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, lu[i], 0, n);
            perm[i] = i;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            double best = Math.abs(lu[k][k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(lu[i][k]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (best == 0) {
                throw new ArithmeticException("singular matrix");
            }
            if (p != k) {
                double[] row = lu[k];
                lu[k] = lu[p];
                lu[p] = row;
                int t = perm[k];
                perm[k] = perm[p];
                perm[p] = t;
            }
            double[] rowK = lu[k];
            double pivot = rowK[k];
            for (int i = k + 1; i < n; i++) {
                double[] rowI = lu[i];
                double l = rowI[k] / pivot;
                rowI[k] = l;
                for (int j = k + 1; j < n; j++) {
                    rowI[j] -= l * rowK[j];
                }
            }
        }
    }

    /** log|det A| = Σ log|u_kk|, which cannot overflow where the product of pivots would. */
    double logAbsDet() {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += Math.log(Math.abs(lu[k][k]));
        }
        return s;
    }

    /** Writes A⁻¹ = U⁻¹L⁻¹P into the row-major {@code out}, solving for all columns at once. */
    void inverse(double[] out) {
        for (int i = 0; i < n; i++) {
            double[] row = x[i];
            java.util.Arrays.fill(row, 0);
            row[perm[i]] = 1;
        }
        // L Y = P: row i -= l_ik · row k for k < i.
        for (int i = 1; i < n; i++) {
            double[] rowI = x[i];
            double[] l = lu[i];
            for (int k = 0; k < i; k++) {
                double f = l[k];
                double[] rowK = x[k];
                for (int j = 0; j < n; j++) {
                    rowI[j] -= f * rowK[j];
                }
            }
        }
        // U X = Y, backwards: row i = (row i − Σ_{k>i} u_ik · row k) / u_ii.
        for (int i = n - 1; i >= 0; i--) {
            double[] rowI = x[i];
            double[] u = lu[i];
            for (int k = i + 1; k < n; k++) {
                double f = u[k];
                double[] rowK = x[k];
                for (int j = 0; j < n; j++) {
                    rowI[j] -= f * rowK[j];
                }
            }
            double d = 1 / u[i];
            for (int j = 0; j < n; j++) {
                rowI[j] *= d;
            }
            System.arraycopy(rowI, 0, out, i * n, n);
        }
    }
}
