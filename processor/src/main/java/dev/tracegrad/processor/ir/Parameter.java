package dev.tracegrad.processor.ir;

/** A parameter of the annotated method, in declaration order: a {@code Matrix} or a {@code double}. */
public record Parameter(String name, boolean matrix) {

  /** The graph node that reads this parameter. */
  public Node node() {
    return matrix ? new Node.Param(name) : new Node.ScalarParam(name);
  }
}
