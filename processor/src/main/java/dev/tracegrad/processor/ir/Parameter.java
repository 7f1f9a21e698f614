package dev.tracegrad.processor.ir;

/**
 * A leaf the passes take, in declaration order: a {@code Matrix} or a {@code double} parameter of
 * the annotated method or of its data prologue, or an {@code int[]} index array ({@code index},
 * read by {@link Node.Pick} and {@link Node.GatherCols} by name, never a node of its own).
 */
public record Parameter(String name, boolean matrix, boolean index) {

  /** A {@code Matrix} ({@code matrix}) or {@code double} leaf. */
  public Parameter(String name, boolean matrix) {
    this(name, matrix, false);
  }

  /** An {@code int[]} index array. */
  public static Parameter index(String name) {
    return new Parameter(name, false, true);
  }

  /** The graph node that reads this parameter. */
  public Node node() {
    if (index) {
      throw new IllegalStateException(name + " is an index array, read by name, not a node");
    }
    return matrix ? new Node.Param(name) : new Node.ScalarParam(name);
  }
}
