package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.ShapeCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * The dimension equalities each op imposes (front end). Unifies them in the builder's {@link
 * dev.tracegrad.processor.ir.Dims} as the body is read and records one {@link ShapeCheck} per
 * equality that is new; an equality already implied by earlier ones (including a matrix
 * combined with itself) needs no check of its own.
 */
final class ShapeRules {
  /** An operand as written, with its node's shape. */
  record Operand(String text, int id) {}

  private final Graph.Builder builder;
  private final List<ShapeCheck> checks = new ArrayList<>();

  ShapeRules(Graph.Builder builder) {
    this.builder = builder;
  }

  /** The checks so far, in program order. */
  List<ShapeCheck> checks() {
    return List.copyOf(checks);
  }

  /**
   * Applies the op's rule to its operands (in parameter order; a scalar operand is skipped by
   * every rule).
   */
  void apply(DslOp op, String opText, List<Operand> operands) {
    switch (op.shapes()) {
      case SAME -> {
        Operand a = operands.get(0);
        Operand b = operands.get(1);
        binary(opText, a, b, rows(a), rows(b), "rows of " + a.text() + " must equal rows of "
            + b.text());
        binary(opText, a, b, cols(a), cols(b), "columns of " + a.text()
            + " must equal columns of " + b.text());
      }
      case PRODUCT -> {
        Operand a = operands.get(0);
        Operand b = operands.get(1);
        binary(opText, a, b, cols(a), rows(b), "columns of " + a.text() + " must equal rows of "
            + b.text());
      }
      case SQUARE -> {
        Operand a = operands.get(0);
        unary(opText, a, rows(a), cols(a), "rows of " + a.text() + " must equal columns of "
            + a.text() + " (a square matrix)");
      }
      case ONE_BY_ONE -> {
        Operand a = operands.get(0);
        unary(opText, a, rows(a), Dim.ONE, "rows of " + a.text() + " must equal 1 (a 1x1 matrix)");
        unary(opText, a, cols(a), Dim.ONE, "columns of " + a.text()
            + " must equal 1 (a 1x1 matrix)");
      }
      case COLUMN_BIAS -> {
        Operand a = operands.get(0);
        Operand b = operands.get(1);
        binary(opText, a, b, rows(a), rows(b), "rows of " + b.text() + " must equal rows of "
            + a.text());
        unary(opText, b, cols(b), Dim.ONE, "columns of " + b.text()
            + " must equal 1 (a column vector)");
      }
      case ROW_VECTOR -> {
        Operand r = operands.get(0);
        unary(opText, r, rows(r), Dim.ONE, "rows of " + r.text() + " must equal 1 (a row vector)");
      }
      case COLUMN_VECTOR -> {
        Operand c = operands.get(0);
        unary(opText, c, cols(c), Dim.ONE, "columns of " + c.text()
            + " must equal 1 (a column vector)");
      }
      case VECTOR -> {
        Operand v = operands.get(0);
        if (!builder.dims().same(rows(v), Dim.ONE)) {
          unary(opText, v, cols(v), Dim.ONE, "columns of " + v.text()
              + " must equal 1 (an n×1 vector; a 1×n one is known by a shape of 1×n, e.g. t(v))");
        }
      }
      case NONE -> {
        // No dimension constraints: elementwise functions, t, scale, softmax, sums.
      }
    }
  }

  private void binary(String op, Operand left, Operand right, Dim a, Dim b, String rule) {
    if (builder.dims().unify(a, b)) {
      checks.add(new ShapeCheck(a, b, op, left.text(), shape(left), right.text(), shape(right),
          rule));
    }
  }

  private void unary(String op, Operand operand, Dim a, Dim b, String rule) {
    if (builder.dims().unify(a, b)) {
      checks.add(new ShapeCheck(a, b, op, operand.text(), shape(operand), null, null, rule));
    }
  }

  private Shape shape(Operand o) {
    return builder.shape(o.id());
  }

  private Dim rows(Operand o) {
    return shape(o).rows();
  }

  private Dim cols(Operand o) {
    return shape(o).cols();
  }
}
