package dev.tracegrad.processor.ir;

import java.util.List;

/**
 * An entrywise function's derivative expression ({@link EntrywiseFunction#derivative}) read as
 * operations of the IR, on matrices (a constant c is c𝟏𝟏ᵀ, products are ⊙) or on scalars. What an
 * operation becomes is the {@link Maker}'s choice: graph nodes (the lowering rules, the
 * Hessian-vector products) or symbolic expressions (the derive stage, the text), so the mapping
 * from the algebra to the IR's ops is written once.
 *
 * @param <T> what an expression is: a node id, a symbolic expression
 */
public final class NodeAlgebra<T> implements EntrywiseFunction.Algebra<T> {

  /** Makes expressions of type T. */
  public interface Maker<T> {
    /** The op {@code template} (its operand ids are placeholders) applied to {@code operands}. */
    T apply(Node template, List<T> operands);

    /** A scalar constant. */
    T number(double c);
  }

  private final Maker<T> b;
  private final boolean scalar;
  private final Shape fill;

  private NodeAlgebra(Maker<T> b, boolean scalar, Shape fill) {
    this.b = b;
    this.scalar = scalar;
    this.fill = fill;
  }

  /** On matrices of the given shape: a constant c is the node c𝟏𝟏ᵀ of that shape. */
  public static <T> NodeAlgebra<T> matrix(Maker<T> b, Shape shape) {
    return new NodeAlgebra<>(b, false, shape);
  }

  /**
   * On matrices, for display: a constant c is the bare number, standing for the matrix of c's as
   * textbooks write 1 − σ(x). Not for computing.
   */
  public static <T> NodeAlgebra<T> display(Maker<T> b) {
    return new NodeAlgebra<>(b, false, null);
  }

  /** On scalars: the {@code Math} functions and scalar arithmetic. */
  public static <T> NodeAlgebra<T> scalar(Maker<T> b) {
    return new NodeAlgebra<>(b, true, null);
  }

  /** Graph nodes added through {@code add} (a builder's or a rewriter's, which hash-cons). */
  public static Maker<Integer> nodes(java.util.function.ToIntFunction<Node> add) {
    return new Maker<>() {
      @Override
      public Integer apply(Node template, List<Integer> operands) {
        return add.applyAsInt(template.withInputs(operands.stream().mapToInt(Integer::intValue).toArray()));
      }

      @Override
      public Integer number(double c) {
        return add.applyAsInt(new Node.Const(c == 0 ? 0.0 : c)); // −0 as 0: equal constants are one node
      }
    };
  }

  @Override
  public T constant(double c) {
    return fill == null ? b.number(c) : b.apply(new Node.Fill(0, fill), List.of(b.number(c)));
  }

  @Override
  public T apply(EntrywiseFunction f, T x) {
    return b.apply(scalar ? new Node.ScalarFunction(f, 0) : new Node.Entrywise(f, 0), List.of(x));
  }

  @Override
  public T subtract(T x, T y) {
    return b.apply(scalar ? new Node.ScalarSub(0, 1) : new Node.Sub(0, 1), List.of(x, y));
  }

  @Override
  public T add(T x, T y) {
    return b.apply(scalar ? new Node.ScalarAdd(0, 1) : new Node.Add(0, 1), List.of(x, y));
  }

  @Override
  public T multiply(T x, T y) {
    return b.apply(scalar ? new Node.ScalarMul(0, 1) : new Node.Hadamard(0, 1), List.of(x, y));
  }

  @Override
  public T divide(T x, T y) {
    return b.apply(scalar ? new Node.ScalarDiv(0, 1) : new Node.Div(0, 1), List.of(x, y));
  }

  @Override
  public T negate(T x) {
    return b.apply(scalar ? new Node.ScalarNeg(0) : new Node.Neg(0), List.of(x));
  }

  @Override
  public T scale(double c, T x) {
    return b.apply(scalar ? new Node.ScalarMul(0, 1) : new Node.Scale(0, 1), List.of(b.number(c), x));
  }
}
