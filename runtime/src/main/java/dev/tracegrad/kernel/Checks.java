package dev.tracegrad.kernel;

import dev.tracegrad.Matrix;
import java.util.Arrays;

/**
 * Argument checks and error messages shared by {@link dev.tracegrad.Ops} and generated code, so
 * that a mistake reads the same wherever it is caught. Called by generated code; not part of the
 * DSL.
 *
 * <p>Messages name the operation, the operands by the user's own names, and the shapes, e.g.
 * {@code mul: A is 2×3 but B is 4×5 (columns of A must equal rows of B)}.
 */
public final class Checks {
    private Checks() {}

    /**
     * Returns {@code value}, or throws if it is null; lets a check sit inside an expression.
     *
     * @param name the parameter as the user knows it, used in the message
     * @throws NullPointerException with message {@code name + " must not be null"}
     */
    public static <T> T nonNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " must not be null");
        }
        return value;
    }

    /**
     * A size argument ({@code eye(n)}, {@code ones(r, c)}, {@code repeatRows(r, m)}) as an
     * {@code int}: sizes are declared {@code double} and must hold an integral, non-negative value
     * that fits an {@code int}.
     *
     * @param name the size as the user wrote it, used in the message
     * @throws IllegalArgumentException {@code name + " must be a non-negative integer but is " + value}
     */
    public static int size(double value, String name) {
        if (!(value >= 0 && value <= Integer.MAX_VALUE && value == Math.rint(value))) {
            throw new IllegalArgumentException(name + " must be a non-negative integer but is " + value);
        }
        return (int) value;
    }

    /**
     * Builds (does not throw) the exception for two operands whose shapes do not fit together.
     * Returning it lets the caller write {@code throw Checks.shapeMismatch(...)}, so the compiler
     * sees that the branch ends.
     *
     * @param rule what must hold, e.g. {@code "columns of A must equal rows of B"}
     * @return {@code op: a is ar×ac but b is br×bc (rule)}
     */
    public static IllegalArgumentException shapeMismatch(
            String op, String a, int ar, int ac, String b, int br, int bc, String rule) {
        return new IllegalArgumentException(op + ": " + a + " is " + ar + "×" + ac + " but " + b
                + " is " + br + "×" + bc + " (" + rule + ")");
    }

    /**
     * Builds (does not throw) the exception for one operand of the wrong shape, e.g. a
     * non-square argument of {@code inv}.
     *
     * @param requirement what the shape must be, e.g. {@code "square"} or {@code "1×1"}
     * @return {@code op: a is rows×cols but must be requirement}
     */
    public static IllegalArgumentException wrongShape(
            String op, String a, int rows, int cols, String requirement) {
        return new IllegalArgumentException(
                op + ": " + a + " is " + rows + "×" + cols + " but must be " + requirement);
    }

    /**
     * Checks a caller-provided output buffer before anything is written, so that a wrong buffer
     * fails without side effects.
     *
     * @param param the parameter whose gradient goes into {@code out}, whose shape it must have
     * @throws NullPointerException if {@code out} is null
     * @throws IllegalArgumentException {@code outName must be R×C like param but is r×c}
     */
    public static void outputShape(Matrix out, String outName, int rows, int cols, String param) {
        nonNull(out, outName);
        if (out.rows() != rows || out.cols() != cols) {
            throw new IllegalArgumentException(outName + " must be " + rows + "×" + cols + " like "
                    + param + " but is " + out.rows() + "×" + out.cols());
        }
    }

    /**
     * Rejects an output buffer that shares storage with an argument: the gradient is written
     * while the arguments are still being read, so aliasing would corrupt the result.
     *
     * @throws NullPointerException if either matrix is null
     * @throws IllegalArgumentException {@code outName must not be the same matrix as inName}
     */
    public static void notAliased(Matrix out, String outName, Matrix in, String inName) {
        if (nonNull(out, outName).data() == nonNull(in, inName).data()) {
            throw new IllegalArgumentException(
                    outName + " must not be the same matrix as " + inName);
        }
    }

    /**
     * {@link #notAliased(Matrix, String, Matrix, String)} for every output buffer of a call at
     * once, so that generated code checks any number of them in code of linear size.
     * {@code matrices} holds the {@code outputs} output buffers first, then the arguments. Each
     * output is compared with every argument in order, then with every earlier output; the first
     * pair that shares storage fails with the message {@code notAliased} gives it.
     *
     * <p>The caller's array is scratch: every element is null when this returns or throws, so an
     * array kept between calls holds no matrix alive. Allocates nothing unless it throws; time
     * is proportional to {@code outputs × matrices.length} (generated code passes at most 255).
     *
     * @param matrices the output buffers, then the arguments; cleared by the call
     * @param outputs how many leading elements are output buffers
     * @param names the parameter names of the matrices, in the same order
     * @throws NullPointerException if one of the matrices is null, naming it
     * @throws IllegalArgumentException {@code out must not be the same matrix as in}
     */
    public static void notAliased(Matrix[] matrices, int outputs, String[] names) {
        try {
            for (int i = 0; i < matrices.length; i++) {
                nonNull(matrices[i], names[i]);
            }
            for (int w = 0; w < outputs; w++) {
                double[] out = matrices[w].data();
                for (int v = outputs; v < matrices.length; v++) {
                    if (out == matrices[v].data()) {
                        throw new IllegalArgumentException(
                                names[w] + " must not be the same matrix as " + names[v]);
                    }
                }
                for (int v = 0; v < w; v++) {
                    if (out == matrices[v].data()) {
                        throw new IllegalArgumentException(
                                names[w] + " must not be the same matrix as " + names[v]);
                    }
                }
            }
        } finally {
            Arrays.fill(matrices, null);
        }
    }

    /**
     * Rejects two {@code double[]} outputs (the gradients of {@code double} parameters) that are
     * the same array, whose second write would overwrite the first. Each array is compared with
     * every earlier one. Like {@link #notAliased(Matrix[], int, String[])}, it clears the
     * caller's array whatever the outcome and allocates nothing unless it throws.
     *
     * @param arrays the output arrays; cleared by the call
     * @param names their parameter names, in the same order
     * @throws NullPointerException if one of the arrays is null, naming it
     * @throws IllegalArgumentException {@code out must not be the same array as other}
     */
    public static void distinctArrays(double[][] arrays, String[] names) {
        try {
            for (int i = 0; i < arrays.length; i++) {
                nonNull(arrays[i], names[i]);
            }
            for (int w = 0; w < arrays.length; w++) {
                for (int v = 0; v < w; v++) {
                    if (arrays[w] == arrays[v]) {
                        throw new IllegalArgumentException(
                                names[w] + " must not be the same array as " + names[v]);
                    }
                }
            }
        } finally {
            Arrays.fill(arrays, null);
        }
    }
}
