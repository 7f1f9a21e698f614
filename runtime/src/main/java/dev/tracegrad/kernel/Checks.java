package dev.tracegrad.kernel;

import dev.tracegrad.Matrix;

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
}
