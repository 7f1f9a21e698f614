package dev.tracegrad.kernel;

import java.util.Arrays;

/**
 * Dense matrix products for generated code: C = α·op(A)·op(B) over row-major arrays, where op is
 * the identity or the transpose. Called by generated code; not part of the DSL.
 *
 * <p>Every entry C[i][j] is accumulated over k in ascending order, as {@code Ops.mul} does, so a
 * product computes the same bits however it is blocked (α is applied once, at the end). The speed
 * comes from the loop shape, not from reordering sums: op(B) is copied into row arrays that start
 * at index 0, and four rows of C are accumulated at once in row arrays (all in the caller's
 * {@link Workspace}), so the inner loop is {@code c0[j] += a0 * row[j]; … c3[j] += a3 * row[j];},
 * which C2 unrolls and vectorises, with each loaded entry of B used four times. op(B) is packed a
 * panel of rows at a time so that the panel stays in L2 while all of A's rows stream over it.
 *
 * <p>Products with a single row or column, an inner dimension of 1 or fewer than four rows skip
 * the packing; their loops still work on four independent sums or four rows of B at a time (see
 * {@link #combineRows}).
 *
 * <p>A {@link Workspace} created for more than one thread lets a product of at least
 * {@link #SPLIT_WORK} multiply-adds that would be packed split the columns of C into parts of at
 * least {@link #SPLIT_COLUMNS}, one per thread: the caller computes the first and helper
 * {@link Lane}s the others (see {@link #part}).
 *
 * <p>When the JVM runs with {@code --add-modules jdk.incubator.vector}, the packed case (and so
 * every part of a split product) runs a Vector API kernel instead of these loops, with the same
 * bits (see {@link Vectorization}).
 */
public final class Gemm {
    /** Rows of C accumulated together. */
    private static final int BLOCK = 4;
    /**
     * Entries of op(B) packed at a time: a panel of 512 KB, so that it stays in L2 while every
     * block of rows of C streams over it. Longer inner dimensions are split into panels, with the
     * partial sums carried in C between them (which keeps the ascending order).
     */
    private static final int PANEL = 65536;
    /**
     * Fewest rows of op(B) in a panel: carrying a block's partial sums costs two copies of its
     * rows per panel, against this many multiply-adds per entry.
     */
    private static final int MIN_PANEL_ROWS = 64;
    /**
     * Fewest multiply-adds for a product to be split between threads (about a quarter of a
     * millisecond on one core): handing a part to a parked helper costs microseconds. Generated
     * classes' thread-count constructors refer here rather than repeating the number.
     */
    static final long SPLIT_WORK = 1L << 22;
    /** Fewest columns of C per part of a split product. */
    static final int SPLIT_COLUMNS = 32;

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
        if (p == 0) {
            Arrays.fill(c, 0, m * n, 0.0);
            return;
        }
        if (p == 1) {
            outer(a, b, c, m, n, alpha);
            return;
        }
        if (m == 1) {
            // A row vector times op(B): the entries of c are op(B)ᵀ times the p-vector a.
            matrixVector(b, !transB, a, c, n, p, alpha);
            return;
        }
        if (m < BLOCK && !transB) {
            // Too few rows to pay for packing B: each row of C combines the stored rows of B.
            for (int i = 0; i < m; i++) {
                if (transA) {
                    combineRows(a, i, m, b, p, n, c, i * n, alpha);
                } else {
                    combineRows(a, i * p, 1, b, p, n, c, i * n, alpha);
                }
            }
            return;
        }
        int parts = Math.min(w.threads(), n / SPLIT_COLUMNS);
        if (parts > 1 && (long) m * p * n >= SPLIT_WORK) {
            split(a, transA, b, transB, c, m, p, n, alpha, w, parts);
        } else {
            packed(a, transA, b, transB, c, m, p, n, alpha, w);
        }
    }

    /**
     * A large product on more than one thread: the columns of C split into {@code parts}, the
     * first computed here and the others by helper {@link Lane}s. Every entry is still summed by
     * one thread in ascending k, so the result has the same bits however it was split.
     */
    private static void split(double[] a, boolean transA, double[] b, boolean transB, double[] c,
            int m, int p, int n, double alpha, Workspace w, int parts) {
        Lane[] lanes = Lane.atLeast(parts - 1);
        Lane[] claimed = w.claimed(parts - 1);
        // Part t covers columns [bound(t), bound(t + 1)): widths differ by at most one
        // vector's worth, and each starts on a multiple of 8.
        for (int t = 1; t < parts; t++) {
            Lane lane = lanes[t - 1];
            if (lane.tryClaim()) {
                claimed[t - 1] = lane;
                lane.post(a, transA, b, transB, c, m, p, n, bound(t, parts, n),
                        bound(t + 1, parts, n), alpha);
            }
        }
        Throwable failure = null;
        try {
            part(a, transA, b, transB, c, m, p, n, 0, bound(1, parts, n), alpha, w);
            for (int t = 1; t < parts; t++) {
                if (claimed[t - 1] == null) {
                    // Its lane was busy with another caller's product: do that part here.
                    part(a, transA, b, transB, c, m, p, n, bound(t, parts, n),
                            bound(t + 1, parts, n), alpha, w);
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int t = 1; t < parts; t++) {
            Lane lane = claimed[t - 1];
            if (lane != null) {
                claimed[t - 1] = null;
                Throwable f = lane.await();
                if (failure == null) {
                    failure = f;
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** First column of part t of n columns split into {@code parts}: a multiple of 8, or n. */
    private static int bound(int t, int parts, int n) {
        return t == parts ? n : (int) ((long) n * t / parts) & ~7;
    }

    /**
     * Columns j0..j1−1 of C = α·op(A)·op(B), for one part of a split product: those columns of
     * op(B) are gathered into a p×width matrix in the workspace, multiplied as a product of its
     * own and scattered into C (copies of p·width and m·width entries against m·p·width
     * multiply-adds). The product's sums are those of the whole product's columns, in the same
     * order. Run by the caller or, in its own workspace, by a {@link Lane}.
     */
    static void part(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m,
            int p, int n, int j0, int j1, double alpha, Workspace w) {
        int width = j1 - j0;
        double[] columns = w.block(0, p * width);
        for (int k = 0; k < p; k++) {
            int row = k * width;
            if (transB) {
                for (int j = 0; j < width; j++) {
                    columns[row + j] = b[(j0 + j) * p + k];
                }
            } else {
                System.arraycopy(b, k * n + j0, columns, row, width);
            }
        }
        double[] product = w.block(1, m * width);
        packed(a, transA, columns, false, product, m, p, width, alpha, w);
        for (int i = 0; i < m; i++) {
            System.arraycopy(product, i * width, c, i * n + j0, width);
        }
    }

    /**
     * The general case, op(B) packed panel by panel. A method of its own, so that C2 compiles its
     * loop nest once, apart from the many small cases above that every call site inlines.
     */
    private static void packed(double[] a, boolean transA, double[] b, boolean transB, double[] c,
            int m, int p, int n, double alpha, Workspace w) {
        GemmKernel kernel = w.kernel();
        if (kernel != null && kernel.accepts(m, p, n)) {
            kernel.multiply(a, transA, b, transB, c, m, p, n, alpha, w);
            return;
        }
        int panel = Math.max(MIN_PANEL_ROWS, PANEL / n);
        if (panel >= p) {
            panel = p;
        } else {
            // Equal panels rather than a short last one.
            int count = (p + panel - 1) / panel;
            panel = (p + count - 1) / count;
        }
        // Rows 0..panel−1 hold a panel of op(B); the next four accumulate rows of C.
        double[][] rows = w.rows(panel + BLOCK, n);
        double[] c0 = rows[panel];
        double[] c1 = rows[panel + 1];
        double[] c2 = rows[panel + 2];
        double[] c3 = rows[panel + 3];
        for (int k0 = 0; k0 < p; k0 += panel) {
            int k1 = Math.min(p, k0 + panel);
            pack(b, transB, rows, k0, k1, p, n);
            boolean first = k0 == 0;
            double scale = k1 == p ? alpha : 1.0;
            int i = 0;
            for (; i + BLOCK <= m; i += BLOCK) {
                load(c0, c, i * n, n, first);
                load(c1, c, (i + 1) * n, n, first);
                load(c2, c, (i + 2) * n, n, first);
                load(c3, c, (i + 3) * n, n, first);
                if (transA) {
                    fourRows(a, i, 1, m, rows, k0, k1, n, c0, c1, c2, c3);
                } else {
                    fourRows(a, i * p, p, 1, rows, k0, k1, n, c0, c1, c2, c3);
                }
                store(c0, c, i * n, n, scale);
                store(c1, c, (i + 1) * n, n, scale);
                store(c2, c, (i + 2) * n, n, scale);
                store(c3, c, (i + 3) * n, n, scale);
            }
            for (; i < m; i++) {
                load(c0, c, i * n, n, first);
                if (transA) {
                    oneRow(a, i, m, rows, k0, k1, n, c0);
                } else {
                    oneRow(a, i * p, 1, rows, k0, k1, n, c0);
                }
                store(c0, c, i * n, n, scale);
            }
        }
    }

    /** Copies rows k0..k1−1 of op(B) into rows 0.. of the workspace. */
    private static void pack(double[] b, boolean transB, double[][] rows, int k0, int k1, int p,
            int n) {
        for (int k = k0; k < k1; k++) {
            double[] row = rows[k - k0];
            if (transB) {
                for (int j = 0; j < n; j++) {
                    row[j] = b[j * p + k];
                }
            } else {
                System.arraycopy(b, k * n, row, 0, n);
            }
        }
    }

    /**
     * Adds, for ascending k in k0..k1−1, op(A)[i+r][k] times packed row k to accumulator r, for
     * r = 0..3. op(A)[i+r][k] is {@code a[base + r·rowStep + k·kStep]}.
     */
    private static void fourRows(double[] a, int base, int rowStep, int kStep, double[][] rows,
            int k0, int k1, int n, double[] c0, double[] c1, double[] c2, double[] c3) {
        for (int k = k0; k < k1; k++) {
            int at = base + k * kStep;
            double a0 = a[at];
            double a1 = a[at + rowStep];
            double a2 = a[at + 2 * rowStep];
            double a3 = a[at + 3 * rowStep];
            double[] r0 = rows[k - k0];
            for (int j = 0; j < n; j++) {
                double u = r0[j];
                c0[j] += a0 * u;
                c1[j] += a1 * u;
                c2[j] += a2 * u;
                c3[j] += a3 * u;
            }
        }
    }

    /** One row's version of {@link #fourRows}. */
    private static void oneRow(double[] a, int base, int kStep, double[][] rows, int k0, int k1,
            int n, double[] c0) {
        for (int k = k0; k < k1; k++) {
            double a0 = a[base + k * kStep];
            double[] r0 = rows[k - k0];
            for (int j = 0; j < n; j++) {
                c0[j] += a0 * r0[j];
            }
        }
    }

    /**
     * c[off..off+len) = α·Σₖ x[xOff + k·xStep]·B[k], for ascending k over the p stored rows B[k]
     * of {@code b} (each of length len). Four rows of B per pass, so each entry of c is loaded and
     * stored once per four terms.
     */
    private static void combineRows(double[] x, int xOff, int xStep, double[] b, int p, int len,
            double[] c, int off, double alpha) {
        Arrays.fill(c, off, off + len, 0.0);
        int k = 0;
        for (; k + 4 <= p; k += 4) {
            double x0 = x[xOff + k * xStep];
            double x1 = x[xOff + (k + 1) * xStep];
            double x2 = x[xOff + (k + 2) * xStep];
            double x3 = x[xOff + (k + 3) * xStep];
            int r0 = k * len;
            int r1 = r0 + len;
            int r2 = r1 + len;
            int r3 = r2 + len;
            for (int j = 0; j < len; j++) {
                c[off + j] = c[off + j] + x0 * b[r0 + j] + x1 * b[r1 + j] + x2 * b[r2 + j]
                        + x3 * b[r3 + j];
            }
        }
        for (; k < p; k++) {
            double x0 = x[xOff + k * xStep];
            int r0 = k * len;
            for (int j = 0; j < len; j++) {
                c[off + j] += x0 * b[r0 + j];
            }
        }
        if (alpha != 1.0) {
            for (int j = off; j < off + len; j++) {
                c[j] *= alpha;
            }
        }
    }

    /**
     * p = 1: C[i][j] = α·(0 + a_i·b_j), the single-term sum (0 + x turns −0 into +0, as the
     * accumulating loops do). Both operands are vectors whichever way they are stored.
     */
    private static void outer(double[] a, double[] b, double[] c, int m, int n, double alpha) {
        for (int i = 0; i < m; i++) {
            double ai = a[i];
            int row = i * n;
            if (alpha == 1.0) {
                for (int j = 0; j < n; j++) {
                    c[row + j] = 0.0 + ai * b[j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[row + j] = alpha * (0.0 + ai * b[j]);
                }
            }
        }
    }

    /** n = 1: B is a p-vector whichever way it is stored. */
    private static void matrixVector(double[] a, boolean transA, double[] b, double[] c, int m,
            int p, double alpha) {
        if (transA) {
            // Aᵀx with A stored p×m: for ascending k, add row k of A times x_k into c.
            combineRows(b, 0, 1, a, p, m, c, 0, alpha);
            return;
        }
        // Four dot products at once: four independent add chains, each in ascending k.
        int i = 0;
        for (; i + BLOCK <= m; i += BLOCK) {
            int r0 = i * p;
            int r1 = r0 + p;
            int r2 = r1 + p;
            int r3 = r2 + p;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = 0; k < p; k++) {
                double x = b[k];
                s0 += a[r0 + k] * x;
                s1 += a[r1 + k] * x;
                s2 += a[r2 + k] * x;
                s3 += a[r3 + k] * x;
            }
            c[i] = scaled(alpha, s0);
            c[i + 1] = scaled(alpha, s1);
            c[i + 2] = scaled(alpha, s2);
            c[i + 3] = scaled(alpha, s3);
        }
        for (; i < m; i++) {
            int r0 = i * p;
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += a[r0 + k] * b[k];
            }
            c[i] = scaled(alpha, s);
        }
    }

    private static double scaled(double alpha, double s) {
        return alpha == 1.0 ? s : alpha * s;
    }

    /** Starts an accumulator at 0 (the first panel) or at the partial sums C holds. */
    private static void load(double[] row, double[] c, int offset, int n, boolean first) {
        if (first) {
            Arrays.fill(row, 0, n, 0.0);
        } else {
            System.arraycopy(c, offset, row, 0, n);
        }
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
}
