package dev.tracegrad.processor.frontend;

/**
 * What an expression of the body reads to (front end): a graph node of a kind, an {@code int}
 * constant, or nothing. An {@code int} subexpression (only literals can be ints) is kept out of
 * the graph and folded with Java's int arithmetic, so {@code 1 / 2} is 0 as when the method runs;
 * it becomes a {@code Const} node where it meets a double. {@link #FAILED} means an error was
 * already reported below (or a poisoned local was used), so users of the value stay silent.
 *
 * @param id the node id, or -1 for an int constant or a failure
 * @param kind the value's kind, or null for a failure
 * @param intValue the value of an int constant, or null
 */
record Value(int id, ValueKind kind, Integer intValue) {

  static final Value FAILED = new Value(-1, null, null);

  static Value node(int id, ValueKind kind) {
    return new Value(id, kind, null);
  }

  static Value ofInt(int value) {
    return new Value(-1, ValueKind.SCALAR, value);
  }

  boolean failed() {
    return kind == null;
  }

  boolean isInt() {
    return intValue != null;
  }
}
