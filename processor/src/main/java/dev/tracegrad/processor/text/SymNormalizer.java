package dev.tracegrad.processor.text;

import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.derive.Syms;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Tidies a {@link Sym} for the derivation text the way a person tidies a line on paper: a minus
 * sign moves out of products, transposes, traces and sums until it meets another one; unit factors
 * (1, I, a 1×1 𝟏𝟏ᵀ, 𝟏𝟏ᵀ ⊙ …) go; numbers fold and come first (2(0.5 s) = s); a scalar factor
 * moves out of products, ⊙, column and row sums and broadcasts, and a factor common to both terms
 * of a sum is taken out (s A − s B = s(A − B)); Aᵀᵀ = A and (AB)ᵀ = BᵀAᵀ when a transpose cancels. Every rewrite is an identity, so the text says exactly what the graph computes (the
 * tests compile normalised expressions and compare values). Sums are left to the printer, which
 * writes them as signed terms.
 *
 * <p>Nodes without a user name are expanded into their operations, so that their signs and
 * transposes take part; named nodes stay symbols.
 */
final class SymNormalizer {
  private final Graph graph;

  SymNormalizer(Graph graph) {
    this.graph = graph;
  }

  Sym normalize(Sym s) {
    if (s instanceof Sym.Ref r) {
      Node n = graph.node(r.id());
      if (n instanceof Node.Const c) {
        return Sym.num(c.value());
      }
      if (graph.name(r.id()).isPresent() || n.inputs().isEmpty()) {
        return s;
      }
      List<Sym> args = new ArrayList<>();
      for (int in : n.inputs()) {
        args.add(normalize(Sym.ref(in)));
      }
      return rewrite(n, args);
    }
    if (s instanceof Sym.Applied a) {
      List<Sym> args = new ArrayList<>();
      for (Sym x : a.args()) {
        args.add(normalize(x));
      }
      return rewrite(a.op(), args);
    }
    return s;
  }

  // ---------------------------------------------------------------- views

  boolean isScalar(Sym s) {
    if (s instanceof Sym.Applied a) {
      return a.op().isScalar();
    }
    if (s instanceof Sym.Ref r) {
      return graph.isScalar(r.id());
    }
    if (s instanceof Sym.Adjoint a) {
      return graph.isScalar(a.id());
    }
    return graph.isScalar(((Sym.Differential) s).id());
  }

  /** Whether s is −x or a negative constant. */
  static boolean isNegative(Sym s) {
    if (s instanceof Sym.Applied a) {
      return a.op() instanceof Node.Neg || a.op() instanceof Node.ScalarNeg
          || (a.op() instanceof Node.Const c && c.value() < 0);
    }
    return false;
  }

  /** −s, cancelling a minus sign when s has one. */
  Sym negated(Sym s) {
    if (s instanceof Sym.Applied a) {
      if (a.op() instanceof Node.Neg || a.op() instanceof Node.ScalarNeg) {
        return a.args().get(0);
      }
      if (a.op() instanceof Node.Const c) {
        return Sym.num(-c.value());
      }
    }
    return isScalar(s) ? Sym.sneg(s) : Sym.neg(s);
  }

  private static Node op(Sym s) {
    return s instanceof Sym.Applied a ? a.op() : null;
  }

  private static Sym arg(Sym s, int i) {
    return ((Sym.Applied) s).args().get(i);
  }

  private static boolean isConstant(Sym s, double v) {
    return op(s) instanceof Node.Const c && c.value() == v;
  }

  private boolean isOneByOne(Shape shape) {
    return graph.dims().same(shape.rows(), Dim.ONE) && graph.dims().same(shape.cols(), Dim.ONE);
  }

  // ---------------------------------------------------------------- rules

  private Sym mk(Node op, Sym... args) {
    return rewrite(op, List.of(args));
  }

  /**
   * The op applied to normalised operands, tidied. Operands are already tidy, so only the top needs
   * rules; a rule that builds new nodes goes through {@link #mk}, which tidies them in turn. Every
   * rule moves a sign up, removes a node or folds constants, so the recursion ends.
   */
  private Sym rewrite(Node op, List<Sym> args) {
    Sym self = new Sym.Applied(op, args);
    if (op instanceof Node.Neg || op instanceof Node.ScalarNeg) {
      // −(−x) = x
      return isNegative(args.get(0)) ? negated(args.get(0)) : self;
    }
    if (op.isScalar() && args.size() == 2 && op(args.get(0)) instanceof Node.Const a
        && op(args.get(1)) instanceof Node.Const b) {
      Double v = fold(op, a.value(), b.value());
      if (v != null) {
        return Sym.num(v);
      }
    }
    // A minus sign of an operand moves out of every op that is linear in that operand.
    int negative = negativeLinearOperand(op, args);
    if (negative >= 0) {
      List<Sym> flipped = new ArrayList<>(args);
      flipped.set(negative, negated(args.get(negative)));
      return negated(rewrite(op, flipped));
    }
    if (op instanceof Node.ScalarMul) {
      return scalarProduct(args.get(0), args.get(1), self);
    }
    if (op instanceof Node.ScalarDiv && isConstant(args.get(1), 1)) {
      return args.get(0);
    }
    if (op instanceof Node.Scale) {
      return scale(args.get(0), args.get(1), self);
    }
    if (op instanceof Node.Transpose) {
      return transpose(args.get(0), self);
    }
    if (op instanceof Node.MatMul) {
      return product(args.get(0), args.get(1), self);
    }
    if (op instanceof Node.Hadamard) {
      return hadamard(args.get(0), args.get(1), self);
    }
    if (op instanceof Node.ColSums || op instanceof Node.RowSums || op instanceof Node.BroadcastCols
        || op instanceof Node.BroadcastRows) {
      // 𝟏ᵀ(sA) = s 𝟏ᵀA, (sA)𝟏 = s A𝟏, (sv)𝟏ᵀ = s v𝟏ᵀ, 𝟏(sr) = s 𝟏r
      if (op(args.get(0)) instanceof Node.Scale) {
        return mk(new Node.Scale(0, 1), arg(args.get(0), 0), mk(op, arg(args.get(0), 1)));
      }
      return self;
    }
    if (op instanceof Node.Dot) {
      // tr((sA)ᵀB) = s tr(AᵀB), and the same on the right
      for (int i = 0; i < 2; i++) {
        if (op(args.get(i)) instanceof Node.Scale) {
          List<Sym> rest = new ArrayList<>(args);
          rest.set(i, arg(args.get(i), 1));
          return mk(new Node.ScalarMul(0, 1), arg(args.get(i), 0), rewrite(op, rest));
        }
      }
      return self;
    }
    if (op instanceof Node.ScaleColumns) {
      // (sA)(r) = s A(r), A(s r) = s A(r)
      for (int i = 0; i < 2; i++) {
        if (op(args.get(i)) instanceof Node.Scale) {
          List<Sym> rest = new ArrayList<>(args);
          rest.set(i, arg(args.get(i), 1));
          return mk(new Node.Scale(0, 1), arg(args.get(i), 0), rewrite(op, rest));
        }
      }
      return self;
    }
    if (op instanceof Node.Add || op instanceof Node.Sub || op instanceof Node.ScalarAdd
        || op instanceof Node.ScalarSub) {
      Sym signs = signsOfSum(op, args.get(0), args.get(1));
      if (signs != null) {
        return signs;
      }
      Sym factored = commonFactor(op, args.get(0), args.get(1));
      if (factored != null) {
        return factored;
      }
    }
    if (op instanceof Node.Add || op instanceof Node.ScalarAdd) {
      return repeatedTerm(op, args.get(0), args.get(1), self);
    }
    if (op instanceof Node.Div && op(args.get(1)) instanceof Node.Fill && isConstant(arg(args.get(1), 0), 1)) {
      return args.get(0); // A / 𝟏𝟏ᵀ = A
    }
    if (op instanceof Node.EntrywiseDerivative d) {
      // a derivative whose expression is a negation shows its sign, so that it can cancel
      // (cos′ = −sin)
      Sym e = expanded(d.fn(), args.get(0));
      if (op(e) instanceof Node.Neg) {
        return negated(normalize(arg(e, 0)));
      }
    }
    return self;
  }

  /** σ′(x) from the function's own derivative expression, as the text writes it. */
  private static Sym expanded(EntrywiseFunction fn, Sym x) {
    return fn.derivative(Syms.display(), x);
  }

  /** Whether σ′(x) is 1/x (log′), so that G ⊙ σ′(X) is G / X. */
  private static boolean isReciprocal(Sym derivative) {
    if (op(derivative) instanceof Node.EntrywiseDerivative d) {
      Sym x = arg(derivative, 0);
      return expanded(d.fn(), x).equals(Sym.div(Sym.num(1), x));
    }
    return false;
  }

  /** a ∘ b for constant sums, differences and products; null when it should stay symbolic. */
  private static Double fold(Node op, double a, double b) {
    double v;
    if (op instanceof Node.ScalarAdd) {
      v = a + b;
    } else if (op instanceof Node.ScalarSub) {
      v = a - b;
    } else if (op instanceof Node.ScalarMul) {
      v = a * b;
    } else {
      return null; // quotients and powers stay symbolic: 1/3 reads better than 0.333…
    }
    return Double.isFinite(v) ? v : null;
  }

  /** The index of a negative operand the op is odd in (f(−x) = −f(x)), or −1. */
  private static int negativeLinearOperand(Node op, List<Sym> args) {
    boolean odd = op instanceof Node.MatMul || op instanceof Node.Hadamard || op instanceof Node.Scale
        || op instanceof Node.ScalarMul || op instanceof Node.Dot || op instanceof Node.ScaleColumns
        || op instanceof Node.Transpose || op instanceof Node.ColSums || op instanceof Node.RowSums
        || op instanceof Node.BroadcastCols || op instanceof Node.BroadcastRows || op instanceof Node.Trace
        || op instanceof Node.Sum || op instanceof Node.ScalarOf || op instanceof Node.Fill || op instanceof Node.Eye
        || op instanceof Node.Div || op instanceof Node.ScalarDiv || op instanceof Node.Inv || op instanceof Node.Solve;
    if (!odd) {
      return -1;
    }
    for (int i = 0; i < args.size(); i++) {
      if (isNegative(args.get(i))) {
        return i;
      }
    }
    return -1;
  }

  // s·t with 1 dropped, the number first and numbers folded: 2(0.5 s) = s, s(2t) = 2(st)
  private Sym scalarProduct(Sym a, Sym b, Sym self) {
    if (isConstant(a, 1)) {
      return b;
    }
    if (isConstant(b, 1)) {
      return a;
    }
    boolean numberA = op(a) instanceof Node.Const;
    if (op(b) instanceof Node.Const && !numberA) {
      return mk(new Node.ScalarMul(0, 1), b, a);
    }
    if (numberA && op(b) instanceof Node.ScalarDiv && op(arg(b, 0)) instanceof Node.Const c) {
      double v = ((Node.Const) op(a)).value() * c.value();
      // c(d / x) = (cd) / x
      return Double.isFinite(v) ? mk(new Node.ScalarDiv(0, 1), Sym.num(v), arg(b, 1)) : self;
    }
    if (numberA && op(b) instanceof Node.ScalarMul && op(arg(b, 0)) instanceof Node.ScalarDiv
        && op(arg(arg(b, 0), 0)) instanceof Node.Const) {
      // c((d / x) y) = ((cd) / x) y
      return mk(new Node.ScalarMul(0, 1), mk(new Node.ScalarMul(0, 1), a, arg(b, 0)), arg(b, 1));
    }
    if (op(b) instanceof Node.ScalarMul && op(arg(b, 0)) instanceof Node.Const c) {
      if (numberA) {
        double v = ((Node.Const) op(a)).value() * c.value();
        if (Double.isFinite(v)) {
          return mk(new Node.ScalarMul(0, 1), Sym.num(v), arg(b, 1));
        }
        return self;
      }
      return mk(new Node.ScalarMul(0, 1), arg(b, 0), mk(new Node.ScalarMul(0, 1), a, arg(b, 1)));
    }
    if (op(a) instanceof Node.ScalarMul && op(arg(a, 0)) instanceof Node.Const && !(op(b) instanceof Node.Const)) {
      return mk(new Node.ScalarMul(0, 1), arg(a, 0), mk(new Node.ScalarMul(0, 1), arg(a, 1), b));
    }
    return self;
  }

  /**
   * A sum with a negative operand, written with the signs outside: a + (−b) = a − b,
   * a − (−b) = a + b, −a + b = b − a, −a − b = −(a + b), −a + (−b) = −(a + b),
   * −a − (−b) = b − a; null when neither operand is negative.
   */
  private Sym signsOfSum(Node op, Sym a, Sym b) {
    boolean na = isNegative(a);
    boolean nb = isNegative(b);
    if (!na && !nb) {
      return null;
    }
    boolean scalar = op.isScalar();
    boolean subtract = op instanceof Node.Sub || op instanceof Node.ScalarSub;
    Node plus = scalar ? new Node.ScalarAdd(0, 1) : new Node.Add(0, 1);
    Node minus = scalar ? new Node.ScalarSub(0, 1) : new Node.Sub(0, 1);
    Sym pa = na ? negated(a) : a;
    Sym pb = nb ? negated(b) : b;
    boolean bNegative = nb != subtract; // the sign b enters the sum with
    if (!na) {
      return mk(bNegative ? minus : plus, pa, pb);
    }
    return bNegative ? negated(mk(plus, pa, pb)) : mk(minus, pb, pa);
  }

  /** sA ± sB = s(A ± B) and s·x ± s·y = s(x ± y) for the same factor s; null when there is none. */
  private Sym commonFactor(Node op, Sym a, Sym b) {
    boolean scalar = op.isScalar();
    Class<? extends Node> scaling = scalar ? Node.ScalarMul.class : Node.Scale.class;
    if (scaling.isInstance(op(a)) && scaling.isInstance(op(b)) && arg(a, 0).equals(arg(b, 0))) {
      Node product = scalar ? new Node.ScalarMul(0, 1) : new Node.Scale(0, 1);
      return mk(product, arg(a, 0), mk(op, arg(a, 1), arg(b, 1)));
    }
    return null;
  }

  // 1A = A, s(tB) = (st)B
  private Sym scale(Sym s, Sym a, Sym self) {
    if (isConstant(s, 1)) {
      return a;
    }
    if (op(a) instanceof Node.Scale) {
      return mk(new Node.Scale(0, 1), mk(new Node.ScalarMul(0, 1), s, arg(a, 0)), arg(a, 1));
    }
    return self;
  }

  // Aᵀᵀ = A, (c𝟏𝟏ᵀ)ᵀ = c𝟏𝟏ᵀ, Iᵀ = I, (sA)ᵀ = sAᵀ, (v𝟏ᵀ)ᵀ = 𝟏vᵀ, (𝟏r)ᵀ = rᵀ𝟏ᵀ,
  // (AB)ᵀ = BᵀAᵀ when A or B is a transpose
  private Sym transpose(Sym x, Sym self) {
    Node n = op(x);
    if (n instanceof Node.Transpose) {
      return arg(x, 0);
    }
    if (n instanceof Node.Fill f) {
      return mk(new Node.Fill(0, f.shape().transposed()), arg(x, 0));
    }
    if (n instanceof Node.Eye) {
      return x;
    }
    if (n instanceof Node.Scale) {
      return mk(new Node.Scale(0, 1), arg(x, 0), t(arg(x, 1)));
    }
    if (n instanceof Node.BroadcastCols b) {
      return mk(new Node.BroadcastRows(0, b.cols()), t(arg(x, 0)));
    }
    if (n instanceof Node.BroadcastRows b) {
      return mk(new Node.BroadcastCols(0, b.rows()), t(arg(x, 0)));
    }
    if (n instanceof Node.MatMul && (op(arg(x, 0)) instanceof Node.Transpose || op(arg(x, 1)) instanceof Node.Transpose)) {
      return mk(new Node.MatMul(0, 1), t(arg(x, 1)), t(arg(x, 0)));
    }
    if ((n instanceof Node.Add || n instanceof Node.Sub) && (absorbsTranspose(arg(x, 0)) || absorbsTranspose(arg(x, 1)))) {
      Node sum = n instanceof Node.Add ? new Node.Add(0, 1) : new Node.Sub(0, 1);
      return mk(sum, t(arg(x, 0)), t(arg(x, 1))); // (A ± B)ᵀ = Aᵀ ± Bᵀ
    }
    return self;
  }

  /** Whether a transpose of s cancels or folds (into a transpose, a product with one, a fill). */
  private static boolean absorbsTranspose(Sym s) {
    Node n = op(s);
    return n instanceof Node.Transpose || n instanceof Node.Fill || n instanceof Node.Eye
        || n instanceof Node.MatMul && (op(arg(s, 0)) instanceof Node.Transpose || op(arg(s, 1)) instanceof Node.Transpose);
  }

  // A + A = 2A, (A + B) + B = A + 2B, (A + B) + A = 2A + B, A + (A + B) = 2A + B, B + (A + B) = A + 2B
  private Sym repeatedTerm(Node op, Sym a, Sym b, Sym self) {
    boolean scalar = op.isScalar();
    if (a.equals(b)) {
      return twice(b, scalar);
    }
    if (op(a) != null && op(a).getClass() == op.getClass()) {
      if (arg(a, 1).equals(b)) {
        return mk(op, arg(a, 0), twice(b, scalar));
      }
      if (arg(a, 0).equals(b)) {
        return mk(op, twice(b, scalar), arg(a, 1));
      }
    }
    if (op(b) != null && op(b).getClass() == op.getClass()) {
      if (arg(b, 0).equals(a)) {
        return mk(op, twice(a, scalar), arg(b, 1));
      }
      if (arg(b, 1).equals(a)) {
        return mk(op, arg(b, 0), twice(a, scalar));
      }
    }
    return self;
  }

  /** 2x, as a scalar product or a scaling. */
  private Sym twice(Sym x, boolean scalar) {
    return scalar ? mk(new Node.ScalarMul(0, 1), Sym.num(2), x) : mk(new Node.Scale(0, 1), Sym.num(2), x);
  }

  /** xᵀ, tidied. */
  private Sym t(Sym x) {
    return mk(new Node.Transpose(0), x);
  }

  // (cI)B = cB, [c]B = cB for a 1×1 fill, (sA)B = s(AB), and the same on the right
  private Sym product(Sym a, Sym b, Sym self) {
    Sym unitLeft = unitFactor(a);
    if (unitLeft != null) {
      return mk(new Node.Scale(0, 1), unitLeft, b);
    }
    Sym unitRight = unitFactor(b);
    if (unitRight != null) {
      return mk(new Node.Scale(0, 1), unitRight, a);
    }
    if (op(a) instanceof Node.Scale) {
      return mk(new Node.Scale(0, 1), arg(a, 0), mk(new Node.MatMul(0, 1), arg(a, 1), b));
    }
    if (op(b) instanceof Node.Scale) {
      return mk(new Node.Scale(0, 1), arg(b, 0), mk(new Node.MatMul(0, 1), a, arg(b, 1)));
    }
    return self;
  }

  /** c when the factor is cI or a 1×1 c𝟏𝟏ᵀ (a product with it is a scaling), else null. */
  private Sym unitFactor(Sym f) {
    Node n = op(f);
    if (n instanceof Node.Eye || n instanceof Node.Fill fill && isOneByOne(fill.shape())) {
      return arg(f, 0);
    }
    return null;
  }

  // (c𝟏𝟏ᵀ) ⊙ A = cA, (sA) ⊙ B = s(A ⊙ B), G ⊙ σ′(X) = G / X where σ′(X) = 1/X (log′),
  // X ⊙ (G / X) = G, and mirrored
  private Sym hadamard(Sym a, Sym b, Sym self) {
    if (isReciprocal(b)) {
      return mk(new Node.Div(0, 1), a, arg(b, 0));
    }
    if (isReciprocal(a)) {
      return mk(new Node.Div(0, 1), b, arg(a, 0));
    }
    // X ⊙ (G / X) = G where X ≠ 0, which holds wherever the derivative that made G / X exists
    // (X was the argument of a log, or a divisor)
    if (op(b) instanceof Node.Div && arg(b, 1).equals(a)) {
      return arg(b, 0);
    }
    if (op(a) instanceof Node.Div && arg(a, 1).equals(b)) {
      return arg(a, 0);
    }
    if (op(a) instanceof Node.Fill) {
      return mk(new Node.Scale(0, 1), arg(a, 0), b);
    }
    if (op(b) instanceof Node.Fill) {
      return mk(new Node.Scale(0, 1), arg(b, 0), a);
    }
    if (op(a) instanceof Node.Scale) {
      return mk(new Node.Scale(0, 1), arg(a, 0), mk(new Node.Hadamard(0, 1), arg(a, 1), b));
    }
    if (op(b) instanceof Node.Scale) {
      return mk(new Node.Scale(0, 1), arg(b, 0), mk(new Node.Hadamard(0, 1), a, arg(b, 1)));
    }
    return self;
  }
}
