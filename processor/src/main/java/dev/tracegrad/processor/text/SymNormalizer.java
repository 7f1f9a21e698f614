package dev.tracegrad.processor.text;

import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.derive.Syms;
import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.simplify.Simplifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tidies a {@link Sym} for the derivation text with the simplify stage's own algebra: the
 * expression is written as a scratch graph whose leaves stand for its symbols (∂l/∂X, dX, the
 * parameters and named locals, each a parameter node of the symbol's shape), simplified by
 * {@link Simplifier#simplifyForText} (the identities of {@code simplify.AlgebraicRules}), and read
 * back. The identities therefore live in one place, and the text says exactly what the graph
 * computes (the tests compile the tidied expressions and compare values).
 *
 * <p>What stays here is how a person writes the result: σ′ written by its expression when that
 * shows a sign (cos′ = −sin) or a quotient (G ⊙ log′(X) = G / X, and X ⊙ (G / X) = G where the
 * derivative that wrote G / X exists), and a minus sign written in front of a negative number,
 * fill or identity. Nodes without a user name are expanded into their operations, so that their
 * signs and transposes take part; named nodes stay symbols.
 */
final class SymNormalizer {
  /** Not a Java identifier character: a leaf's name never meets a user's name. */
  private static final String LEAF = "§";

  private final Graph graph;

  SymNormalizer(Graph graph) {
    this.graph = graph;
  }

  Sym normalize(Sym s) {
    Scratch scratch = new Scratch();
    int root = scratch.in(s);
    Simplifier.Expression e = Simplifier.simplifyForText(scratch.b.build(), root);
    return scratch.out(e.graph(), e.root(), new HashMap<>());
  }

  // ---------------------------------------------------------------- signs, for the writer

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

  // ---------------------------------------------------------------- σ′ as the text writes it

  /** σ′(x) from the function's own derivative expression, as the text writes it. */
  private static Sym expanded(EntrywiseFunction fn, Sym x) {
    return fn.derivative(Syms.display(), x);
  }

  /** A stand-in for σ′'s argument while its expression is inspected. */
  private static final Sym ARGUMENT = Sym.d(-1);

  /** Whether an expression has no bare number standing for a matrix (it can be a graph). */
  private static boolean matrixForm(Sym s) {
    if (s instanceof Sym.Applied a) {
      for (int i = 0; i < a.args().size(); i++) {
        Sym x = a.args().get(i);
        boolean number = x instanceof Sym.Applied c && c.op() instanceof Node.Const;
        boolean scalarSlot = a.op() instanceof Node.Scale && i == 0 || a.op() instanceof Node.Pow && i == 1;
        if (number && !scalarSlot && !a.op().isScalar() || !matrixForm(x)) {
          return false;
        }
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- the scratch graph

  /** The expression as graph nodes over leaves that stand for its symbols. */
  private final class Scratch {
    final Graph.Builder b = Graph.builder(graph.dims());
    /** The symbol each leaf stands for, by the leaf's name. */
    final Map<String, Sym> symbols = new HashMap<>();
    final Map<Integer, Integer> refs = new HashMap<>();
    int argument = -1;

    /** The node of s. */
    int in(Sym s) {
      if (s.equals(ARGUMENT)) {
        return argument;
      }
      if (s instanceof Sym.Ref r) {
        Integer known = refs.get(r.id());
        if (known == null) {
          known = ref(r.id());
          refs.put(r.id(), known);
        }
        return known;
      }
      if (s instanceof Sym.Adjoint a) {
        return leaf("a" + a.id(), a.id(), s);
      }
      if (s instanceof Sym.Differential d) {
        return leaf("d" + d.id(), d.id(), s);
      }
      Sym.Applied a = (Sym.Applied) s;
      int[] ids = new int[a.args().size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = in(a.args().get(i));
      }
      return written(a.op().withInputs(ids));
    }

    /** A node of the log's graph: a number, a symbol, or (unnamed) its operation over its operands. */
    private int ref(int id) {
      Node n = graph.node(id);
      if (n instanceof Node.Const c) {
        return b.constant(c.value());
      }
      if (graph.name(id).isPresent() || n.inputs().isEmpty()) {
        return leaf("r" + id, id, Sym.ref(id));
      }
      return written(n.mapInputs(this::refOf));
    }

    private int refOf(int id) {
      return in(Sym.ref(id));
    }

    /** A parameter node of the symbol's shape, its dimensions those of the node it belongs to. */
    private int leaf(String key, int of, Sym symbol) {
      String name = LEAF + key;
      symbols.put(name, symbol);
      if (graph.isScalar(of)) {
        return b.add(new Node.ScalarParam(name));
      }
      int id = b.add(new Node.Param(name));
      Shape shape = graph.shape(of);
      Dims dims = b.dims();
      dims.add(shape.rows());
      dims.add(shape.cols());
      dims.unify(shape.rows(), Dim.of(name, Axis.ROWS));
      dims.unify(shape.cols(), Dim.of(name, Axis.COLS));
      return id;
    }

    /** The node, with σ′ written by its expression where that is how the text shows it. */
    private int written(Node n) {
      if (n instanceof Node.EntrywiseDerivative d) {
        // a derivative whose expression is a negation shows its sign, so that it can cancel
        Sym e = expanded(d.fn(), ARGUMENT);
        if (e instanceof Sym.Applied a && a.op() instanceof Node.Neg && matrixForm(e)) {
          int saved = argument;
          argument = d.a();
          try {
            return in(e);
          } finally {
            argument = saved;
          }
        }
      }
      if (n instanceof Node.Hadamard h) {
        for (int i = 0; i < 2; i++) {
          int x = h.inputs().get(i);
          int y = h.inputs().get(1 - i);
          // G ⊙ σ′(X) = G / X where σ′(X) = 1/X (log′)
          if (b.node(y) instanceof Node.EntrywiseDerivative d
              && expanded(d.fn(), ARGUMENT).equals(Sym.div(Sym.num(1), ARGUMENT))) {
            return b.add(new Node.Div(x, d.a()));
          }
          // X ⊙ (G / X) = G where X ≠ 0, which holds wherever the derivative that made G / X exists
          // (X was the argument of a log, or a divisor)
          if (b.node(y) instanceof Node.Div q && q.b() == x) {
            return q.a();
          }
        }
      }
      return b.add(n);
    }

    /** The node of the simplified graph as a Sym: leaves are their symbols again. */
    Sym out(Graph g, int id, Map<Integer, Sym> done) {
      Sym known = done.get(id);
      if (known != null) {
        return known;
      }
      Node n = g.node(id);
      Sym s;
      if (n instanceof Node.Param p && symbols.containsKey(p.name())) {
        s = symbols.get(p.name());
      } else if (n instanceof Node.ScalarParam p && symbols.containsKey(p.name())) {
        s = symbols.get(p.name());
      } else if (n instanceof Node.Const c) {
        s = Sym.num(c.value());
      } else {
        List<Sym> args = new ArrayList<>();
        for (int in : n.inputs()) {
          args.add(out(g, in, done));
        }
        s = signInFront(template(g.dims(), n), args);
      }
      done.put(id, s);
      return s;
    }
  }

  /** The op as a template over placeholder ids, its dimensions named as the log's graph names them. */
  private static Node template(Dims dims, Node n) {
    int[] ids = new int[n.inputs().size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    Node t = n.withInputs(ids);
    if (t instanceof Node.Fill f) {
      return new Node.Fill(0, new Shape(dim(dims, f.shape().rows()), dim(dims, f.shape().cols())));
    }
    if (t instanceof Node.Eye e) {
      return new Node.Eye(0, dim(dims, e.n()));
    }
    if (t instanceof Node.BroadcastCols bc) {
      return new Node.BroadcastCols(0, dim(dims, bc.cols()));
    }
    if (t instanceof Node.BroadcastRows br) {
      return new Node.BroadcastRows(0, dim(dims, br.rows()));
    }
    if (t instanceof Node.Extent x) {
      return new Node.Extent(dim(dims, x.d()));
    }
    return t;
  }

  /** A leaf's dimension as the one it was unified with; any other as it is. */
  private static Dim dim(Dims dims, Dim d) {
    return d instanceof Dim.Of o && o.param().startsWith(LEAF) ? dims.find(d) : d;
  }

  /** −(c𝟏𝟏ᵀ) rather than (−c)𝟏𝟏ᵀ, −cI rather than (−c)I, −(cA) rather than (−c)A. */
  private static Sym signInFront(Node op, List<Sym> args) {
    boolean signed = op instanceof Node.Fill || op instanceof Node.Eye || op instanceof Node.Scale
        || op instanceof Node.ScalarMul;
    Sym first = args.isEmpty() ? null : args.get(0);
    if (signed && first instanceof Sym.Applied a) {
      List<Sym> positive = new ArrayList<>(args);
      if (a.op() instanceof Node.ScalarNeg) {
        positive.set(0, a.args().get(0));
      } else if (a.op() instanceof Node.Const c && c.value() < 0) {
        positive.set(0, Sym.num(-c.value()));
      } else {
        return new Sym.Applied(op, args);
      }
      Sym p = new Sym.Applied(op, positive);
      return op.isScalar() ? Sym.sneg(p) : Sym.neg(p);
    }
    return new Sym.Applied(op, args);
  }
}
