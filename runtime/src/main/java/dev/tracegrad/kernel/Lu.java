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
        substitute(lu, n, x, n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, inv, i * n, n);
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
        substitute(lu, n, rows, nrhs);
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, x, i * nrhs, nrhs);
        }
    }

    /**
     * X = A⁻ᵀB in the caller's workspace rows (indexed from 0). Uᵀ and Lᵀ are not stored: the
     * multipliers of row i are column i of lu, read once per block of eight rows k, while the
     * inner loops run along rows of the right-hand sides. The permutation happens while the rows
     * are copied out. {@code x} may be {@code b}. Generated code calls this one.
     */
    public static void solveTransposed(
            double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w) {
        double[][] rows = w.rows(n, nrhs);
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, i * nrhs, rows[i], 0, nrhs);
        }
        // Uᵀ Z = B, forward: row i −= u_ki · row k for k < i ascending, then row i /= u_ii. The
        // textbook writes it right-looking (at step k: row k /= u_kk, then every later row −= u_ki
        // · row k); this left-looking order finishes one row at a time instead, so that update()
        // can apply many k to it in one pass. Each entry of row i still sees the same operations
        // in the same order: the updates of ascending k, each with row k complete (updated by all
        // k' < k and divided by u_kk, as right-looking step k has it), then the division.
        for (int i = 0; i < n; i++) {
            double[] rowI = rows[i];
            update(rowI, rows, lu, i, n, 0, 1, i, nrhs); // u_ki = lu[k·n + i]
            divide(rowI, lu[i * n + i], nrhs);
        }
        // Lᵀ W = Z, backward (unit diagonal): row i −= l_ki · row k for k > i, descending, as the
        // right-looking order (k from n − 1 down, every row i < k) gives each entry; row k is
        // complete when used because rows finish from the last up.
        for (int i = n - 2; i >= 0; i--) {
            update(rows[i], rows, lu, i, n, n - 1, -1, n - 1 - i, nrhs); // l_ki = lu[k·n + i]
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

    /**
     * L Y = PB forward (unit diagonal), then U X = Y backward, in place on the n rows (of len
     * entries): row i −= l_ik · row k for k < i ascending; then, from the last row up, row i −=
     * u_ik · row k for k > i ascending and row i /= u_ii. Rows finish one at a time, each from
     * rows already complete, so {@link #update} can apply all its k in blocks.
     */
    private static void substitute(double[] lu, int n, double[][] rows, int len) {
        for (int i = 1; i < n; i++) {
            update(rows[i], rows, lu, i * n, 1, 0, 1, i, len);
        }
        for (int i = n - 1; i >= 0; i--) {
            double[] rowI = rows[i];
            update(rowI, rows, lu, i * n, 1, i + 1, 1, n - 1 - i, len);
            divide(rowI, lu[i * n + i], len);
        }
    }

    /**
     * {@code count} axpys into y[0..len): for t = 0, 1, …, count − 1 in that order, with k = k0 +
     * t·dk, y += f · rows[k] where f = −lu[off + k·stride]. Exactly the bits of calling {@link
     * #axpy} count times, because each entry still gets the same operations in the same order:
     * y[j] + f·x[j] with the product rounded, then the sum (Java never contracts them into a
     * fused multiply-add), for ascending t. The unrolled loops only keep y[j] in a register
     * between the updates of a group, which changes no bits (Java's doubles are IEEE binary64
     * in registers too), instead of storing and reloading it: one load and one store of y per
     * eight updates rather than per update, which is what bounds the plain axpy loop.
     */
    private static void update(double[] y, double[][] rows, double[] lu, int off, int stride,
            int k0, int dk, int count, int len) {
        int t = 0;
        int k = k0;
        for (; t + 8 <= count; t += 8, k += 8 * dk) {
            double f0 = -lu[off + k * stride];
            double f1 = -lu[off + (k + dk) * stride];
            double f2 = -lu[off + (k + 2 * dk) * stride];
            double f3 = -lu[off + (k + 3 * dk) * stride];
            double f4 = -lu[off + (k + 4 * dk) * stride];
            double f5 = -lu[off + (k + 5 * dk) * stride];
            double f6 = -lu[off + (k + 6 * dk) * stride];
            double f7 = -lu[off + (k + 7 * dk) * stride];
            double[] x0 = rows[k];
            double[] x1 = rows[k + dk];
            double[] x2 = rows[k + 2 * dk];
            double[] x3 = rows[k + 3 * dk];
            double[] x4 = rows[k + 4 * dk];
            double[] x5 = rows[k + 5 * dk];
            double[] x6 = rows[k + 6 * dk];
            double[] x7 = rows[k + 7 * dk];
            for (int j = 0; j < len; j++) {
                double s = y[j];
                s += f0 * x0[j];
                s += f1 * x1[j];
                s += f2 * x2[j];
                s += f3 * x3[j];
                s += f4 * x4[j];
                s += f5 * x5[j];
                s += f6 * x6[j];
                s += f7 * x7[j];
                y[j] = s;
            }
        }
        if (t + 4 <= count) {
            double f0 = -lu[off + k * stride];
            double f1 = -lu[off + (k + dk) * stride];
            double f2 = -lu[off + (k + 2 * dk) * stride];
            double f3 = -lu[off + (k + 3 * dk) * stride];
            double[] x0 = rows[k];
            double[] x1 = rows[k + dk];
            double[] x2 = rows[k + 2 * dk];
            double[] x3 = rows[k + 3 * dk];
            for (int j = 0; j < len; j++) {
                double s = y[j];
                s += f0 * x0[j];
                s += f1 * x1[j];
                s += f2 * x2[j];
                s += f3 * x3[j];
                y[j] = s;
            }
            t += 4;
            k += 4 * dk;
        }
        for (; t < count; t++, k += dk) {
            axpy(-lu[off + k * stride], rows[k], y, len);
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
