package dev.tracegrad.processor.ir;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable expression DAG: nodes indexed by id in topological order (operands before users),
 * each matrix node with its symbolic {@link Shape}, plus the user's names for the nodes that are
 * locals or parameters. Built with a {@link Builder}, which hash-conses, so structurally equal
 * expressions share one id. Every stage after the front end consumes a graph and produces a new
 * one; nothing is mutated in place.
 */
public final class Graph {
  private final List<Node> nodes;
  private final List<Shape> shapes;
  private final Map<Integer, String> names;
  private final Dims dims;
  private final Map<Node, Integer> index = new HashMap<>();

  private Graph(List<Node> nodes, List<Shape> shapes, Map<Integer, String> names, Dims dims) {
    this.nodes = List.copyOf(nodes);
    for (int id = 0; id < this.nodes.size(); id++) {
      index.put(this.nodes.get(id), id);
    }
    this.shapes = Collections.unmodifiableList(new ArrayList<>(shapes));
    this.names = Collections.unmodifiableMap(new TreeMap<>(names));
    this.dims = dims;
  }

  /** A builder for a new graph over the given dimension equalities (copied). */
  public static Builder builder(Dims dims) {
    return new Builder(dims.copy());
  }

  /** A builder that starts with this graph's nodes, names and dimensions (ids are kept). */
  public Builder toBuilder() {
    Builder b = new Builder(dims.copy());
    for (int id = 0; id < nodes.size(); id++) {
      b.add(nodes.get(id));
    }
    b.names.putAll(names);
    return b;
  }

  public int size() {
    return nodes.size();
  }

  public Node node(int id) {
    return nodes.get(id);
  }

  /** The nodes in id (topological) order. */
  public List<Node> nodes() {
    return nodes;
  }

  /** The symbolic shape of a matrix node; null for a scalar node. */
  public Shape shape(int id) {
    return shapes.get(id);
  }

  public boolean isScalar(int id) {
    return nodes.get(id).isScalar();
  }

  /** The user's name for this node (a parameter or local), if it has one. */
  public Optional<String> name(int id) {
    return Optional.ofNullable(names.get(id));
  }

  /** Every named node, id → name, in id order. */
  public Map<Integer, String> names() {
    return names;
  }

  /** The dimension equalities the shapes of this graph rely on. */
  public Dims dims() {
    return dims;
  }

  /** The id of a structurally equal node, if the graph has one. */
  public Optional<Integer> find(Node n) {
    return Optional.ofNullable(index.get(n));
  }

  /** The ids reachable from the roots through operands (the roots included). */
  public BitSet reachable(List<Integer> roots) {
    BitSet seen = new BitSet(nodes.size());
    for (int r : roots) {
      seen.set(r);
    }
    for (int id = nodes.size() - 1; id >= 0; id--) {
      if (seen.get(id)) {
        for (int in : nodes.get(id).inputs()) {
          seen.set(in);
        }
      }
    }
    return seen;
  }

  /** The ids whose value depends on at least one of the given nodes (the given nodes included). */
  public BitSet dependents(BitSet sources) {
    BitSet dep = (BitSet) sources.clone();
    for (int id = 0; id < nodes.size(); id++) {
      for (int in : nodes.get(id).inputs()) {
        if (dep.get(in)) {
          dep.set(id);
          break;
        }
      }
    }
    return dep;
  }

  /** How many operand slots of nodes in {@code live} refer to each id. */
  public int[] useCounts(BitSet live) {
    int[] uses = new int[nodes.size()];
    for (int id = live.nextSetBit(0); id >= 0; id = live.nextSetBit(id + 1)) {
      for (int in : nodes.get(id).inputs()) {
        uses[in]++;
      }
    }
    return uses;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int id = 0; id < nodes.size(); id++) {
      sb.append('%').append(id).append(" = ").append(nodes.get(id));
      if (shapes.get(id) != null) {
        sb.append(" : ").append(shapes.get(id));
      }
      String name = names.get(id);
      if (name != null) {
        sb.append("  // ").append(name);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * Builds a graph. {@link #add} returns the id of an existing equal node instead of adding a
   * duplicate, and computes the new node's shape from its operands' shapes.
   */
  public static final class Builder {
    private final List<Node> nodes = new ArrayList<>();
    private final List<Shape> shapes = new ArrayList<>();
    private final Map<Node, Integer> index = new HashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Dims dims;

    private Builder(Dims dims) {
      this.dims = dims;
    }

    /** The equalities of this builder; the front end unifies through it while reading. */
    public Dims dims() {
      return dims;
    }

    /** Adds n unless an equal node exists; returns the id either way. */
    public int add(Node n) {
      Integer existing = index.get(n);
      if (existing != null) {
        return existing;
      }
      for (int in : n.inputs()) {
        if (in < 0 || in >= nodes.size()) {
          throw new IllegalArgumentException("operand %" + in + " of " + n + " does not exist");
        }
      }
      Shape shape = n.shape(shapes::get);
      if (shape != null) {
        dims.add(shape.rows());
        dims.add(shape.cols());
      }
      int id = nodes.size();
      nodes.add(n);
      shapes.add(shape);
      index.put(n, id);
      return id;
    }

    /** Gives a node the user's name unless it already has one (the first name wins). */
    public void name(int id, String name) {
      names.putIfAbsent(id, name);
    }

    public Node node(int id) {
      return nodes.get(id);
    }

    public Shape shape(int id) {
      return shapes.get(id);
    }

    public boolean isScalar(int id) {
      return nodes.get(id).isScalar();
    }

    public int size() {
      return nodes.size();
    }

    /** A constant node. */
    public int constant(double v) {
      return add(new Node.Const(v));
    }

    public Graph build() {
      return new Graph(nodes, shapes, names, dims.copy());
    }
  }
}
