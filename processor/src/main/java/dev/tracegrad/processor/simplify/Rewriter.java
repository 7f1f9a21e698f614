package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Rebuilds a graph bottom-up through rewrite rules, Calcite-rex style. Each live node is copied
 * onto its rewritten operands and then settled: the rules are tried in order, and whenever one
 * returns a different id the rules start over on that id, until none applies. Rules build their
 * results with {@link #add}, which settles the new node too, so every node a rule sees has
 * simplified operands. Hash-consing in the builder makes common subexpressions one node.
 *
 * <p>Dead nodes (not reachable from the roots) are not copied; the user's names follow their
 * nodes (the first name wins when two nodes become one).
 */
final class Rewriter {

  /** One algebraic identity: returns a simpler equivalent of node {@code id}, or {@code id}. */
  interface Rule {
    int apply(Rewriter r, int id);
  }

  /**
   * A rewrite that needs the input graph (how a node is used, what else is computed): given an
   * input node id whose operands are already copied, the output id that replaces it, if any.
   */
  interface Substitution {
    OptionalInt apply(Rewriter r, int oldId);
  }

  /** The rewritten graph and the new ids of the roots, in the order given. */
  record Result(Graph graph, List<Integer> roots) {}

  private static final int MAX_DEPTH = 200;

  private final Graph in;
  private final BitSet live;
  private final List<Integer> inRoots;
  private final Graph.Builder out;
  private final int[] map;
  private final List<Rule> rules;
  private final Map<Integer, Integer> settled = new HashMap<>();
  private int depth;

  private Rewriter(Graph in, List<Integer> roots, List<Rule> rules) {
    this.in = in;
    this.inRoots = List.copyOf(roots);
    this.live = in.reachable(roots);
    this.out = Graph.builder(in.dims());
    this.map = new int[in.size()];
    this.rules = rules;
  }

  /** One pass over {@code in}: substitutions first, then rules; dead nodes dropped. */
  static Result run(Graph in, List<Integer> roots, List<Rule> rules, List<Substitution> substitutions) {
    Rewriter r = new Rewriter(in, roots, rules);
    for (int old = r.live.nextSetBit(0); old >= 0; old = r.live.nextSetBit(old + 1)) {
      OptionalInt replaced = OptionalInt.empty();
      for (Substitution s : substitutions) {
        replaced = s.apply(r, old);
        if (replaced.isPresent()) {
          break;
        }
      }
      r.map[old] = replaced.isPresent() ? r.settle(replaced.getAsInt()) : r.add(in.node(old).mapInputs(i -> r.map[i]));
    }
    for (Map.Entry<Integer, String> e : in.names().entrySet()) {
      if (r.live.get(e.getKey())) {
        r.out.name(r.map[e.getKey()], e.getValue());
      }
    }
    List<Integer> newRoots = roots.stream().map(i -> r.map[i]).toList();
    return compact(r.out.build(), newRoots);
  }

  /** The graph with only the nodes the roots reach, renumbered in the same order. */
  static Result compact(Graph g, List<Integer> roots) {
    BitSet keep = g.reachable(roots);
    Graph.Builder b = Graph.builder(g.dims());
    int[] map = new int[g.size()];
    for (int id = keep.nextSetBit(0); id >= 0; id = keep.nextSetBit(id + 1)) {
      map[id] = b.add(g.node(id).mapInputs(i -> map[i]));
    }
    for (Map.Entry<Integer, String> e : g.names().entrySet()) {
      if (keep.get(e.getKey())) {
        b.name(map[e.getKey()], e.getValue());
      }
    }
    return new Result(b.build(), roots.stream().map(i -> map[i]).toList());
  }

  // ---------------------------------------------------------------- building

  /** Adds {@code n} and settles it: the id of its simplest equivalent. */
  int add(Node n) {
    return settle(out.add(n));
  }

  private int settle(int id) {
    Integer done = settled.get(id);
    if (done != null) {
      return done;
    }
    if (++depth > MAX_DEPTH) {
      throw new IllegalStateException("rewrite rules do not terminate at " + out.node(id));
    }
    try {
      int cur = id;
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Rule rule : rules) {
          int next = rule.apply(this, cur);
          if (next != cur) {
            cur = next;
            changed = true;
            break;
          }
        }
      }
      settled.put(id, cur);
      settled.put(cur, cur);
      return cur;
    } finally {
      depth--;
    }
  }

  int constant(double v) {
    return add(new Node.Const(v == 0 ? 0.0 : v));
  }

  /** The zero of node {@code id}'s type: 0, or a zero matrix of its shape. */
  int zeroLike(int id) {
    return isScalar(id) ? constant(0) : add(new Node.Fill(constant(0), shape(id)));
  }

  /** −x, as ScalarNeg or Neg by the type of x. */
  int negate(int id) {
    return add(isScalar(id) ? new Node.ScalarNeg(id) : new Node.Neg(id));
  }

  // ---------------------------------------------------------------- inspecting the output

  Node node(int id) {
    return out.node(id);
  }

  Shape shape(int id) {
    return out.shape(id);
  }

  boolean isScalar(int id) {
    return out.isScalar(id);
  }

  /** The value of a constant node, or null. */
  Double constantValue(int id) {
    return out.node(id) instanceof Node.Const c ? c.value() : null;
  }

  boolean isConstant(int id, double v) {
    Double c = constantValue(id);
    return c != null && c == v;
  }

  /** The constant entry of a Fill with a constant, or null. */
  Double fillValue(int id) {
    return out.node(id) instanceof Node.Fill f ? constantValue(f.s()) : null;
  }

  /** 0, or a matrix known to be all zeros (Fill(0), 0·I). */
  boolean isZero(int id) {
    Node n = out.node(id);
    if (n instanceof Node.Const c) {
      return c.value() == 0;
    }
    if (n instanceof Node.Fill f) {
      return isConstant(f.s(), 0);
    }
    return n instanceof Node.Eye e && isConstant(e.s(), 0);
  }

  /** Whether the dimension is known to be 1. */
  boolean isOne(Dim d) {
    return out.dims().same(d, Dim.ONE);
  }

  // ---------------------------------------------------------------- inspecting the input

  /** The input graph of this pass. */
  Graph input() {
    return in;
  }

  /** Whether an input node is reachable from the roots. */
  boolean isLive(int oldId) {
    return live.get(oldId);
  }

  /** The output id of an already copied input node. */
  int mapped(int oldId) {
    return map[oldId];
  }

  /** The live input nodes that use {@code oldId} as an operand (one entry per operand slot). */
  List<Integer> users(int oldId) {
    List<Integer> users = new ArrayList<>();
    for (int id = live.nextSetBit(oldId + 1); id >= 0; id = live.nextSetBit(id + 1)) {
      for (int operand : in.node(id).inputs()) {
        if (operand == oldId) {
          users.add(id);
        }
      }
    }
    return users;
  }

  /** Whether an input node is one of the roots (the loss or a gradient). */
  boolean isRoot(int oldId) {
    return inRoots.contains(oldId);
  }
}
