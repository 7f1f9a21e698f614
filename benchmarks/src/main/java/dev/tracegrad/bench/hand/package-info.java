/**
 * Hand-written value and gradient code for the benchmark workloads, derived on paper and written
 * the way a performance-minded programmer would (reused scratch, blocked products, fused
 * elementwise passes), independently of the generator: the bar the generated code must meet.
 *
 * <p>Each class mirrors the generated class's two calls, {@code value(...)} and a buffer-taking
 * {@code gradient(...)} that overwrites its output matrices and returns the value. Arguments are
 * not checked.
 */
package dev.tracegrad.bench.hand;
