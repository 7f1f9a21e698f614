package dev.tracegrad.processor.ir;

import java.util.function.ToIntFunction;

/**
 * An entrywise function's derivative expression ({@link EntrywiseFunction#derivative}) read as
 * graph nodes, added through {@code add} (a graph builder's or a rewriter's, which hash-cons):
 * on matrices of one shape (a constant c is c𝟏𝟏ᵀ, products are ⊙), or on scalars.
 */
public abstract class NodeAlgebra implements EntrywiseFunction.Algebra<Integer> {
  protected final ToIntFunction<Node> add;

  private NodeAlgebra(ToIntFunction<Node> add) {
    this.add = add;
  }

  /** On matrices of the given shape. */
  public static NodeAlgebra matrix(ToIntFunction<Node> add, Shape shape) {
    return new NodeAlgebra(add) {
      @Override
      public Integer constant(double c) {
        return add.applyAsInt(new Node.Fill(number(c), shape));
      }

      @Override
      public Integer apply(EntrywiseFunction f, Integer x) {
        return add.applyAsInt(new Node.Entrywise(f, x));
      }

      @Override
      public Integer subtract(Integer a, Integer b) {
        return add.applyAsInt(new Node.Sub(a, b));
      }

      @Override
      public Integer add(Integer a, Integer b) {
        return add.applyAsInt(new Node.Add(a, b));
      }

      @Override
      public Integer multiply(Integer a, Integer b) {
        return add.applyAsInt(new Node.Hadamard(a, b));
      }

      @Override
      public Integer divide(Integer a, Integer b) {
        return add.applyAsInt(new Node.Div(a, b));
      }

      @Override
      public Integer negate(Integer a) {
        return add.applyAsInt(new Node.Neg(a));
      }

      @Override
      public Integer scale(double c, Integer a) {
        return add.applyAsInt(new Node.Scale(number(c), a));
      }
    };
  }

  /** On scalars: the {@code Math} functions and scalar arithmetic. */
  public static NodeAlgebra scalar(ToIntFunction<Node> add) {
    return new NodeAlgebra(add) {
      @Override
      public Integer constant(double c) {
        return number(c);
      }

      @Override
      public Integer apply(EntrywiseFunction f, Integer x) {
        return add.applyAsInt(new Node.ScalarFunction(f, x));
      }

      @Override
      public Integer subtract(Integer a, Integer b) {
        return add.applyAsInt(new Node.ScalarSub(a, b));
      }

      @Override
      public Integer add(Integer a, Integer b) {
        return add.applyAsInt(new Node.ScalarAdd(a, b));
      }

      @Override
      public Integer multiply(Integer a, Integer b) {
        return add.applyAsInt(new Node.ScalarMul(a, b));
      }

      @Override
      public Integer divide(Integer a, Integer b) {
        return add.applyAsInt(new Node.ScalarDiv(a, b));
      }

      @Override
      public Integer negate(Integer a) {
        return add.applyAsInt(new Node.ScalarNeg(a));
      }

      @Override
      public Integer scale(double c, Integer a) {
        return add.applyAsInt(new Node.ScalarMul(number(c), a));
      }
    };
  }

  /** A constant node; −0 is stored as 0 so that equal constants are one node. */
  protected int number(double c) {
    return add.applyAsInt(new Node.Const(c == 0 ? 0.0 : c));
  }
}
