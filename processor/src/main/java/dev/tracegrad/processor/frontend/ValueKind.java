package dev.tracegrad.processor.frontend;

/**
 * The two value types of the DSL, as the front end checks them before attribution, and the
 * type of a data value the front end cannot see (javac checks it when it compiles the body).
 */
enum ValueKind {
  MATRIX("Matrix"),
  SCALAR("double"),
  /** A data value of a type the front end does not know; it fits wherever data may go. */
  UNKNOWN("a Java value");

  private final String javaName;

  ValueKind(String javaName) {
    this.javaName = javaName;
  }

  /** The Java type as a user writes it. */
  String javaName() {
    return javaName;
  }
}
