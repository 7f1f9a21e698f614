package dev.tracegrad.kernel;

import dev.tracegrad.Matrix;

/**
 * Index arrays of {@code pick} and {@code gatherCols}: their checks, shared by {@link
 * dev.tracegrad.Ops} and generated code, and the selection matrix generated code reads them
 * through. Called by generated code; not part of the DSL.
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
     * The bound×n matrix S with S[idx[j], j] = 1 and zeros elsewhere (n = idx.length), after
     * {@link #check}: pick(A, idx) is the column sums of S ⊙ A, gatherCols(E, idx) is E S.
     *
     * @param idx the indices
     * @param bound the rows of S
     * @param length the length idx must have, or -1 for any
     * @param name the parameter as the user knows it, used in messages
     * @return a new matrix
     */
    public static Matrix selection(int[] idx, int bound, int length, String name) {
        check(idx, bound, length, name);
        Matrix s = Matrix.zeros(bound, idx.length);
        double[] d = s.data();
        for (int j = 0; j < idx.length; j++) {
            d[idx[j] * idx.length + j] = 1;
        }
        return s;
    }
}
