package dev.tracegrad.processor.frontend;

import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * What a call in the body refers to, as {@link CallResolver} decides it: an {@code Ops}
 * operation, a {@code java.lang.Math} method (supported or not), a static helper method of the
 * annotated method's top-level class (inlined on the differentiable path), other Java (run as
 * written on data), or nothing that can be called, with the reason.
 *
 * @param op the {@code Ops} operation, or null
 * @param mathName the {@code Math} method's name, or null
 * @param unknownReason why the call is not a DSL call, or null
 * @param helpers the overloads of the helper method called, or null
 * @param java whether the call is other Java code
 * @param owner the class of a static method called as other Java, or null (an instance method)
 * @param indexOp {@code pick} or {@code gatherCols}, the ops taking an index array, or null
 */
record Callee(DslOp op, String mathName, String unknownReason, List<ExecutableElement> helpers,
    boolean java, TypeElement owner, String indexOp) {

  static Callee ops(DslOp op) {
    return new Callee(op, null, null, null, false, null, null);
  }

  static Callee math(String name) {
    return new Callee(null, name, null, null, false, null, null);
  }

  static Callee unknown(String reason) {
    return new Callee(null, null, reason, null, false, null, null);
  }

  static Callee helper(List<ExecutableElement> overloads) {
    return new Callee(null, null, null, List.copyOf(overloads), false, null, null);
  }

  /** Other Java: a static method of {@code owner}, or an instance method when it is null. */
  static Callee java(TypeElement owner) {
    return new Callee(null, null, null, null, true, owner, null);
  }

  /** {@code Ops.pick} or {@code Ops.gatherCols}. */
  static Callee index(String name) {
    return new Callee(null, null, null, null, false, null, name);
  }

  /** Whether this is an {@code Ops} or {@code Math} call of the DSL. */
  boolean dsl() {
    return op != null || mathName != null;
  }
}
