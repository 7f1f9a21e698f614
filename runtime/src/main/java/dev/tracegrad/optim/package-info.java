/**
 * Fitting a model: minimising an {@link dev.tracegrad.optim.Objective} (a scalar function of
 * matrices with its gradient, and optionally Hessian-vector products).
 *
 * <p>{@link dev.tracegrad.optim.Lbfgs} (limited-memory BFGS, first order) and
 * {@link dev.tracegrad.optim.NewtonCg} (trust-region Newton, needs Hessian-vector products) run
 * to convergence and return an {@link dev.tracegrad.optim.OptimResult};
 * {@link dev.tracegrad.optim.Adam} takes one stochastic step at a time, for mini-batch
 * training. {@link dev.tracegrad.optim.Objectives} adds objectives (shards of the data, a
 * penalty), sequentially or on several threads, and {@link dev.tracegrad.optim.Hessians} forms
 * a small dense Hessian, e.g. for standard errors.
 *
 * <p>The package has no dependencies beyond the runtime's {@link dev.tracegrad.Matrix}. The
 * optimizers call the objective on the calling thread only (an {@link
 * dev.tracegrad.optim.Objectives#parallel} objective spreads its own parts). Inputs
 * are never modified; variables are always a {@code Matrix[]} in a fixed order, flattened
 * (where a flat view is needed) variable by variable and row-major within each matrix.
 */
package dev.tracegrad.optim;
