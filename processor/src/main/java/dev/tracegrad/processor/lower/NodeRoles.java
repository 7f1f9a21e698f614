package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Node;

/**
 * Lower stage: what each kind of node asks of the loop program, decided in one place by switches
 * over {@link Node.Op} without a default, so that a new kind of node does not compile until
 * each question has its answer.
 */
final class NodeRoles {
  private NodeRoles() {}

  /** An index mapping of its operand (or of a scalar): re-read at every use, never worth a buffer. */
  static boolean isView(Node n) {
    return switch (n.op()) {
      case TRANSPOSE, FILL, EYE, BROADCAST_COLS, BROADCAST_ROWS, DIAG, DIAGONAL -> true;
      case PARAM, SCALAR_PARAM, CONST, ADD, SUB, NEG, MAT_MUL, SCALE, HADAMARD, DIV, INV,
          ENTRYWISE, POW, SOFTMAX, LOG_SOFTMAX, ADD_COLUMN, ROW_SUMS, COL_SUMS, TRACE, DET,
          LOG_DET, SUM, DOT, SUM_SQ, SCALAR_OF, SCALAR_ADD, SCALAR_SUB, SCALAR_MUL, SCALAR_DIV,
          SCALAR_NEG, SCALAR_FUNCTION, SCALAR_POW, SCALE_COLUMNS, ENTRYWISE_DERIVATIVE, SOLVE,
          EXTENT, NORM, LOG_SUM_EXP, COL_LOG_SUM_EXP, MAX, MIN, PICK, GATHER_COLS, SCATTER,
          SCATTER_ADD -> false;
    };
  }

  /** Computed into a buffer by a kernel or a loop of its own: products, inverses, softmax, row and column sums. */
  static boolean alwaysStored(Node n) {
    return switch (n.op()) {
      case MAT_MUL, INV, SOFTMAX, LOG_SOFTMAX, ROW_SUMS, COL_SUMS, SOLVE, COL_LOG_SUM_EXP,
          SCATTER, SCATTER_ADD -> true;
      case PICK, GATHER_COLS, PARAM, SCALAR_PARAM, CONST, ADD, SUB, NEG, TRANSPOSE, SCALE, HADAMARD, DIV, ENTRYWISE,
          POW, ADD_COLUMN, TRACE, DET, LOG_DET, SUM, DOT, SUM_SQ, SCALAR_OF, SCALAR_ADD,
          SCALAR_SUB, SCALAR_MUL, SCALAR_DIV, SCALAR_NEG, SCALAR_FUNCTION, SCALAR_POW, FILL, EYE,
          BROADCAST_COLS, BROADCAST_ROWS, SCALE_COLUMNS, ENTRYWISE_DERIVATIVE, EXTENT, NORM,
          LOG_SUM_EXP, MAX, MIN, DIAG, DIAGONAL -> false;
    };
  }

  /** A scalar computed by a loop or a kernel over a matrix, so it is always a named double. */
  static boolean isReduction(Node n) {
    return switch (n.op()) {
      case TRACE, DET, LOG_DET, SUM, DOT, SUM_SQ, SCALAR_OF, NORM, LOG_SUM_EXP -> true;
      case PARAM, SCALAR_PARAM, CONST, ADD, SUB, NEG, MAT_MUL, TRANSPOSE, SCALE, HADAMARD, DIV,
          INV, ENTRYWISE, POW, SOFTMAX, LOG_SOFTMAX, ADD_COLUMN, ROW_SUMS, COL_SUMS, SCALAR_ADD,
          SCALAR_SUB, SCALAR_MUL, SCALAR_DIV, SCALAR_NEG, SCALAR_FUNCTION, SCALAR_POW, FILL, EYE,
          BROADCAST_COLS, BROADCAST_ROWS, SCALE_COLUMNS, ENTRYWISE_DERIVATIVE, SOLVE, EXTENT,
          COL_LOG_SUM_EXP, MAX, MIN, DIAG, DIAGONAL, PICK, GATHER_COLS, SCATTER, SCATTER_ADD -> false;
    };
  }

  /**
   * The name hint of a node's storage when the user gave it none; null for the generic
   * numbered names. A forward product is a {@code prod}.
   */
  static String hint(Node n, boolean forward) {
    return switch (n.op()) {
      case INV -> "inv";
      case SOFTMAX -> "softmax";
      case LOG_SOFTMAX -> "logSoftmax";
      case ROW_SUMS -> "rowSums";
      case COL_SUMS -> "colSums";
      case TRACE -> "trace";
      case DET -> "det";
      case LOG_DET -> "logdet";
      case SUM -> "sum";
      case DOT -> "dot";
      case SUM_SQ -> "sumsq";
      case MAT_MUL -> forward ? "prod" : null;
      case NORM -> "norm";
      case LOG_SUM_EXP -> "logSumExp";
      case COL_LOG_SUM_EXP -> "colLogSumExp";
      case PICK -> "picked";
      case GATHER_COLS -> "gathered";
      case PARAM, SCALAR_PARAM, CONST, ADD, SUB, NEG, TRANSPOSE, SCALE, HADAMARD, DIV, ENTRYWISE,
          POW, ADD_COLUMN, SCALAR_OF, SCALAR_ADD, SCALAR_SUB, SCALAR_MUL, SCALAR_DIV, SCALAR_NEG,
          SCALAR_FUNCTION, SCALAR_POW, FILL, EYE, BROADCAST_COLS, BROADCAST_ROWS, SCALE_COLUMNS,
          ENTRYWISE_DERIVATIVE, SOLVE, EXTENT, MAX, MIN, DIAG, DIAGONAL, SCATTER,
          SCATTER_ADD -> null;
    };
  }
}
