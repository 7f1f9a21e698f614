package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.lower.Expr.Idx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lower stage: turns every stored node into the step that computes it, in id (topological) order,
 * into the forward or the backward pass; then appends the gradient outputs that are not computed
 * in place. LU factorisations are created on first use, one per matrix node, in the earliest pass
 * that needs them.
 */
final class Scheduler {
  private final Program program;
  private final Graph graph;
  private final int loss;
  private final List<Integer> gradients;
  private final Usage usage;
  private final Storage storage;
  private final ExprBuilder exprs;
  private final NodeText text;
  private final List<Step> forward = new ArrayList<>();
  private final List<Step> backward = new ArrayList<>();
  private final Map<Integer, Integer> luPasses = new HashMap<>();
  private final Map<Integer, LuFactors> factors = new HashMap<>();
  private final List<LuFactors> factorOrder = new ArrayList<>();
  private final Map<LuFactors, Integer> factoredNode = new HashMap<>();
  private final Set<LuFactors> checkedForward = new HashSet<>();
  private final Set<LuFactors> checkedBackward = new HashSet<>();
  private final boolean hasDet;

  Scheduler(Program program, Derivation derivation) {
    this.program = program;
    this.graph = derivation.graph();
    this.loss = derivation.loss();
    this.gradients = derivation.gradients();
    this.usage = new Usage(graph, loss, gradients);
    this.storage = new Storage(program, graph, loss, gradients, usage);
    this.exprs = new ExprBuilder(graph, storage);
    this.text = new NodeText(graph, this::nameOf);
    boolean det = false;
    for (int id = 0; id < graph.size(); id++) {
      if (!usage.live(id)) {
        continue;
      }
      Node n = graph.node(id);
      det |= n instanceof Node.Det;
      Optional<Integer> m = factoredMatrix(n);
      if (m.isPresent()) {
        luPasses.merge(m.get(), usage.passOf(id), (a, b) -> a | b);
      }
    }
    this.hasDet = det;
  }

  LoopProgram run() {
    for (int id = 0; id < graph.size(); id++) {
      if (usage.live(id)) {
        schedule(id, usage.passOf(id) == Usage.FORWARD ? forward : backward);
      }
    }
    writeOutputs();
    List<Step> fwd = LoopFusion.fuse(forward);
    List<Step> bwd = LoopFusion.fuse(checksFirst(backward));
    List<LoopProgram.Gradient> outs = new ArrayList<>();
    List<Parameter> wrt = program.wrtParams();
    for (int w = 0; w < wrt.size(); w++) {
      outs.add(new LoopProgram.Gradient(wrt.get(w), storage.outputName(w), storage.output(w)));
    }
    return new LoopProgram(
        program.sourceName(),
        program.params(),
        scratch(fwd, bwd),
        shared(fwd),
        factorOrder,
        fwd,
        exprs.scalar(loss),
        bwd,
        outs);
  }

  /**
   * The backward pass with its singularity checks of forward factorisations moved to the front,
   * so a singular matrix fails before any output buffer is written (as wrong shapes do).
   */
  private List<Step> checksFirst(List<Step> pass) {
    Set<LuFactors> forwardFactors = new HashSet<>();
    for (Step s : forward) {
      if (s instanceof Step.Factor f) {
        forwardFactors.add(f.lu());
      }
    }
    List<Step> checks = new ArrayList<>();
    List<Step> rest = new ArrayList<>();
    for (Step s : pass) {
      boolean early = s instanceof Step.RequireNonSingular r && forwardFactors.contains(r.lu());
      (early ? checks : rest).add(s);
    }
    checks.addAll(rest);
    return checks;
  }

  // ---------------------------------------------------------------- one node

  private void schedule(int id, List<Step> steps) {
    if (graph.isScalar(id)) {
      Optional<ScalarVar> v = storage.scalar(id);
      if (v.isPresent() && v.get().kind() != ScalarVar.Origin.PARAM) {
        scalarStep(id, v.get(), steps);
      }
      return;
    }
    Optional<Buffer> b = storage.buffer(id);
    if (b.isPresent() && b.get().kind() != Buffer.Role.PARAM) {
      matrixStep(id, b.get(), steps);
    }
  }

  private void matrixStep(int id, Buffer out, List<Step> steps) {
    Node n = graph.node(id);
    String comment = text.definition(id);
    if (n instanceof Node.MatMul x) {
      steps.add(product(out, x.a(), x.b(), comment));
    } else if (n instanceof Node.Inv x) {
      LuFactors lu = factors(x.a(), steps);
      require(lu, steps, "inv: ");
      steps.add(new Step.Inverse(out, lu, comment));
    } else if (n instanceof Node.Solve x) {
      Storage.Stripped a = storage.strip(x.a());
      LuFactors lu = factors(a.id(), steps);
      require(lu, steps, "inv: ");
      steps.add(new Step.LuSolve(out, lu, a.transposed(), bufferOf(x.b()), comment));
    } else if (n instanceof Node.Softmax x) {
      steps.add(softmax(out, x.a(), false, comment));
    } else if (n instanceof Node.LogSoftmax x) {
      steps.add(softmax(out, x.a(), true, comment));
    } else if (n instanceof Node.ColLogSumExp x) {
      Buffer.Role kind = out.kind() == Buffer.Role.FORWARD ? Buffer.Role.FORWARD : Buffer.Role.BACKWARD;
      Buffer max = Buffer.of(storage.claim(out.name() + "Max"), out.shape(), kind);
      steps.add(new Step.ColumnLogSumExp(out, bufferOf(x.a()), max, comment));
    } else if (n instanceof Node.Pick x) {
      steps.add(new Step.Indexed(Step.Indexed.Kind.PICK, out, bufferOf(x.a()), x.idx(), comment));
    } else if (n instanceof Node.GatherCols x) {
      steps.add(new Step.Indexed(Step.Indexed.Kind.GATHER_COLS, out, bufferOf(x.e()), x.idx(), comment));
    } else if (n instanceof Node.Scatter x) {
      steps.add(new Step.Indexed(Step.Indexed.Kind.SCATTER, out, bufferOf(x.g()), x.idx(), comment));
    } else if (n instanceof Node.ScatterAdd x) {
      steps.add(new Step.Indexed(Step.Indexed.Kind.SCATTER_ADD, out, bufferOf(x.g()), x.idx(), comment));
    } else if (n instanceof Node.RowSums x) {
      Domain d = Domain.of(storage.shape(x.a()));
      steps.add(loop(d, new LoopOutput.RowSum(out, entry(x.a(), d), comment)));
    } else if (n instanceof Node.ColSums x) {
      Domain d = Domain.of(storage.shape(x.a()));
      steps.add(loop(d, new LoopOutput.ColSum(out, entry(x.a(), d), comment)));
    } else {
      Domain d = Domain.of(storage.shape(id));
      Expr value = exprs.definition(id, d.rowIdx(), d.colIdx());
      steps.add(loop(d, new LoopOutput.Store(out, value, comment)));
    }
  }

  private void scalarStep(int id, ScalarVar out, List<Step> steps) {
    Node n = graph.node(id);
    String comment = text.definition(id);
    if (n instanceof Node.Sum x) {
      Domain d = Domain.of(storage.shape(x.a()));
      steps.add(loop(d, new LoopOutput.FullSum(out, entry(x.a(), d), comment)));
    } else if (n instanceof Node.SumSq x) {
      Domain d = Domain.of(storage.shape(x.a()));
      Expr sq = new Expr.Call(EntrywiseFunction.SQUARE, entry(x.a(), d));
      steps.add(loop(d, new LoopOutput.FullSum(out, sq, comment)));
    } else if (n instanceof Node.Dot x) {
      Domain d = Domain.of(storage.shape(x.a()));
      Expr term = new Expr.Binary(Expr.Arithmetic.MUL, entry(x.a(), d), entry(x.b(), d));
      steps.add(loop(d, new LoopOutput.FullSum(out, term, comment)));
    } else if (n instanceof Node.Trace x) {
      Domain d = Domain.diagonal(storage.shape(x.a()).rows());
      steps.add(loop(d, new LoopOutput.FullSum(out, entry(x.a(), d), comment)));
    } else if (n instanceof Node.LogSumExp x) {
      steps.add(new Step.FullLogSumExp(out, bufferOf(x.a()), comment));
    } else if (n instanceof Node.Det x) {
      steps.add(new Step.Determinant(out, factors(x.a(), steps), comment));
    } else if (n instanceof Node.LogDet x) {
      LuFactors lu = factors(x.a(), steps);
      require(lu, steps, "logdet: ");
      steps.add(new Step.LogDeterminant(out, lu, comment));
    } else {
      steps.add(new Step.Assign(out, exprs.scalarDefinition(id), comment));
    }
  }

  private static Step.Loop loop(Domain d, LoopOutput o) {
    return new Step.Loop(d, List.of(o));
  }

  private Expr entry(int id, Domain d) {
    return exprs.entry(id, d.rowIdx(), d.colIdx());
  }

  // ---------------------------------------------------------------- products

  /**
   * C = α·op(A)op(B) with transposes, scalings and negations of the operands folded in (α is
   * their product); the runtime kernel chooses its loops from the transposes and extents.
   */
  private Step.Product product(Buffer out, int a, int b, String comment) {
    Storage.ProductOperand sa = storage.operand(a);
    Storage.ProductOperand sb = storage.operand(b);
    Shape sc = out.shape();
    Shape shapeA = storage.shape(sa.id());
    Dim p = sa.transposed() ? shapeA.rows() : shapeA.cols();
    return new Step.Product(out, bufferOf(sa.id()), sa.transposed(), bufferOf(sb.id()),
        sb.transposed(), sc.rows(), p, sc.cols(), alpha(sa, sb), comment);
  }

  /** The product of the operands' scalar factors, or null for 1. */
  private Expr alpha(Storage.ProductOperand a, Storage.ProductOperand b) {
    Expr alpha = null;
    List<Integer> scales = new ArrayList<>(a.scales());
    scales.addAll(b.scales());
    for (int s : scales) {
      Expr f = exprs.scalar(s);
      alpha = alpha == null ? f : new Expr.Binary(Expr.Arithmetic.MUL, alpha, f);
    }
    if (a.negated() != b.negated()) {
      alpha = alpha == null ? new Expr.Literal(-1) : new Expr.Negate(alpha);
    }
    return alpha;
  }

  // ---------------------------------------------------------------- kernels

  private Step.ColumnSoftmax softmax(Buffer out, int a, boolean log, String comment) {
    Shape row = new Shape(Dim.ONE, out.shape().cols());
    Buffer.Role kind = out.kind() == Buffer.Role.FORWARD ? Buffer.Role.FORWARD : Buffer.Role.BACKWARD;
    Buffer max = Buffer.of(storage.claim(out.name() + "Max"), row, kind);
    Buffer sum = Buffer.of(storage.claim(out.name() + "Sum"), row, kind);
    return new Step.ColumnSoftmax(out, bufferOf(a), log, max, sum, comment);
  }

  /** The matrix whose LU factorisation a node needs, if any. */
  private Optional<Integer> factoredMatrix(Node n) {
    if (n instanceof Node.Det x) {
      return Optional.of(x.a());
    }
    if (n instanceof Node.LogDet x) {
      return Optional.of(x.a());
    }
    if (n instanceof Node.Inv x) {
      return Optional.of(x.a());
    }
    if (n instanceof Node.Solve x) {
      return Optional.of(storage.strip(x.a()).id());
    }
    return Optional.empty();
  }

  /**
   * The factorisation of a matrix node, created on first request. It goes into the forward pass
   * when any forward node needs it (the matrix is then a forward value, computed earlier in the
   * list), else into the backward pass; a forward factorisation the backward pass reuses keeps
   * its sign in a field.
   */
  private LuFactors factors(int matrix, List<Step> requester) {
    LuFactors existing = factors.get(matrix);
    if (existing != null) {
      return existing;
    }
    int passes = luPasses.get(matrix);
    boolean inForward = (passes & Usage.FORWARD) != 0;
    Buffer m = bufferOf(matrix);
    Dim n = m.shape().rows();
    String base = UniqueNames.capitalised(m.name());
    Buffer.Role kind = inForward ? Buffer.Role.FORWARD : Buffer.Role.BACKWARD;
    Buffer lu = Buffer.of(storage.claim("lu" + base), new Shape(n, n), kind);
    Buffer piv = new Buffer(storage.claim("piv" + base), new Shape(n, Dim.ONE), kind, Buffer.Type.INT);
    boolean shared = inForward && (passes & Usage.BACKWARD) != 0;
    LuFactors f = new LuFactors(m, n, lu, piv, storage.claim("sign" + base), shared);
    factors.put(matrix, f);
    factorOrder.add(f);
    factoredNode.put(f, matrix);
    (inForward ? forward : requester).add(new Step.Factor(f, "LU factors of " + text.reference(matrix)));
    return f;
  }

  /**
   * Fails with SingularMatrixException before the first use of a factorisation that needs an
   * invertible matrix. Determinants alone never check (det of a singular matrix is 0); a check in
   * the backward pass of a matrix whose determinant is taken reports the determinant's gradient.
   */
  private void require(LuFactors lu, List<Step> steps, String op) {
    boolean fwd = steps == forward;
    if (checkedForward.contains(lu) || (!fwd && checkedBackward.contains(lu))) {
      return;
    }
    (fwd ? checkedForward : checkedBackward).add(lu);
    String what = (!fwd && hasDet ? "det gradient: " : op) + matrixText(lu);
    steps.add(new Step.RequireNonSingular(lu, what));
  }

  /** The factored matrix as the user knows it: its name, or its expression if it has none. */
  private String matrixText(LuFactors lu) {
    int id = factoredNode.get(lu);
    boolean userNamed = graph.name(id).isPresent() || graph.node(id) instanceof Node.Param;
    return userNamed ? lu.matrix().name() : text.reference(id);
  }

  // ---------------------------------------------------------------- outputs

  /** Gradients not computed in place: copies, views, and double parameters' gradients. */
  private void writeOutputs() {
    List<Parameter> wrt = program.wrtParams();
    for (int w = 0; w < wrt.size(); w++) {
      int g = gradients.get(w);
      String comment = storage.outputName(w) + " = " + text.reference(g);
      if (!wrt.get(w).matrix()) {
        backward.add(new Step.ScalarOutput(storage.outputName(w), exprs.scalar(g), comment));
        continue;
      }
      Buffer out = storage.output(w);
      if (storage.buffer(g).filter(out::equals).isPresent()) {
        continue;
      }
      if (!storage.dims().same(out.shape(), storage.shape(g))) {
        throw new IllegalStateException("gradient %" + g + " of " + wrt.get(w).name() + " is "
            + storage.shape(g) + ", not " + out.shape());
      }
      Domain d = Domain.of(out.shape());
      backward.add(loop(d, new LoopOutput.Store(out, entry(g, d), comment)));
    }
  }

  // ---------------------------------------------------------------- helpers

  private Buffer bufferOf(int id) {
    return storage.buffer(id).orElseThrow(
        () -> new IllegalStateException("%" + id + " = " + graph.node(id) + " has no buffer"));
  }

  private Optional<String> nameOf(int id) {
    Optional<Buffer> b = storage.buffer(id);
    if (b.isPresent()) {
      return Optional.of(b.get().name());
    }
    return storage.scalar(id).map(ScalarVar::name);
  }

  private static List<Buffer> scratch(List<Step> fwd, List<Step> bwd) {
    Set<Buffer> out = new LinkedHashSet<>();
    for (List<Step> pass : List.of(fwd, bwd)) {
      for (Step s : pass) {
        for (Stored w : s.writes()) {
          if (w instanceof Buffer b && b.kind().scratch()) {
            out.add(b);
          } else if (w instanceof LuFactors f) {
            out.add(f.lu());
            out.add(f.pivots());
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static List<ScalarVar> shared(List<Step> fwd) {
    Set<ScalarVar> out = new LinkedHashSet<>();
    for (Step s : fwd) {
      for (Stored w : s.writes()) {
        if (w instanceof ScalarVar v && v.kind() == ScalarVar.Origin.SHARED) {
          out.add(v);
        }
      }
    }
    return new ArrayList<>(out);
  }
}
