package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Shape;

/**
 * Lower stage: the index space of a {@link Step.Loop}: every (i, j) of a rows × cols matrix in
 * row-major order, or only its diagonal (i, i) for a trace. A dimension equal to {@link Dim#ONE}
 * has no loop variable; its index is the constant 0.
 */
public record Domain(Dim rows, Dim cols, boolean diagonal) {

  /** Every entry of a matrix of this (canonical) shape. */
  public static Domain of(Shape s) {
    return new Domain(s.rows(), s.cols(), false);
  }

  /** The diagonal of an n×n matrix. */
  public static Domain diagonal(Dim n) {
    return new Domain(n, n, true);
  }

  public Shape shape() {
    return new Shape(rows, cols);
  }

  /** The index of a row: {@code i}, or 0 when there is a single row. */
  public Expr.Idx rowIdx() {
    return rows.equals(Dim.ONE) ? Expr.Idx.ZERO : Expr.Idx.I;
  }

  /** The index of a column: {@code j} ({@code i} on a diagonal), or 0 for a single column. */
  public Expr.Idx colIdx() {
    if (cols.equals(Dim.ONE)) {
      return Expr.Idx.ZERO;
    }
    return diagonal ? Expr.Idx.I : Expr.Idx.J;
  }

  @Override
  public String toString() {
    return diagonal ? "diag(" + rows + ")" : rows + "x" + cols;
  }
}
