package dev.tracegrad.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lu}'s triangular substitutions written with the Vector API, by column panels: the
 * columns (right-hand sides) of a substitution never mix, so it runs on {@link #PANEL} columns at
 * a time, and within a panel each row is finished in registers, taking the rows it depends on
 * one after the other, before it is stored. The rows of a panel stay in cache, and a row is
 * loaded and stored once rather than once per row it takes. Loaded by {@link Vectorization} only
 * when the JVM has {@code jdk.incubator.vector}; compiled apart from the other classes.
 *
 * <p>The same bits as the scalar loops and {@link Lu}'s reference order: each lane is one entry,
 * and it gets, for the rows k in the order {@link LuKernel#substitute} gives, the rounded product
 * (−c_ik)·x_k[j] added to the rounded partial sum (a separate multiply and add; Java never fuses
 * them), then the division by the pivot, exactly as one axpy per (row, k) and one division would
 * do it. Rows k are complete when used because rows are finished in the order they are needed.
 * Columns past the last whole vector get the same operations one entry at a time.
 */
final class VectorLu implements LuKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector. */
    private static final int L = S.length();
    /** Columns per panel: four vectors, four independent sums per row to hide the add latency. */
    static final int PANEL = 4 * L;

    /**
     * Loaded reflectively by {@link Vectorization}.
     *
     * @throws UnsupportedOperationException if the preferred vector holds fewer than 4 doubles
     */
    VectorLu() {
        if (L < 4) {
            throw new UnsupportedOperationException("the preferred vector holds " + L
                    + " doubles; the Vector API kernels need at least 4 (256 bits)");
        }
    }

    @Override
    public int minWidth() {
        return L;
    }

    @Override
    public void substitute(double[] lu, int n, double[][] rows, int len, boolean upward,
            boolean transposed, boolean divide) {
        int j0 = 0;
        for (; j0 + PANEL <= len; j0 += PANEL) {
            panel(lu, n, rows, j0, upward, transposed, divide);
        }
        for (; j0 + L <= len; j0 += L) {
            vector(lu, n, rows, j0, upward, transposed, divide);
        }
        for (; j0 < len; j0++) {
            column(lu, n, rows, j0, upward, transposed, divide);
        }
    }

    /** Columns j0 … j0 + PANEL − 1. */
    private static void panel(double[] lu, int n, double[][] rows, int j0, boolean upward,
            boolean transposed, boolean divide) {
        int rs = transposed ? 1 : n;
        int cs = transposed ? n : 1;
        for (int p = 0; p < n; p++) {
            int i = upward ? n - 1 - p : p;
            // The rows k row i takes, in order: k0, k0 + dk, … (count of them).
            int k = upward ? (transposed ? n - 1 : i + 1) : 0;
            int dk = upward && transposed ? -1 : 1;
            int count = upward ? n - 1 - i : i;
            double[] y = rows[i];
            DoubleVector s0 = DoubleVector.fromArray(S, y, j0);
            DoubleVector s1 = DoubleVector.fromArray(S, y, j0 + L);
            DoubleVector s2 = DoubleVector.fromArray(S, y, j0 + 2 * L);
            DoubleVector s3 = DoubleVector.fromArray(S, y, j0 + 3 * L);
            int c = i * rs;
            for (int t = 0; t < count; t++, k += dk) {
                DoubleVector f = DoubleVector.broadcast(S, -lu[c + k * cs]);
                double[] x = rows[k];
                s0 = s0.add(f.mul(DoubleVector.fromArray(S, x, j0)));
                s1 = s1.add(f.mul(DoubleVector.fromArray(S, x, j0 + L)));
                s2 = s2.add(f.mul(DoubleVector.fromArray(S, x, j0 + 2 * L)));
                s3 = s3.add(f.mul(DoubleVector.fromArray(S, x, j0 + 3 * L)));
            }
            if (divide) {
                DoubleVector d = DoubleVector.broadcast(S, lu[i * n + i]);
                s0 = s0.div(d);
                s1 = s1.div(d);
                s2 = s2.div(d);
                s3 = s3.div(d);
            }
            s0.intoArray(y, j0);
            s1.intoArray(y, j0 + L);
            s2.intoArray(y, j0 + 2 * L);
            s3.intoArray(y, j0 + 3 * L);
        }
    }

    /** Columns j0 … j0 + L − 1: {@link #panel} one vector wide. */
    private static void vector(double[] lu, int n, double[][] rows, int j0, boolean upward,
            boolean transposed, boolean divide) {
        int rs = transposed ? 1 : n;
        int cs = transposed ? n : 1;
        for (int p = 0; p < n; p++) {
            int i = upward ? n - 1 - p : p;
            int k = upward ? (transposed ? n - 1 : i + 1) : 0;
            int dk = upward && transposed ? -1 : 1;
            int count = upward ? n - 1 - i : i;
            double[] y = rows[i];
            DoubleVector s0 = DoubleVector.fromArray(S, y, j0);
            int c = i * rs;
            for (int t = 0; t < count; t++, k += dk) {
                DoubleVector f = DoubleVector.broadcast(S, -lu[c + k * cs]);
                s0 = s0.add(f.mul(DoubleVector.fromArray(S, rows[k], j0)));
            }
            if (divide) {
                s0 = s0.div(lu[i * n + i]);
            }
            s0.intoArray(y, j0);
        }
    }

    /** Column j alone, one entry at a time: {@link #vector} one lane wide. */
    private static void column(double[] lu, int n, double[][] rows, int j, boolean upward,
            boolean transposed, boolean divide) {
        int rs = transposed ? 1 : n;
        int cs = transposed ? n : 1;
        for (int p = 0; p < n; p++) {
            int i = upward ? n - 1 - p : p;
            int k = upward ? (transposed ? n - 1 : i + 1) : 0;
            int dk = upward && transposed ? -1 : 1;
            int count = upward ? n - 1 - i : i;
            double[] y = rows[i];
            double s = y[j];
            int c = i * rs;
            for (int t = 0; t < count; t++, k += dk) {
                double f = -lu[c + k * cs];
                s += f * rows[k][j];
            }
            if (divide) {
                s /= lu[i * n + i];
            }
            y[j] = s;
        }
    }
}
