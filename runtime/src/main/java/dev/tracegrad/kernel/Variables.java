package dev.tracegrad.kernel;

import dev.tracegrad.Matrix;

/**
 * Checks of the variable arrays an {@link dev.tracegrad.optim.Objective} receives, for the
 * objectives generated classes return from {@code objective(...)}: one matrix per wrt parameter,
 * in wrt order, a {@code double} parameter as a 1×1 matrix. Called by generated code; shapes of the
 * matrices themselves are checked by the gradient methods they are passed to, with the
 * parameters' own names.
 */
public final class Variables {
    private Variables() {}

    /**
     * Checks that {@code x} holds one non-null matrix per name.
     *
     * @param x the array an optimizer passed
     * @param what how the message calls the array ({@code "x"}, {@code "g"})
     * @param names the wrt parameters, in wrt order
     * @throws NullPointerException if {@code x} or one of its matrices is null
     * @throws IllegalArgumentException if {@code x} does not have one matrix per name
     */
    public static void check(Matrix[] x, String what, String... names) {
        Checks.nonNull(x, what);
        if (x.length != names.length) {
            throw new IllegalArgumentException(what + " has " + x.length + " matrices but the objective has "
                    + names.length + " variables (" + String.join(", ", names) + ")");
        }
        for (int i = 0; i < names.length; i++) {
            if (x[i] == null) { // the message is built only on failure: a check allocates nothing
                throw new NullPointerException(what + "[" + i + "] (" + names[i] + ") must not be null");
            }
        }
    }

    /**
     * The value of a {@code double} variable, held as a 1×1 matrix.
     *
     * @param m the variable's matrix
     * @param name the {@code double} parameter
     * @return the matrix's one entry
     * @throws IllegalArgumentException if {@code m} is not 1×1
     */
    public static double scalar(Matrix m, String name) {
        return scalarData(m, name)[0];
    }

    /**
     * The backing array of a 1×1 matrix that receives the gradient with respect to a
     * {@code double} variable, in the form the generated buffer overload takes.
     *
     * @param m the matrix
     * @param name the {@code double} parameter
     * @return {@code m.data()}, of length 1
     * @throws IllegalArgumentException if {@code m} is not 1×1
     */
    public static double[] scalarData(Matrix m, String name) {
        if (m.rows() != 1 || m.cols() != 1) {
            throw Checks.wrongShape("objective", name, m.rows(), m.cols(), "1×1 (it is a double)");
        }
        return m.data();
    }
}
