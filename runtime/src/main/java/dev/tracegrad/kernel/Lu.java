package dev.tracegrad.kernel;

import dev.tracegrad.SingularMatrixException;

/**
 * LU factorisation with partial pivoting, and what is computed from it: determinants, solves and
 * inverses. Called by generated code; not part of the DSL. {@link dev.tracegrad.Ops#inv}, {@code
 * det} and {@code logdet} use it too, so the reference and the generated code agree.
 *
 * <p>All matrices are n×n (or n×nrhs) row-major {@code double[]}s owned by the caller; nothing is
 * allocated. After {@link #factor}, {@code lu} holds U on and above the diagonal and the
 * multipliers of the unit lower-triangular L below it, and {@code piv} the row permutation: PA =
 * LU where row k of PA is row {@code piv[k]} of A.
 */
public final class Lu {
    /** 2⁻⁵², the spacing of doubles near 1. */
    private static final double EPS = 0x1p-52;

    private Lu() {}

    /**
     * Copies the n×n row-major {@code a} into {@code lu} and factors it in place: PA = LU with
     * partial pivoting (at each step the row with the largest |entry| in the pivot column, the
     * first such row on ties), unit-lower L stored below the diagonal, U on and above it.
     *
     * <p>A pivot with |u_kk| &lt;= n · 2⁻⁵² · max|a_ij| (which includes an exact 0 and the zero
     * matrix) means A is singular to working precision: the method returns 0 at once, leaving
     * {@code lu} and {@code piv} unspecified. If {@code a} has a NaN or infinite entry
     * there is no such test: the factorisation runs to the end and the sign is returned, so that
     * NaN propagates into determinants and solves instead of being reported as singularity.
     *
     * @param a the matrix, read only (may not be {@code lu})
     * @param lu receives the factors; length at least n²
     * @param piv receives the permutation: {@code piv[k]} is the original row index of pivot row k
     * @return the sign of the permutation (+1 or −1), or 0 if A is singular; never throws for that
     *     (allocates its scratch rows; repeated callers pass a {@link Workspace} instead)
     */
    public static int factor(double[] a, int n, double[] lu, int[] piv) {
        return factor(a, n, lu, piv, new Workspace());
    }

    /**
     * As {@link #factor(double[], int, double[], int[])}, working in the caller's workspace (rows
     * indexed from 0, where the elimination's inner loops vectorise), so that it allocates
     * nothing once the workspace has grown. Generated code calls this one.
     */
    public static int factor(double[] a, int n, double[] lu, int[] piv, Workspace w) {
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

    /**
     * As {@link #inverse(double[], int[], int, double[])}, working in the caller's workspace: the
     * substitutions of {@link #solve} with an identity right-hand side, in the same order, over
     * rows indexed from 0. Generated code calls this one.
     */
    public static void inverse(double[] lu, int[] piv, int n, double[] inv, Workspace w) {
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

    /**
     * det A = sign · Π u_kk, from a factorisation; 0 if {@code sign} is 0 (singular). The product
     * may overflow or underflow for large n; prefer {@link #logAbsDet} there.
     */
    public static double det(double[] lu, int n, int sign) {
        if (sign == 0) {
            return 0;
        }
        double d = sign;
        for (int k = 0; k < n; k++) {
            d *= lu[k * n + k];
        }
        return d;
    }

    /**
     * log|det A| = Σ log|u_kk|: the sum of logs never overflows where the product would. The
     * caller must have checked that the factorisation is not singular.
     */
    public static double logAbsDet(double[] lu, int n) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += Math.log(Math.abs(lu[k * n + k]));
        }
        return s;
    }

    /**
     * X = A⁻¹B from a non-singular factorisation: B and X are n×nrhs row-major, and {@code x} may
     * be the same array as {@code b} (solve in place). All right-hand sides are processed
     * together, row by row, so the inner loops run along contiguous rows. Allocates its scratch;
     * generated code calls the {@link Workspace} overload.
     */
    public static void solve(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x) {
        solve(lu, piv, n, b, nrhs, x, new Workspace());
    }

    /**
     * X = A⁻ᵀB from a non-singular factorisation of A (no transposed factorisation needed): B and
     * X are n×nrhs row-major, and {@code x} may be the same array as {@code b}. Allocates its
     * scratch; generated code calls the {@link Workspace} overload.
     */
    public static void solveTransposed(
            double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x) {
        solveTransposed(lu, piv, n, b, nrhs, x, new Workspace());
    }

    /**
     * X = A⁻¹B (see {@link #solve(double[], int[], int, double[], int, double[])}) in the caller's
     * workspace: the right-hand sides are copied into rows indexed from 0 (permuted on the way in,
     * so no swaps are needed), the substitutions run there, and the rows are copied out. {@code
     * x} may be {@code b}. Generated code calls this one.
     */
    public static void solve(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w) {
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

    /**
     * X = A⁻ᵀB in the caller's workspace rows (indexed from 0). Uᵀ and Lᵀ are not stored; solving
     * with them column by column would stride through lu, so both substitutions are written in the
     * "right-looking" form, which reads rows of lu. The permutation happens while the rows are
     * copied out. {@code x} may be {@code b}. Generated code calls this one.
     */
    public static void solveTransposed(
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

    /**
     * inv = A⁻¹ (n×n row-major) from a non-singular factorisation, by solving A X = I. {@code
     * inv} must not be {@code lu}.
     */
    public static void inverse(double[] lu, int[] piv, int n, double[] inv) {
        inverse(lu, piv, n, inv, new Workspace());
    }

    /**
     * Turns a 0 sign from {@link #factor} into the exception, so callers that need the inverse
     * fail clearly instead of dividing by a zero pivot.
     *
     * @param what the matrix as the user knows it, e.g. {@code "inv: A"}
     * @throws SingularMatrixException {@code "<what> is singular"} when {@code sign == 0}
     */
    public static void requireNonSingular(int sign, String what) {
        if (sign == 0) {
            throw new SingularMatrixException(what + " is singular");
        }
    }

    /** y[0..len) += alpha · x[0..len), on rows indexed from 0 (the loop C2 vectorises best). */
    private static void axpy(double alpha, double[] x, double[] y, int len) {
        for (int j = 0; j < len; j++) {
            y[j] += alpha * x[j];
        }
    }

    /** y[0..len) /= d: a division, not a product with 1/d, which overflows for a subnormal pivot. */
    private static void divide(double[] y, double d, int len) {
        for (int j = 0; j < len; j++) {
            y[j] /= d;
        }
    }
}
