package dev.tracegrad.processor.frontend;

import static dev.tracegrad.processor.frontend.ValueKind.MATRIX;
import static dev.tracegrad.processor.frontend.ValueKind.SCALAR;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One method of {@code dev.tracegrad.Ops} as the front end knows it (API.md): its parameter kinds,
 * result kind, the dimension equalities it imposes, and the IR node it becomes. The processor does
 * not link the runtime, so {@link #ALL} is the contract: the matrix ops below, and one op per
 * {@link EntrywiseFunction} of the DSL, taken from that table.
 *
 * @param opsName the {@code Ops} method's name
 * @param result what the op returns
 * @param shapes the dimension equalities it imposes
 * @param params its parameters' kinds, in order
 * @param node the node it becomes, over its operands' ids in parameter order
 */
record DslOp(String opsName, ValueKind result, Shapes shapes, List<ValueKind> params,
    Function<List<Integer>, Node> node) {

  /** The dimension equalities an op imposes on its operands. */
  enum Shapes {
    /** None. */
    NONE,
    /** Both operands have the same rows and the same columns. */
    SAME,
    /** A.cols = B.rows. */
    PRODUCT,
    /** A.rows = A.cols. */
    SQUARE,
    /** A is 1×1. */
    ONE_BY_ONE,
    /** addColumn(A, b): b.rows = A.rows and b.cols = 1. */
    COLUMN_BIAS
  }

  static final DslOp ADD = new DslOp(Node.Op.ADD.opsName(),
      MATRIX, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Add(a.get(0), a.get(1)));
  static final DslOp SUB = new DslOp(Node.Op.SUB.opsName(),
      MATRIX, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Sub(a.get(0), a.get(1)));
  static final DslOp NEG = new DslOp(Node.Op.NEG.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.Neg(a.get(0)));
  static final DslOp MUL = new DslOp(Node.Op.MAT_MUL.opsName(),
      MATRIX, Shapes.PRODUCT, List.of(MATRIX, MATRIX),
      a -> new Node.MatMul(a.get(0), a.get(1)));
  static final DslOp T = new DslOp(Node.Op.TRANSPOSE.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.Transpose(a.get(0)));
  static final DslOp SCALE = new DslOp(Node.Op.SCALE.opsName(),
      MATRIX, Shapes.NONE, List.of(SCALAR, MATRIX),
      a -> new Node.Scale(a.get(0), a.get(1)));
  static final DslOp HADAMARD = new DslOp(Node.Op.HADAMARD.opsName(),
      MATRIX, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Hadamard(a.get(0), a.get(1)));
  static final DslOp DIV = new DslOp(Node.Op.DIV.opsName(),
      MATRIX, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Div(a.get(0), a.get(1)));
  static final DslOp INV = new DslOp(Node.Op.INV.opsName(),
      MATRIX, Shapes.SQUARE, List.of(MATRIX),
      a -> new Node.Inv(a.get(0)));
  static final DslOp POW = new DslOp(Node.Op.POW.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX, SCALAR),
      a -> new Node.Pow(a.get(0), a.get(1)));
  static final DslOp SOFTMAX = new DslOp(Node.Op.SOFTMAX.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.Softmax(a.get(0)));
  static final DslOp LOG_SOFTMAX = new DslOp(Node.Op.LOG_SOFTMAX.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.LogSoftmax(a.get(0)));
  static final DslOp ADD_COLUMN = new DslOp(Node.Op.ADD_COLUMN.opsName(),
      MATRIX, Shapes.COLUMN_BIAS, List.of(MATRIX, MATRIX),
      a -> new Node.AddColumn(a.get(0), a.get(1)));
  static final DslOp ROW_SUMS = new DslOp(Node.Op.ROW_SUMS.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.RowSums(a.get(0)));
  static final DslOp COL_SUMS = new DslOp(Node.Op.COL_SUMS.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.ColSums(a.get(0)));
  static final DslOp TR = new DslOp(Node.Op.TRACE.opsName(),
      SCALAR, Shapes.SQUARE, List.of(MATRIX),
      a -> new Node.Trace(a.get(0)));
  static final DslOp DET = new DslOp(Node.Op.DET.opsName(),
      SCALAR, Shapes.SQUARE, List.of(MATRIX),
      a -> new Node.Det(a.get(0)));
  static final DslOp LOGDET = new DslOp(Node.Op.LOG_DET.opsName(),
      SCALAR, Shapes.SQUARE, List.of(MATRIX),
      a -> new Node.LogDet(a.get(0)));
  static final DslOp SUM = new DslOp(Node.Op.SUM.opsName(),
      SCALAR, Shapes.NONE, List.of(MATRIX),
      a -> new Node.Sum(a.get(0)));
  static final DslOp DOT = new DslOp(Node.Op.DOT.opsName(),
      SCALAR, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Dot(a.get(0), a.get(1)));
  static final DslOp SUMSQ = new DslOp(Node.Op.SUM_SQ.opsName(),
      SCALAR, Shapes.NONE, List.of(MATRIX),
      a -> new Node.SumSq(a.get(0)));
  static final DslOp SCALAR_OF = new DslOp(Node.Op.SCALAR_OF.opsName(),
      SCALAR, Shapes.ONE_BY_ONE, List.of(MATRIX),
      a -> new Node.ScalarOf(a.get(0)));

  /** Every op, the matrix ops first, then the entrywise functions in table order. */
  static final List<DslOp> ALL = all();

  DslOp {
    params = List.copyOf(params);
  }

  private static List<DslOp> all() {
    List<DslOp> ops = new ArrayList<>(List.of(ADD, SUB, NEG, MUL, T, SCALE, HADAMARD, DIV, INV, POW, SOFTMAX, LOG_SOFTMAX, ADD_COLUMN, ROW_SUMS, COL_SUMS, TR, DET, LOGDET, SUM, DOT, SUMSQ, SCALAR_OF));
    for (EntrywiseFunction f : EntrywiseFunction.values()) {
      if (f.inDsl()) {
        ops.add(new DslOp(f.opsName(), MATRIX, Shapes.NONE, List.of(MATRIX), a -> new Node.Entrywise(f, a.get(0))));
      }
    }
    // The scalar forms Ops has for the functions java.lang.Math lacks (sigmoid(double), ...);
    // the others are written Math.tanh(s).
    for (EntrywiseFunction f : EntrywiseFunction.values()) {
      if (f.inDsl() && f.mathName() == null) {
        ops.add(new DslOp(f.opsName(), SCALAR, Shapes.NONE, List.of(SCALAR), a -> new Node.ScalarFunction(f, a.get(0))));
      }
    }
    return List.copyOf(ops);
  }

  /**
   * The overload of this op's name whose parameter kinds are the arguments' kinds, as javac's
   * overload resolution picks it ({@code add(A, s)} against {@code add(A, B)}); this op itself
   * when none matches or an argument failed, so the mismatch is reported against it.
   *
   * @param kinds the arguments' kinds, null for a failed one
   */
  DslOp overloadFor(List<ValueKind> kinds) {
    for (DslOp op : ALL) {
      if (op.opsName.equals(opsName) && op.params.equals(kinds)) {
        return op;
      }
    }
    return this;
  }

  /** The Java signature, for messages: {@code pow(Matrix, double)}. */
  String signature() {
    return opsName + "(" + String.join(", ", params.stream().map(ValueKind::javaName).toList()) + ")";
  }

  /** The op's node over operand ids, in parameter order. */
  Node node(List<Integer> args) {
    return node.apply(args);
  }

  /** The op with this {@code Ops} method name, or null. */
  static DslOp forOpsName(String name) {
    for (DslOp op : ALL) {
      if (op.opsName.equals(name)) {
        return op;
      }
    }
    return null;
  }
}
