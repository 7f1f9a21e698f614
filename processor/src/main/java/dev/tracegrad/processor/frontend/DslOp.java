package dev.tracegrad.processor.frontend;

import static dev.tracegrad.processor.frontend.ValueKind.MATRIX;
import static dev.tracegrad.processor.frontend.ValueKind.SCALAR;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import java.util.List;

/**
 * The vocabulary of {@code dev.tracegrad.Ops} as the front end knows it (API.md): each method's
 * parameter kinds, result kind, the dimension equalities it imposes, and the IR node it becomes.
 * The processor does not link the runtime, so this table is the contract.
 */
enum DslOp {
  ADD("add", MATRIX, Shapes.SAME, MATRIX, MATRIX),
  SUB("sub", MATRIX, Shapes.SAME, MATRIX, MATRIX),
  NEG("neg", MATRIX, Shapes.NONE, MATRIX),
  MUL("mul", MATRIX, Shapes.PRODUCT, MATRIX, MATRIX),
  T("t", MATRIX, Shapes.NONE, MATRIX),
  SCALE("scale", MATRIX, Shapes.NONE, SCALAR, MATRIX),
  HADAMARD("hadamard", MATRIX, Shapes.SAME, MATRIX, MATRIX),
  DIV("div", MATRIX, Shapes.SAME, MATRIX, MATRIX),
  INV("inv", MATRIX, Shapes.SQUARE, MATRIX),
  EXP("exp", MATRIX, Shapes.NONE, MATRIX),
  LOG("log", MATRIX, Shapes.NONE, MATRIX),
  SIGMOID("sigmoid", MATRIX, Shapes.NONE, MATRIX),
  TANH("tanh", MATRIX, Shapes.NONE, MATRIX),
  RELU("relu", MATRIX, Shapes.NONE, MATRIX),
  SOFTPLUS("softplus", MATRIX, Shapes.NONE, MATRIX),
  SQUARE("square", MATRIX, Shapes.NONE, MATRIX),
  SQRT("sqrt", MATRIX, Shapes.NONE, MATRIX),
  ABS("abs", MATRIX, Shapes.NONE, MATRIX),
  SIN("sin", MATRIX, Shapes.NONE, MATRIX),
  COS("cos", MATRIX, Shapes.NONE, MATRIX),
  POW("pow", MATRIX, Shapes.NONE, MATRIX, SCALAR),
  SOFTMAX("softmax", MATRIX, Shapes.NONE, MATRIX),
  LOG_SOFTMAX("logSoftmax", MATRIX, Shapes.NONE, MATRIX),
  ADD_COLUMN("addColumn", MATRIX, Shapes.COLUMN_BIAS, MATRIX, MATRIX),
  ROW_SUMS("rowSums", MATRIX, Shapes.NONE, MATRIX),
  COL_SUMS("colSums", MATRIX, Shapes.NONE, MATRIX),
  TR("tr", SCALAR, Shapes.SQUARE, MATRIX),
  DET("det", SCALAR, Shapes.SQUARE, MATRIX),
  LOGDET("logdet", SCALAR, Shapes.SQUARE, MATRIX),
  SUM("sum", SCALAR, Shapes.NONE, MATRIX),
  DOT("dot", SCALAR, Shapes.SAME, MATRIX, MATRIX),
  SUMSQ("sumsq", SCALAR, Shapes.NONE, MATRIX),
  SCALAR_OF("scalar", SCALAR, Shapes.ONE_BY_ONE, MATRIX);

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

  private final String opsName;
  private final ValueKind result;
  private final Shapes shapes;
  private final List<ValueKind> params;

  DslOp(String opsName, ValueKind result, Shapes shapes, ValueKind... params) {
    this.opsName = opsName;
    this.result = result;
    this.shapes = shapes;
    this.params = List.of(params);
  }

  String opsName() {
    return opsName;
  }

  ValueKind result() {
    return result;
  }

  Shapes shapes() {
    return shapes;
  }

  List<ValueKind> params() {
    return params;
  }

  /** The Java signature, for messages: {@code pow(Matrix, double)}. */
  String signature() {
    return opsName + "(" + String.join(", ", params.stream().map(ValueKind::javaName).toList()) + ")";
  }

  /** The op's node over operand ids, in parameter order. */
  Node node(List<Integer> args) {
    int a = args.get(0);
    EntrywiseFunction fn = EntrywiseFunction.forOpsName(opsName);
    if (fn != null) {
      return new Node.Entrywise(fn, a);
    }
    return switch (this) {
      case ADD -> new Node.Add(a, args.get(1));
      case SUB -> new Node.Sub(a, args.get(1));
      case NEG -> new Node.Neg(a);
      case MUL -> new Node.MatMul(a, args.get(1));
      case T -> new Node.Transpose(a);
      case SCALE -> new Node.Scale(a, args.get(1));
      case HADAMARD -> new Node.Hadamard(a, args.get(1));
      case DIV -> new Node.Div(a, args.get(1));
      case INV -> new Node.Inv(a);
      case POW -> new Node.Pow(a, args.get(1));
      case SOFTMAX -> new Node.Softmax(a);
      case LOG_SOFTMAX -> new Node.LogSoftmax(a);
      case ADD_COLUMN -> new Node.AddColumn(a, args.get(1));
      case ROW_SUMS -> new Node.RowSums(a);
      case COL_SUMS -> new Node.ColSums(a);
      case TR -> new Node.Trace(a);
      case DET -> new Node.Det(a);
      case LOGDET -> new Node.LogDet(a);
      case SUM -> new Node.Sum(a);
      case DOT -> new Node.Dot(a, args.get(1));
      case SUMSQ -> new Node.SumSq(a);
      case SCALAR_OF -> new Node.ScalarOf(a);
      // Elementwise functions are handled through EntrywiseFunction above.
      default -> throw new AssertionError(this);
    };
  }

  /** The op with this {@code Ops} method name, or null. */
  static DslOp forOpsName(String name) {
    for (DslOp op : values()) {
      if (op.opsName.equals(name)) {
        return op;
      }
    }
    return null;
  }
}
