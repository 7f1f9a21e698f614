/**
 * JMH benchmarks: one class per workload, one {@code size} parameter, and for each implementation
 * a value benchmark and a value+gradient benchmark, named {@code <implementation><Value|Gradient>}
 * ({@code generatedGradientAllocating} is the generated class's allocating overload). {@code
 * benchmarks/run.sh} and its report rely on these names.
 *
 * <p>The annotations hold defaults for running a class by hand; run.sh passes its own forks and
 * iterations. Every benchmark returns its result so that none of the work can be eliminated.
 */
package dev.tracegrad.bench.jmh;
