package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.HvpDerivation;
import java.util.ArrayList;
import java.util.List;

/**
 * Simplify stage. Consumes a {@link Derivation} and produces an equal one over a smaller graph:
 * {@link #simplify} applies the algebraic identities of {@link AlgebraicRules} until nothing
 * changes (common subexpressions are shared by the graph's hash-consing, dead nodes dropped, the
 * user's names kept); {@link #prepareForLowering} then rewrites for computing (see
 * {@link LoweringRules}). A derivation with Hessian-vector products (the tangents of gradients
 * already prepared) is prepared the same way, its products as further roots.
 */
public final class Simplifier {
  /** A bound on rebuild passes; each pass reaches its own local fixpoint, so few are needed. */
  private static final int MAX_PASSES = 50;

  private static final List<Rewriter.Rule> FOR_LOWERING =
      concat(LoweringRules.RULES, AlgebraicRules.KEEPING_TRANSPOSED_PRODUCTS);

  private static final List<Rewriter.Rule> FOR_TANGENTS =
      concat(LoweringRules.RULES_KEEPING_NORMS, AlgebraicRules.KEEPING_TRANSPOSED_PRODUCTS);

  private Simplifier() {}

  public static Derivation simplify(Derivation d) {
    return rewrite(d, AlgebraicRules.ALL, List.of());
  }

  public static Derivation prepareForLowering(Derivation d) {
    Derivation restructured = rewrite(d, AlgebraicRules.KEEPING_TRANSPOSED_PRODUCTS, LoweringRules.RESTRUCTURING);
    return rewrite(restructured, FOR_LOWERING, LoweringRules.SUBSTITUTIONS);
  }

  /**
   * {@link #prepareForLowering(Derivation)} with every norm kept a norm, for the tangent pass: ‖A‖
   * has its own rule there (0 at A = 0, as its gradient), which its lowering √(sumsq A) would lose;
   * preparing the products then lowers it.
   */
  public static Derivation prepareForTangents(Derivation d) {
    Derivation restructured = rewrite(d, AlgebraicRules.KEEPING_TRANSPOSED_PRODUCTS, LoweringRules.RESTRUCTURING);
    return rewrite(restructured, FOR_TANGENTS, LoweringRules.SUBSTITUTIONS);
  }

  /** {@link #prepareForLowering(Derivation)} over the loss, the gradients and the products. */
  public static HvpDerivation prepareForLowering(HvpDerivation d) {
    HvpDerivation restructured = rewrite(d, AlgebraicRules.KEEPING_TRANSPOSED_PRODUCTS, LoweringRules.RESTRUCTURING);
    return rewrite(restructured, FOR_LOWERING, LoweringRules.SUBSTITUTIONS);
  }

  /**
   * One expression of a graph, simplified by the same identities for display
   * ({@code AlgebraicRules.FOR_TEXT}): the derivation text writes its symbolic terms as graphs
   * whose leaves stand for its symbols, and reads the result back.
   *
   * @return a graph holding only the simplified expression, and its root in that graph
   */
  public static Expression simplifyForText(Graph g, int root) {
    Derivation d = rewrite(new Derivation(g, root, List.of()), AlgebraicRules.FOR_TEXT, List.of());
    return new Expression(d.graph(), d.loss());
  }

  /** One expression: the node {@code root} of {@code graph}. */
  public record Expression(Graph graph, int root) {}

  /** Rebuilds until a pass changes nothing; roots are the loss, then the gradients. */
  private static Derivation rewrite(Derivation d, List<Rewriter.Rule> rules, List<Rewriter.Substitution> subs) {
    List<Integer> roots = new ArrayList<>();
    roots.add(d.loss());
    roots.addAll(d.gradients());
    Rewriter.Result r = rewrite(d.graph(), roots, rules, subs);
    return new Derivation(r.graph(), r.roots().get(0), r.roots().subList(1, r.roots().size()));
  }

  /** Rebuilds until a pass changes nothing; roots are the loss, the gradients, the products. */
  private static HvpDerivation rewrite(HvpDerivation d, List<Rewriter.Rule> rules, List<Rewriter.Substitution> subs) {
    List<Integer> roots = new ArrayList<>();
    roots.add(d.loss());
    roots.addAll(d.gradients());
    roots.addAll(d.products());
    Rewriter.Result r = rewrite(d.graph(), roots, rules, subs);
    int k = d.gradients().size();
    List<Integer> out = r.roots();
    return new HvpDerivation(r.graph(), out.get(0), out.subList(1, 1 + k), out.subList(1 + k, out.size()),
        d.directions());
  }

  /** Rebuilds the graph over any roots until a pass changes nothing. */
  private static Rewriter.Result rewrite(Graph g, List<Integer> roots, List<Rewriter.Rule> rules,
      List<Rewriter.Substitution> subs) {
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      Rewriter.Result r = Rewriter.run(g, roots, rules, subs);
      boolean same = r.graph().nodes().equals(g.nodes()) && r.graph().names().equals(g.names()) && r.roots().equals(roots);
      g = r.graph();
      roots = r.roots();
      if (same) {
        break;
      }
    }
    return new Rewriter.Result(g, roots);
  }

  private static List<Rewriter.Rule> concat(List<Rewriter.Rule> a, List<Rewriter.Rule> b) {
    List<Rewriter.Rule> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
