package dev.tracegrad.processor.ir;

import dev.tracegrad.processor.ir.Node;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Rebuilds a {@link Node} with other operand ids, keeping its op and attributes (function, shape,
 * dimension). Derive uses it to turn symbolic expressions into graph nodes, simplify to copy a
 * graph into a new builder.
 */
public final class NodeInputs {
  private NodeInputs() {}

  /** The node with each operand id replaced by {@code f(id)}. */
  public static Node map(Node n, IntUnaryOperator f) {
    List<Integer> in = n.inputs();
    int[] ids = new int[in.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = f.applyAsInt(in.get(i));
    }
    return with(n, ids);
  }

  /** The node with the given operand ids, in operand order. */
  public static Node with(Node n, List<Integer> inputs) {
    return with(n, inputs.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * The node with the given operand ids, in operand order. One branch per record: {@link Node} is
   * sealed and its records have no common copy method, so a new node type must be added here too
   * (it fails loudly below until it is).
   */
  public static Node with(Node n, int... in) {
    if (in.length != n.inputs().size()) {
      throw new IllegalArgumentException(n + " takes " + n.inputs().size() + " operands, not " + in.length);
    }
    if (n instanceof Node.Param || n instanceof Node.ScalarParam || n instanceof Node.Const) {
      return n; // leaves
    }
    if (n instanceof Node.Add) {
      return new Node.Add(in[0], in[1]);
    }
    if (n instanceof Node.Sub) {
      return new Node.Sub(in[0], in[1]);
    }
    if (n instanceof Node.Neg) {
      return new Node.Neg(in[0]);
    }
    if (n instanceof Node.MatMul) {
      return new Node.MatMul(in[0], in[1]);
    }
    if (n instanceof Node.Transpose) {
      return new Node.Transpose(in[0]);
    }
    if (n instanceof Node.Scale) {
      return new Node.Scale(in[0], in[1]);
    }
    if (n instanceof Node.Hadamard) {
      return new Node.Hadamard(in[0], in[1]);
    }
    if (n instanceof Node.Div) {
      return new Node.Div(in[0], in[1]);
    }
    if (n instanceof Node.Inv) {
      return new Node.Inv(in[0]);
    }
    if (n instanceof Node.Entrywise x) {
      return new Node.Entrywise(x.fn(), in[0]);
    }
    if (n instanceof Node.Pow) {
      return new Node.Pow(in[0], in[1]);
    }
    if (n instanceof Node.Softmax) {
      return new Node.Softmax(in[0]);
    }
    if (n instanceof Node.LogSoftmax) {
      return new Node.LogSoftmax(in[0]);
    }
    if (n instanceof Node.AddColumn) {
      return new Node.AddColumn(in[0], in[1]);
    }
    if (n instanceof Node.RowSums) {
      return new Node.RowSums(in[0]);
    }
    if (n instanceof Node.ColSums) {
      return new Node.ColSums(in[0]);
    }
    if (n instanceof Node.Trace) {
      return new Node.Trace(in[0]);
    }
    if (n instanceof Node.Det) {
      return new Node.Det(in[0]);
    }
    if (n instanceof Node.LogDet) {
      return new Node.LogDet(in[0]);
    }
    if (n instanceof Node.Sum) {
      return new Node.Sum(in[0]);
    }
    if (n instanceof Node.Dot) {
      return new Node.Dot(in[0], in[1]);
    }
    if (n instanceof Node.SumSq) {
      return new Node.SumSq(in[0]);
    }
    if (n instanceof Node.ScalarOf) {
      return new Node.ScalarOf(in[0]);
    }
    if (n instanceof Node.ScalarAdd) {
      return new Node.ScalarAdd(in[0], in[1]);
    }
    if (n instanceof Node.ScalarSub) {
      return new Node.ScalarSub(in[0], in[1]);
    }
    if (n instanceof Node.ScalarMul) {
      return new Node.ScalarMul(in[0], in[1]);
    }
    if (n instanceof Node.ScalarDiv) {
      return new Node.ScalarDiv(in[0], in[1]);
    }
    if (n instanceof Node.ScalarNeg) {
      return new Node.ScalarNeg(in[0]);
    }
    if (n instanceof Node.ScalarFunction x) {
      return new Node.ScalarFunction(x.fn(), in[0]);
    }
    if (n instanceof Node.ScalarPow) {
      return new Node.ScalarPow(in[0], in[1]);
    }
    // the derivative-only nodes keep their attributes: a Fill its shape, an Eye its size, …
    if (n instanceof Node.Fill x) {
      return new Node.Fill(in[0], x.shape());
    }
    if (n instanceof Node.Eye x) {
      return new Node.Eye(in[0], x.n());
    }
    if (n instanceof Node.BroadcastCols x) {
      return new Node.BroadcastCols(in[0], x.cols());
    }
    if (n instanceof Node.BroadcastRows x) {
      return new Node.BroadcastRows(in[0], x.rows());
    }
    if (n instanceof Node.ScaleColumns) {
      return new Node.ScaleColumns(in[0], in[1]);
    }
    if (n instanceof Node.EntrywiseDerivative x) {
      return new Node.EntrywiseDerivative(x.fn(), in[0]);
    }
    if (n instanceof Node.Solve) {
      return new Node.Solve(in[0], in[1]);
    }
    throw new IllegalArgumentException("unknown node " + n);
  }
}
