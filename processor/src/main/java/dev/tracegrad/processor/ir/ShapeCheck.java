package dev.tracegrad.processor.ir;

/**
 * One dimension equality the generated code must check up front, with what a user needs to read
 * when it fails: the op as written ({@code "mul(W2, h1)"}), the operands as written and their
 * shapes, and the rule in words ({@code "columns of W2 must equal rows of h1"}).
 *
 * <p>Operand shapes are the nodes' own shapes (built from parameter extents), so the message
 * reports the real run-time sizes. For a one-operand check (a square matrix, a 1×1 matrix, a
 * column vector) {@code right} is null.
 *
 * @param a the dimension on the left of the equality
 * @param b the dimension it must equal
 */
public record ShapeCheck(
    Dim a, Dim b, String op, String left, Shape leftShape, String right, Shape rightShape, String rule) {

  /** Whether the check reads this dimension: in its equality or in its message's shapes. */
  public boolean mentions(Dim d) {
    return a.equals(d) || b.equals(d) || leftShape.rows().equals(d) || leftShape.cols().equals(d)
        || rightShape != null && (rightShape.rows().equals(d) || rightShape.cols().equals(d));
  }

  /** Whether the check involves a single operand. */
  public boolean unary() {
    return right == null;
  }
}
