/**
 * Benchmarks of TraceGrad's generated gradients against hand-written loops, EJML and (from
 * {@code benchmarks/torch_bench.py}) PyTorch, on the same workloads.
 *
 * <p>{@link dev.tracegrad.bench.Losses} holds the workloads as annotated losses; {@code workload}
 * builds their inputs; {@code hand} and {@code ejml} compute the same values and gradients
 * independently of the generator; {@code jmh} times all of them side by side.
 */
package dev.tracegrad.bench;
