/**
 * Derive stage: the trace method over a program's DAG, reverse mode with matrix adjoints. Each
 * kind of node has one rule in {@link dev.tracegrad.processor.derive.Deriver}, written once as {@link dev.tracegrad.processor.derive.Sym}s
 * citing {@link dev.tracegrad.processor.derive.TraceRule}s: the terms go into the {@link dev.tracegrad.processor.derive.DerivationLog} for
 * the text, and the adjoint read off is compiled into the gradient graph, so what is printed and
 * what is computed cannot drift apart.
 */
package dev.tracegrad.processor.derive;
