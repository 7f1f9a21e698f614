package dev.tracegrad.optim;

/** Why an optimizer stopped; see {@link OptimResult#status()}. */
public enum Status {
    /** The max-norm of the gradient fell to the gradient tolerance or below. */
    CONVERGED_GRADIENT,
    /**
     * An iteration decreased f by at most the function tolerance, relatively:
     * (f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) ≤ functionTolerance.
     */
    CONVERGED_FUNCTION,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS,
    /**
     * No acceptable step was found: the line search ({@link Lbfgs}) found no point satisfying
     * the strong Wolfe conditions, even along the steepest descent, or the trust region
     * ({@link NewtonCg}) shrank to nothing without a decrease of f. Usually the iterate is as
     * good as rounding allows for the tolerances asked; otherwise the gradient is wrong.
     */
    LINE_SEARCH_FAILED,
    /**
     * The objective returned a NaN or infinite value, gradient entry or Hessian-vector product
     * entry; the result holds the last iterate at which everything was finite.
     */
    NON_FINITE,
    /** The progress listener returned false. */
    STOPPED
}
