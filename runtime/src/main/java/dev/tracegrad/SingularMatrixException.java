package dev.tracegrad;

/**
 * Thrown when an operation needs the inverse of a matrix that is singular to working precision:
 * {@link Ops#inv}, {@link Ops#logdet} and generated gradients of {@link Ops#det}.
 *
 * <p>It is an {@link ArithmeticException} because, like division by zero, it depends on the
 * values and not on the shapes of the arguments. {@link Ops#det} itself never throws it: the
 * determinant of a singular matrix is simply 0.
 */
public class SingularMatrixException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which matrix is singular, e.g. {@code "inv: A is singular"}
     */
    public SingularMatrixException(String message) {
        super(message);
    }
}
