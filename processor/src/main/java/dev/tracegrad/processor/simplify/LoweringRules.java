package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.Fn;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import java.util.List;
import java.util.OptionalInt;

/**
 * The rewrites that prepare a simplified derivation for lowering: σ′ in terms of values the forward
 * pass already computes, softmax from a log-softmax that is computed anyway, products with an
 * inverse as solves with a factorisation, and G ⊙ (1/A) as one division. After them no
 * {@link Node.Deriv} remains.
 */
final class LoweringRules {
  private LoweringRules() {}

  /** Rules on the rewritten graph, tried before the algebraic ones. */
  static final List<Rewriter.Rule> RULES = List.of(
      LoweringRules::derivativeFromForwardValue,
      LoweringRules::reciprocalTimesIsQuotient);

  /** Rewrites that look at how a node is used in the input graph. */
  static final List<Rewriter.Substitution> SUBSTITUTIONS = List.of(
      LoweringRules::softmaxFromLogSoftmax,
      LoweringRules::inverseTimesIsSolve,
      LoweringRules::traceOfProductIsDot);

  // σ′(A) from Y = σ(A), which the forward pass computes:
  // sigmoid′ = Y ⊙ (1 − Y), tanh′ = 1 − Y², exp′ = Y, log′ = 1/A, sqrt′ = 0.5/Y, softplus′ = sigmoid(A),
  // relu′ = step(A), abs′ = sign(A), square′ = 2A, sin′ = cos(A), cos′ = −sin(A), step′ = sign′ = 0
  static int derivativeFromForwardValue(Rewriter r, int id) {
    if (!(r.node(id) instanceof Node.Deriv d)) {
      return id;
    }
    int a = d.a();
    Shape shape = r.shape(id);
    return switch (d.fn()) {
      case SIGMOID -> {
        int y = r.add(new Node.Map(Fn.SIGMOID, a));
        yield r.add(new Node.Hadamard(y, r.add(new Node.Sub(ones(r, shape, 1), y))));
      }
      case TANH -> r.add(new Node.Sub(ones(r, shape, 1), r.add(new Node.Map(Fn.SQUARE, r.add(new Node.Map(Fn.TANH, a))))));
      case EXP -> r.add(new Node.Map(Fn.EXP, a));
      case LOG -> r.add(new Node.Div(ones(r, shape, 1), a));
      case SQRT -> r.add(new Node.Div(ones(r, shape, 0.5), r.add(new Node.Map(Fn.SQRT, a))));
      case SOFTPLUS -> r.add(new Node.Map(Fn.SIGMOID, a));
      case RELU -> r.add(new Node.Map(Fn.STEP, a));
      case ABS -> r.add(new Node.Map(Fn.SIGN, a));
      case SQUARE -> r.add(new Node.Scale(r.constant(2), a));
      case SIN -> r.add(new Node.Map(Fn.COS, a));
      case COS -> r.negate(r.add(new Node.Map(Fn.SIN, a)));
      case STEP, SIGN -> r.zeroLike(id);
    };
  }

  private static int ones(Rewriter r, Shape shape, double c) {
    return r.add(new Node.Fill(r.constant(c), shape));
  }

  // G ⊙ (𝟏𝟏ᵀ / A) = G / A, (𝟏𝟏ᵀ / A) ⊙ G = G / A
  static int reciprocalTimesIsQuotient(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Hadamard h) {
      if (isReciprocal(r, h.b())) {
        return r.add(new Node.Div(h.a(), ((Node.Div) r.node(h.b())).b()));
      }
      if (isReciprocal(r, h.a())) {
        return r.add(new Node.Div(h.b(), ((Node.Div) r.node(h.a())).b()));
      }
    }
    return id;
  }

  private static boolean isReciprocal(Rewriter r, int id) {
    if (r.node(id) instanceof Node.Div d) {
      Double c = r.fillValue(d.a());
      return c != null && c == 1;
    }
    return false;
  }

  // softmax(A) = exp(logSoftmax(A)) when logSoftmax(A) is computed anyway
  static OptionalInt softmaxFromLogSoftmax(Rewriter r, int old) {
    Graph in = r.input();
    if (in.node(old) instanceof Node.Softmax s) {
      boolean reused = in.find(new Node.LogSoftmax(s.a())).map(r::isLive).orElse(false);
      if (reused) {
        int ls = r.add(new Node.LogSoftmax(r.mapped(s.a())));
        return OptionalInt.of(r.add(new Node.Map(Fn.EXP, ls)));
      }
    }
    return OptionalInt.empty();
  }

  // A⁻¹B = solve(A, B), A⁻ᵀB = solve(Aᵀ, B): when every use of A⁻¹ is such a left factor, A⁻¹ is
  // never formed, only A's factorisation
  static OptionalInt inverseTimesIsSolve(Rewriter r, int old) {
    Graph in = r.input();
    if (!(in.node(old) instanceof Node.MatMul m)) {
      return OptionalInt.empty();
    }
    Node left = in.node(m.a());
    if (left instanceof Node.Inv inv && onlyLeftFactors(r, m.a())) {
      return OptionalInt.of(r.add(new Node.Solve(r.mapped(inv.a()), r.mapped(m.b()))));
    }
    if (left instanceof Node.Transpose t && in.node(t.a()) instanceof Node.Inv inv && onlyLeftFactors(r, t.a())) {
      int at = r.add(new Node.Transpose(r.mapped(inv.a())));
      return OptionalInt.of(r.add(new Node.Solve(at, r.mapped(m.b()))));
    }
    return OptionalInt.empty();
  }

  // tr(AB) = Σᵢⱼ Aⱼᵢ Bᵢⱼ = dot(Aᵀ, B) [12]: O(n²) instead of forming the n×n product, when
  // nothing else needs the product
  static OptionalInt traceOfProductIsDot(Rewriter r, int old) {
    Graph in = r.input();
    if (in.node(old) instanceof Node.Trace t && in.node(t.a()) instanceof Node.MatMul m
        && !r.isRoot(t.a()) && r.users(t.a()).size() == 1) {
      int at = r.add(new Node.Transpose(r.mapped(m.a())));
      return OptionalInt.of(r.add(new Node.Dot(at, r.mapped(m.b()))));
    }
    return OptionalInt.empty();
  }

  /**
   * Whether every use of the inverse {@code inv} (directly, or through its transpose) is as the
   * left factor of a product, so that none needs the inverse itself.
   */
  private static boolean onlyLeftFactors(Rewriter r, int inv) {
    if (r.isRoot(inv)) {
      return false;
    }
    Graph in = r.input();
    for (int user : r.users(inv)) {
      Node u = in.node(user);
      boolean ok = u instanceof Node.MatMul mm && mm.a() == inv && mm.b() != inv
          || u instanceof Node.Transpose && !r.isRoot(user) && onlyLeftFactorOf(r, user);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean onlyLeftFactorOf(Rewriter r, int node) {
    Graph in = r.input();
    for (int user : r.users(node)) {
      if (!(in.node(user) instanceof Node.MatMul mm && mm.a() == node && mm.b() != node)) {
        return false;
      }
    }
    return true;
  }
}
