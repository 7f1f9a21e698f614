package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;

/**
 * Vector arithmetic over a list of matrices seen as one flat vector (variable by variable,
 * row-major within each), and the checks of a starting point. Nothing here allocates except
 * {@link #copyStart} and {@link #zerosLike}.
 */
final class Vars {
    private Vars() {}

    /**
     * Checks a starting point and returns an independent copy of it.
     *
     * @param name the parameter as the caller knows it, e.g. {@code "x0"}
     * @throws IllegalArgumentException if {@code x} is null or empty, holds a null matrix, has no
     *     entries at all, or has a non-finite entry (naming the variable and the entry)
     */
    static Matrix[] copyStart(Matrix[] x, String name) {
        requireFinite(x, name);
        Matrix[] copy = new Matrix[x.length];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].copy();
        }
        return copy;
    }

    /** The checks of {@link #copyStart}, without the copy. */
    static void requireFinite(Matrix[] x, String name) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException(name + " must hold at least one variable");
        }
        long entries = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            double[] d = x[i].data();
            for (int k = 0; k < d.length; k++) {
                if (!Double.isFinite(d[k])) {
                    int cols = x[i].cols();
                    throw new IllegalArgumentException(name + "[" + i + "] has the non-finite"
                            + " entry " + d[k] + " at (" + k / cols + ", " + k % cols + ")");
                }
            }
            entries += d.length;
        }
        if (entries == 0) {
            throw new IllegalArgumentException(name + " has no entries (every variable is empty)");
        }
    }

    /**
     * Checks that {@code a} has as many matrices as {@code x}, each of the same shape. Messages
     * are built only on failure, so a passing check allocates nothing.
     */
    static void requireSameShapes(Matrix[] x, String xName, Matrix[] a, String aName) {
        Checks.nonNull(a, aName);
        if (a.length != x.length) {
            throw new IllegalArgumentException(aName + " holds " + a.length + " matrices but "
                    + xName + " holds " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            Matrix m = a[i];
            if (m == null || m.rows() != x[i].rows() || m.cols() != x[i].cols()) {
                Checks.outputShape(m, aName + "[" + i + "]", x[i].rows(), x[i].cols(),
                        xName + "[" + i + "]");
            }
        }
    }

    /** New zero matrices with the shapes of {@code x}. */
    static Matrix[] zerosLike(Matrix[] x) {
        Matrix[] z = new Matrix[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = Matrix.zeros(x[i].rows(), x[i].cols());
        }
        return z;
    }

    /** Whether {@code a} and {@code b} hold matrices of the same shapes. */
    static boolean sameShapes(Matrix[] a, Matrix[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i].rows() != b[i].rows() || a[i].cols() != b[i].cols()) {
                return false;
            }
        }
        return true;
    }

    /** The number of entries of all matrices. */
    static int size(Matrix[] x) {
        long n = 0;
        for (Matrix m : x) {
            n += m.data().length;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " variables");
        }
        return (int) n;
    }

    static double dot(Matrix[] a, Matrix[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double[] x = a[i].data();
            double[] y = b[i].data();
            for (int k = 0; k < x.length; k++) {
                s += x[k] * y[k];
            }
        }
        return s;
    }

    static double norm(Matrix[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** max |aᵢ|; NaN if any entry is NaN. */
    static double maxAbs(Matrix[] a) {
        double m = 0;
        for (Matrix matrix : a) {
            for (double v : matrix.data()) {
                double abs = Math.abs(v);
                if (!(abs <= m)) {
                    m = abs; // also takes a NaN, which then stays
                    if (Double.isNaN(m)) {
                        return m;
                    }
                }
            }
        }
        return m;
    }

    static boolean allFinite(Matrix[] a) {
        for (Matrix matrix : a) {
            for (double v : matrix.data()) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** to := from. */
    static void copy(Matrix[] from, Matrix[] to) {
        for (int i = 0; i < from.length; i++) {
            System.arraycopy(from[i].data(), 0, to[i].data(), 0, from[i].data().length);
        }
    }

    /** y := y + a·x. */
    static void axpy(double a, Matrix[] x, Matrix[] y) {
        for (int i = 0; i < x.length; i++) {
            double[] xs = x[i].data();
            double[] ys = y[i].data();
            for (int k = 0; k < xs.length; k++) {
                ys[k] += a * xs[k];
            }
        }
    }

    /** out := x + a·d. */
    static void step(Matrix[] x, double a, Matrix[] d, Matrix[] out) {
        for (int i = 0; i < x.length; i++) {
            double[] xs = x[i].data();
            double[] ds = d[i].data();
            double[] os = out[i].data();
            for (int k = 0; k < xs.length; k++) {
                os[k] = xs[k] + a * ds[k];
            }
        }
    }

    /** out := a − b. */
    static void sub(Matrix[] a, Matrix[] b, Matrix[] out) {
        for (int i = 0; i < a.length; i++) {
            double[] as = a[i].data();
            double[] bs = b[i].data();
            double[] os = out[i].data();
            for (int k = 0; k < as.length; k++) {
                os[k] = as[k] - bs[k];
            }
        }
    }

    /** x := a·x. */
    static void scale(double a, Matrix[] x) {
        for (Matrix m : x) {
            double[] xs = m.data();
            for (int k = 0; k < xs.length; k++) {
                xs[k] *= a;
            }
        }
    }

    /** x := 0. */
    static void zero(Matrix[] x) {
        for (Matrix m : x) {
            java.util.Arrays.fill(m.data(), 0);
        }
    }

    /** y := y + x, entry by entry (the sum's accumulation, in one fixed order). */
    static void add(Matrix[] x, Matrix[] y) {
        for (int i = 0; i < x.length; i++) {
            double[] xs = x[i].data();
            double[] ys = y[i].data();
            for (int k = 0; k < xs.length; k++) {
                ys[k] += xs[k];
            }
        }
    }
}
