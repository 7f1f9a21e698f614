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
 *
 * <p>On a JVM with the Vector API ({@link Vectorization}) the row updates of larger
 * factorisations, solves and inverses run in {@link LuKernel}'s vector code, around which the
 * loops here are blocked differently; every result has the same bits either way.
 */
public final class Lu {
    /** 2⁻⁵², the spacing of doubles near 1. */
    private static final double EPS = 0x1p-52;
    /**
     * The smallest n whose factorisation uses the {@link LuKernel} (below it the panels' scalar
     * steps cost what the kernel saves), and the smallest n for the solves and the inverse,
     * which also need rows of at least two vectors (timed with 512-bit vectors).
     */
    private static final int FACTOR_KERNEL_FROM = 96;
    private static final int SOLVE_KERNEL_FROM = 16;
    /** The most entries (n · len) for which U X = Y backward runs in the kernel. */
    private static final int BACKWARD_KERNEL_MAX = 128 * 128;
    /** Columns per panel of {@link #factorInPanels}. */
    private static final int PANEL = 8;

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
        return factor(a, n, lu, piv, w, n >= FACTOR_KERNEL_FROM ? Vectorization.LU : null);
    }

    /**
     * The factorisation with the row updates of {@code kernel}, or the plain loops when it is
     * null (tests compare the two in one JVM).
     */
    static int factor(double[] a, int n, double[] lu, int[] piv, Workspace w, LuKernel kernel) {
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
        int sign = kernel != null
                ? factorInPanels(rows, piv, n, finite, tolerance, kernel)
                : factorInPairs(rows, piv, n, finite, tolerance);
        if (sign == 0) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, lu, i * n, n);
        }
        return sign;
    }

    /**
     * Eliminates in place on the rows, as {@link #factor} describes, two steps per pass: returns
     * the permutation's sign, or 0 at the first pivot at or below the tolerance (if finite).
     */
    private static int factorInPairs(double[][] rows, int[] piv, int n, boolean finite,
            double tolerance) {
        int sign = 1;
        // Two elimination steps per pass over the trailing rows. Step k: choose the pivot row
        // in column k, then every row i > k gets l_ik = a_ik / u_kk and a_ij −= l_ik · u_kj for
        // j > k. Each entry gets the same operations in the same order as one step at a time:
        // column k + 1 takes step k's update first (it decides step k + 1's pivot), the new row
        // k + 1 takes it in the other columns, and then each row below takes step k's update and
        // step k + 1's, in that order, in one pass. Swapping whole rows between the two steps
        // moves step k's multiplier with its row, so no pending update is lost.
        int k = 0;
        while (k < n) {
            sign *= pivotStep(rows, piv, k, n, finite, tolerance);
            if (sign == 0) {
                return 0;
            }
            double[] rowK = rows[k];
            double pivot = rowK[k];
            int k1 = k + 1;
            if (k1 == n) {
                break;
            }
            double ukk1 = rowK[k1];
            for (int i = k1; i < n; i++) {
                double[] rowI = rows[i];
                double l = rowI[k] / pivot;
                rowI[k] = l;
                rowI[k1] -= l * ukk1;
            }
            sign *= pivotStep(rows, piv, k1, n, finite, tolerance);
            if (sign == 0) {
                return 0;
            }
            double[] rowK1 = rows[k1];
            double pivot1 = rowK1[k1];
            int j0 = k + 2;
            double l1 = rowK1[k];
            for (int j = j0; j < n; j++) {
                rowK1[j] -= l1 * rowK[j];
            }
            int i = j0;
            for (; i + 2 <= n; i += 2) {
                // Two rows per pass share the loads of rows k and k + 1.
                double[] y0 = rows[i];
                double[] y1 = rows[i + 1];
                double l0 = y0[k];
                double m0 = y0[k1] / pivot1;
                y0[k1] = m0;
                double l01 = y1[k];
                double m1 = y1[k1] / pivot1;
                y1[k1] = m1;
                for (int j = j0; j < n; j++) {
                    double s0 = y0[j];
                    double s1 = y1[j];
                    double u0 = rowK[j];
                    double u1 = rowK1[j];
                    s0 -= l0 * u0;
                    s1 -= l01 * u0;
                    s0 -= m0 * u1;
                    s1 -= m1 * u1;
                    y0[j] = s0;
                    y1[j] = s1;
                }
            }
            if (i < n) {
                double[] y0 = rows[i];
                double l0 = y0[k];
                double m0 = y0[k1] / pivot1;
                y0[k1] = m0;
                for (int j = j0; j < n; j++) {
                    double s0 = y0[j];
                    s0 -= l0 * rowK[j];
                    s0 -= m0 * rowK1[j];
                    y0[j] = s0;
                }
            }
            k += 2;
        }
        return sign;
    }

    /**
     * {@link #factorInPairs} blocked right-looking, for a {@link LuKernel}: the panel of the next
     * {@link #PANEL} columns k0 … k1 − 1 is factored with pivoting, its columns only, as the
     * textbook does; then rows k0 … k1 − 1 of U take the panel's steps in the columns past it; then
     * the trailing rows take them there, the kernel keeping each strip of columns in registers
     * through all of the panel's steps.
     *
     * <p>The same bits as one step at a time. In the unblocked algorithm entry (i, j) takes, for
     * every k &lt; min(i, j) in ascending order, a_ij − l_ik·u_kj, with l_ik and u_kj final when
     * used; then, below the diagonal, the division by u_jj. Here an entry in the panel's columns
     * takes the steps k &lt; k0 from the earlier trailing updates and the steps from k0 on within
     * the panel, ascending, before its column is searched for a pivot or divided, so pivots,
     * multipliers and the singularity test are the unblocked algorithm's at every step. An entry
     * right of the panel takes the steps k &lt; k0 earlier and the panel's in ascending k now:
     * u_kj is final because row k of U took steps k0 … k − 1 first, l_ik because the panel is
     * done. Rows are swapped whole while the columns right of the panel have taken exactly the
     * steps before k0 in every row below k0, so a swap moves each pending update with its row,
     * as it does one step at a time. The kernel's updates are the same rounded products and sums
     * as {@code rowI[j] −= l · rowK[j]}, −l·u being −(l·u) exactly.
     */
    private static int factorInPanels(double[][] rows, int[] piv, int n, boolean finite,
            double tolerance, LuKernel kernel) {
        int sign = 1;
        for (int k0 = 0; k0 < n; k0 += PANEL) {
            int k1 = Math.min(n, k0 + PANEL);
            for (int k = k0; k < k1; k++) {
                sign *= pivotStep(rows, piv, k, n, finite, tolerance);
                if (sign == 0) {
                    return 0;
                }
                double[] rowK = rows[k];
                double pivot = rowK[k];
                for (int i = k + 1; i < n; i++) {
                    double[] rowI = rows[i];
                    double l = rowI[k] / pivot;
                    rowI[k] = l;
                    for (int j = k + 1; j < k1; j++) {
                        rowI[j] -= l * rowK[j];
                    }
                }
            }
            if (k1 == n) {
                break;
            }
            // Row k0 + r of U takes rows k0 … k0 + r − 1, which are final in turn.
            for (int r = 1; r < k1 - k0; r++) {
                double[] y = rows[k0 + r];
                kernel.update1(y, y, k0, 1, rows, k0, 1, r, k1, n);
            }
            int i = k1;
            for (; i + 4 <= n; i += 4) {
                double[] y0 = rows[i];
                double[] y1 = rows[i + 1];
                double[] y2 = rows[i + 2];
                double[] y3 = rows[i + 3];
                kernel.update4(y0, y1, y2, y3, y0, y1, y2, y3, k0, k0, k0, k0, 1, rows, k0, 1,
                        k1 - k0, k1, n);
            }
            for (; i < n; i++) {
                double[] y = rows[i];
                kernel.update1(y, y, k0, 1, rows, k0, 1, k1 - k0, k1, n);
            }
        }
        return sign;
    }

    /**
     * The kernel for substitutions of n rows of len entries, or null where the plain loops are
     * faster.
     */
    private static LuKernel kernelFor(int n, int len) {
        LuKernel kernel = Vectorization.LU;
        return kernel != null && n >= SOLVE_KERNEL_FROM && len >= 2 * kernel.lanes() ? kernel : null;
    }

    /**
     * Step k's pivot ({@link #choosePivot}) and the singularity test: −1 if rows were swapped, 1
     * if not, 0 if the pivot is at or below the tolerance (tested only when A is finite), so that
     * the caller's sign times it is the permutation's sign so far, or 0.
     */
    private static int pivotStep(double[][] rows, int[] piv, int k, int n, boolean finite,
            double tolerance) {
        int swap = choosePivot(rows, piv, k, n) ? -1 : 1;
        return finite && Math.abs(rows[k][k]) <= tolerance ? 0 : swap;
    }

    /**
     * Partial pivoting at step k: the row at or below k with the largest |entry| in column k (the
     * first on ties) is swapped into row k, as is its entry of {@code piv}. Returns whether rows
     * were swapped.
     */
    private static boolean choosePivot(double[][] rows, int[] piv, int k, int n) {
        int p = k;
        double best = Math.abs(rows[k][k]);
        for (int i = k + 1; i < n; i++) {
            double v = Math.abs(rows[i][k]);
            if (v > best) {
                best = v;
                p = i;
            }
        }
        if (p == k) {
            return false;
        }
        double[] t = rows[k];
        rows[k] = rows[p];
        rows[p] = t;
        int q = piv[k];
        piv[k] = piv[p];
        piv[p] = q;
        return true;
    }

    /**
     * As {@link #inverse(double[], int[], int, double[])}, working in the caller's workspace: the
     * substitutions of {@link #solve} with an identity right-hand side, in the same order, over
     * rows indexed from 0. Generated code calls this one.
     */
    public static void inverse(double[] lu, int[] piv, int n, double[] inv, Workspace w) {
        inverse(lu, piv, n, inv, w, kernelFor(n, n));
    }

    /** The inverse with the row updates of {@code kernel}, or the plain loops when it is null. */
    static void inverse(double[] lu, int[] piv, int n, double[] inv, Workspace w, LuKernel kernel) {
        double[][] x = w.rows(n, n);
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(x[i], 0, n, 0.0);
            x[i][piv[i]] = 1; // row i of P·I is row piv[i] of I
        }
        substitute(lu, n, x, n, kernel);
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
        solve(lu, piv, n, b, nrhs, x, w, kernelFor(n, nrhs));
    }

    /** The solve with the row updates of {@code kernel}, or the plain loops when it is null. */
    static void solve(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w,
            LuKernel kernel) {
        double[][] rows = w.rows(n, nrhs);
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, piv[i] * nrhs, rows[i], 0, nrhs); // row i of PB is row piv[i] of B
        }
        substitute(lu, n, rows, nrhs, kernel);
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, x, i * nrhs, nrhs);
        }
    }

    /**
     * X = A⁻ᵀB in the caller's workspace rows (indexed from 0). Uᵀ and Lᵀ are not stored: the
     * multipliers of row i are column i of lu, read a few at a time outside the inner loops,
     * which run along rows of the right-hand sides. The permutation happens while the rows
     * are copied out. {@code x} may be {@code b}. Generated code calls this one.
     */
    public static void solveTransposed(
            double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x, Workspace w) {
        solveTransposed(lu, piv, n, b, nrhs, x, w, kernelFor(n, nrhs));
    }

    /**
     * The transposed solve with the row updates of {@code kernel}, or the plain loops when it is
     * null.
     */
    static void solveTransposed(double[] lu, int[] piv, int n, double[] b, int nrhs, double[] x,
            Workspace w, LuKernel kernel) {
        double[][] rows = w.rows(n, nrhs);
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, i * nrhs, rows[i], 0, nrhs);
        }
        // Uᵀ Z = B, forward: row i −= u_ki · row k for k < i ascending, then row i /= u_ii. The
        // textbook writes it right-looking (at step k: row k /= u_kk, then every later row −= u_ki
        // · row k); this left-looking order finishes one row at a time instead, so that eliminate()
        // can apply many k in one pass. Each entry of row i still sees the same operations
        // in the same order: the updates of ascending k, each with row k complete (updated by all
        // k' < k and divided by u_kk, as right-looking step k has it), then the division.
        eliminate(lu, n, rows, nrhs, true, false, true, kernel);
        // Lᵀ W = Z, backward (unit diagonal): row i −= l_ki · row k for k > i, descending, as the
        // right-looking order (k from n − 1 down, every row i < k) gives each entry; row k is
        // complete when used because rows finish from the last up.
        eliminate(lu, n, rows, nrhs, true, true, false, kernel);
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
     * rows already complete, so several k apply in one pass over a row (see {@link #update} for
     * why that keeps the bits) and, forward, several rows share each pass ({@link #eliminate}).
     */
    private static void substitute(double[] lu, int n, double[][] rows, int len, LuKernel kernel) {
        eliminate(lu, n, rows, len, false, false, false, kernel);
        backward(lu, n, rows, len, kernel);
    }

    /**
     * U X = Y backward, in place on the n rows of len entries (see {@link #substitute}). With a
     * kernel, each strip of a row stays in registers through all of its k, while the rows fit the
     * second-level cache ({@link #BACKWARD_KERNEL_MAX} entries): beyond, each row's k stream in
     * from farther out, and whole rows read in order, four k at a time, stream faster than strips
     * gathered from every row.
     */
    private static void backward(double[] lu, int n, double[][] rows, int len, LuKernel kernel) {
        if (kernel != null && (long) n * len <= BACKWARD_KERNEL_MAX) {
            for (int i = n - 1; i >= 0; i--) {
                double[] y = rows[i];
                kernel.update1(y, lu, i * n + i + 1, 1, rows, i + 1, 1, n - 1 - i, 0, len);
                divide(y, lu[i * n + i], len);
            }
            return;
        }
        // Backward, row i takes row k in ascending k from i + 1: the rows it needs finish in the
        // opposite order, so rows cannot share passes here; only blocks of k apply (update()'s
        // loop, written out here: C2 vectorises it only in the loop nest it runs in).
        for (int i = n - 1; i >= 0; i--) {
            double[] y = rows[i];
            int ui = i * n;
            int k = i + 1;
            for (; k + 4 <= n; k += 4) {
                double f0 = -lu[ui + k];
                double f1 = -lu[ui + k + 1];
                double f2 = -lu[ui + k + 2];
                double f3 = -lu[ui + k + 3];
                double[] x0 = rows[k];
                double[] x1 = rows[k + 1];
                double[] x2 = rows[k + 2];
                double[] x3 = rows[k + 3];
                for (int j = 0; j < len; j++) {
                    double s = y[j];
                    s += f0 * x0[j];
                    s += f1 * x1[j];
                    s += f2 * x2[j];
                    s += f3 * x3[j];
                    y[j] = s;
                }
            }
            for (; k < n; k++) {
                axpy(-lu[ui + k], rows[k], y, len);
            }
            divide(y, lu[ui + i], len);
        }
    }

    /**
     * The substitutions in which row i takes the rows it needs in the order they finish: L Y = PB
     * (row i −= l_ik · row k, k &lt; i ascending), Uᵀ Z = B (row i −= u_ki · row k, k &lt; i
     * ascending, then row i /= u_ii: {@code transposed}, {@code divide}) and Lᵀ W = Z (row i −=
     * l_ki · row k, k &gt; i descending: {@code transposed}, {@code reversed}). Position p stands
     * for row p, or row n − 1 − p when reversed; the row at position p takes the rows at
     * positions q &lt; p in ascending q, and each of those is complete (all its updates and its
     * division done) before it is used.
     *
     * <p>Blocked with that invariant kept: the rows at positions p0 … p0 + h − 1 (h = 2, or 4 for
     * long rows) first take every q &lt; p0 together, two q per pass, loading each x[j] once for
     * all h rows; then, one row after the other, the q of the block before theirs, and their
     * division. So each entry still gets the same operations in the same order as one axpy per
     * (row, q) in ascending q: y[j] + f·x[j], the product rounded, then the sum (Java never
     * contracts them into a fused multiply-add). Keeping y[j] in a register between the updates
     * of a pass, instead of storing and reloading it, changes no bits. The passes are written
     * out in this loop nest because C2 vectorised them there and not as separate methods.
     */
    private static void eliminate(double[] lu, int n, double[][] rows, int len,
            boolean transposed, boolean reversed, boolean divide, LuKernel kernel) {
        // The multiplier of row i taking row k is ±lu[i·rs + k·cs]: l_ik = lu[i·n + k], u_ki and
        // l_ki = lu[k·n + i].
        int rs = transposed ? 1 : n;
        int cs = transposed ? n : 1;
        int d = reversed ? -1 : 1;
        int first = reversed ? n - 1 : 0;
        if (kernel != null) {
            eliminateWithKernel(lu, n, rows, rs, cs, d, first, divide, kernel, len);
            return;
        }
        // Four rows per pass halve the loads of x again, but C2 compiles that loop well only
        // when it runs long enough; short rows take two.
        int h = len >= 128 ? 4 : 2;
        int p0 = 0;
        for (; p0 + h <= n; p0 += h) {
            int i0 = first + p0 * d;
            int a0 = i0 * rs;
            int a1 = a0 + d * rs;
            // p0 is a multiple of h, so the pairs of q below cover it exactly.
            if (h == 4) {
                int a2 = a1 + d * rs;
                int a3 = a2 + d * rs;
                double[] y0 = rows[i0];
                double[] y1 = rows[i0 + d];
                double[] y2 = rows[i0 + 2 * d];
                double[] y3 = rows[i0 + 3 * d];
                for (int q = 0; q < p0; q += 2) {
                    int k0 = first + q * d;
                    int c0 = k0 * cs;
                    int c1 = c0 + d * cs;
                    double f00 = -lu[a0 + c0];
                    double f01 = -lu[a0 + c1];
                    double f10 = -lu[a1 + c0];
                    double f11 = -lu[a1 + c1];
                    double f20 = -lu[a2 + c0];
                    double f21 = -lu[a2 + c1];
                    double f30 = -lu[a3 + c0];
                    double f31 = -lu[a3 + c1];
                    double[] x0 = rows[k0];
                    double[] x1 = rows[k0 + d];
                    for (int j = 0; j < len; j++) {
                        double s0 = y0[j];
                        double s1 = y1[j];
                        double s2 = y2[j];
                        double s3 = y3[j];
                        double v0 = x0[j];
                        double v1 = x1[j];
                        s0 += f00 * v0;
                        s1 += f10 * v0;
                        s2 += f20 * v0;
                        s3 += f30 * v0;
                        s0 += f01 * v1;
                        s1 += f11 * v1;
                        s2 += f21 * v1;
                        s3 += f31 * v1;
                        y0[j] = s0;
                        y1[j] = s1;
                        y2[j] = s2;
                        y3[j] = s3;
                    }
                }
            } else {
                double[] y0 = rows[i0];
                double[] y1 = rows[i0 + d];
                for (int q = 0; q < p0; q += 2) {
                    int k0 = first + q * d;
                    int c0 = k0 * cs;
                    int c1 = c0 + d * cs;
                    double f00 = -lu[a0 + c0];
                    double f01 = -lu[a0 + c1];
                    double f10 = -lu[a1 + c0];
                    double f11 = -lu[a1 + c1];
                    double[] x0 = rows[k0];
                    double[] x1 = rows[k0 + d];
                    for (int j = 0; j < len; j++) {
                        double s0 = y0[j];
                        double s1 = y1[j];
                        double v0 = x0[j];
                        double v1 = x1[j];
                        s0 += f00 * v0;
                        s1 += f10 * v0;
                        s0 += f01 * v1;
                        s1 += f11 * v1;
                        y0[j] = s0;
                        y1[j] = s1;
                    }
                }
            }
            for (int r = 0; r < h; r++) {
                int i = i0 + r * d;
                double[] y = rows[i];
                for (int t = 0; t < r; t++) {
                    int k = i0 + t * d;
                    axpy(-lu[i * rs + k * cs], rows[k], y, len);
                }
                if (divide) {
                    divide(y, lu[i * n + i], len);
                }
            }
        }
        for (int p = p0; p < n; p++) {
            int i = first + p * d;
            update(rows[i], rows, lu, i * rs, cs, first, d, p, len);
            if (divide) {
                divide(rows[i], lu[i * n + i], len);
            }
        }
    }

    /**
     * {@link #eliminate(double[], int, double[][], int, boolean, boolean, boolean, LuKernel)} with a kernel
     * (given its rs, cs, d and first): the rows at positions p0 … p0 + 3 take every
     * q &lt; p0 in one call, which keeps their strip in registers through all of those updates
     * (each entry still takes ascending q, as one axpy per (row, q) does); then, one after the
     * other, the q of their own block and their division, as there.
     */
    private static void eliminateWithKernel(double[] lu, int n, double[][] rows, int rs, int cs,
            int d, int first, boolean divide, LuKernel kernel, int len) {
        int ms = d * cs; // from one q to the next in lu
        int p0 = 0;
        for (; p0 + 4 <= n; p0 += 4) {
            int i0 = first + p0 * d;
            int o0 = i0 * rs + first * cs;
            int or = d * rs; // from one row of the block to the next in lu
            if (p0 > 0) {
                kernel.update4(rows[i0], rows[i0 + d], rows[i0 + 2 * d], rows[i0 + 3 * d], lu, lu,
                        lu, lu, o0, o0 + or, o0 + 2 * or, o0 + 3 * or, ms, rows, first, d, p0, 0,
                        len);
            }
            for (int r = 0; r < 4; r++) {
                int i = i0 + r * d;
                if (r > 0) {
                    kernel.update1(rows[i], lu, i * rs + i0 * cs, ms, rows, i0, d, r, 0, len);
                }
                if (divide) {
                    divide(rows[i], lu[i * n + i], len);
                }
            }
        }
        for (int p = p0; p < n; p++) {
            int i = first + p * d;
            kernel.update1(rows[i], lu, i * rs + first * cs, ms, rows, first, d, p, 0, len);
            if (divide) {
                divide(rows[i], lu[i * n + i], len);
            }
        }
    }

    /**
     * {@code count} axpys into y[0..len): for t = 0, 1, …, count − 1 in that order, with k = k0 +
     * t·dk, y += f · rows[k] where f = −lu[off + k·stride]. Exactly the bits of calling {@link
     * #axpy} count times, because each entry still gets the same operations in the same order:
     * y[j] + f·x[j] with the product rounded, then the sum (Java never contracts them into a
     * fused multiply-add), for ascending t. The unrolled loop only keeps y[j] in a register
     * between the updates of a group, which changes no bits (Java's doubles are IEEE binary64
     * in registers too), instead of storing and reloading it: one load and one store of y per
     * four updates rather than per update. (Eight per group make a loop body too large for C2
     * to unroll and vectorise.)
     */
    private static void update(double[] y, double[][] rows, double[] lu, int off, int stride,
            int k0, int dk, int count, int len) {
        int t = 0;
        int k = k0;
        for (; t + 4 <= count; t += 4, k += 4 * dk) {
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
