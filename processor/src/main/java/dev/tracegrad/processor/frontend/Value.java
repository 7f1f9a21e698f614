package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.JavaCode;

/**
 * What an expression of the body reads to (front end): a graph node of a kind, an {@code int}
 * constant, a data value computed by Java as written, or nothing. An {@code int} constant is kept
 * out of the graph and folded with Java's int arithmetic, so {@code 1 / 2} is 0 as when the
 * method runs; a data value (which never depends on wrt) enters the graph only where the
 * differentiable path reads it, as a constant or a leaf. {@link #FAILED} means an error was
 * already reported below (or a poisoned local was used), so users of the value stay silent.
 *
 * @param id the node id, or -1 for an int constant, a data value or a failure
 * @param kind the value's kind, or null for a failure
 * @param intValue the value of an int constant, or null
 * @param data how Java computes it, for an int constant or a data value (a leaf has it too);
 *     null for a node computed by the differentiable path
 */
record Value(int id, ValueKind kind, Integer intValue, Data data) {

  /**
   * A value Java computes.
   *
   * @param code the expression, as the generated class writes it
   * @param constant its value when it is a compile-time constant of type double, or null
   * @param local the name it has in the generated methods when it is a variable, or null
   */
  record Data(JavaCode code, Double constant, String local) {}

  static final Value FAILED = new Value(-1, null, null, null);

  static Value node(int id, ValueKind kind) {
    return new Value(id, kind, null, null);
  }

  static Value ofInt(int value) {
    return new Value(-1, ValueKind.SCALAR, value,
        new Data(JavaCode.text(JavaCopier.literal(value)), null, null));
  }

  /** A data value not yet in the graph. */
  static Value data(JavaCode code, ValueKind kind, Double constant, String local) {
    return new Value(-1, kind, null, new Data(code, constant, local));
  }

  /** A leaf of the graph: a Matrix or double parameter, or a data value read by the path. */
  static Value leaf(int id, ValueKind kind, String name) {
    return new Value(id, kind, null, new Data(JavaCode.text(name), null, name));
  }

  boolean failed() {
    return kind == null;
  }

  boolean isInt() {
    return intValue != null;
  }

  /** Whether Java computes the value and it is not in the graph yet (int constants included). */
  boolean isData() {
    return id < 0 && kind != null;
  }
}
