/**
 * Lower stage: turns a prepared {@link dev.tracegrad.processor.ir.Derivation} into a {@link dev.tracegrad.processor.lower.LoopProgram}:
 * which nodes get buffers ({@code Storage}), the forward and backward passes as steps (fused
 * elementwise loops over {@link dev.tracegrad.processor.lower.Expr}s, products, LU factorisations and solves,
 * per-column softmax), each buffer and scalar written by exactly one step.
 */
package dev.tracegrad.processor.lower;
