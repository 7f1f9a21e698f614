package dev.tracegrad.processor.ir;

/**
 * A symbolic dimension: an extent of a {@code Matrix} parameter, the constant 1, another constant
 * extent written as a literal ({@code ones(3, n)}), or an extent read from a data value at run time
 * ({@code eye(n)} with {@code n} a {@code double} that does not depend on wrt). Each op's result
 * dimensions are taken from its operands' (the rows of AB are the rows of A) or from its size
 * arguments, so no other unknowns ever arise.
 */
public sealed interface Dim permits Dim.Of, Dim.One, Dim.Fixed, Dim.DataValue, Dim.Length {

  /** The constant dimension 1 (column vectors, row sums, 1×1 matrices). */
  Dim ONE = new One();

  /** {@code param.rows()} or {@code param.cols()}. */
  static Dim of(String param, Axis axis) {
    return new Of(param, axis);
  }

  /** The constant extent n: {@link #ONE} for 1. */
  static Dim fixed(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("an extent is not negative: " + n);
    }
    return n == 1 ? ONE : new Fixed(n);
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

  /** A constant extent other than 1, written as a literal size. Use {@link #fixed}. */
  record Fixed(int n) implements Dim {
    @Override
    public String toString() {
      return Integer.toString(n);
    }
  }

  /**
   * An extent read at run time from a scalar data value (one that does not depend on wrt),
   * named as the generated code names it: it must hold an integral, non-negative {@code double}.
   */
  record DataValue(String name) implements Dim {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The length of an {@code int[]} data value (the index array of {@code gatherCols}), named as
   * the generated code names it.
   */
  record Length(String array) implements Dim {
    @Override
    public String toString() {
      return array + ".length";
    }
  }
}
