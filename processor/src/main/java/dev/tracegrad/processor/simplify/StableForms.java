package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The numerically stable forms of what users write in textbook form (LANGUAGE.md §6), applied to
 * the program before it is derived, so that the loss, its gradient and the derivation text are all
 * the stable form's: log σ(z) = −softplus(−z), log(1 − σ(z)) = −softplus(z), log softmax(A) =
 * logSoftmax(A), log Φ(u) = logNormCdf(u), log 𝟏ᵀexp(A)𝟏 = logSumExp(A), log 𝟏ᵀexp(A) = colLogSumExp(A), log(1 + x) =
 * log1p(x), exp(x) − 1 = expm1(x), √(sumsq A) = norm(A); each on matrices and on scalars where
 * both exist. Each identity holds exactly in real arithmetic; the stable side stays finite where
 * the textbook side overflows or underflows (|z| = 1000).
 */
public final class StableForms {
  /**
   * The rewritten program and the identities that were used, each once, in the order first used.
   *
   * @param identities each as the text prints it, e.g. {@code log σ(x) = −softplus(−x)}
   */
  public record Stabilized(Program program, List<Identity> identities) {}

  /** An identity in the derivation's two notations. */
  public enum Identity {
    LOG_SIGMOID("log σ(x) = −softplus(−x)", "log sigma(x) = -softplus(-x)"),
    LOG_ONE_MINUS_SIGMOID("log(1 − σ(x)) = −softplus(x)", "log(1 - sigma(x)) = -softplus(x)"),
    LOG_SOFTMAX("log softmax(X) = logSoftmax(X)", "log softmax(X) = logSoftmax(X)"),
    LOG_NORM_CDF("log Φ(x) = logNormCdf(x)", "log Phi(x) = logNormCdf(x)"),
    LOG_SUM_EXP("log 𝟏ᵀexp(X)𝟏 = logSumExp(X)", "log 1^T exp(X) 1 = logSumExp(X)"),
    COL_LOG_SUM_EXP("log 𝟏ᵀexp(X) = colLogSumExp(X)", "log 1^T exp(X) = colLogSumExp(X)"),
    LOG1P("log(1 + x) = log1p(x)", "log(1 + x) = log1p(x)"),
    EXPM1("exp(x) − 1 = expm1(x)", "exp(x) - 1 = expm1(x)"),
    NORM("√‖X‖² = ‖X‖ = norm(X)", "sqrt(||X||^2) = ||X|| = norm(X)");

    private final String unicode;
    private final String ascii;

    Identity(String unicode, String ascii) {
      this.unicode = unicode;
      this.ascii = ascii;
    }

    public String unicode() {
      return unicode;
    }

    public String ascii() {
      return ascii;
    }
  }

  private final Graph in;
  private final Graph.Builder out;
  private final int[] mapped;
  private final Set<Identity> used = new LinkedHashSet<>();

  private StableForms(Graph in) {
    this.in = in;
    this.out = Graph.builder(in.dims().copy());
    this.mapped = new int[in.size()];
  }

  /** The program with every textbook form replaced by its stable form. */
  public static Stabilized apply(Program p) {
    StableForms s = new StableForms(p.graph());
    for (int id = 0; id < p.graph().size(); id++) {
      int to = s.rewrite(p.graph().node(id).mapInputs(x -> s.mapped[x]));
      s.mapped[id] = to;
      p.graph().name(id).ifPresent(name -> s.out.name(to, name));
    }
    if (s.used.isEmpty()) {
      return new Stabilized(p, List.of());
    }
    Program q = p.withGraph(s.out.build(), s.mapped[p.loss()]);
    return new Stabilized(q, new ArrayList<>(s.used));
  }

  /** The node's id in the output graph, its stable form when it has one. */
  private int rewrite(Node n) {
    if (n instanceof Node.Entrywise e && e.fn() == EntrywiseFunction.LOG) {
      return logOf(out.node(e.a()), e.a(), false);
    }
    if (n instanceof Node.ScalarFunction f && f.fn() == EntrywiseFunction.LOG) {
      return logOf(out.node(f.a()), f.a(), true);
    }
    if (n instanceof Node.Sub s && isExp(out.node(s.a()), false) && isOne(s.b())) {
      return use(Identity.EXPM1, new Node.Entrywise(EntrywiseFunction.EXPM1, out.node(s.a()).inputs().get(0)));
    }
    if (n instanceof Node.ScalarSub s && isExp(out.node(s.a()), true) && isOne(s.b())) {
      return use(Identity.EXPM1, new Node.ScalarFunction(EntrywiseFunction.EXPM1, out.node(s.a()).inputs().get(0)));
    }
    if (n instanceof Node.ScalarFunction f && f.fn() == EntrywiseFunction.SQRT
        && out.node(f.a()) instanceof Node.SumSq q) {
      return use(Identity.NORM, new Node.Norm(q.a()));
    }
    return out.add(n);
  }

  /** log of the node {@code arg} (id {@code id}): its stable form, or the log as written. */
  private int logOf(Node arg, int id, boolean scalar) {
    if (isSigmoid(arg, scalar)) {
      int z = arg.inputs().get(0);
      return use(Identity.LOG_SIGMOID, negate(softplus(negate(z, scalar), scalar), scalar));
    }
    int z = oneMinusSigmoid(arg, scalar);
    if (z >= 0) {
      return use(Identity.LOG_ONE_MINUS_SIGMOID, negate(softplus(z, scalar), scalar));
    }
    int x = onePlus(arg, scalar);
    if (x >= 0) {
      return use(Identity.LOG1P, scalar ? new Node.ScalarFunction(EntrywiseFunction.LOG1P, x)
          : new Node.Entrywise(EntrywiseFunction.LOG1P, x));
    }
    if (isFunction(arg, EntrywiseFunction.NORM_CDF, scalar)) {
      int u = arg.inputs().get(0);
      return use(Identity.LOG_NORM_CDF, scalar ? new Node.ScalarFunction(EntrywiseFunction.LOG_NORM_CDF, u)
          : new Node.Entrywise(EntrywiseFunction.LOG_NORM_CDF, u));
    }
    if (!scalar && arg instanceof Node.Softmax s) {
      return use(Identity.LOG_SOFTMAX, new Node.LogSoftmax(s.a()));
    }
    if (scalar && arg instanceof Node.Sum s && isExp(out.node(s.a()), false)) {
      return use(Identity.LOG_SUM_EXP, new Node.LogSumExp(out.node(s.a()).inputs().get(0)));
    }
    if (!scalar && arg instanceof Node.ColSums s && isExp(out.node(s.a()), false)) {
      return use(Identity.COL_LOG_SUM_EXP, new Node.ColLogSumExp(out.node(s.a()).inputs().get(0)));
    }
    return out.add(scalar ? new Node.ScalarFunction(EntrywiseFunction.LOG, id)
        : new Node.Entrywise(EntrywiseFunction.LOG, id));
  }

  private int use(Identity identity, Node n) {
    used.add(identity);
    return out.add(n);
  }

  private int use(Identity identity, int id) {
    used.add(identity);
    return id;
  }

  private int negate(int x, boolean scalar) {
    return out.add(scalar ? new Node.ScalarNeg(x) : new Node.Neg(x));
  }

  private int softplus(int x, boolean scalar) {
    return out.add(scalar ? new Node.ScalarFunction(EntrywiseFunction.SOFTPLUS, x)
        : new Node.Entrywise(EntrywiseFunction.SOFTPLUS, x));
  }

  private static boolean isSigmoid(Node n, boolean scalar) {
    return isFunction(n, EntrywiseFunction.SIGMOID, scalar);
  }

  private static boolean isExp(Node n, boolean scalar) {
    return isFunction(n, EntrywiseFunction.EXP, scalar);
  }

  private static boolean isFunction(Node n, EntrywiseFunction fn, boolean scalar) {
    return scalar ? n instanceof Node.ScalarFunction f && f.fn() == fn
        : n instanceof Node.Entrywise e && e.fn() == fn;
  }

  /** z when the node is 1 − σ(z), else −1. */
  private int oneMinusSigmoid(Node n, boolean scalar) {
    if (!scalar && n instanceof Node.Sub s && isOne(s.a()) && isSigmoid(out.node(s.b()), false)) {
      return out.node(s.b()).inputs().get(0);
    }
    if (scalar && n instanceof Node.ScalarSub s && isOne(s.a()) && isSigmoid(out.node(s.b()), true)) {
      return out.node(s.b()).inputs().get(0);
    }
    return -1;
  }

  /** x when the node is 1 + x or x + 1, else −1. */
  private int onePlus(Node n, boolean scalar) {
    if (!scalar && n instanceof Node.Add || scalar && n instanceof Node.ScalarAdd) {
      int left = n.inputs().get(0);
      int right = n.inputs().get(1);
      if (isOne(left)) {
        return right;
      }
      if (isOne(right)) {
        return left;
      }
    }
    return -1;
  }

  /** Whether the output node is the constant 1, or 𝟏𝟏ᵀ (a fill of the constant 1). */
  private boolean isOne(int id) {
    Node n = out.node(id);
    if (n instanceof Node.Fill f) {
      n = out.node(f.s());
    }
    return n instanceof Node.Const c && c.value() == 1;
  }
}
