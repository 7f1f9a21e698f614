/**
 * Kernels that TraceGrad's generated gradient code links against: called by generated code; not
 * part of the DSL.
 *
 * <p>Everything here works on caller-provided {@code double[]} buffers and allocates nothing, so
 * that a warmed-up generated {@code gradient} call is allocation-free. {@link dev.tracegrad.Ops}
 * is built on the same kernels, which is what makes its values and the generated code's agree.
 * Signatures are stable because generated sources compiled against one runtime version must keep
 * linking.
 */
package dev.tracegrad.kernel;
