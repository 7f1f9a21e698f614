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
 * into the forward, the backward or (for Hessian-vector products) the tangent pass; then appends
 * the outputs that are not computed in place. LU factorisations are created on first use, one per
 * matrix node, in the earliest pass that needs them.
 */
final class Scheduler {
  private final Program program;
  private final Graph graph;
  private final int loss;
  private final List<Integer> gradients;
  private final List<Integer> products;
  private final List<Parameter> directions;
  private final Usage usage;
  private final Storage storage;
  private final ExprBuilder exprs;
  private final NodeText text;
  private final List<Step> forward = new ArrayList<>();
  private final List<Step> backward = new ArrayList<>();
  private final List<Step> tangent = new ArrayList<>();
  private final List<Step> rest = new ArrayList<>();
  private final Map<Integer, Integer> luPasses = new HashMap<>();
  private final Map<Integer, LuFactors> factors = new HashMap<>();
  private final List<LuFactors> factorOrder = new ArrayList<>();
  private final Map<LuFactors, Integer> factoredNode = new HashMap<>();
  private final Set<LuFactors> checkedForward = new HashSet<>();
  private final Set<LuFactors> checkedBackward = new HashSet<>();
  private final Set<LuFactors> checkedTangent = new HashSet<>();
  private final Set<LuFactors> checkedRest = new HashSet<>();
  private final boolean hasDet;

  Scheduler(Program program, Derivation derivation) {
    this(program, derivation.graph(), derivation.loss(), derivation.gradients(), List.of(), List.of());
  }

  /**
   * @param products the H·v nodes, one per wrt parameter, or none
   * @param directions their direction parameters, or none
   */
  Scheduler(Program program, Graph graph, int loss, List<Integer> gradients, List<Integer> products,
      List<Parameter> directions) {
    this.program = program;
    this.graph = graph;
    this.loss = loss;
    this.gradients = gradients;
    this.products = products;
    this.directions = directions;
    this.usage = new Usage(graph, loss, gradients, products);
    this.storage = new Storage(program, graph, loss, gradients, products, directions, usage);
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
        schedule(id, pass(usage.passOf(id)));
      }
    }
    writeOutputs();
    List<Step> fwd = LoopFusion.fuse(forward);
    List<Step> bwd = LoopFusion.fuse(checksFirst(backward, List.of(forward)));
    List<Step> tan = LoopFusion.fuse(checksFirst(tangent, List.of(forward, backward)));
    List<Step> rst = LoopFusion.fuse(checksFirst(rest, List.of(forward, backward)));
    List<LoopProgram.Gradient> outs = new ArrayList<>();
    List<LoopProgram.Gradient> hvs = new ArrayList<>();
    List<Parameter> wrt = program.wrtParams();
    for (int w = 0; w < wrt.size(); w++) {
      outs.add(new LoopProgram.Gradient(wrt.get(w), storage.outputName(w), storage.output(w)));
      if (!products.isEmpty()) {
        hvs.add(new LoopProgram.Gradient(wrt.get(w), storage.productName(w), storage.productOutput(w)));
      }
    }
    return new LoopProgram(
        program.sourceName(),
        program.params(),
        scratch(List.of(fwd, bwd, tan, rst)),
        shared(List.of(fwd, bwd)),
        factorOrder,
        fwd,
        exprs.scalar(loss),
        bwd,
        rst,
        outs,
        directions,
        tan,
        hvs);
  }

  /**
   * The step list of a pass ({@link Usage#FORWARD}, {@link Usage#BACKWARD}, {@link Usage#TANGENT},
   * {@link Usage#REST}).
   */
  private List<Step> pass(int pass) {
    return switch (pass) {
      case Usage.FORWARD -> forward;
      case Usage.BACKWARD -> backward;
      case Usage.TANGENT -> tangent;
      case Usage.REST -> rest;
      default -> throw new IllegalArgumentException("pass " + pass);
    };
  }

  /**
   * A pass with its singularity checks of earlier passes' factorisations moved to the front, so a
   * singular matrix fails before any output buffer is written (as wrong shapes do).
   */
  private List<Step> checksFirst(List<Step> pass, List<List<Step>> earlier) {
    Set<LuFactors> forwardFactors = new HashSet<>();
    for (List<Step> e : earlier) {
      for (Step s : e) {
        if (s instanceof Step.Factor f) {
          forwardFactors.add(f.lu());
        }
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
      steps.add(softmax(out, x.a(), false, comment, steps));
    } else if (n instanceof Node.LogSoftmax x) {
      steps.add(softmax(out, x.a(), true, comment, steps));
    } else if (n instanceof Node.ColLogSumExp x) {
      columnLogSumExp(out, x.a(), comment, steps);
    } else if (n instanceof Node.Scatter x) {
      steps.add(new Step.Indexed(Step.Indexed.IndexOp.SCATTER, out, bufferOf(x.g()), x.idx(), comment));
    } else if (n instanceof Node.ScatterAdd x) {
      steps.add(new Step.Indexed(Step.Indexed.IndexOp.SCATTER_ADD, out, bufferOf(x.g()), x.idx(), comment));
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
      logSumExp(out, x.a(), comment, steps);
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

  private Step.ColumnSoftmax softmax(Buffer out, int a, boolean log, String comment, List<Step> steps) {
    Shape row = new Shape(Dim.ONE, out.shape().cols());
    Buffer.Role kind = role(steps);
    Buffer max = Buffer.of(storage.claim(out.name() + "Max"), row, kind);
    Buffer sum = Buffer.of(storage.claim(out.name() + "Sum"), row, kind);
    return new Step.ColumnSoftmax(out, bufferOf(a), log, max, sum, comment);
  }

  /**
   * log Σ exp A, shifted by the largest entry as {@code Reductions.logSumExp}: one loop for the
   * maximum m, one for Σ exp(a − m), then m + log Σ. The loops read A where it is stored, else
   * evaluate its entries in place (twice: {@code Storage} stores an operand that is costly to
   * evaluate).
   */
  private void logSumExp(ScalarVar out, int a, String comment, List<Step> steps) {
    Domain d = Domain.of(storage.shape(a));
    Expr x = entry(a, d);
    ScalarVar max = new ScalarVar(storage.claim(out.name() + "Max"), ScalarVar.Origin.LOCAL);
    ScalarVar sum = new ScalarVar(storage.claim(out.name() + "Sum"), ScalarVar.Origin.LOCAL);
    String of = text.reference(a);
    steps.add(loop(d, new LoopOutput.FullMax(max, x, max.name() + " = the largest entry of " + of)));
    steps.add(loop(d, new LoopOutput.FullSum(sum, shiftedExp(x, new Expr.Scalar(max)),
        sum.name() + " = sum(exp(" + of + " - " + max.name() + "))")));
    steps.add(new Step.Assign(out, new Expr.ShiftedLog(new Expr.Scalar(max), new Expr.Scalar(sum)), comment));
  }

  /** The per-column {@link #logSumExp}: maxima and sums in 1×n scratch rows, then the row. */
  private void columnLogSumExp(Buffer out, int a, String comment, List<Step> steps) {
    Domain d = Domain.of(storage.shape(a));
    Expr x = entry(a, d);
    Buffer.Role kind = role(steps);
    Buffer max = Buffer.of(storage.claim(out.name() + "Max"), out.shape(), kind);
    Buffer sum = Buffer.of(storage.claim(out.name() + "Sum"), out.shape(), kind);
    String of = text.reference(a);
    steps.add(loop(d, new LoopOutput.ColMax(max, x, max.name() + " = the column maxima of " + of)));
    Expr colMax = ExprBuilder.read(max, d.rowIdx(), d.colIdx());
    steps.add(loop(d, new LoopOutput.ColSum(sum, shiftedExp(x, colMax),
        sum.name() + " = colSums(exp(" + of + " - " + max.name() + "))")));
    Domain row = Domain.of(out.shape());
    Expr value = new Expr.ShiftedLog(ExprBuilder.read(max, row.rowIdx(), row.colIdx()),
        ExprBuilder.read(sum, row.rowIdx(), row.colIdx()));
    steps.add(loop(row, new LoopOutput.Store(out, value, comment)));
  }

  private static Expr shiftedExp(Expr x, Expr max) {
    return new Expr.Call(EntrywiseFunction.EXP, new Expr.Binary(Expr.Arithmetic.SUB, x, max));
  }

  /** The role of the scratch buffers a pass allocates. */
  private Buffer.Role role(List<Step> steps) {
    return steps == forward ? Buffer.Role.FORWARD : steps == backward ? Buffer.Role.BACKWARD
        : steps == rest ? Buffer.Role.REST : Buffer.Role.TANGENT;
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
   * The factorisation of a matrix node, created on first request. It goes into the earliest pass
   * that needs it (the matrix is then a value of that pass or an earlier one, computed earlier in
   * the list); a factorisation a later pass reuses keeps its sign in a field.
   */
  private LuFactors factors(int matrix, List<Step> requester) {
    LuFactors existing = factors.get(matrix);
    if (existing != null) {
      return existing;
    }
    int passes = luPasses.get(matrix);
    int earliest = Integer.lowestOneBit(passes);
    if (earliest == Usage.TANGENT && (passes & Usage.REST) != 0) {
      // The tangent pass and the rest of the backward pass each run without the other.
      earliest = Usage.BACKWARD;
    }
    List<Step> steps = pass(earliest);
    Buffer m = bufferOf(matrix);
    Dim n = m.shape().rows();
    String base = UniqueNames.capitalised(m.name());
    Buffer.Role kind = role(steps);
    Buffer lu = Buffer.of(storage.claim("lu" + base), new Shape(n, n), kind);
    Buffer piv = new Buffer(storage.claim("piv" + base), new Shape(n, Dim.ONE), kind, Buffer.Type.INT);
    boolean shared = passes != earliest;
    LuFactors f = new LuFactors(m, n, lu, piv, storage.claim("sign" + base), shared);
    factors.put(matrix, f);
    factorOrder.add(f);
    factoredNode.put(f, matrix);
    steps.add(new Step.Factor(f, "LU factors of " + text.reference(matrix)));
    return f;
  }

  /**
   * Fails with SingularMatrixException before the first use of a factorisation that needs an
   * invertible matrix. Determinants alone never check (det of a singular matrix is 0); a check in
   * the backward pass of a matrix whose determinant is taken reports the determinant's gradient.
   */
  private void require(LuFactors lu, List<Step> steps, String op) {
    boolean fwd = steps == forward;
    boolean tan = steps == tangent;
    boolean rst = steps == rest;
    if (checkedForward.contains(lu) || (!fwd && checkedBackward.contains(lu))
        || (tan && checkedTangent.contains(lu)) || (rst && checkedRest.contains(lu))) {
      return;
    }
    (fwd ? checkedForward : tan ? checkedTangent : rst ? checkedRest : checkedBackward).add(lu);
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

  /** Gradients and H·v not computed in place: copies, views, and double parameters' outputs. */
  private void writeOutputs() {
    // With products the copies belong to the rest of the backward pass: the tangent pass reads
    // values, never the caller's gradient buffers.
    writeOutputs(gradients, products.isEmpty() ? backward : rest, storage::outputName, storage::output);
    if (!products.isEmpty()) {
      writeOutputs(products, tangent, storage::productName, storage::productOutput);
    }
  }

  private void writeOutputs(List<Integer> nodes, List<Step> steps, java.util.function.IntFunction<String> names,
      java.util.function.IntFunction<Buffer> outputs) {
    List<Parameter> wrt = program.wrtParams();
    for (int w = 0; w < wrt.size(); w++) {
      int g = nodes.get(w);
      String comment = names.apply(w) + " = " + text.reference(g);
      if (!wrt.get(w).matrix()) {
        steps.add(new Step.ScalarOutput(names.apply(w), exprs.scalar(g), comment));
        continue;
      }
      Buffer out = outputs.apply(w);
      if (storage.buffer(g).filter(out::equals).isPresent()) {
        continue;
      }
      if (!storage.dims().same(out.shape(), storage.shape(g))) {
        throw new IllegalStateException("gradient %" + g + " of " + wrt.get(w).name() + " is "
            + storage.shape(g) + ", not " + out.shape());
      }
      Domain d = Domain.of(out.shape());
      steps.add(loop(d, new LoopOutput.Store(out, entry(g, d), comment)));
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

  private static List<Buffer> scratch(List<List<Step>> passes) {
    Set<Buffer> out = new LinkedHashSet<>();
    for (List<Step> pass : passes) {
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

  /** The scalars a pass computes for a later one, in the order they are computed. */
  private static List<ScalarVar> shared(List<List<Step>> passes) {
    Set<ScalarVar> out = new LinkedHashSet<>();
    for (List<Step> pass : passes) {
      for (Step s : pass) {
        for (Stored w : s.writes()) {
          if (w instanceof ScalarVar v && v.kind() == ScalarVar.Origin.SHARED) {
            out.add(v);
          }
        }
      }
    }
    return new ArrayList<>(out);
  }
}
