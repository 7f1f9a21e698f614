package dev.tracegrad.processor.frontend;

/**
 * What a call in the body refers to, as {@link CallResolver} decides it: an {@code Ops}
 * operation, a {@code java.lang.Math} method (supported or not), or something else, with the
 * reason it cannot be differentiated.
 *
 * @param op the {@code Ops} operation, or null
 * @param mathName the {@code Math} method's name, or null
 * @param unknownReason why the call is not a DSL call, or null
 */
record Callee(DslOp op, String mathName, String unknownReason) {

  static Callee ops(DslOp op) {
    return new Callee(op, null, null);
  }

  static Callee math(String name) {
    return new Callee(null, name, null);
  }

  static Callee unknown(String reason) {
    return new Callee(null, null, reason);
  }
}
