package dev.tracegrad.kernel;

/**
 * Index arrays of {@code pick} and {@code gatherCols}: their checks, shared by {@link
 * dev.tracegrad.Ops} and generated code. Called by generated code; not part of the DSL.
 */
public final class Indexing {
    private Indexing() {}

    /**
     * Checks an index array before anything is computed: one entry per column, each in range.
     *
     * @param idx the indices
     * @param bound the exclusive upper bound of every entry (rows for pick, columns for gatherCols)
     * @param length the length idx must have, or -1 for any
     * @param name the parameter as the user knows it, used in the message
     * @throws NullPointerException if idx is null
     * @throws IndexOutOfBoundsException naming the parameter, the position and the bound
     */
    public static void check(int[] idx, int bound, int length, String name) {
        Checks.nonNull(idx, name);
        if (length >= 0 && idx.length != length) {
            throw new IndexOutOfBoundsException(name + " has length " + idx.length + " but must have "
                + length + " entries, one per column");
        }
        for (int j = 0; j < idx.length; j++) {
            if (idx[j] < 0 || idx[j] >= bound) {
                throw new IndexOutOfBoundsException(name + "[" + j + "] = " + idx[j]
                    + " is out of range: it must be at least 0 and less than " + bound);
            }
        }
    }

    /**
     * {@link #check} as an expression: the generated code declares the index array it reads
     * through this, so the check runs with the data prologue, before any output is written.
     *
     * @return idx itself (no copy)
     */
    public static int[] checked(int[] idx, int bound, int length, String name) {
        check(idx, bound, length, name);
        return idx;
    }

    /**
     * pick: {@code out[j] = A[idx[j], j]} for A row-major with n = idx.length columns, the
     * entries of idx already checked.
     */
    public static void pick(double[] a, int[] idx, double[] out) {
        int n = idx.length;
        for (int j = 0; j < n; j++) {
            out[j] = a[idx[j] * n + j];
        }
    }

    /**
     * gatherCols: column j of the rows×n {@code out} is column idx[j] of the rows×cols E
     * (row-major, n = idx.length).
     */
    public static void gatherCols(double[] e, int rows, int cols, int[] idx, double[] out) {
        int n = idx.length;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = e[i * cols + idx[j]];
            }
        }
    }

    /**
     * The adjoint of pick: the rows×n {@code out} becomes zero but for g[j] at (idx[j], j)
     * (n = idx.length).
     */
    public static void scatter(double[] g, int[] idx, int rows, double[] out) {
        int n = idx.length;
        java.util.Arrays.fill(out, 0, rows * n, 0.0);
        for (int j = 0; j < n; j++) {
            out[idx[j] * n + j] = g[j];
        }
    }

    /**
     * The adjoint of gatherCols: the rows×cols {@code out} becomes zero, then column j of the
     * rows×n G is added into its column idx[j] (n = idx.length), in order of j, so a repeated
     * index sums its columns.
     */
    public static void scatterAdd(double[] g, int rows, int[] idx, int cols, double[] out) {
        int n = idx.length;
        java.util.Arrays.fill(out, 0, rows * cols, 0.0);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < n; j++) {
                out[i * cols + idx[j]] += g[i * n + j];
            }
        }
    }
}
