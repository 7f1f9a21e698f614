package dev.tracegrad.processor.derive;

import static dev.tracegrad.processor.derive.Sym.add;
import static dev.tracegrad.processor.derive.Sym.adj;
import static dev.tracegrad.processor.derive.Sym.broadcastCols;
import static dev.tracegrad.processor.derive.Sym.broadcastRows;
import static dev.tracegrad.processor.derive.Sym.colSums;
import static dev.tracegrad.processor.derive.Sym.diag;
import static dev.tracegrad.processor.derive.Sym.diagonal;
import static dev.tracegrad.processor.derive.Sym.d;
import static dev.tracegrad.processor.derive.Sym.deriv;
import static dev.tracegrad.processor.derive.Sym.div;
import static dev.tracegrad.processor.derive.Sym.dot;
import static dev.tracegrad.processor.derive.Sym.eye;
import static dev.tracegrad.processor.derive.Sym.fill;
import static dev.tracegrad.processor.derive.Sym.gatherCols;
import static dev.tracegrad.processor.derive.Sym.had;
import static dev.tracegrad.processor.derive.Sym.inv;
import static dev.tracegrad.processor.derive.Sym.map;
import static dev.tracegrad.processor.derive.Sym.mul;
import static dev.tracegrad.processor.derive.Sym.neg;
import static dev.tracegrad.processor.derive.Sym.num;
import static dev.tracegrad.processor.derive.Sym.pick;
import static dev.tracegrad.processor.derive.Sym.pow;
import static dev.tracegrad.processor.derive.Sym.ref;
import static dev.tracegrad.processor.derive.Sym.rowSums;
import static dev.tracegrad.processor.derive.Sym.scale;
import static dev.tracegrad.processor.derive.Sym.scaleColumns;
import static dev.tracegrad.processor.derive.Sym.scatter;
import static dev.tracegrad.processor.derive.Sym.scatterAdd;
import static dev.tracegrad.processor.derive.Sym.sdiv;
import static dev.tracegrad.processor.derive.Sym.smap;
import static dev.tracegrad.processor.derive.Sym.smul;
import static dev.tracegrad.processor.derive.Sym.sneg;
import static dev.tracegrad.processor.derive.Sym.softmax;
import static dev.tracegrad.processor.derive.Sym.solve;
import static dev.tracegrad.processor.derive.Sym.spow;
import static dev.tracegrad.processor.derive.Sym.ssub;
import static dev.tracegrad.processor.derive.Sym.sub;
import static dev.tracegrad.processor.derive.Sym.sum;
import static dev.tracegrad.processor.derive.Sym.t;
import static dev.tracegrad.processor.derive.Sym.tr;
import static dev.tracegrad.processor.derive.TraceRule.COL_LOG_SUM_EXP;
import static dev.tracegrad.processor.derive.TraceRule.DETERMINANT;
import static dev.tracegrad.processor.derive.TraceRule.DIAGONAL;
import static dev.tracegrad.processor.derive.TraceRule.GATHER;
import static dev.tracegrad.processor.derive.TraceRule.LOG_SUM_EXP;
import static dev.tracegrad.processor.derive.TraceRule.MAX_MIN;
import static dev.tracegrad.processor.derive.TraceRule.NORM;
import static dev.tracegrad.processor.derive.TraceRule.PICK;
import static dev.tracegrad.processor.derive.TraceRule.ENTRYWISE;
import static dev.tracegrad.processor.derive.TraceRule.HADAMARD;
import static dev.tracegrad.processor.derive.TraceRule.INVERSE;
import static dev.tracegrad.processor.derive.TraceRule.PRODUCT;
import static dev.tracegrad.processor.derive.TraceRule.SCALAR_IS_ITS_TRACE;
import static dev.tracegrad.processor.derive.TraceRule.SUM;
import static dev.tracegrad.processor.derive.TraceRule.TRACE;
import static dev.tracegrad.processor.derive.TraceRule.TRACE_IS_CYCLIC;
import static dev.tracegrad.processor.derive.TraceRule.TRACE_IS_LINEAR;
import static dev.tracegrad.processor.derive.TraceRule.TRACE_OF_HADAMARD;
import static dev.tracegrad.processor.derive.TraceRule.TRACE_OF_TRANSPOSE;
import static dev.tracegrad.processor.derive.TraceRule.TRANSPOSE;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derive stage: the trace method over the program's DAG, from the loss back to the wrt parameters.
 * Consumes a {@link Program}; produces a {@link DerivationLog} whose graph is the program's graph (same
 * ids, same names) extended with the adjoint nodes, its gradients and the steps that made them.
 *
 * <p>This is reverse mode with matrix adjoints, as TRACE-METHOD.md's composition rule: the loss
 * gets adjoint 1; every intermediate Z on a path from a wrt parameter to the loss is visited once,
 * last to first (ids are topological), when all its users have contributed to G = ∂l/∂Z. Z's
 * differential rule expands tr(Gᵀ dZ), the trace tricks bring each term to tr(G_Aᵀ dA), and G_A is
 * added to operand A's adjoint. Operands that do not depend on a wrt parameter get no term.
 *
 * <p>Each op has one method below. It writes the terms once, as {@link Sym}s in which ∂l/∂Z is a
 * symbol: the log keeps them for the text, and the read-off adjoint is compiled into the graph.
 */
public final class Deriver {
  private final Graph forward;
  private final int loss;
  private final List<Parameter> wrt;
  private final Graph.Builder b;
  /** Nodes on a path from a wrt parameter to the loss: the only ones that get adjoints. */
  private final BitSet active;
  /** The contributions to each node's adjoint, in the order its users were visited. */
  private final Map<Integer, List<Integer>> parts = new HashMap<>();
  private final Map<Integer, Integer> adjoints = new HashMap<>();
  private final List<DerivationLog.AdjointStep> steps = new ArrayList<>();

  private Deriver(Program program) {
    this.forward = program.graph();
    this.loss = program.loss();
    this.wrt = program.wrtParams();
    this.b = forward.toBuilder();
    BitSet sources = new BitSet();
    for (Parameter p : wrt) {
      forward.find(p.node()).ifPresent(sources::set);
    }
    this.active = forward.dependents(sources);
    this.active.and(forward.reachable(List.of(loss)));
  }

  /** The gradients of the program's loss with respect to its wrt parameters. */
  public static Derivation derive(Program program) {
    return trace(program).derivation();
  }

  /** The whole derivation: the gradients and every step of the trace method that made them. */
  public static DerivationLog trace(Program program) {
    return new Deriver(program).run();
  }

  private DerivationLog run() {
    // ∂l/∂l = 1; when the loss does not depend on any wrt parameter nothing is active and every
    // gradient is zero
    if (active.get(loss)) {
      contribute(loss, b.constant(1));
    }
    for (int z = active.previousSetBit(loss); z >= 0; z = active.previousSetBit(z - 1)) {
      int g = accumulate(z);
      adjoints.put(z, g);
      Node n = forward.node(z);
      if (n.inputs().isEmpty()) {
        continue; // a wrt parameter: nothing to expand
      }
      StepBuilder step = new StepBuilder(z, g);
      differentiate(n, step);
      steps.add(step.build());
    }
    List<Integer> gradients = new ArrayList<>();
    for (Parameter p : wrt) {
      gradients.add(gradientOf(p));
    }
    Graph graph = b.build();
    return new DerivationLog(graph, loss, gradients, steps);
  }

  /** ∂l/∂p, or zero of p's shape when the loss does not depend on p. */
  private int gradientOf(Parameter p) {
    Integer id = forward.find(p.node()).map(adjoints::get).orElse(null);
    if (id != null) {
      return id;
    }
    int zero = b.constant(0);
    return p.matrix() ? b.add(new Node.Fill(zero, Shape.ofParam(p.name()))) : zero;
  }

  /**
   * ∂l/∂Z as the sum of its users' contributions [1, 11], in the order the users were visited
   * (highest id first), so the graph is the same for the same program.
   */
  private int accumulate(int z) {
    List<Integer> ps = parts.get(z);
    int sum = ps.get(0);
    for (int i = 1; i < ps.size(); i++) {
      sum = b.add(forward.isScalar(z) ? new Node.ScalarAdd(sum, ps.get(i)) : new Node.Add(sum, ps.get(i)));
    }
    return sum;
  }

  private void contribute(int node, int contribution) {
    parts.computeIfAbsent(node, k -> new ArrayList<>()).add(contribution);
  }

  private Shape shape(int id) {
    return forward.shape(id);
  }

  private Dim rows(int id) {
    return shape(id).rows();
  }

  private Dim cols(int id) {
    return shape(id).cols();
  }

  // ---------------------------------------------------------------- dispatch

  private void differentiate(Node n, StepBuilder s) {
    n.accept(new Rules(s));
  }

  /** Sends each kind of node to its rule below. */
  private final class Rules implements Node.Visitor<Void> {
    private final StepBuilder s;

    Rules(StepBuilder s) {
      this.s = s;
    }

    // Leaves have no operands and are never expanded.
    @Override
    public Void visit(Node.Param n) {
      return null;
    }

    @Override
    public Void visit(Node.ScalarParam n) {
      return null;
    }

    @Override
    public Void visit(Node.Const n) {
      return null;
    }

    @Override
    public Void visit(Node.Add n) {
      dAdd(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Sub n) {
      dSub(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Neg n) {
      dNeg(n, s);
      return null;
    }

    @Override
    public Void visit(Node.MatMul n) {
      dMatMul(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Transpose n) {
      dTranspose(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Scale n) {
      dScale(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Hadamard n) {
      dHadamard(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Div n) {
      dDiv(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Inv n) {
      dInverse(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Entrywise n) {
      dElementwise(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Pow n) {
      dPower(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Softmax n) {
      dSoftmax(n, s);
      return null;
    }

    @Override
    public Void visit(Node.LogSoftmax n) {
      dLogSoftmax(n, s);
      return null;
    }

    @Override
    public Void visit(Node.AddColumn n) {
      dAddColumn(n, s);
      return null;
    }

    @Override
    public Void visit(Node.RowSums n) {
      dRowSums(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ColSums n) {
      dColSums(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScaleColumns n) {
      dScaleColumns(n, s);
      return null;
    }

    @Override
    public Void visit(Node.BroadcastCols n) {
      dBroadcastCols(n, s);
      return null;
    }

    @Override
    public Void visit(Node.BroadcastRows n) {
      dBroadcastRows(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Fill n) {
      dFill(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Eye n) {
      dEye(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Solve n) {
      dSolve(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Trace n) {
      dTrace(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Det n) {
      dDet(n, s);
      return null;
    }

    @Override
    public Void visit(Node.LogDet n) {
      dLogDet(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Sum n) {
      dSum(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Dot n) {
      dDot(n, s);
      return null;
    }

    @Override
    public Void visit(Node.SumSq n) {
      dSumSq(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarOf n) {
      dScalarOf(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarAdd n) {
      dScalarAdd(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarSub n) {
      dScalarSub(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarNeg n) {
      dScalarNeg(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarMul n) {
      dScalarMul(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarDiv n) {
      dScalarDiv(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarFunction n) {
      dScalarFunction(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScalarPow n) {
      dScalarPow(n, s);
      return null;
    }

    @Override
    public Void visit(Node.EntrywiseDerivative n) {
      dEntrywiseDerivative(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Extent n) {
      return null; // a leaf: a shape, which never depends on values
    }

    @Override
    public Void visit(Node.Norm n) {
      dNorm(n, s);
      return null;
    }

    @Override
    public Void visit(Node.LogSumExp n) {
      dLogSumExp(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ColLogSumExp n) {
      dColLogSumExp(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Max n) {
      dMaxMin(n.a(), n.b(), true, s);
      return null;
    }

    @Override
    public Void visit(Node.Min n) {
      dMaxMin(n.a(), n.b(), false, s);
      return null;
    }

    @Override
    public Void visit(Node.Diag n) {
      dDiag(n, s);
      return null;
    }

    @Override
    public Void visit(Node.DiagonalOf n) {
      dDiagonal(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Pick n) {
      dPick(n, s);
      return null;
    }

    @Override
    public Void visit(Node.GatherCols n) {
      dGatherCols(n, s);
      return null;
    }

    @Override
    public Void visit(Node.Scatter n) {
      dScatter(n, s);
      return null;
    }

    @Override
    public Void visit(Node.ScatterAdd n) {
      dScatterAdd(n, s);
      return null;
    }
  }

  // ---------------------------------------------------------------- matrix-valued ops; G = ∂l/∂Z

  // d(A + B) = dA + dB ⇒ G_A = G, G_B = G  [1, 11]
  private void dAdd(Node.Add n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), d(n.a()))), SUM).readsOff(g);
    s.operand(n.b()).expands(tr(mul(t(g), d(n.b()))), SUM).readsOff(g);
  }

  // d(A − B) = dA − dB ⇒ G_A = G, G_B = −G  [1, 11]
  private void dSub(Node.Sub n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), d(n.a()))), SUM).readsOff(g);
    s.operand(n.b()).expands(sneg(tr(mul(t(g), d(n.b())))), SUM).readsOff(neg(g));
  }

  // d(−A) = −dA ⇒ G_A = −G  [1]
  private void dNeg(Node.Neg n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(sneg(tr(mul(t(g), d(n.a())))), SUM).readsOff(neg(g));
  }

  // d(AB) = dA B + A dB; tr(Gᵀ dA B) = tr(B Gᵀ dA) ⇒ G_A = G Bᵀ, G_B = Aᵀ G  [2, 12]
  private void dMatMul(Node.MatMul n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym bb = ref(n.b());
    s.operand(n.a()).expands(tr(mul(t(g), d(n.a()), bb)), PRODUCT)
        .rearranges(tr(mul(bb, t(g), d(n.a()))), TRACE_IS_CYCLIC)
        .readsOff(mul(g, t(bb)));
    s.operand(n.b()).expands(tr(mul(t(g), a, d(n.b()))), PRODUCT).readsOff(mul(t(a), g));
  }

  // d(Aᵀ) = (dA)ᵀ; tr(Gᵀ dAᵀ) = tr(dA G) = tr(G dA) ⇒ G_A = Gᵀ  [3, 10, 12]
  private void dTranspose(Node.Transpose n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), t(d(n.a())))), TRANSPOSE)
        .rearranges(tr(mul(g, d(n.a()))), TRACE_OF_TRANSPOSE, TRACE_IS_CYCLIC)
        .readsOff(t(g));
  }

  // d(sA) = ds A + s dA; tr(Gᵀ ds A) = tr(GᵀA) ds ⇒ g_s = tr(GᵀA), G_A = sG  [2, 11]
  private void dScale(Node.Scale n, StepBuilder s) {
    Sym g = s.g();
    Sym sc = ref(n.s());
    Sym a = ref(n.a());
    s.operand(n.s()).expands(smul(d(n.s()), tr(mul(t(g), a))), PRODUCT, TRACE_IS_LINEAR).readsOff(dot(g, a));
    s.operand(n.a()).expands(tr(mul(t(g), scale(sc, d(n.a())))), PRODUCT).readsOff(scale(sc, g));
  }

  // d(A ⊙ B) = dA ⊙ B + A ⊙ dB; tr(Gᵀ(dA ⊙ B)) = tr((G ⊙ B)ᵀ dA) ⇒ G_A = G ⊙ B, G_B = G ⊙ A  [7, 13]
  private void dHadamard(Node.Hadamard n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym bb = ref(n.b());
    s.operand(n.a()).expands(tr(mul(t(g), had(d(n.a()), bb))), HADAMARD).readsOff(had(g, bb), TRACE_OF_HADAMARD);
    s.operand(n.b()).expands(tr(mul(t(g), had(a, d(n.b())))), HADAMARD).readsOff(had(g, a), TRACE_OF_HADAMARD);
  }

  // d(A / B) = dA / B − A / (B ⊙ B) ⊙ dB ⇒ G_A = G / B, G_B = −G ⊙ A / (B ⊙ B)  [7, 8, 13]
  private void dDiv(Node.Div n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym bb = ref(n.b());
    s.operand(n.a()).expands(tr(mul(t(g), div(d(n.a()), bb))), HADAMARD).readsOff(div(g, bb), TRACE_OF_HADAMARD);
    s.operand(n.b()).expands(sneg(tr(mul(t(g), had(div(a, had(bb, bb)), d(n.b()))))), HADAMARD, ENTRYWISE)
        .readsOff(neg(div(had(g, a), had(bb, bb))), TRACE_OF_HADAMARD);
  }

  // d(A⁻¹) = −A⁻¹ dA A⁻¹; tr(−Gᵀ A⁻¹ dA A⁻¹) = tr(−A⁻¹ Gᵀ A⁻¹ dA) ⇒ G_A = −A⁻ᵀ G A⁻ᵀ  [5, 12]
  private void dInverse(Node.Inv n, StepBuilder s) {
    Sym g = s.g();
    Sym z = ref(s.z); // the forward A⁻¹, reused
    s.operand(n.a()).expands(sneg(tr(mul(t(g), z, d(n.a()), z))), INVERSE)
        .rearranges(sneg(tr(mul(z, t(g), z, d(n.a())))), TRACE_IS_CYCLIC)
        .readsOff(neg(mul(t(z), g, t(z))));
  }

  // d σ(A) = σ′(A) ⊙ dA; tr(Gᵀ(σ′(A) ⊙ dA)) = tr((G ⊙ σ′(A))ᵀ dA) ⇒ G_A = G ⊙ σ′(A)  [8, 13]
  private void dElementwise(Node.Entrywise n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    s.operand(n.a()).expands(tr(mul(t(g), had(deriv(n.fn(), a), d(n.a())))), ENTRYWISE)
        .readsOff(had(g, deriv(n.fn(), a)), TRACE_OF_HADAMARD);
  }

  // d σ′(A) = σ″(A) ⊙ dA; tr(Gᵀ(σ″(A) ⊙ dA)) = tr((G ⊙ σ″(A))ᵀ dA) ⇒ G_A = G ⊙ σ″(A)  [8, 13]
  // (σ″ is σ′'s own expression differentiated: derivatives of gradients follow the same rules)
  private void dEntrywiseDerivative(Node.EntrywiseDerivative n, StepBuilder s) {
    Sym g = s.g();
    Sym second = n.fn().secondDerivative(Syms.matrix(shape(n.a())), ref(n.a()));
    s.operand(n.a()).expands(tr(mul(t(g), had(second, d(n.a())))), ENTRYWISE)
        .readsOff(had(g, second), TRACE_OF_HADAMARD);
  }

  // d(A^p) = p A^(p−1) ⊙ dA + A^p ⊙ log(A) dp ⇒ G_A = G ⊙ p A^(p−1), g_p = tr(Gᵀ(A^p ⊙ log A))  [8, 13]
  // (the front end rejects an exponent that depends on a wrt parameter; the p term is for
  // completeness and only recorded when p is active)
  private void dPower(Node.Pow n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym p = ref(n.p());
    Sym slope = scale(p, pow(a, ssub(p, num(1))));
    s.operand(n.a()).expands(tr(mul(t(g), had(slope, d(n.a())))), ENTRYWISE).readsOff(had(g, slope), TRACE_OF_HADAMARD);
    Sym byP = had(ref(s.z), map(EntrywiseFunction.LOG, a));
    s.operand(n.p()).expands(smul(d(n.p()), tr(mul(t(g), byP))), ENTRYWISE).readsOff(dot(g, byP), TRACE_OF_HADAMARD);
  }

  // per column, d softmax(a) = s ⊙ da − s(sᵀda) ⇒ G_A = S ⊙ (G − 𝟏𝟏ᵀ(S ⊙ G))  [2, 7, 8, 11, 12, 13]
  // (S is the forward softmax, reused; 𝟏𝟏ᵀ(S ⊙ G) repeats each column sum down its column)
  private void dSoftmax(Node.Softmax n, StepBuilder s) {
    Sym g = s.g();
    Sym sm = ref(s.z);
    Sym da = d(n.a());
    s.operand(n.a()).expands(tr(mul(t(g), sub(had(sm, da), scaleColumns(sm, colSums(had(sm, da)))))), PRODUCT, HADAMARD, ENTRYWISE)
        .readsOff(had(sm, sub(g, broadcastRows(colSums(had(sm, g)), rows(n.a())))), TRACE_IS_LINEAR, TRACE_IS_CYCLIC, TRACE_OF_HADAMARD);
  }

  // d logSoftmax(A) = dA − 𝟏𝟏ᵀ(softmax(A) ⊙ dA) ⇒ G_A = G − softmax(A)(𝟏ᵀG)  [1, 8, 11, 12, 13]
  // (the general form: 𝟏ᵀG is not 1 unless y is a probability vector; softmax(A) is a new node,
  // which prepareForLowering turns into exp(logSoftmax(A)))
  private void dLogSoftmax(Node.LogSoftmax n, StepBuilder s) {
    Sym g = s.g();
    Sym sm = softmax(ref(n.a()));
    Sym da = d(n.a());
    s.operand(n.a())
        .expands(List.of(tr(mul(t(g), da)), sneg(tr(mul(t(g), broadcastRows(colSums(had(sm, da)), rows(n.a())))))), SUM, ENTRYWISE)
        .readsOff(sub(g, scaleColumns(sm, colSums(g))), TRACE_IS_LINEAR, TRACE_IS_CYCLIC, TRACE_OF_HADAMARD);
  }

  // d(A + b𝟏ᵀ) = dA + db 𝟏ᵀ; tr(Gᵀ db 𝟏ᵀ) = tr(𝟏ᵀGᵀ db) ⇒ G_A = G, G_b = G𝟏  [1, 2, 12]
  private void dAddColumn(Node.AddColumn n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), d(n.a()))), SUM).readsOff(g);
    s.operand(n.b()).expands(tr(mul(t(g), broadcastCols(d(n.b()), cols(n.a())))), SUM, PRODUCT).readsOff(rowSums(g), TRACE_IS_CYCLIC);
  }

  // d(A𝟏) = dA 𝟏; tr(Gᵀ dA 𝟏) = tr(𝟏Gᵀ dA) ⇒ G_A = G𝟏ᵀ  [2, 12]
  private void dRowSums(Node.RowSums n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), rowSums(d(n.a())))), PRODUCT)
        .rearranges(tr(mul(broadcastRows(t(g), cols(n.a())), d(n.a()))), TRACE_IS_CYCLIC)
        .readsOff(broadcastCols(g, cols(n.a())));
  }

  // d(𝟏ᵀA) = 𝟏ᵀdA; tr(Gᵀ𝟏ᵀdA) = tr((𝟏G)ᵀ dA) ⇒ G_A = 𝟏G  [2]
  private void dColSums(Node.ColSums n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), colSums(d(n.a())))), PRODUCT).readsOff(broadcastRows(g, rows(n.a())));
  }

  // d(A diag(r)) = dA diag(r) + A diag(dr) ⇒ G_A = G diag(r), g_r = 𝟏ᵀ(G ⊙ A)  [2, 12, 13]
  private void dScaleColumns(Node.ScaleColumns n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym r = ref(n.r());
    s.operand(n.a()).expands(tr(mul(t(g), scaleColumns(d(n.a()), r))), PRODUCT).readsOff(scaleColumns(g, r), TRACE_IS_CYCLIC);
    s.operand(n.r()).expands(tr(mul(t(g), scaleColumns(a, d(n.r())))), PRODUCT).readsOff(colSums(had(g, a)), TRACE_IS_CYCLIC, TRACE_OF_HADAMARD);
  }

  // d(v𝟏ᵀ) = dv 𝟏ᵀ; tr(Gᵀ dv 𝟏ᵀ) = tr((G𝟏)ᵀ dv) ⇒ G_v = G𝟏  [2, 12]
  private void dBroadcastCols(Node.BroadcastCols n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.v()).expands(tr(mul(t(g), broadcastCols(d(n.v()), n.cols()))), PRODUCT).readsOff(rowSums(g), TRACE_IS_CYCLIC);
  }

  // d(𝟏r) = 𝟏 dr; tr(Gᵀ𝟏 dr) = tr((𝟏ᵀG)ᵀ dr) ⇒ G_r = 𝟏ᵀG  [2]
  private void dBroadcastRows(Node.BroadcastRows n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.r()).expands(tr(mul(t(g), broadcastRows(d(n.r()), n.rows()))), PRODUCT).readsOff(colSums(g));
  }

  // d(s𝟏𝟏ᵀ) = ds 𝟏𝟏ᵀ; tr(Gᵀ𝟏𝟏ᵀ) ds = 𝟏ᵀG𝟏 ds ⇒ g_s = 𝟏ᵀG𝟏  [2, 12]
  private void dFill(Node.Fill n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.s()).expands(tr(mul(t(g), fill(d(n.s()), n.shape()))), PRODUCT).readsOff(sum(g), TRACE_IS_CYCLIC);
  }

  // d(sI) = ds I; tr(Gᵀ I) ds = tr(G) ds ⇒ g_s = tr(G)  [2, 10]
  private void dEye(Node.Eye n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.s()).expands(tr(mul(t(g), eye(d(n.s()), n.n()))), PRODUCT).readsOff(tr(g), TRACE_OF_TRANSPOSE);
  }

  // Z = A⁻¹B: dZ = −A⁻¹ dA Z + A⁻¹ dB ⇒ G_A = −A⁻ᵀ G Zᵀ, G_B = A⁻ᵀ G  [2, 5, 12]
  private void dSolve(Node.Solve n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym z = ref(s.z);
    s.operand(n.a()).expands(sneg(tr(mul(t(g), solve(a, mul(d(n.a()), z))))), PRODUCT, INVERSE)
        .readsOff(neg(mul(solve(t(a), g), t(z))), TRACE_IS_CYCLIC);
    s.operand(n.b()).expands(tr(mul(t(g), solve(a, d(n.b())))), PRODUCT).readsOff(solve(t(a), g), TRACE_IS_CYCLIC);
  }

  // max(A, B): d = H(A − B) ⊙ dA + H(B − A) ⊙ dB ⇒ G_A = G ⊙ H(A − B), G_B = G ⊙ H(B − A);
  // min(A, B) swaps the steps  [17, 13]
  private void dMaxMin(int a, int bb, boolean max, StepBuilder s) {
    Sym g = s.g();
    Sym toA = map(EntrywiseFunction.HALF_STEP, max ? sub(ref(a), ref(bb)) : sub(ref(bb), ref(a)));
    Sym toB = map(EntrywiseFunction.HALF_STEP, max ? sub(ref(bb), ref(a)) : sub(ref(a), ref(bb)));
    s.operand(a).expands(tr(mul(t(g), had(toA, d(a)))), MAX_MIN).readsOff(had(g, toA), TRACE_OF_HADAMARD);
    s.operand(bb).expands(tr(mul(t(g), had(toB, d(bb)))), MAX_MIN).readsOff(had(g, toB), TRACE_OF_HADAMARD);
  }

  // d diag(v) = diag(dv); tr(Gᵀ diag(dv)) = diagonal(G)ᵀ dv ⇒ G_v = diagonal(G) (its transpose
  // for a row v)  [18]
  private void dDiag(Node.Diag n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.v()).expands(tr(mul(t(g), diag(d(n.v()), n.row()))), DIAGONAL)
        .readsOff(n.row() ? t(diagonal(g)) : diagonal(g));
  }

  // d diagonal(A) = diagonal(dA); tr(Gᵀ diagonal(dA)) = tr(diag(G)ᵀ dA) ⇒ G_A = diag(G)  [18]
  private void dDiagonal(Node.DiagonalOf n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), diagonal(d(n.a())))), DIAGONAL).readsOff(diag(g, false));
  }

  // d pick(A, idx) = pick(dA, idx); tr(gᵀ pick(dA, idx)) = Σ_j g_j dA[idx[j], j]
  // = tr(scatter(g, idx)ᵀ dA) ⇒ G_A = scatter(g, idx), g_j at (idx[j], j)  [19]
  private void dPick(Node.Pick n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(tr(mul(t(g), pick(d(n.a()), n.idx()))), PICK)
        .readsOff(scatter(g, n.idx(), rows(n.a())));
  }

  // d gatherCols(E, idx) = gatherCols(dE, idx); tr(Gᵀ gatherCols(dE, idx)) = Σ_j G[:, j]ᵀ dE[:, idx[j]]
  // = tr(scatterAdd(G, idx)ᵀ dE) ⇒ G_E = scatterAdd(G, idx): column j of G added into column
  // idx[j]  [20]
  private void dGatherCols(Node.GatherCols n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.e()).expands(tr(mul(t(g), gatherCols(d(n.e()), n.idx()))), GATHER)
        .readsOff(scatterAdd(g, n.idx(), cols(n.e())));
  }

  // d scatter(v, idx) = scatter(dv, idx); tr(Gᵀ scatter(dv, idx)) = tr(pick(G, idx)ᵀ dv)
  // ⇒ G_v = pick(G, idx)  [19]
  private void dScatter(Node.Scatter n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.g()).expands(tr(mul(t(g), scatter(d(n.g()), n.idx(), n.rows()))), PICK)
        .readsOff(pick(g, n.idx()));
  }

  // d scatterAdd(V, idx) = scatterAdd(dV, idx); tr(Gᵀ scatterAdd(dV, idx))
  // = tr(gatherCols(G, idx)ᵀ dV) ⇒ G_V = gatherCols(G, idx)  [20]
  private void dScatterAdd(Node.ScatterAdd n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.g()).expands(tr(mul(t(g), scatterAdd(d(n.g()), n.idx(), n.cols()))), GATHER)
        .readsOff(gatherCols(g, n.idx()));
  }

  // per column, d colLogSumExp(A) = 𝟏ᵀ(P ⊙ dA) with P = exp(A − 𝟏z), z the forward value;
  // tr(Gᵀ𝟏ᵀ(P ⊙ dA)) = tr((P diag(G))ᵀ dA) ⇒ G_A = P diag(G): softmax(A) with column j scaled by
  // G_j  [16, 12, 13]
  private void dColLogSumExp(Node.ColLogSumExp n, StepBuilder s) {
    Sym g = s.g();
    Sym p = map(EntrywiseFunction.EXP, sub(ref(n.a()), broadcastRows(ref(s.z), rows(n.a()))));
    s.operand(n.a()).expands(tr(mul(t(g), colSums(had(p, d(n.a()))))), COL_LOG_SUM_EXP)
        .readsOff(scaleColumns(p, g), TRACE_IS_CYCLIC, TRACE_OF_HADAMARD);
  }

  // ---------------------------------------------------------------- scalar-valued ops; g = ∂l/∂z

  // d‖A‖ = tr(Aᵀ dA)/‖A‖ ⇒ G_A = g A/‖A‖, 0 at A = 0  [14]; g tr(…) = tr(g …)  [11]
  private void dNorm(Node.Norm n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym over = smap(EntrywiseFunction.RECIPROCAL, ref(s.z));
    s.operand(n.a()).expands(smul(g, over, tr(mul(t(a), d(n.a())))), NORM).readsOff(scale(smul(g, over), a), TRACE_IS_LINEAR);
  }

  // d logSumExp(A) = tr(Pᵀ dA), P = exp(A − z𝟏𝟏ᵀ) (the softmax of all entries, from the forward
  // value z) ⇒ G_A = g P  [15]; g tr(Pᵀ dA) = tr(g Pᵀ dA)  [11]
  private void dLogSumExp(Node.LogSumExp n, StepBuilder s) {
    Sym g = s.g();
    Sym p = map(EntrywiseFunction.EXP, sub(ref(n.a()), fill(ref(s.z), shape(n.a()))));
    s.operand(n.a()).expands(smul(g, tr(mul(t(p), d(n.a())))), LOG_SUM_EXP).readsOff(scale(g, p), TRACE_IS_LINEAR);
  }

  // d tr(A) = tr(dA) = tr(Iᵀ dA) ⇒ G_A = g I  [4]; g tr(dA) = tr(g dA)  [11]
  private void dTrace(Node.Trace n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(smul(g, tr(d(n.a()))), TRACE).readsOff(eye(g, rows(n.a())), TRACE_IS_LINEAR);
  }

  // d|A| = |A| tr(A⁻¹ dA) ⇒ G_A = g |A| A⁻ᵀ  [6]; g |A| tr(A⁻¹ dA) = tr(g |A| A⁻¹ dA)  [11]
  private void dDet(Node.Det n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym z = ref(s.z);
    s.operand(n.a()).expands(smul(g, z, tr(mul(inv(a), d(n.a())))), DETERMINANT).readsOff(scale(smul(g, z), t(inv(a))), TRACE_IS_LINEAR);
  }

  // d log|A| = tr(A⁻¹ dA) ⇒ G_A = g A⁻ᵀ  [6]; g tr(A⁻¹ dA) = tr(g A⁻¹ dA)  [11]
  private void dLogDet(Node.LogDet n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    s.operand(n.a()).expands(smul(g, tr(mul(inv(a), d(n.a())))), DETERMINANT).readsOff(scale(g, t(inv(a))), TRACE_IS_LINEAR);
  }

  // d(𝟏ᵀA𝟏) = 𝟏ᵀdA𝟏 = tr(𝟏𝟏ᵀ dA) ⇒ G_A = g 𝟏𝟏ᵀ  [2, 9, 11, 12]
  private void dSum(Node.Sum n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(smul(g, sum(d(n.a()))), PRODUCT).readsOff(fill(g, shape(n.a())), SCALAR_IS_ITS_TRACE, TRACE_IS_LINEAR, TRACE_IS_CYCLIC);
  }

  // d tr(AᵀB) = tr(dAᵀ B) + tr(Aᵀ dB) = tr(Bᵀ dA) + tr(Aᵀ dB) ⇒ G_A = g B, G_B = g A  [2, 3, 4, 10];
  // g tr(Aᵀ dB) = tr(g Aᵀ dB)  [11]
  private void dDot(Node.Dot n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym bb = ref(n.b());
    s.operand(n.a()).expands(smul(g, tr(mul(t(d(n.a())), bb))), PRODUCT, TRANSPOSE, TRACE).readsOff(scale(g, bb), TRACE_OF_TRANSPOSE, TRACE_IS_LINEAR);
    s.operand(n.b()).expands(smul(g, tr(mul(t(a), d(n.b())))), PRODUCT, TRACE).readsOff(scale(g, a), TRACE_IS_LINEAR);
  }

  // d‖A‖² = d tr(AᵀA) = 2 tr(Aᵀ dA) ⇒ G_A = 2g A  [2, 3, 4, 10]; 2g tr(Aᵀ dA) = tr(2g Aᵀ dA)  [11]
  private void dSumSq(Node.SumSq n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    s.operand(n.a()).expands(smul(num(2), g, tr(mul(t(a), d(n.a())))), PRODUCT, TRANSPOSE, TRACE, TRACE_OF_TRANSPOSE).readsOff(scale(smul(num(2), g), a), TRACE_IS_LINEAR);
  }

  // for a 1×1 A, d scalar(A) = tr(dA) ⇒ G_A = g (as a 1×1 matrix)  [9]; g tr(dA) = tr(g dA)  [11]
  private void dScalarOf(Node.ScalarOf n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(smul(g, tr(d(n.a()))), SCALAR_IS_ITS_TRACE).readsOff(fill(g, shape(n.a())), TRACE_IS_LINEAR);
  }

  // d(a + b) = da + db ⇒ g_a = g, g_b = g  [1]
  private void dScalarAdd(Node.ScalarAdd n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(smul(g, d(n.a())), SUM).readsOff(g);
    s.operand(n.b()).expands(smul(g, d(n.b())), SUM).readsOff(g);
  }

  // d(a − b) = da − db ⇒ g_a = g, g_b = −g  [1]
  private void dScalarSub(Node.ScalarSub n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(smul(g, d(n.a())), SUM).readsOff(g);
    s.operand(n.b()).expands(sneg(smul(g, d(n.b()))), SUM).readsOff(sneg(g));
  }

  // d(−a) = −da ⇒ g_a = −g  [1]
  private void dScalarNeg(Node.ScalarNeg n, StepBuilder s) {
    Sym g = s.g();
    s.operand(n.a()).expands(sneg(smul(g, d(n.a()))), SUM).readsOff(sneg(g));
  }

  // d(ab) = da b + a db ⇒ g_a = g b, g_b = g a  [2]
  private void dScalarMul(Node.ScalarMul n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym bb = ref(n.b());
    s.operand(n.a()).expands(smul(g, bb, d(n.a())), PRODUCT).readsOff(smul(g, bb));
    s.operand(n.b()).expands(smul(g, a, d(n.b())), PRODUCT).readsOff(smul(g, a));
  }

  // d(a/b) = da/b − (a/b) db/b ⇒ g_a = g/b, g_b = −g (a/b)/b  [2, 8]
  private void dScalarDiv(Node.ScalarDiv n, StepBuilder s) {
    Sym g = s.g();
    Sym bb = ref(n.b());
    Sym z = ref(s.z);
    s.operand(n.a()).expands(sdiv(smul(g, d(n.a())), bb), PRODUCT, ENTRYWISE).readsOff(sdiv(g, bb));
    s.operand(n.b()).expands(sneg(sdiv(smul(g, z, d(n.b())), bb)), PRODUCT, ENTRYWISE).readsOff(sneg(sdiv(smul(g, z), bb)));
  }

  // d f(a) = f′(a) da ⇒ g_a = g f′(a), f′ from the function's own entry  [8]
  private void dScalarFunction(Node.ScalarFunction n, StepBuilder s) {
    Sym g = s.g();
    Sym slope = n.fn().derivative(Syms.scalar(), ref(n.a()));
    s.operand(n.a()).expands(smul(g, slope, d(n.a())), ENTRYWISE).readsOff(smul(g, slope));
  }

  // d(a^p) = p a^(p−1) da + a^p log(a) dp ⇒ g_a = g p a^(p−1), g_p = g a^p log a  [8]
  private void dScalarPow(Node.ScalarPow n, StepBuilder s) {
    Sym g = s.g();
    Sym a = ref(n.a());
    Sym p = ref(n.p());
    Sym slope = smul(p, spow(a, ssub(p, num(1))));
    s.operand(n.a()).expands(smul(g, slope, d(n.a())), ENTRYWISE).readsOff(smul(g, slope));
    Sym byP = smul(ref(s.z), smap(EntrywiseFunction.LOG, a));
    s.operand(n.p()).expands(smul(g, byP, d(n.p())), ENTRYWISE).readsOff(smul(g, byP));
  }

  // ---------------------------------------------------------------- step recording

  /** Collects the terms of one intermediate's step. */
  private final class StepBuilder {
    private final int z;
    private final int adjoint;
    private final List<DerivationLog.Term> terms = new ArrayList<>();

    StepBuilder(int z, int adjoint) {
      this.z = z;
      this.adjoint = adjoint;
    }

    /** G = ∂l/∂Z as a symbol. */
    Sym g() {
      return adj(z);
    }

    TermBuilder operand(int a) {
      return new TermBuilder(this, a);
    }

    DerivationLog.AdjointStep build() {
      return new DerivationLog.AdjointStep(z, adjoint, terms);
    }
  }

  /** One term of a step; inert when its operand does not depend on a wrt parameter. */
  private final class TermBuilder {
    private final StepBuilder step;
    private final int operand;
    private List<Sym> expanded = List.of();
    private List<TraceRule> rules = List.of();
    private Sym rearranged;
    private final List<TraceRule> tricks = new ArrayList<>();

    TermBuilder(StepBuilder step, int operand) {
      this.step = step;
      this.operand = operand;
    }

    TermBuilder expands(Sym term, TraceRule... rules) {
      return expands(List.of(term), rules);
    }

    TermBuilder expands(List<Sym> sumOfTerms, TraceRule... rules) {
      this.expanded = sumOfTerms;
      this.rules = List.of(rules);
      return this;
    }

    TermBuilder rearranges(Sym term, TraceRule... moreTricks) {
      this.rearranged = term;
      tricks.addAll(List.of(moreTricks));
      return this;
    }

    /** Records the term and adds M to ∂l/∂A; does nothing for an operand that is data. */
    void readsOff(Sym m, TraceRule... moreTricks) {
      if (!active.get(operand)) {
        return;
      }
      tricks.addAll(List.of(moreTricks));
      // M mentions only ∂l/∂Z (the step's own adjoint), which is a node by now
      int id = SymCompiler.compile(m, b, node -> {
        if (node != step.z) {
          throw new IllegalStateException("a term of %" + step.z + " refers to ∂l/∂%" + node);
        }
        return step.adjoint;
      });
      contribute(operand, id);
      step.terms.add(new DerivationLog.Term(
          operand, expanded, rules, rearranged, tricks.stream().distinct().sorted().toList(), m, id));
    }
  }
}
