package dev.tracegrad.processor.ir;

import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * One operation of the expression DAG. Operands are node ids in the owning {@link Graph}, always
 * smaller than the node's own id, so a graph's id order is a topological order. Records give
 * structural equality, which the graph uses to hash-cons: an expression that occurs twice is one
 * node, so common subexpressions are shared by construction.
 *
 * <p>The first two groups are the DSL (what a user can write); the third group only arises in
 * derivatives and in simplification. Matrix-valued nodes have a {@link Shape}; scalar-valued
 * nodes ({@link #isScalar()}) do not.
 *
 * <p>What a node is lives here: its operands ({@link #inputs}), its {@link Op}, the same op over
 * other operands ({@link #withInputs}) and its shape rule ({@link #shape}). What a stage does with
 * it is a {@link Visitor} of that stage, so adding a record here makes every stage that must
 * handle it fail to compile until it does; classifications ("is this a view?") switch over
 * {@link Op} without a default, which the compiler checks the same way.
 */
public sealed interface Node {

  /** Operand ids, in order. */
  List<Integer> inputs();

  /** Which operation this is. */
  Op op();

  /** Whether this node is a {@code double} (otherwise a matrix). */
  default boolean isScalar() {
    return op().scalar();
  }

  /**
   * The same operation, with the same attributes (function, shape, dimension), over other operand
   * ids given in operand order.
   *
   * @throws IllegalArgumentException if the number of ids is not the number of operands
   */
  Node withInputs(int... in);

  /** The same operation over {@code f(id)} for each operand id. */
  default Node mapInputs(IntUnaryOperator f) {
    List<Integer> in = inputs();
    int[] ids = new int[in.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = f.applyAsInt(in.get(i));
    }
    return withInputs(ids);
  }

  /**
   * The shape of this node's value given the shapes of its operands; null for a scalar node.
   *
   * @param shapes the shape of each operand id
   */
  Shape shape(IntFunction<Shape> shapes);

  /** Calls the visitor's method for this record. */
  <R> R accept(Visitor<R> v);

  /**
   * One method per kind of node, so that a stage handling every node implements this interface
   * and a new kind of node is a compile error in every such stage until it is handled.
   */
  interface Visitor<R> {
    R visit(Param n);

    R visit(ScalarParam n);

    R visit(Const n);

    R visit(Add n);

    R visit(Sub n);

    R visit(Neg n);

    R visit(MatMul n);

    R visit(Transpose n);

    R visit(Scale n);

    R visit(Hadamard n);

    R visit(Div n);

    R visit(Inv n);

    R visit(Entrywise n);

    R visit(Pow n);

    R visit(Softmax n);

    R visit(LogSoftmax n);

    R visit(AddColumn n);

    R visit(RowSums n);

    R visit(ColSums n);

    R visit(Trace n);

    R visit(Det n);

    R visit(LogDet n);

    R visit(Sum n);

    R visit(Dot n);

    R visit(SumSq n);

    R visit(ScalarOf n);

    R visit(ScalarAdd n);

    R visit(ScalarSub n);

    R visit(ScalarMul n);

    R visit(ScalarDiv n);

    R visit(ScalarNeg n);

    R visit(ScalarFunction n);

    R visit(ScalarPow n);

    R visit(Fill n);

    R visit(Eye n);

    R visit(BroadcastCols n);

    R visit(BroadcastRows n);

    R visit(ScaleColumns n);

    R visit(EntrywiseDerivative n);

    R visit(Solve n);

    R visit(Extent n);

    R visit(Norm n);

    R visit(LogSumExp n);

    R visit(ColLogSumExp n);

    R visit(Max n);

    R visit(Min n);

    R visit(Diag n);

    R visit(DiagonalOf n);

    R visit(Pick n);

    R visit(GatherCols n);

    R visit(Scatter n);

    R visit(ScatterAdd n);
  }

  /**
   * The kinds of node, each saying whether its value is a scalar, and its name: the {@code Ops}
   * method for a DSL op ({@code mul}), a descriptive name for a derivative-only one
   * ({@code scaleColumns}), null where the name comes from elsewhere (parameters, constants,
   * scalar arithmetic written infix, entrywise functions named by their table entry).
   */
  enum Op {
    PARAM(false, null),
    SCALAR_PARAM(true, null),
    CONST(true, null),
    ADD(false, "add"),
    SUB(false, "sub"),
    NEG(false, "neg"),
    MAT_MUL(false, "mul"),
    TRANSPOSE(false, "t"),
    SCALE(false, "scale"),
    HADAMARD(false, "hadamard"),
    DIV(false, "div"),
    INV(false, "inv"),
    ENTRYWISE(false, null),
    POW(false, "pow"),
    SOFTMAX(false, "softmax"),
    LOG_SOFTMAX(false, "logSoftmax"),
    ADD_COLUMN(false, "addColumn"),
    ROW_SUMS(false, "rowSums"),
    COL_SUMS(false, "colSums"),
    TRACE(true, "tr"),
    DET(true, "det"),
    LOG_DET(true, "logdet"),
    SUM(true, "sum"),
    DOT(true, "dot"),
    SUM_SQ(true, "sumsq"),
    SCALAR_OF(true, "scalar"),
    SCALAR_ADD(true, null),
    SCALAR_SUB(true, null),
    SCALAR_MUL(true, null),
    SCALAR_DIV(true, null),
    SCALAR_NEG(true, null),
    SCALAR_FUNCTION(true, null),
    SCALAR_POW(true, null),
    FILL(false, "fill"),
    EYE(false, "eye"),
    BROADCAST_COLS(false, "broadcastCols"),
    BROADCAST_ROWS(false, "broadcastRows"),
    SCALE_COLUMNS(false, "scaleColumns"),
    ENTRYWISE_DERIVATIVE(false, null),
    SOLVE(false, "solve"),
    EXTENT(true, null),
    NORM(true, "norm"),
    LOG_SUM_EXP(true, "logSumExp"),
    COL_LOG_SUM_EXP(false, "colLogSumExp"),
    MAX(false, "max"),
    MIN(false, "min"),
    DIAG(false, "diag"),
    DIAGONAL(false, "diagonal"),
    PICK(false, "pick"),
    GATHER_COLS(false, "gatherCols"),
    SCATTER(false, "scatter"),
    SCATTER_ADD(false, "scatterAdd");

    private final boolean scalar;
    private final String opsName;

    Op(boolean scalar, String opsName) {
      this.scalar = scalar;
      this.opsName = opsName;
    }

    /** The {@code Ops} method (or the derivative-only op's name); null when there is none. */
    public String opsName() {
      return opsName;
    }

    /** Whether nodes of this kind are {@code double} values. */
    public boolean scalar() {
      return scalar;
    }
  }

  private static void arity(Node n, int[] in) {
    if (in.length != n.inputs().size()) {
      throw new IllegalArgumentException(n + " takes " + n.inputs().size() + " operands, not " + in.length);
    }
  }

  // ---------------------------------------------------------------- leaves

  /** A {@code Matrix} parameter of the annotated method. */
  record Param(String name) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }

    @Override
    public Op op() {
      return Op.PARAM;
    }

    @Override
    public Param withInputs(int... in) {
      arity(this, in);
      return this;
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return Shape.ofParam(name);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A {@code double} parameter of the annotated method. */
  record ScalarParam(String name) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }

    @Override
    public Op op() {
      return Op.SCALAR_PARAM;
    }

    @Override
    public ScalarParam withInputs(int... in) {
      arity(this, in);
      return this;
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A numeric constant. */
  record Const(double value) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }

    @Override
    public Op op() {
      return Op.CONST;
    }

    @Override
    public Const withInputs(int... in) {
      arity(this, in);
      return this;
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  // ---------------------------------------------------------------- matrix-valued DSL ops

  /** A + B [1]. */
  record Add(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.ADD;
    }

    @Override
    public Add withInputs(int... in) {
      arity(this, in);
      return new Add(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A − B [1]. */
  record Sub(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.SUB;
    }

    @Override
    public Sub withInputs(int... in) {
      arity(this, in);
      return new Sub(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** −A [1]. */
  record Neg(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.NEG;
    }

    @Override
    public Neg withInputs(int... in) {
      arity(this, in);
      return new Neg(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** AB [2]. */
  record MatMul(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.MAT_MUL;
    }

    @Override
    public MatMul withInputs(int... in) {
      arity(this, in);
      return new MatMul(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(a).rows(), shapes.apply(b).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Aᵀ [3]. */
  record Transpose(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.TRANSPOSE;
    }

    @Override
    public Transpose withInputs(int... in) {
      arity(this, in);
      return new Transpose(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a).transposed();
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** sA, with s a scalar node. */
  record Scale(int s, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(s, a);
    }

    @Override
    public Op op() {
      return Op.SCALE;
    }

    @Override
    public Scale withInputs(int... in) {
      arity(this, in);
      return new Scale(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A ⊙ B [7]. */
  record Hadamard(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.HADAMARD;
    }

    @Override
    public Hadamard withInputs(int... in) {
      arity(this, in);
      return new Hadamard(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A / B elementwise. */
  record Div(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.DIV;
    }

    @Override
    public Div withInputs(int... in) {
      arity(this, in);
      return new Div(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A⁻¹ [5]. */
  record Inv(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.INV;
    }

    @Override
    public Inv withInputs(int... in) {
      arity(this, in);
      return new Inv(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** σ(A) elementwise [8], σ one of the {@link EntrywiseFunction}s. */
  record Entrywise(EntrywiseFunction fn, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.ENTRYWISE;
    }

    @Override
    public Entrywise withInputs(int... in) {
      arity(this, in);
      return new Entrywise(fn, in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A to the power p elementwise; p is a scalar node that does not depend on a wrt parameter. */
  record Pow(int a, int p) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, p);
    }

    @Override
    public Op op() {
      return Op.POW;
    }

    @Override
    public Pow withInputs(int... in) {
      arity(this, in);
      return new Pow(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** softmax of each column: exp(a)/𝟏ᵀexp(a). */
  record Softmax(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.SOFTMAX;
    }

    @Override
    public Softmax withInputs(int... in) {
      arity(this, in);
      return new Softmax(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** log softmax of each column. */
  record LogSoftmax(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.LOG_SOFTMAX;
    }

    @Override
    public LogSoftmax withInputs(int... in) {
      arity(this, in);
      return new LogSoftmax(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A + b𝟏ᵀ, b an m×1 column added to every column of A. */
  record AddColumn(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.ADD_COLUMN;
    }

    @Override
    public AddColumn withInputs(int... in) {
      arity(this, in);
      return new AddColumn(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A𝟏 (m×1). */
  record RowSums(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.ROW_SUMS;
    }

    @Override
    public RowSums withInputs(int... in) {
      arity(this, in);
      return new RowSums(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(a).rows(), Dim.ONE);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** 𝟏ᵀA (1×n). */
  record ColSums(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.COL_SUMS;
    }

    @Override
    public ColSums withInputs(int... in) {
      arity(this, in);
      return new ColSums(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(Dim.ONE, shapes.apply(a).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  // ---------------------------------------------------------------- scalar-valued DSL ops

  /** tr(A) [4]. */
  record Trace(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.TRACE;
    }

    @Override
    public Trace withInputs(int... in) {
      arity(this, in);
      return new Trace(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** |A| [6]. */
  record Det(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.DET;
    }

    @Override
    public Det withInputs(int... in) {
      arity(this, in);
      return new Det(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** log|det A| [6]. */
  record LogDet(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.LOG_DET;
    }

    @Override
    public LogDet withInputs(int... in) {
      arity(this, in);
      return new LogDet(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** 𝟏ᵀA𝟏. */
  record Sum(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.SUM;
    }

    @Override
    public Sum withInputs(int... in) {
      arity(this, in);
      return new Sum(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** tr(AᵀB) = Σᵢⱼ AᵢⱼBᵢⱼ. */
  record Dot(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.DOT;
    }

    @Override
    public Dot withInputs(int... in) {
      arity(this, in);
      return new Dot(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** ‖A‖²_F. */
  record SumSq(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.SUM_SQ;
    }

    @Override
    public SumSq withInputs(int... in) {
      arity(this, in);
      return new SumSq(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** The entry of a 1×1 matrix. */
  record ScalarOf(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.SCALAR_OF;
    }

    @Override
    public ScalarOf withInputs(int... in) {
      arity(this, in);
      return new ScalarOf(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** s + t. */
  record ScalarAdd(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.SCALAR_ADD;
    }

    @Override
    public ScalarAdd withInputs(int... in) {
      arity(this, in);
      return new ScalarAdd(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** s − t. */
  record ScalarSub(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.SCALAR_SUB;
    }

    @Override
    public ScalarSub withInputs(int... in) {
      arity(this, in);
      return new ScalarSub(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** s · t. */
  record ScalarMul(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.SCALAR_MUL;
    }

    @Override
    public ScalarMul withInputs(int... in) {
      arity(this, in);
      return new ScalarMul(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** s / t. */
  record ScalarDiv(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.SCALAR_DIV;
    }

    @Override
    public ScalarDiv withInputs(int... in) {
      arity(this, in);
      return new ScalarDiv(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** −s. */
  record ScalarNeg(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.SCALAR_NEG;
    }

    @Override
    public ScalarNeg withInputs(int... in) {
      arity(this, in);
      return new ScalarNeg(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Math.log/exp/sqrt of a scalar. */
  record ScalarFunction(EntrywiseFunction fn, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.SCALAR_FUNCTION;
    }

    @Override
    public ScalarFunction withInputs(int... in) {
      arity(this, in);
      return new ScalarFunction(fn, in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** Math.pow(s, p); p does not depend on a wrt parameter. */
  record ScalarPow(int a, int p) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, p);
    }

    @Override
    public Op op() {
      return Op.SCALAR_POW;
    }

    @Override
    public ScalarPow withInputs(int... in) {
      arity(this, in);
      return new ScalarPow(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  // ---------------------------------------------------------------- derivative-only matrix nodes

  /** s𝟏𝟏ᵀ: every entry of the given shape equal to the scalar s (∂ sum(A)/∂A = 𝟏𝟏ᵀ). */
  record Fill(int s, Shape shape) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(s);
    }

    @Override
    public Op op() {
      return Op.FILL;
    }

    @Override
    public Fill withInputs(int... in) {
      arity(this, in);
      return new Fill(in[0], shape);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shape;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** sI, n×n (∂ tr(A)/∂A = I). */
  record Eye(int s, Dim n) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(s);
    }

    @Override
    public Op op() {
      return Op.EYE;
    }

    @Override
    public Eye withInputs(int... in) {
      arity(this, in);
      return new Eye(in[0], n);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(n, n);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** v𝟏ᵀ: the m×1 column v repeated as {@code cols} columns (the adjoint of rowSums). */
  record BroadcastCols(int v, Dim cols) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(v);
    }

    @Override
    public Op op() {
      return Op.BROADCAST_COLS;
    }

    @Override
    public BroadcastCols withInputs(int... in) {
      arity(this, in);
      return new BroadcastCols(in[0], cols);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(v).rows(), cols);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** 𝟏r: the 1×n row r repeated as {@code rows} rows (the adjoint of colSums). */
  record BroadcastRows(int r, Dim rows) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(r);
    }

    @Override
    public Op op() {
      return Op.BROADCAST_ROWS;
    }

    @Override
    public BroadcastRows withInputs(int... in) {
      arity(this, in);
      return new BroadcastRows(in[0], rows);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(rows, shapes.apply(r).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A diag(r): column j of A times r_j, r a 1×n row. For an m×1 A this is the product A·r. */
  record ScaleColumns(int a, int r) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, r);
    }

    @Override
    public Op op() {
      return Op.SCALE_COLUMNS;
    }

    @Override
    public ScaleColumns withInputs(int... in) {
      arity(this, in);
      return new ScaleColumns(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** σ′(A) elementwise, the derivative of an {@link EntrywiseFunction} (rule 8), kept as one node until lowering rewrites it into the function's derivative expression. */
  record EntrywiseDerivative(EntrywiseFunction fn, int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.ENTRYWISE_DERIVATIVE;
    }

    @Override
    public EntrywiseDerivative withInputs(int... in) {
      arity(this, in);
      return new EntrywiseDerivative(fn, in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** A⁻¹B computed by a solve with A's factorisation, never by forming A⁻¹. */
  record Solve(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.SOLVE;
    }

    @Override
    public Solve withInputs(int... in) {
      arity(this, in);
      return new Solve(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(a).rows(), shapes.apply(b).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  // ---------------------------------------------------------------- added in 0.2

  /**
   * A dimension as a {@code double}: {@code rows(A)}, {@code cols(A)}, and the extents that
   * {@code mean} divides by. A leaf: it depends on shapes, never on values.
   */
  record Extent(Dim d) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of();
    }

    @Override
    public Op op() {
      return Op.EXTENT;
    }

    @Override
    public Extent withInputs(int... in) {
      arity(this, in);
      return this;
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** ‖A‖, the Frobenius norm √(sumsq A) [14]; its gradient A/‖A‖ is taken as 0 at A = 0. */
  record Norm(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.NORM;
    }

    @Override
    public Norm withInputs(int... in) {
      arity(this, in);
      return new Norm(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** log Σᵢⱼ exp Aᵢⱼ, stable (shifted by the largest entry) [15]. */
  record LogSumExp(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.LOG_SUM_EXP;
    }

    @Override
    public LogSumExp withInputs(int... in) {
      arity(this, in);
      return new LogSumExp(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return null;
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** The 1×n row of log Σᵢ exp Aᵢⱼ per column, stable [16]. */
  record ColLogSumExp(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.COL_LOG_SUM_EXP;
    }

    @Override
    public ColLogSumExp withInputs(int... in) {
      arity(this, in);
      return new ColLogSumExp(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(Dim.ONE, shapes.apply(a).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** max(A, B) entrywise (NaN propagates, as Math.max) [17]. */
  record Max(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.MAX;
    }

    @Override
    public Max withInputs(int... in) {
      arity(this, in);
      return new Max(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** min(A, B) entrywise (NaN propagates, as Math.min) [17]. */
  record Min(int a, int b) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a, b);
    }

    @Override
    public Op op() {
      return Op.MIN;
    }

    @Override
    public Min withInputs(int... in) {
      arity(this, in);
      return new Min(in[0], in[1]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return shapes.apply(a);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * diag(v): the n×n matrix with the vector v on its diagonal [18]; v is n×1, or 1×n when
   * {@code row} (the front end decides which from v's shape).
   */
  record Diag(int v, boolean row) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(v);
    }

    @Override
    public Op op() {
      return Op.DIAG;
    }

    @Override
    public Diag withInputs(int... in) {
      arity(this, in);
      return new Diag(in[0], row);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      Dim n = row ? shapes.apply(v).cols() : shapes.apply(v).rows();
      return new Shape(n, n);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /** diagonal(A): the n×1 column of the diagonal of the n×n matrix A [18]. */
  record DiagonalOf(int a) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.DIAGONAL;
    }

    @Override
    public DiagonalOf withInputs(int... in) {
      arity(this, in);
      return new DiagonalOf(in[0]);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(a).rows(), Dim.ONE);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  // ---------------------------------------------------------------- index arrays

  /**
   * pick(A, idx): the 1×n row of A[idx[j], j] for A k×n [19]. {@code idx} names an {@code int[]}
   * data value of the generated code, checked before the passes run (length n, entries in [0, k)).
   */
  record Pick(int a, String idx) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(a);
    }

    @Override
    public Op op() {
      return Op.PICK;
    }

    @Override
    public Pick withInputs(int... in) {
      arity(this, in);
      return new Pick(in[0], idx);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(Dim.ONE, shapes.apply(a).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * gatherCols(E, idx): the m×n matrix of columns E[:, idx[j]] for E m×V and n the length of the
   * {@code int[]} data value {@code idx} (an embedding lookup) [20].
   */
  record GatherCols(int e, String idx) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(e);
    }

    @Override
    public Op op() {
      return Op.GATHER_COLS;
    }

    @Override
    public GatherCols withInputs(int... in) {
      arity(this, in);
      return new GatherCols(in[0], idx);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(e).rows(), new Dim.Length(idx));
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * scatter(g, idx): the rows×n matrix with g_j at (idx[j], j) and zeros elsewhere, for g 1×n; the
   * gradient of pick and its adjoint: tr(Gᵀ scatter(g, idx)) = pick(G, idx) g [19].
   */
  record Scatter(int g, String idx, Dim rows) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(g);
    }

    @Override
    public Op op() {
      return Op.SCATTER;
    }

    @Override
    public Scatter withInputs(int... in) {
      arity(this, in);
      return new Scatter(in[0], idx, rows);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(rows, shapes.apply(g).cols());
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }

  /**
   * scatterAdd(G, idx): the m×cols matrix whose column c is the sum of the columns G[:, j] with
   * idx[j] = c (zero where no j picks c), for G m×n; the gradient of gatherCols and its adjoint
   * [20].
   */
  record ScatterAdd(int g, String idx, Dim cols) implements Node {
    @Override
    public List<Integer> inputs() {
      return List.of(g);
    }

    @Override
    public Op op() {
      return Op.SCATTER_ADD;
    }

    @Override
    public ScatterAdd withInputs(int... in) {
      arity(this, in);
      return new ScatterAdd(in[0], idx, cols);
    }

    @Override
    public Shape shape(IntFunction<Shape> shapes) {
      return new Shape(shapes.apply(g).rows(), cols);
    }

    @Override
    public <R> R accept(Visitor<R> v) {
      return v.visit(this);
    }
  }
}
