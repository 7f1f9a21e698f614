package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.HvpDerivation;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.NodeAlgebra;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import static dev.tracegrad.processor.derive.TraceRule.DETERMINANT;
import static dev.tracegrad.processor.derive.TraceRule.ENTRYWISE;
import static dev.tracegrad.processor.derive.TraceRule.HADAMARD;
import static dev.tracegrad.processor.derive.TraceRule.INVERSE;
import static dev.tracegrad.processor.derive.TraceRule.PRODUCT;
import static dev.tracegrad.processor.derive.TraceRule.SUM;
import static dev.tracegrad.processor.derive.TraceRule.TRACE;
import static dev.tracegrad.processor.derive.TraceRule.TRANSPOSE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Hessian-vector products, forward over reverse: the differential rules 1–8 applied forward to
 * the gradient's closed form G(X) with dX := V, i.e. dG[V] = H·V. Every node of the derivation's
 * graph gets its tangent (its differential along V) as graph nodes, in id order, from its
 * operands' tangents; a node that does not depend on a wrt parameter has tangent 0 (no node).
 * Never a dense Hessian, never finite differences.
 *
 * <p>Each wrt parameter X gets a direction parameter {@code vX} of its shape. Conventions at kinks
 * follow from the table of entrywise functions: relu″ = abs″ = 0 (step′ = sign′ = 0).
 */
public final class Tangents implements Node.Visitor<Integer> {
  /** The tangent of a node that does not depend on the directions. */
  private static final int ZERO = -1;

  private final Graph g;
  private final Graph.Builder b;
  private final int[] tangent;
  /** The differential rules each node's tangent applied, for the text. */
  private final List<Set<TraceRule>> cited = new ArrayList<>();
  private final List<Parameter> wrt;
  private final List<Parameter> directions = new ArrayList<>();
  private int id;

  private Tangents(Program program, Derivation d) {
    this.g = d.graph();
    this.b = g.toBuilder();
    this.tangent = new int[g.size()];
    this.wrt = program.wrtParams();
    Set<String> taken = new HashSet<>();
    program.params().forEach(p -> taken.add(p.name()));
    for (Parameter p : wrt) {
      String name = "v" + p.name();
      while (!taken.add(name)) {
        name = name + "_";
      }
      directions.add(new Parameter(name, p.matrix()));
      if (p.matrix()) {
        b.dims().unify(Dim.of(name, Axis.ROWS), Dim.of(p.name(), Axis.ROWS));
        b.dims().unify(Dim.of(name, Axis.COLS), Dim.of(p.name(), Axis.COLS));
      }
    }
  }

  /**
   * The derivation extended with H·v: for each wrt parameter, in wrt order, the tangent of its
   * gradient along the directions.
   */
  public static HvpDerivation derive(Program program, Derivation d) {
    return trace(program, d).hvp();
  }

  /**
   * {@link #derive}, with the tangent of every node of the derivation's graph, for the text that
   * shows dG[V] step by step.
   *
   * @param hvp the derivation extended with H·v; the derivation's nodes keep their ids in its graph
   * @param tangents for each node of the derivation's graph, the node of {@code hvp}'s graph that
   *     is its tangent, or −1 when the tangent is 0
   * @param rules for each node of the derivation's graph, the differential rules its tangent used
   */
  public record Traced(HvpDerivation hvp, int[] tangents, List<Set<TraceRule>> rules) {
    public Traced {
      tangents = tangents.clone();
      rules = List.copyOf(rules);
    }

    /** The tangent node of {@code node}, or −1 for 0. */
    public int tangent(int node) {
      return tangents[node];
    }

    /** How many nodes the derivation's graph has (ids below this are its nodes). */
    public int original() {
      return tangents.length;
    }
  }

  /** {@link #derive} with the tangent of every node and the rules that gave it. */
  public static Traced trace(Program program, Derivation d) {
    Tangents t = new Tangents(program, d);
    HvpDerivation hvp = t.run(d);
    return new Traced(hvp, t.tangent, t.cited);
  }

  private HvpDerivation run(Derivation d) {
    for (id = 0; id < g.size(); id++) {
      cited.add(EnumSet.noneOf(TraceRule.class));
      tangent[id] = g.node(id).accept(this);
      if (tangent[id] == ZERO) {
        cited.set(id, Set.of());
      }
    }
    List<Integer> products = new ArrayList<>();
    for (int k = 0; k < d.gradients().size(); k++) {
      int grad = d.gradients().get(k);
      int t = tangent[grad];
      products.add(t != ZERO ? t : zeroLike(grad));
    }
    return new HvpDerivation(b.build(), d.loss(), d.gradients(), products, directions);
  }

  private int zeroLike(int node) {
    int zero = b.constant(0);
    return g.isScalar(node) ? zero : b.add(new Node.Fill(zero, g.shape(node)));
  }

  /** Records the differential rules the current node's tangent applies. */
  private void cite(TraceRule... rules) {
    cited.get(id).addAll(Arrays.asList(rules));
  }

  private int t(int operand) {
    return tangent[operand];
  }

  private int add(Node n) {
    return b.add(n);
  }

  /** a + b over tangents, either of which may be zero. */
  private int plus(int x, int y, boolean scalar) {
    if (x == ZERO) {
      return y;
    }
    if (y == ZERO) {
      return x;
    }
    return add(scalar ? new Node.ScalarAdd(x, y) : new Node.Add(x, y));
  }

  private int minus(int x, int y, boolean scalar) {
    if (y == ZERO) {
      return x;
    }
    if (x == ZERO) {
      return add(scalar ? new Node.ScalarNeg(y) : new Node.Neg(y));
    }
    return add(scalar ? new Node.ScalarSub(x, y) : new Node.Sub(x, y));
  }

  /** The tangent built by {@code f} from the operand's tangent, zero when that is zero. */
  private int unary(int operand, IntUnaryOperator f) {
    int ta = t(operand);
    return ta == ZERO ? ZERO : f.applyAsInt(ta);
  }

  // ---------------------------------------------------------------- leaves

  // dX = V for a wrt parameter X; data have no differential
  @Override
  public Integer visit(Node.Param n) {
    int k = indexOf(n.name());
    return k < 0 ? ZERO : add(new Node.Param(directions.get(k).name()));
  }

  @Override
  public Integer visit(Node.ScalarParam n) {
    int k = indexOf(n.name());
    return k < 0 ? ZERO : add(new Node.ScalarParam(directions.get(k).name()));
  }

  private int indexOf(String name) {
    for (int k = 0; k < wrt.size(); k++) {
      if (wrt.get(k).name().equals(name)) {
        return k;
      }
    }
    return -1;
  }

  @Override
  public Integer visit(Node.Const n) {
    return ZERO;
  }

  // ---------------------------------------------------------------- matrix ops

  // d(A ± B) = dA ± dB  [1]
  @Override
  public Integer visit(Node.Add n) {
    cite(SUM);
    return plus(t(n.a()), t(n.b()), false);
  }

  @Override
  public Integer visit(Node.Sub n) {
    cite(SUM);
    return minus(t(n.a()), t(n.b()), false);
  }

  @Override
  public Integer visit(Node.Neg n) {
    cite(SUM);
    return unary(n.a(), ta -> add(new Node.Neg(ta)));
  }

  // d(AB) = dA B + A dB  [2]
  @Override
  public Integer visit(Node.MatMul n) {
    cite(PRODUCT);
    int left = unary(n.a(), ta -> add(new Node.MatMul(ta, n.b())));
    int right = unary(n.b(), tb -> add(new Node.MatMul(n.a(), tb)));
    return plus(left, right, false);
  }

  // d(Aᵀ) = (dA)ᵀ  [3]
  @Override
  public Integer visit(Node.Transpose n) {
    cite(TRANSPOSE);
    return unary(n.a(), ta -> add(new Node.Transpose(ta)));
  }

  // d(sA) = ds A + s dA  [2]
  @Override
  public Integer visit(Node.Scale n) {
    cite(PRODUCT);
    int left = unary(n.s(), ts -> add(new Node.Scale(ts, n.a())));
    int right = unary(n.a(), ta -> add(new Node.Scale(n.s(), ta)));
    return plus(left, right, false);
  }

  // d(A ⊙ B) = dA ⊙ B + A ⊙ dB  [7]
  @Override
  public Integer visit(Node.Hadamard n) {
    cite(HADAMARD);
    int left = unary(n.a(), ta -> add(new Node.Hadamard(ta, n.b())));
    int right = unary(n.b(), tb -> add(new Node.Hadamard(n.a(), tb)));
    return plus(left, right, false);
  }

  // d(A / B) = dA / B − (A / B) ⊙ dB / B  [7, 8]
  @Override
  public Integer visit(Node.Div n) {
    cite(HADAMARD, ENTRYWISE);
    int left = unary(n.a(), ta -> add(new Node.Div(ta, n.b())));
    int right = unary(n.b(), tb -> add(new Node.Div(add(new Node.Hadamard(id, tb)), n.b())));
    return minus(left, right, false);
  }

  // d(A⁻¹) = −A⁻¹ dA A⁻¹  [5]
  @Override
  public Integer visit(Node.Inv n) {
    cite(INVERSE);
    int self = id;
    return unary(n.a(), ta -> add(new Node.Neg(add(new Node.MatMul(add(new Node.MatMul(self, ta)), self)))));
  }

  // d σ(A) = σ′(A) ⊙ dA  [8]
  @Override
  public Integer visit(Node.Entrywise n) {
    cite(ENTRYWISE);
    return unary(n.a(), ta -> add(new Node.Hadamard(add(new Node.EntrywiseDerivative(n.fn(), n.a())), ta)));
  }

  // d σ′(A) = σ″(A) ⊙ dA  [8], σ″ from σ′'s own expression
  @Override
  public Integer visit(Node.EntrywiseDerivative n) {
    cite(ENTRYWISE);
    return unary(n.a(), ta -> {
      int second = n.fn().secondDerivative(NodeAlgebra.matrix(NodeAlgebra.nodes(b::add), g.shape(n.a())), n.a());
      return add(new Node.Hadamard(second, ta));
    });
  }

  // d(A^p) = p A^(p−1) ⊙ dA + A^p ⊙ log(A) dp  [8]
  @Override
  public Integer visit(Node.Pow n) {
    cite(ENTRYWISE);
    int self = id;
    int left = unary(n.a(), ta -> {
      int pMinusOne = add(new Node.ScalarSub(n.p(), b.constant(1)));
      int slope = add(new Node.Scale(n.p(), add(new Node.Pow(n.a(), pMinusOne))));
      return add(new Node.Hadamard(slope, ta));
    });
    int right = unary(n.p(), tp -> add(new Node.Scale(tp,
        add(new Node.Hadamard(self, add(new Node.Entrywise(EntrywiseFunction.LOG, n.a())))))));
    return plus(left, right, false);
  }

  // per column, d softmax(a) = s ⊙ da − s (sᵀda): S ⊙ (dA − 𝟏𝟏ᵀ(S ⊙ dA))  [2, 7, 8]
  @Override
  public Integer visit(Node.Softmax n) {
    cite(PRODUCT, HADAMARD, ENTRYWISE);
    int self = id;
    return unary(n.a(), ta -> {
      int columnSums = add(new Node.ColSums(add(new Node.Hadamard(self, ta))));
      int spread = add(new Node.BroadcastRows(columnSums, g.shape(n.a()).rows()));
      return add(new Node.Hadamard(self, add(new Node.Sub(ta, spread))));
    });
  }

  // d logSoftmax(A) = dA − 𝟏𝟏ᵀ(softmax(A) ⊙ dA)  [1, 8]
  @Override
  public Integer visit(Node.LogSoftmax n) {
    cite(SUM, ENTRYWISE);
    return unary(n.a(), ta -> {
      int soft = add(new Node.Softmax(n.a()));
      int columnSums = add(new Node.ColSums(add(new Node.Hadamard(soft, ta))));
      return add(new Node.Sub(ta, add(new Node.BroadcastRows(columnSums, g.shape(n.a()).rows()))));
    });
  }

  // d(A + b𝟏ᵀ) = dA + db 𝟏ᵀ  [1, 2]
  @Override
  public Integer visit(Node.AddColumn n) {
    cite(SUM, PRODUCT);
    int ta = t(n.a());
    int tb = t(n.b());
    if (ta != ZERO && tb != ZERO) {
      return add(new Node.AddColumn(ta, tb));
    }
    if (ta != ZERO) {
      return ta;
    }
    return tb == ZERO ? ZERO : add(new Node.BroadcastCols(tb, g.shape(n.a()).cols()));
  }

  @Override
  public Integer visit(Node.RowSums n) {
    cite(PRODUCT);
    return unary(n.a(), ta -> add(new Node.RowSums(ta)));
  }

  @Override
  public Integer visit(Node.ColSums n) {
    cite(PRODUCT);
    return unary(n.a(), ta -> add(new Node.ColSums(ta)));
  }

  // ---------------------------------------------------------------- scalar-valued ops

  // d tr(A) = tr(dA)  [4]
  @Override
  public Integer visit(Node.Trace n) {
    cite(TRACE);
    return unary(n.a(), ta -> add(new Node.Trace(ta)));
  }

  // d|A| = |A| tr(A⁻¹ dA)  [6]
  @Override
  public Integer visit(Node.Det n) {
    cite(DETERMINANT);
    int self = id;
    return unary(n.a(), ta -> add(new Node.ScalarMul(self, add(new Node.Trace(add(new Node.Solve(n.a(), ta)))))));
  }

  // d log|A| = tr(A⁻¹ dA)  [6]
  @Override
  public Integer visit(Node.LogDet n) {
    cite(DETERMINANT);
    return unary(n.a(), ta -> add(new Node.Trace(add(new Node.Solve(n.a(), ta)))));
  }

  @Override
  public Integer visit(Node.Sum n) {
    cite(PRODUCT);
    return unary(n.a(), ta -> add(new Node.Sum(ta)));
  }

  // d tr(AᵀB) = tr(dAᵀ B) + tr(Aᵀ dB)  [2, 3]
  @Override
  public Integer visit(Node.Dot n) {
    cite(PRODUCT, TRANSPOSE);
    int left = unary(n.a(), ta -> add(new Node.Dot(ta, n.b())));
    int right = unary(n.b(), tb -> add(new Node.Dot(n.a(), tb)));
    return plus(left, right, true);
  }

  // d‖A‖² = 2 tr(Aᵀ dA)  [2, 3]
  @Override
  public Integer visit(Node.SumSq n) {
    cite(PRODUCT, TRANSPOSE);
    return unary(n.a(), ta -> add(new Node.ScalarMul(b.constant(2), add(new Node.Dot(n.a(), ta)))));
  }

  @Override
  public Integer visit(Node.ScalarOf n) {
    return unary(n.a(), ta -> add(new Node.ScalarOf(ta)));
  }

  @Override
  public Integer visit(Node.ScalarAdd n) {
    cite(SUM);
    return plus(t(n.a()), t(n.b()), true);
  }

  @Override
  public Integer visit(Node.ScalarSub n) {
    cite(SUM);
    return minus(t(n.a()), t(n.b()), true);
  }

  @Override
  public Integer visit(Node.ScalarNeg n) {
    cite(SUM);
    return unary(n.a(), ta -> add(new Node.ScalarNeg(ta)));
  }

  @Override
  public Integer visit(Node.ScalarMul n) {
    cite(PRODUCT);
    int left = unary(n.a(), ta -> add(new Node.ScalarMul(ta, n.b())));
    int right = unary(n.b(), tb -> add(new Node.ScalarMul(n.a(), tb)));
    return plus(left, right, true);
  }

  // d(a/b) = da/b − (a/b) db/b
  @Override
  public Integer visit(Node.ScalarDiv n) {
    cite(PRODUCT, ENTRYWISE);
    int self = id;
    int left = unary(n.a(), ta -> add(new Node.ScalarDiv(ta, n.b())));
    int right = unary(n.b(), tb -> add(new Node.ScalarDiv(add(new Node.ScalarMul(self, tb)), n.b())));
    return minus(left, right, true);
  }

  // d f(a) = f′(a) da, f′ from the function's own entry  [8]
  @Override
  public Integer visit(Node.ScalarFunction n) {
    cite(ENTRYWISE);
    return unary(n.a(), ta -> add(new Node.ScalarMul(n.fn().derivative(NodeAlgebra.scalar(NodeAlgebra.nodes(b::add)), n.a()), ta)));
  }

  // d(a^p) = p a^(p−1) da + a^p log(a) dp  [8]
  @Override
  public Integer visit(Node.ScalarPow n) {
    cite(ENTRYWISE);
    int self = id;
    int left = unary(n.a(), ta -> {
      int pMinusOne = add(new Node.ScalarSub(n.p(), b.constant(1)));
      return add(new Node.ScalarMul(add(new Node.ScalarMul(n.p(), add(new Node.ScalarPow(n.a(), pMinusOne)))), ta));
    });
    int right = unary(n.p(), tp -> add(new Node.ScalarMul(add(new Node.ScalarMul(self,
        add(new Node.ScalarFunction(EntrywiseFunction.LOG, n.a())))), tp)));
    return plus(left, right, true);
  }

  // ---------------------------------------------------------------- derivative-only nodes

  // d(s𝟏𝟏ᵀ) = ds 𝟏𝟏ᵀ, d(sI) = ds I, d(v𝟏ᵀ) = dv 𝟏ᵀ, d(𝟏r) = 𝟏 dr  [2]
  @Override
  public Integer visit(Node.Fill n) {
    cite(PRODUCT);
    return unary(n.s(), ts -> add(new Node.Fill(ts, n.shape())));
  }

  @Override
  public Integer visit(Node.Eye n) {
    cite(PRODUCT);
    return unary(n.s(), ts -> add(new Node.Eye(ts, n.n())));
  }

  @Override
  public Integer visit(Node.BroadcastCols n) {
    cite(PRODUCT);
    return unary(n.v(), tv -> add(new Node.BroadcastCols(tv, n.cols())));
  }

  @Override
  public Integer visit(Node.BroadcastRows n) {
    cite(PRODUCT);
    return unary(n.r(), tr -> add(new Node.BroadcastRows(tr, n.rows())));
  }

  // d(A diag(r)) = dA diag(r) + A diag(dr)  [2]
  @Override
  public Integer visit(Node.ScaleColumns n) {
    cite(PRODUCT);
    int left = unary(n.a(), ta -> add(new Node.ScaleColumns(ta, n.r())));
    int right = unary(n.r(), tr -> add(new Node.ScaleColumns(n.a(), tr)));
    return plus(left, right, false);
  }

  // Z = A⁻¹B: dZ = A⁻¹(dB − dA Z)  [2, 5]
  //
  // With as many right-hand sides as A has rows, the differential goes through P = M⁻¹ dM, where
  // M is A or Aᵀ, whichever is not a transpose: P costs one solve, and every square system with M
  // shares it (the tangent of log|M| is tr P, the same node):
  //   A = M:  dZ = M⁻¹dB − P Z
  //   A = Mᵀ: dZ = M⁻ᵀ(dB − Pᵀ B)     since dMᵀ M⁻ᵀ = (M⁻¹ dM)ᵀ
  // The second form does not read Z, so a gradient that is such a solve (Σ⁻ᵀ(…) of a Gaussian
  // log-likelihood) need not be computed for the products alone.
  @Override
  public Integer visit(Node.Solve n) {
    cite(PRODUCT, INVERSE);
    int self = id;
    int ta = t(n.a());
    int tb = t(n.b());
    if (ta == ZERO && tb == ZERO) {
      return ZERO;
    }
    if (ta != ZERO && squareSystem(n)) {
      boolean transposed = g.node(n.a()) instanceof Node.Transpose;
      int m = transposed ? ((Node.Transpose) g.node(n.a())).a() : n.a();
      int p = add(new Node.Solve(m, t(m)));
      if (transposed) {
        int rhs = minus(tb, add(new Node.MatMul(add(new Node.Transpose(p)), n.b())), false);
        return add(new Node.Solve(n.a(), rhs));
      }
      return minus(unary(n.b(), d -> add(new Node.Solve(n.a(), d))), add(new Node.MatMul(p, self)), false);
    }
    int rhs = minus(tb, ta == ZERO ? ZERO : add(new Node.MatMul(ta, self)), false);
    return add(new Node.Solve(n.a(), rhs));
  }

  /** Whether a solve has as many right-hand sides as unknowns, so that M⁻¹dM costs no more than it. */
  private boolean squareSystem(Node.Solve n) {
    return g.dims().same(g.shape(n.b()).cols(), g.shape(n.a()).rows());
  }

  // ---------------------------------------------------------------- added in 0.2

  // a shape never depends on values
  @Override
  public Integer visit(Node.Extent n) {
    return ZERO;
  }

  // d‖A‖ = tr(Aᵀ dA)/‖A‖, 0 at A = 0  [14]
  @Override
  public Integer visit(Node.Norm n) {
    cite(TraceRule.NORM);
    int self = id;
    return unary(n.a(), ta -> add(new Node.ScalarMul(
        add(new Node.ScalarFunction(EntrywiseFunction.RECIPROCAL, self)), add(new Node.Dot(n.a(), ta)))));
  }

  // d logSumExp(A) = tr(Pᵀ dA), P = exp(A − logSumExp(A)𝟏𝟏ᵀ)  [15]
  @Override
  public Integer visit(Node.LogSumExp n) {
    cite(TraceRule.LOG_SUM_EXP);
    int self = id;
    return unary(n.a(), ta -> {
      int p = add(new Node.Entrywise(EntrywiseFunction.EXP,
          add(new Node.Sub(n.a(), add(new Node.Fill(self, g.shape(n.a())))))));
      return add(new Node.Dot(p, ta));
    });
  }

  // d colLogSumExp(A) = 𝟏ᵀ(P ⊙ dA), P = exp(A − 𝟏 colLogSumExp(A))  [16]
  @Override
  public Integer visit(Node.ColLogSumExp n) {
    cite(TraceRule.COL_LOG_SUM_EXP);
    int self = id;
    return unary(n.a(), ta -> {
      int p = add(new Node.Entrywise(EntrywiseFunction.EXP,
          add(new Node.Sub(n.a(), add(new Node.BroadcastRows(self, g.shape(n.a()).rows()))))));
      return add(new Node.ColSums(add(new Node.Hadamard(p, ta))));
    });
  }

  // d max(A, B) = H(A − B) ⊙ dA + H(B − A) ⊙ dB; min swaps the steps  [17]
  @Override
  public Integer visit(Node.Max n) {
    return maxMin(n.a(), n.b());
  }

  @Override
  public Integer visit(Node.Min n) {
    return maxMin(n.b(), n.a());
  }

  /** The tangent of max(hi, lo) (min(lo, hi) is written with its operands swapped). */
  private int maxMin(int hi, int lo) {
    cite(TraceRule.MAX_MIN);
    int left = unary(hi, th -> add(new Node.Hadamard(
        add(new Node.Entrywise(EntrywiseFunction.HALF_STEP, add(new Node.Sub(hi, lo)))), th)));
    int right = unary(lo, tl -> add(new Node.Hadamard(
        add(new Node.Entrywise(EntrywiseFunction.HALF_STEP, add(new Node.Sub(lo, hi)))), tl)));
    return plus(left, right, false);
  }

  // d diag(v) = diag(dv), d diagonal(A) = diagonal(dA)  [18]
  @Override
  public Integer visit(Node.Diag n) {
    cite(TraceRule.DIAGONAL);
    return unary(n.v(), tv -> add(new Node.Diag(tv, n.row())));
  }

  @Override
  public Integer visit(Node.DiagonalOf n) {
    cite(TraceRule.DIAGONAL);
    return unary(n.a(), ta -> add(new Node.DiagonalOf(ta)));
  }

  // d pick(A, idx) = pick(dA, idx), d scatter(g, idx) = scatter(dg, idx)  [19]
  @Override
  public Integer visit(Node.Pick n) {
    return unary(n.a(), ta -> add(new Node.Pick(ta, n.idx())));
  }

  @Override
  public Integer visit(Node.Scatter n) {
    return unary(n.g(), tg -> add(new Node.Scatter(tg, n.idx(), n.rows())));
  }

  // d gatherCols(E, idx) = gatherCols(dE, idx), d scatterAdd(G, idx) = scatterAdd(dG, idx)  [20]
  @Override
  public Integer visit(Node.GatherCols n) {
    return unary(n.e(), te -> add(new Node.GatherCols(te, n.idx())));
  }

  @Override
  public Integer visit(Node.ScatterAdd n) {
    return unary(n.g(), tg -> add(new Node.ScatterAdd(tg, n.idx(), n.cols())));
  }
}
