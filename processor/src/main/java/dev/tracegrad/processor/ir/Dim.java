package dev.tracegrad.processor.ir;

/**
 * A symbolic dimension. Every dimension of every node is either an extent of a {@code Matrix}
 * parameter or the constant 1: each op's result dimensions are taken from its operands' (the rows
 * of AB are the rows of A), so no other unknowns ever arise.
 */
public sealed interface Dim permits Dim.Of, Dim.One {

  /** The constant dimension 1 (column vectors, row sums, 1×1 matrices). */
  Dim ONE = new One();

  /** {@code param.rows()} or {@code param.cols()}. */
  static Dim of(String param, Axis axis) {
    return new Of(param, axis);
  }

  /** An extent of a matrix parameter, known at run time. */
  record Of(String param, Axis axis) implements Dim {
    @Override
    public String toString() {
      return param + "." + axis.accessor();
    }
  }

  /** The constant 1. Use {@link #ONE}. */
  record One() implements Dim {
    @Override
    public String toString() {
      return "1";
    }
  }
}
