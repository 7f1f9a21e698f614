package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dim;

/**
 * Lower stage: one LU factorisation ({@code dev.tracegrad.kernel.Lu.factor}) of an n×n matrix,
 * shared by every determinant, log-determinant, inverse and solve of that matrix node.
 *
 * @param matrix the factored matrix
 * @param n its order
 * @param lu the n×n factors
 * @param pivots the n row indices of the permutation
 * @param sign the name of the {@code int} that holds the permutation sign, 0 when singular
 * @param shared whether the forward pass factors and the backward pass reuses it (the sign is
 *     then also an instance field)
 */
public record LuFactors(
    Buffer matrix, Dim n, Buffer lu, Buffer pivots, String sign, boolean shared) implements Stored {

  @Override
  public String toString() {
    return lu.name();
  }
}
