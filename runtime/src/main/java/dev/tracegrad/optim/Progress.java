package dev.tracegrad.optim;

/**
 * One iteration of an optimizer, as passed to a {@link ProgressListener}.
 *
 * @param iteration the iteration just completed, from 1
 * @param value f at the current iterate
 * @param gradientNorm the max-norm of the gradient at the current iterate
 * @param step the Euclidean length of the step this iteration took (0 for a trust-region step
 *     that was rejected)
 */
public record Progress(int iteration, double value, double gradientNorm, double step) {}
