package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * Lower stage: who needs each node of a gradient graph. The forward pass is everything the loss
 * needs (and a σ that shares its exponential with the loss's softplus, see
 * {@link #computeWithSibling}); the backward pass is the rest of what the gradients need; the
 * tangent pass, when there are Hessian-vector products, the rest of what they need. With products,
 * the backward values the products do not need form the rest of the backward pass, which only
 * the gradients run (the buffer form of {@code hvp} skips it). Uses are counted through
 * views (transpose, broadcast, fill, eye), which cost nothing to re-read but make their operand
 * be read once per use of the view.
 */
final class Usage {
  static final int FORWARD = 1;
  static final int BACKWARD = 2;
  static final int TANGENT = 4;
  /**
   * The rest of the backward pass: runs after the tangent pass when both run, so its bit is the
   * highest; nothing the tangent pass reads is computed here.
   */
  static final int REST = 8;

  private final BitSet forward;
  private final BitSet backward;
  private final BitSet live;
  /** With products: the backward values the products need (the other backward values are the rest). */
  private final BitSet forProducts;
  private final boolean hasProducts;
  private final int[] uses;
  private final int[] passes;
  private final boolean[] usedByMatrix;

  Usage(Graph graph, int loss, List<Integer> gradients, List<Integer> products) {
    this.forward = graph.reachable(List.of(loss));
    List<Integer> roots = new ArrayList<>();
    roots.add(loss);
    roots.addAll(gradients);
    this.backward = graph.reachable(roots);
    roots.addAll(products);
    this.live = graph.reachable(roots);
    this.forProducts = graph.reachable(products);
    this.hasProducts = !products.isEmpty();
    computeWithSibling(graph);
    int n = graph.size();
    this.uses = new int[n];
    this.passes = new int[n];
    this.usedByMatrix = new boolean[n];
    uses[loss]++;
    passes[loss] |= FORWARD;
    for (int g : gradients) {
      uses[g]++;
      passes[g] |= BACKWARD;
    }
    for (int p : products) {
      uses[p]++;
      passes[p] |= TANGENT;
    }
    // Descending ids visit every consumer before its operands, so uses[id] is final when read.
    for (int id = n - 1; id >= 0; id--) {
      if (!live.get(id)) {
        continue;
      }
      Node node = graph.node(id);
      boolean view = NodeRoles.isView(node);
      for (int in : node.inputs()) {
        if (view) {
          uses[in] += uses[id];
          passes[in] |= passes[id];
        } else {
          uses[in]++;
          passes[in] |= passOf(id);
        }
        if (!node.isScalar()) {
          usedByMatrix[in] = true;
        }
      }
    }
  }

  /**
   * A gradient's f(A) moves into the forward pass when the loss takes g(A) and f and g share the
   * exponential e^−|A| ({@link EntrywiseFunction#sharesExponential}): running in the same loop,
   * they compute it once (softplus′ = σ is the common case), and the backward pass then reads
   * f(A) instead of recomputing it. For σ beside softplus, moving costs the forward pass a division
   * per entry and saves the backward pass an exponential.
   */
  private void computeWithSibling(Graph graph) {
    for (int id = 0; id < graph.size(); id++) {
      if (live.get(id) && !forward.get(id) && graph.node(id) instanceof Node.Entrywise f
          && f.fn().sharesExponential() && forwardSibling(graph, f)) {
        forward.set(id);
      }
    }
  }

  private boolean forwardSibling(Graph graph, Node.Entrywise f) {
    for (EntrywiseFunction g : EntrywiseFunction.values()) {
      if (g != f.fn() && g.sharesExponential()) {
        Optional<Integer> sibling = graph.find(new Node.Entrywise(g, f.a()));
        if (sibling.isPresent() && forward.get(sibling.get())) {
          return true;
        }
      }
    }
    return false;
  }

  boolean live(int id) {
    return live.get(id);
  }

  boolean inForward(int id) {
    return forward.get(id);
  }

  boolean inBackward(int id) {
    return backward.get(id) && !forward.get(id);
  }

  boolean inTangent(int id) {
    return live.get(id) && !backward.get(id);
  }

  /** Whether a backward value is one only the gradients need, not the products. */
  boolean inRest(int id) {
    return hasProducts && inBackward(id) && !forProducts.get(id);
  }

  /**
   * {@link #FORWARD}, {@link #BACKWARD}, {@link #TANGENT} or {@link #REST}: the pass that computes
   * a live node.
   */
  int passOf(int id) {
    return forward.get(id) ? FORWARD : inRest(id) ? REST : backward.get(id) ? BACKWARD : TANGENT;
  }

  /** How many times the node's value is read, counting each read through a view. */
  int uses(int id) {
    return uses[id];
  }

  /** Whether a node is also read by a pass after its own (the forward pass's by the backward pass). */
  boolean neededLater(int id) {
    return live.get(id) && (passes[id] & ~(2 * passOf(id) - 1)) != 0;
  }

  /** Whether a matrix-valued node reads this one (for a scalar: whether it is loop-invariant). */
  boolean usedByMatrix(int id) {
    return usedByMatrix[id];
  }
}
