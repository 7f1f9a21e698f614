/**
 * The matrix DSL that {@link dev.tracegrad.Differentiable} methods are written in.
 *
 * <p>{@link dev.tracegrad.Matrix} holds the data, {@link dev.tracegrad.Ops} is the vocabulary
 * (every op has the reference semantics the generated gradient code reproduces), and
 * {@link dev.tracegrad.GradientCheck} lets users verify any gradient, generated or hand-written,
 * against central finite differences. Fitting a model (minimising an objective, Hessians) is in
 * {@link dev.tracegrad.optim}.
 */
package dev.tracegrad;
