package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.NodeAlgebra;
import dev.tracegrad.processor.ir.Shape;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rewrites that prepare a simplified derivation for lowering: σ′ in terms of values the forward
 * pass already computes, softmax from a log-softmax that is computed anyway, products with an
 * inverse as solves with a factorisation, and G ⊙ (1/A) as one division. After them no
 * {@link Node.EntrywiseDerivative} remains.
 *
 * <p>Before those, the {@link #RESTRUCTURING} rewrites reach a fixpoint of their own: they choose
 * how product chains associate and factor an inverse out of sums, so that the solve and trace
 * rewrites then see every inverse only as a factor.
 */
final class LoweringRules {
  private LoweringRules() {}

  /** Rules on the rewritten graph, tried before the algebraic ones. */
  static final List<Rewriter.Rule> RULES = List.of(
      LoweringRules::normIsRootOfSumOfSquares,
      LoweringRules::derivativeFromForwardValue,
      LoweringRules::reciprocalTimesIsQuotient);

  /**
   * {@link #RULES} but ‖A‖ kept as a node, for gradients the tangent pass differentiates: d‖A‖
   * is 0 at A = 0 by the norm's own rule, while d√(sumsq A) = 0.5/√0 · 0 is NaN.
   */
  static final List<Rewriter.Rule> RULES_KEEPING_NORMS = List.of(
      LoweringRules::derivativeFromForwardValue,
      LoweringRules::reciprocalTimesIsQuotient);

  /** Rewrites run to a fixpoint before {@link #SUBSTITUTIONS}: association and factoring. */
  static final List<Rewriter.Substitution> RESTRUCTURING = List.of(
      LoweringRules::transposedProductIsShared,
      LoweringRules::sumsOfSumAreSumsOfTerms,
      LoweringRules::sumsOfProductIsProductWithSums,
      LoweringRules::associateToReuse,
      LoweringRules::factorInverseOutOfSum);

  /** Rewrites that look at how a node is used in the input graph. */
  static final List<Rewriter.Substitution> SUBSTITUTIONS = List.of(
      LoweringRules::softmaxFromLogSoftmax,
      LoweringRules::inverseTimesIsSolve,
      LoweringRules::traceOfProductIsDot);

  // σ′(A) as the function's derivative expression over graph nodes: its σ(A) is the forward
  // pass's own node (hash-consing), so sigmoid′ = Y ⊙ (1 − Y) reads Y = σ(A) instead of
  // recomputing it
  static int derivativeFromForwardValue(Rewriter r, int id) {
    if (!(r.node(id) instanceof Node.EntrywiseDerivative d)) {
      return id;
    }
    return d.fn().derivative(NodeAlgebra.matrix(NodeAlgebra.nodes(r::add), r.shape(id)), d.a());
  }

  // ‖A‖ = √(sumsq A), as Ops.norm computes it: the loops then share sumsq's fused reduction
  static int normIsRootOfSumOfSquares(Rewriter r, int id) {
    if (!(r.node(id) instanceof Node.Norm n)) {
      return id;
    }
    return r.add(new Node.ScalarFunction(EntrywiseFunction.SQRT, r.add(new Node.SumSq(n.a()))));
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
        return OptionalInt.of(r.add(new Node.Entrywise(EntrywiseFunction.EXP, ls)));
      }
    }
    return OptionalInt.empty();
  }

  // A⁻¹B = solve(A, B), A⁻ᵀB = solve(Aᵀ, B), BA⁻¹ = solve(Aᵀ, Bᵀ)ᵀ, BA⁻ᵀ = solve(A, Bᵀ)ᵀ: when
  // every use of A⁻¹ is such a factor, A⁻¹ is never formed, only A's factorisation (a solve with k
  // right-hand sides costs what the product with A⁻¹ does, and the inverse itself is spared)
  static OptionalInt inverseTimesIsSolve(Rewriter r, int old) {
    Graph in = r.input();
    if (!(in.node(old) instanceof Node.MatMul m)) {
      return OptionalInt.empty();
    }
    int left = inverseOf(r, m.a(), true);
    if (left >= 0) {
      return OptionalInt.of(r.add(new Node.Solve(left, r.mapped(m.b()))));
    }
    int right = inverseOf(r, m.b(), false);
    if (right >= 0) {
      int solved = r.add(new Node.Solve(right, r.add(new Node.Transpose(r.mapped(m.a())))));
      return OptionalInt.of(r.add(new Node.Transpose(solved)));
    }
    return OptionalInt.empty();
  }

  /**
   * The output id of the matrix whose factorisation replaces the factor {@code factor} (input id,
   * A⁻¹ or A⁻ᵀ) of a product: on the left, A⁻¹ and A⁻ᵀ are solves with A and Aᵀ; on the right,
   * B·A⁻¹ and B·A⁻ᵀ are transposed solves with Aᵀ and A. −1 when the factor is no inverse, or its
   * inverse has a use other than as a factor.
   */
  private static int inverseOf(Rewriter r, int factor, boolean onLeft) {
    Graph in = r.input();
    Node f = in.node(factor);
    boolean transposed = false;
    int inv = factor;
    if (f instanceof Node.Transpose t && in.node(t.a()) instanceof Node.Inv) {
      transposed = true;
      inv = t.a();
    } else if (!(f instanceof Node.Inv)) {
      return -1;
    }
    if (!onlyFactors(r, inv)) {
      return -1;
    }
    int a = r.mapped(((Node.Inv) in.node(inv)).a());
    // left: A⁻¹ = solve(A, ·), A⁻ᵀ = solve(Aᵀ, ·); right: B A⁻ᵀ = solve(A, Bᵀ)ᵀ, B A⁻¹ = solve(Aᵀ, Bᵀ)ᵀ
    return transposed == onLeft ? r.add(new Node.Transpose(a)) : a;
  }

  // tr(AB) = Σᵢⱼ Aⱼᵢ Bᵢⱼ = dot(Aᵀ, B) [12]: O(n²) instead of forming the n×n product, when
  // nothing else needs the product and it is still a product (a product turned into a solve
  // spares the inverse that the dot would need)
  static OptionalInt traceOfProductIsDot(Rewriter r, int old) {
    Graph in = r.input();
    if (in.node(old) instanceof Node.Trace t && in.node(t.a()) instanceof Node.MatMul m
        && !r.isRoot(t.a()) && r.users(t.a()).size() == 1 && r.node(r.mapped(t.a())) instanceof Node.MatMul) {
      int at = r.add(new Node.Transpose(r.mapped(m.a())));
      return OptionalInt.of(r.add(new Node.Dot(at, r.mapped(m.b()))));
    }
    return OptionalInt.empty();
  }

  /**
   * Whether every use of the inverse {@code inv} (directly, or through its transpose) is as a
   * factor of a product whose other factor is not the same inverse, so that none needs the
   * inverse itself.
   */
  private static boolean onlyFactors(Rewriter r, int inv) {
    if (r.isRoot(inv)) {
      return false;
    }
    Graph in = r.input();
    for (int user : r.users(inv)) {
      boolean ok = isFactorOf(r, user, inv, inv)
          || in.node(user) instanceof Node.Transpose && !r.isRoot(user) && onlyFactorsOf(r, user, inv);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean onlyFactorsOf(Rewriter r, int node, int inv) {
    for (int user : r.users(node)) {
      if (!isFactorOf(r, user, node, inv)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code user} is a product with {@code node} as exactly one factor, the other no form of {@code inv}. */
  private static boolean isFactorOf(Rewriter r, int user, int node, int inv) {
    if (!(r.input().node(user) instanceof Node.MatMul mm)) {
      return false;
    }
    int other = mm.a() == node ? mm.b() : mm.a();
    return (mm.a() == node) != (mm.b() == node) && !isFormOf(r, other, inv);
  }

  private static boolean isFormOf(Rewriter r, int id, int inv) {
    return id == inv || r.input().node(id) instanceof Node.Transpose t && t.a() == inv;
  }

  // ---------------------------------------------------------------- restructuring

  // AB = (BᵀAᵀ)ᵀ: when BᵀAᵀ is computed earlier, AB is its transpose, an index swap instead of a
  // second product (a loss written mul(t(w), X) otherwise recomputes its forward product as
  // mul(t(X), w) in the backward pass)
  static OptionalInt transposedProductIsShared(Rewriter r, int old) {
    Graph in = r.input();
    if (!(in.node(old) instanceof Node.MatMul m)) {
      return OptionalInt.empty();
    }
    int bt = transposeOf(r, m.b());
    int at = transposeOf(r, m.a());
    if (bt < 0 || at < 0) {
      return OptionalInt.empty();
    }
    Optional<Integer> other = in.find(new Node.MatMul(bt, at));
    if (other.isPresent() && other.get() < old && r.isLive(other.get())) {
      return OptionalInt.of(r.add(new Node.Transpose(r.mapped(other.get()))));
    }
    return OptionalInt.empty();
  }

  // (AB)𝟏 = A(B𝟏), 𝟏ᵀ(AB) = (𝟏ᵀA)B: a product with a vector instead of a matrix product and a
  // reduction, when nothing else reads AB (a Gaussian's gradient in its mean sums the columns of
  // Σ⁻¹C, which needs only Σ⁻¹(C𝟏))
  static OptionalInt sumsOfProductIsProductWithSums(Rewriter r, int old) {
    Graph in = r.input();
    Node n = in.node(old);
    int product = n instanceof Node.RowSums s ? s.a() : n instanceof Node.ColSums s ? s.a() : -1;
    if (product < 0 || !(in.node(product) instanceof Node.MatMul m) || !usedOnce(r, product)) {
      return OptionalInt.empty();
    }
    int a = r.mapped(m.a());
    int b = r.mapped(m.b());
    return OptionalInt.of(n instanceof Node.RowSums
        ? r.add(new Node.MatMul(a, r.add(new Node.RowSums(b))))
        : r.add(new Node.MatMul(r.add(new Node.ColSums(a)), b)));
  }

  // (A ± B)𝟏 = A𝟏 ± B𝟏, 𝟏ᵀ(A ± B) = 𝟏ᵀA ± 𝟏ᵀB when nothing else reads A ± B and one term is a
  // product nothing else reads: that term's sums then become a product with sums (a Gaussian's
  // gradient in its mean sums Σ⁻¹C + Σ⁻ᵀC, where Σ⁻¹C is the loss's own and Σ⁻ᵀC is computed
  // for these sums alone)
  static OptionalInt sumsOfSumAreSumsOfTerms(Rewriter r, int old) {
    Graph in = r.input();
    Node n = in.node(old);
    boolean rows = n instanceof Node.RowSums;
    int sum = n instanceof Node.RowSums s ? s.a() : n instanceof Node.ColSums s ? s.a() : -1;
    if (sum < 0 || !usedOnce(r, sum)) {
      return OptionalInt.empty();
    }
    Node terms = in.node(sum);
    if (!(terms instanceof Node.Add) && !(terms instanceof Node.Sub)) {
      return OptionalInt.empty();
    }
    int x = terms.inputs().get(0);
    int y = terms.inputs().get(1);
    if (!lonelyProduct(r, x) && !lonelyProduct(r, y)) {
      return OptionalInt.empty();
    }
    int sx = r.add(rows ? new Node.RowSums(r.mapped(x)) : new Node.ColSums(r.mapped(x)));
    int sy = r.add(rows ? new Node.RowSums(r.mapped(y)) : new Node.ColSums(r.mapped(y)));
    return OptionalInt.of(r.add(terms instanceof Node.Add ? new Node.Add(sx, sy) : new Node.Sub(sx, sy)));
  }

  /** Whether a node is a product that only one node reads. */
  private static boolean lonelyProduct(Rewriter r, int old) {
    return r.input().node(old) instanceof Node.MatMul && usedOnce(r, old);
  }

  // (AB)C = A(BC) when BC, or its transpose CᵀBᵀ = (BC)ᵀ, is computed anyway and AB is not, and
  // A(BC) = (AB)C likewise: only where both associations cost the same flops, so the rewrite never
  // costs more, and saves a product when the other one is shared (directly, or once both become
  // the same solve)
  static OptionalInt associateToReuse(Rewriter r, int old) {
    Graph in = r.input();
    if (!(in.node(old) instanceof Node.MatMul m)) {
      return OptionalInt.empty();
    }
    if (in.node(m.a()) instanceof Node.MatMul ab && usedOnce(r, m.a()) && !computed(r, m.a())
        && computed(r, ab.b(), m.b()) && sameCost(r, ab.a(), ab.b(), m.b())) {
      int bc = r.add(new Node.MatMul(r.mapped(ab.b()), r.mapped(m.b())));
      return OptionalInt.of(r.add(new Node.MatMul(r.mapped(ab.a()), bc)));
    }
    if (in.node(m.b()) instanceof Node.MatMul bc && usedOnce(r, m.b()) && !computed(r, m.b())
        && computed(r, m.a(), bc.a()) && sameCost(r, m.a(), bc.a(), bc.b())) {
      int ab = r.add(new Node.MatMul(r.mapped(m.a()), r.mapped(bc.a())));
      return OptionalInt.of(r.add(new Node.MatMul(ab, r.mapped(bc.b()))));
    }
    return OptionalInt.empty();
  }

  private static boolean usedOnce(Rewriter r, int old) {
    return !r.isRoot(old) && r.users(old).size() == 1;
  }

  /**
   * For A m×k, B k×n, C n×p: whether (AB)C (mkn + mnp multiply-adds) and A(BC) (knp + mkp) are
   * known to cost the same, as they do when k = n and m = p, or m = k and n = p.
   */
  private static boolean sameCost(Rewriter r, int a, int b, int c) {
    Graph in = r.input();
    Dims dims = in.dims();
    Dim m = in.shape(a).rows();
    Dim k = in.shape(b).rows();
    Dim n = in.shape(b).cols();
    Dim p = in.shape(c).cols();
    return dims.same(k, n) && dims.same(m, p) || dims.same(m, k) && dims.same(n, p);
  }

  /** Whether the input product AB is computed elsewhere in its transposed form BᵀAᵀ. */
  private static boolean computed(Rewriter r, int product) {
    Node.MatMul m = (Node.MatMul) r.input().node(product);
    return liveProduct(r, transposeOf(r, m.b()), transposeOf(r, m.a()));
  }

  /** Whether AB, or BᵀAᵀ, is a live node of the input. */
  private static boolean computed(Rewriter r, int a, int b) {
    return liveProduct(r, a, b) || liveProduct(r, transposeOf(r, b), transposeOf(r, a));
  }

  private static boolean liveProduct(Rewriter r, int a, int b) {
    return a >= 0 && b >= 0 && r.input().find(new Node.MatMul(a, b)).map(r::isLive).orElse(false);
  }

  /** The input id of Aᵀ in the simplified form ((Xᵀ)ᵀ is X), or −1 when the input has none. */
  private static int transposeOf(Rewriter r, int a) {
    Graph in = r.input();
    if (in.node(a) instanceof Node.Transpose t) {
      return t.a();
    }
    return in.find(new Node.Transpose(a)).orElse(-1);
  }

  // X ± XC = X(I ± C), X ± CX = (I ± C)X, XC ± X = X(C ± I), CX ± X = (C ± I)X for an inverse X = A⁻¹
  // or A⁻ᵀ: the same flops, and the inverse is left only as a factor, which becomes a solve.
  // Only when the product XC is not used elsewhere (factoring it away would compute it twice).
  static OptionalInt factorInverseOutOfSum(Rewriter r, int old) {
    Graph in = r.input();
    Node n = in.node(old);
    if (!(n instanceof Node.Add || n instanceof Node.Sub)) {
      return OptionalInt.empty();
    }
    boolean add = n instanceof Node.Add;
    int oldA = n.inputs().get(0);
    int oldB = n.inputs().get(1);
    int a = r.mapped(oldA);
    int b = r.mapped(oldB);
    if (isInverse(r, a) && usedOnce(r, oldB) && r.node(b) instanceof Node.MatMul p) {
      if (p.a() == a) {
        return OptionalInt.of(r.add(new Node.MatMul(a, withIdentity(r, p.b(), add, true))));
      }
      if (p.b() == a) {
        return OptionalInt.of(r.add(new Node.MatMul(withIdentity(r, p.a(), add, true), a)));
      }
    }
    if (isInverse(r, b) && usedOnce(r, oldA) && r.node(a) instanceof Node.MatMul p) {
      if (p.a() == b) {
        return OptionalInt.of(r.add(new Node.MatMul(b, withIdentity(r, p.b(), add, false))));
      }
      if (p.b() == b) {
        return OptionalInt.of(r.add(new Node.MatMul(withIdentity(r, p.a(), add, false), b)));
      }
    }
    return OptionalInt.empty();
  }

  /** I ± C (identity first) or C ± I, for a square C. */
  private static int withIdentity(Rewriter r, int c, boolean add, boolean identityFirst) {
    int eye = r.add(new Node.Eye(r.constant(1), r.shape(c).rows()));
    int first = identityFirst ? eye : c;
    int second = identityFirst ? c : eye;
    return r.add(add ? new Node.Add(first, second) : new Node.Sub(first, second));
  }

  /** Whether an output node is an inverse A⁻¹ or its transpose A⁻ᵀ. */
  private static boolean isInverse(Rewriter r, int id) {
    Node n = r.node(id);
    return n instanceof Node.Inv || n instanceof Node.Transpose t && r.node(t.a()) instanceof Node.Inv;
  }
}
