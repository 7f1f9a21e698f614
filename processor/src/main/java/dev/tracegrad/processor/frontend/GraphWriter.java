package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Shape;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Adds the body's nodes to the graph builder (front end) and tracks, for each node, whether it
 * depends on a wrt parameter: an exponent must not (API.md), and the error names the parameter
 * it depends on. Hash-consing is the builder's: adding an equal node returns the existing id.
 */
final class GraphWriter {
  private final Graph.Builder builder;
  private final Set<String> wrt;
  /** For each node that depends on a wrt parameter, the name of one such parameter. */
  private final Map<Integer, String> wrtSource = new HashMap<>();

  GraphWriter(Graph.Builder builder, Set<String> wrt) {
    this.builder = builder;
    this.wrt = wrt;
  }

  Graph.Builder builder() {
    return builder;
  }

  int add(Node n) {
    int id = builder.add(n);
    String source = null;
    if (n instanceof Node.Param p && wrt.contains(p.name())) {
      source = p.name();
    } else if (n instanceof Node.ScalarParam p && wrt.contains(p.name())) {
      source = p.name();
    } else {
      for (int in : n.inputs()) {
        source = source != null ? source : wrtSource.get(in);
      }
    }
    if (source != null) {
      wrtSource.put(id, source);
    }
    return id;
  }

  /** Makes a graph leaf of a data value the differentiable path reads. */
  interface DataLeaves {
    /** The leaf's node id for a data value read where a value of this kind goes. */
    int leaf(Value v, ValueKind kind);
  }

  private DataLeaves dataLeaves;

  void dataLeaves(DataLeaves leaves) {
    this.dataLeaves = leaves;
  }

  /** The node of a parameter (or data leaf), named after it. */
  Value parameter(Parameter p) {
    int id = add(p.node());
    builder.name(id, p.name());
    return Value.leaf(id, p.matrix() ? ValueKind.MATRIX : ValueKind.SCALAR, p.name());
  }

  /**
   * The node id of a value read by the differentiable path where a value of {@code kind} goes:
   * an int or double constant becomes a Const node, another data value a leaf.
   */
  int id(Value v, ValueKind kind) {
    if (v.isInt()) {
      return add(new Node.Const(v.intValue()));
    }
    if (v.id() >= 0) {
      return v.id();
    }
    if (v.data().constant() != null) {
      return add(new Node.Const(v.data().constant()));
    }
    return dataLeaves.leaf(v, kind);
  }

  /** The node id of a scalar value. */
  int id(Value v) {
    return id(v, ValueKind.SCALAR);
  }

  /** A wrt parameter the value depends on, or null if it depends on none. */
  String wrtSource(Value v) {
    return v.id() < 0 ? null : wrtSource.get(v.id());
  }

  /** A wrt parameter the node depends on, or null. */
  String wrtSource(int id) {
    return wrtSource.get(id);
  }

  /** The symbolic shape of a matrix node. */
  Shape shape(int id) {
    return builder.shape(id);
  }

  /** Whether a matrix node is known to be a row (its rows are 1). */
  boolean isRow(int id) {
    return builder.dims().same(builder.shape(id).rows(), Dim.ONE);
  }

  /** s𝟏𝟏ᵀ shaped like the matrix node {@code like}: a double broadcast to every entry. */
  int fill(int s, int like) {
    return add(new Node.Fill(s, builder.shape(like)));
  }

  /** 1/n for an extent n, as a scalar node. */
  int reciprocal(Dim n) {
    return add(new Node.ScalarDiv(add(new Node.Const(1)), add(new Node.Extent(n))));
  }

  /** Gives a node a local's name (the first name of a node wins). */
  void name(Value v, String local) {
    if (!v.failed() && v.id() >= 0) {
      builder.name(v.id(), local);
    }
  }
}
