package dev.tracegrad;

import dev.tracegrad.kernel.Checks;
import java.util.Arrays;
import java.util.Random;

/**
 * A dense matrix of {@code double}s stored row-major in one array.
 *
 * <p>Entry (r, c) lives at {@code data()[r * cols() + c]}. That layout is part of the contract:
 * generated gradient code loops over {@link #data()} directly, and callers may too. Dimensions may
 * be zero (a 0×n matrix has no entries) but never negative.
 *
 * <p>{@link Ops} never modifies a matrix it is given and always returns a new one; the only
 * mutators are {@link #set} and writes through {@link #data()}.
 */
public final class Matrix {
    /** toString shows at most this many rows and columns, so huge matrices don't flood logs. */
    private static final int SHOWN = 6;

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /**
     * Adopts {@code data} without copying. Package-private so that {@link Ops} can return its
     * results without a second copy while users can never alias a matrix's storage by accident.
     */
    static Matrix wrap(int rows, int cols, double[] data) {
        return new Matrix(rows, cols, data);
    }

    /**
     * A matrix with the given entries, listed row by row; the array is copied.
     *
     * @throws IllegalArgumentException if a dimension is negative or the number of entries is not
     *     {@code rows * cols}
     */
    public static Matrix of(int rows, int cols, double... rowMajor) {
        int size = size(rows, cols);
        Checks.nonNull(rowMajor, "rowMajor");
        if (rowMajor.length != size) {
            throw new IllegalArgumentException("of: a " + rows + "×" + cols + " matrix needs "
                    + size + " entries but got " + rowMajor.length);
        }
        return new Matrix(rows, cols, rowMajor.clone());
    }

    /** A matrix of zeros, e.g. a gradient buffer for the buffer-taking {@code gradient}. */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[size(rows, cols)]);
    }

    /** The n×n identity matrix. */
    public static Matrix identity(int n) {
        Matrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1;
        }
        return m;
    }

    /** A column vector (n×1), the DSL's representation of a vector; the array is copied. */
    public static Matrix column(double... values) {
        Checks.nonNull(values, "values");
        return new Matrix(values.length, 1, values.clone());
    }

    /**
     * A matrix from an array of rows, as written in source: {@code fromRows(new double[][] {{1,
     * 2}, {3, 4}})}. No rows gives a 0×0 matrix.
     *
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Matrix fromRows(double[][] rows) {
        Checks.nonNull(rows, "rows");
        int cols = rows.length == 0 ? 0 : Checks.nonNull(rows[0], "rows[0]").length;
        double[] data = new double[size(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            double[] row = Checks.nonNull(rows[r], "rows[" + r + "]");
            if (row.length != cols) {
                throw new IllegalArgumentException("fromRows: row " + r + " has " + row.length
                        + " entries but row 0 has " + cols + " (rows must not be ragged)");
            }
            System.arraycopy(row, 0, data, r * cols, cols);
        }
        return new Matrix(rows.length, cols, data);
    }

    /**
     * A matrix of standard normal entries drawn with {@code random.nextGaussian()} in row-major
     * order, so a seeded {@link Random} gives the same matrix on every JDK.
     */
    public static Matrix random(int rows, int cols, Random random) {
        Checks.nonNull(random, "random");
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /**
     * The entry at row {@code r}, column {@code c} (both from 0).
     *
     * @throws IndexOutOfBoundsException if (r, c) is outside the matrix
     */
    public double get(int r, int c) {
        return data[index(r, c)];
    }

    /**
     * Overwrites the entry at row {@code r}, column {@code c} (both from 0).
     *
     * @throws IndexOutOfBoundsException if (r, c) is outside the matrix
     */
    public void set(int r, int c, double value) {
        data[index(r, c)] = value;
    }

    /**
     * The backing row-major array itself, not a copy: writes change the matrix. This is how
     * generated code and performance-minded callers read and fill matrices without allocating.
     */
    public double[] data() {
        return data;
    }

    /** An independent copy: changing one never affects the other. */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** The entries as a fresh array of rows, the inverse of {@link #fromRows}. */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
        }
        return out;
    }

    /**
     * Equal shape and equal entries. Entries compare like numbers, except that NaN equals NaN so
     * that equality stays reflexive: {@code 0.0} equals {@code -0.0}, unlike {@link
     * Double#equals}, because a matrix equality that depended on the sign of zero would surprise
     * (e.g. {@code neg(zeros(2, 2))} equals {@code zeros(2, 2)}).
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Matrix other) || rows != other.rows || cols != other.cols) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            double a = data[i];
            double b = other.data[i];
            if (a != b && !(Double.isNaN(a) && Double.isNaN(b))) {
                return false;
            }
        }
        return true;
    }

    /** Consistent with {@link #equals}: -0.0 hashes like 0.0 and every NaN alike. */
    @Override
    public int hashCode() {
        int h = 31 * rows + cols;
        for (double v : data) {
            // + 0.0 turns -0.0 into 0.0; Double.hashCode already maps every NaN to one value.
            h = 31 * h + Double.hashCode(v + 0.0);
        }
        return h;
    }

    /**
     * Shape and entries, e.g. {@code 2×3 [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}; only the first six
     * rows and columns are shown, the rest is elided with {@code …}.
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(rows).append('×').append(cols).append(" [");
        for (int r = 0; r < Math.min(rows, SHOWN); r++) {
            s.append(r == 0 ? "[" : ", [");
            for (int c = 0; c < Math.min(cols, SHOWN); c++) {
                s.append(c == 0 ? "" : ", ").append(data[r * cols + c]);
            }
            s.append(cols > SHOWN ? ", …]" : "]");
        }
        return s.append(rows > SHOWN ? ", …]" : "]").toString();
    }

    /** The shape as {@code rows×cols}, for error messages. */
    String shape() {
        return rows + "×" + cols;
    }

    private int index(int r, int c) {
        if (r < 0 || r >= rows || c < 0 || c >= cols) {
            throw new IndexOutOfBoundsException(
                    "(" + r + ", " + c + ") is outside a " + shape() + " matrix");
        }
        return r * cols + c;
    }

    private static int size(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(
                    "dimensions must not be negative but are " + rows + "×" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + "×" + cols + " is too large for one array");
        }
        return (int) size;
    }
}
