package dev.tracegrad.processor.frontend;

/** The two value types of the DSL, as the front end checks them before attribution. */
enum ValueKind {
  MATRIX("Matrix"),
  SCALAR("double");

  private final String javaName;

  ValueKind(String javaName) {
    this.javaName = javaName;
  }

  /** The Java type as a user writes it. */
  String javaName() {
    return javaName;
  }
}
