package dev.tracegrad.processor.frontend;

import static dev.tracegrad.processor.frontend.ValueKind.MATRIX;
import static dev.tracegrad.processor.frontend.ValueKind.SCALAR;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    Function<List<Integer>, Node> node, Set<Integer> sizes, Expansion expansion) {

  /**
   * How an op that is not a single node is written in the graph: the constants, broadcasts and
   * means of 0.2 are views and scalings the lowering already fuses ({@code ones(r, c)} is 1𝟏𝟏ᵀ,
   * {@code add(A, s)} is A + s𝟏𝟏ᵀ), so they need no node of their own.
   */
  interface Expansion {
    /**
     * @param g where the nodes go
     * @param args the operands' ids, in parameter order (a size's id too)
     * @param sizes the dimension each size parameter gives, in parameter order (null elsewhere)
     * @return the op's value
     */
    int build(GraphWriter g, List<Integer> args, List<Dim> sizes);
  }

  /** An op that is one node over its operands, without size parameters. */
  DslOp(String opsName, ValueKind result, Shapes shapes, List<ValueKind> params,
      Function<List<Integer>, Node> node) {
    this(opsName, result, shapes, params, node, Set.of(), null);
  }

  /** An op written by an {@link Expansion}; {@code sizes} are the positions of its size parameters. */
  static DslOp expanded(String opsName, ValueKind result, Shapes shapes, List<ValueKind> params,
      Set<Integer> sizes, Expansion expansion) {
    return new DslOp(opsName, result, shapes, params, null, sizes, expansion);
  }

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
    COLUMN_BIAS,
    /** The first operand is a row: r.rows = 1 ({@code repeatRows(r, m)}). */
    ROW_VECTOR,
    /** The first operand is a column: c.cols = 1 ({@code repeatCols(c, n)}). */
    COLUMN_VECTOR,
    /** diag(v): v is 1×n when its rows are known to be 1, else v.cols = 1. */
    VECTOR
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

  // ---------------------------------------------------------------- added in 0.2

  static final DslOp NORM = new DslOp(Node.Op.NORM.opsName(),
      SCALAR, Shapes.NONE, List.of(MATRIX),
      a -> new Node.Norm(a.get(0)));
  static final DslOp LOG_SUM_EXP = new DslOp(Node.Op.LOG_SUM_EXP.opsName(),
      SCALAR, Shapes.NONE, List.of(MATRIX),
      a -> new Node.LogSumExp(a.get(0)));
  static final DslOp COL_LOG_SUM_EXP = new DslOp(Node.Op.COL_LOG_SUM_EXP.opsName(),
      MATRIX, Shapes.NONE, List.of(MATRIX),
      a -> new Node.ColLogSumExp(a.get(0)));
  static final DslOp MAX = new DslOp(Node.Op.MAX.opsName(),
      MATRIX, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Max(a.get(0), a.get(1)));
  static final DslOp MIN = new DslOp(Node.Op.MIN.opsName(),
      MATRIX, Shapes.SAME, List.of(MATRIX, MATRIX),
      a -> new Node.Min(a.get(0), a.get(1)));
  static final DslOp DIAGONAL = new DslOp(Node.Op.DIAGONAL.opsName(),
      MATRIX, Shapes.SQUARE, List.of(MATRIX),
      a -> new Node.DiagonalOf(a.get(0)));
  static final DslOp DIAG = expanded(Node.Op.DIAG.opsName(),
      MATRIX, Shapes.VECTOR, List.of(MATRIX), Set.of(),
      (g, a, n) -> g.add(new Node.Diag(a.get(0), g.isRow(a.get(0)))));
  static final DslOp ROWS = expanded("rows", SCALAR, Shapes.NONE, List.of(MATRIX), Set.of(),
      (g, a, n) -> g.add(new Node.Extent(g.shape(a.get(0)).rows())));
  static final DslOp COLS = expanded("cols", SCALAR, Shapes.NONE, List.of(MATRIX), Set.of(),
      (g, a, n) -> g.add(new Node.Extent(g.shape(a.get(0)).cols())));
  static final DslOp EYE = expanded(Node.Op.EYE.opsName(), MATRIX, Shapes.NONE, List.of(SCALAR),
      Set.of(0), (g, a, n) -> g.add(new Node.Eye(g.add(new Node.Const(1)), n.get(0))));
  static final DslOp ONES = expanded("ones", MATRIX, Shapes.NONE, List.of(SCALAR, SCALAR),
      Set.of(0, 1), (g, a, n) -> g.add(new Node.Fill(g.add(new Node.Const(1)), new Shape(n.get(0), n.get(1)))));
  static final DslOp ZEROS = expanded("zeros", MATRIX, Shapes.NONE, List.of(SCALAR, SCALAR),
      Set.of(0, 1), (g, a, n) -> g.add(new Node.Fill(g.add(new Node.Const(0)), new Shape(n.get(0), n.get(1)))));
  static final DslOp FILL = expanded(Node.Op.FILL.opsName(), MATRIX, Shapes.NONE,
      List.of(SCALAR, SCALAR, SCALAR), Set.of(0, 1),
      (g, a, n) -> g.add(new Node.Fill(a.get(2), new Shape(n.get(0), n.get(1)))));
  static final DslOp REPEAT_ROWS = expanded("repeatRows", MATRIX, Shapes.ROW_VECTOR,
      List.of(MATRIX, SCALAR), Set.of(1), (g, a, n) -> g.add(new Node.BroadcastRows(a.get(0), n.get(1))));
  static final DslOp REPEAT_COLS = expanded("repeatCols", MATRIX, Shapes.COLUMN_VECTOR,
      List.of(MATRIX, SCALAR), Set.of(1), (g, a, n) -> g.add(new Node.BroadcastCols(a.get(0), n.get(1))));
  // mean(A) = 𝟏ᵀA𝟏/(mn), rowMeans(A) = (1/n)A𝟏, colMeans(A) = (1/m)𝟏ᵀA
  static final DslOp MEAN = expanded("mean", SCALAR, Shapes.NONE, List.of(MATRIX), Set.of(),
      (g, a, n) -> {
        Shape s = g.shape(a.get(0));
        int count = g.add(new Node.ScalarMul(g.add(new Node.Extent(s.rows())), g.add(new Node.Extent(s.cols()))));
        return g.add(new Node.ScalarDiv(g.add(new Node.Sum(a.get(0))), count));
      });
  static final DslOp ROW_MEANS = expanded("rowMeans", MATRIX, Shapes.NONE, List.of(MATRIX), Set.of(),
      (g, a, n) -> g.add(new Node.Scale(g.reciprocal(g.shape(a.get(0)).cols()), g.add(new Node.RowSums(a.get(0))))));
  static final DslOp COL_MEANS = expanded("colMeans", MATRIX, Shapes.NONE, List.of(MATRIX), Set.of(),
      (g, a, n) -> g.add(new Node.Scale(g.reciprocal(g.shape(a.get(0)).rows()), g.add(new Node.ColSums(a.get(0))))));

  /** Every op, the matrix ops first, then the entrywise functions in table order. */
  static final List<DslOp> ALL = all();

  DslOp {
    params = List.copyOf(params);
    sizes = Set.copyOf(sizes);
  }

  /**
   * The entrywise ops with a double on either side, A ∘ s𝟏𝟏ᵀ and s𝟏𝟏ᵀ ∘ A ({@code sub(1, A)} is
   * 1 − A), over the node of the matrix–matrix op.
   */
  private static List<DslOp> withScalar(DslOp matrixOp) {
    return List.of(
        expanded(matrixOp.opsName, MATRIX, Shapes.NONE, List.of(MATRIX, SCALAR), Set.of(),
            (g, a, n) -> g.add(matrixOp.node(List.of(a.get(0), g.fill(a.get(1), a.get(0)))))),
        expanded(matrixOp.opsName, MATRIX, Shapes.NONE, List.of(SCALAR, MATRIX), Set.of(),
            (g, a, n) -> g.add(matrixOp.node(List.of(g.fill(a.get(0), a.get(1)), a.get(1))))));
  }

  private static List<DslOp> all() {
    List<DslOp> ops = new ArrayList<>(List.of(ADD, SUB, NEG, MUL, T, SCALE, HADAMARD, DIV, INV, POW, SOFTMAX, LOG_SOFTMAX, ADD_COLUMN, ROW_SUMS, COL_SUMS, TR, DET, LOGDET, SUM, DOT, SUMSQ, SCALAR_OF));
    ops.addAll(List.of(NORM, LOG_SUM_EXP, COL_LOG_SUM_EXP, MAX, MIN, DIAGONAL, DIAG, ROWS, COLS, EYE,
        ONES, ZEROS, FILL, REPEAT_ROWS, REPEAT_COLS, MEAN, ROW_MEANS, COL_MEANS));
    for (DslOp op : List.of(ADD, SUB, DIV, MAX, MIN)) {
      ops.addAll(withScalar(op));
    }
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

  /**
   * Whether another overload of this op's name would also take these arguments, taking an
   * argument of unknown kind (data whose Java type the front end cannot see) as fitting either
   * kind: then the op cannot be chosen as javac chooses it.
   */
  boolean ambiguousFor(List<ValueKind> kinds) {
    if (!kinds.contains(ValueKind.UNKNOWN)) {
      return false;
    }
    int fitting = 0;
    for (DslOp op : ALL) {
      if (op.opsName.equals(opsName) && op.params.size() == kinds.size()) {
        boolean fits = true;
        for (int i = 0; i < kinds.size(); i++) {
          ValueKind k = kinds.get(i);
          fits &= k == null || k == ValueKind.UNKNOWN || k == op.params.get(i);
        }
        fitting += fits ? 1 : 0;
      }
    }
    return fitting > 1;
  }

  /** The Java signature, for messages: {@code pow(Matrix, double)}. */
  String signature() {
    return opsName + "(" + String.join(", ", params.stream().map(ValueKind::javaName).toList()) + ")";
  }

  /** The op's node over operand ids, in parameter order (for an op that is one node). */
  Node node(List<Integer> args) {
    return node.apply(args);
  }

  /** The op's value over operand ids and the dimensions of its size parameters. */
  int build(GraphWriter g, List<Integer> args, List<Dim> dims) {
    return expansion != null ? expansion.build(g, args, dims) : g.add(node(args));
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
