package dev.tracegrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Decides which method a call in the body invokes (front end), by name, with javac's rules: a
 * method of an enclosing class shadows statically imported ones; a single-static-import shadows
 * on-demand ones; a variable obscures a type of the same name. Consumes a call tree; produces a
 * {@link Callee}.
 */
final class CallResolver {
  static final String OPS = "dev.tracegrad.Ops";
  static final String MATH = "java.lang.Math";
  static final String MATRIX = "dev.tracegrad.Matrix";
  /**
   * The {@code Matrix} factories with a DSL twin, read as it (LANGUAGE.md §7): so that
   * {@code Matrix.identity(n)} allocates nothing and takes part in the algebra like {@code eye(n)}.
   * The others ({@code of}, {@code column}, {@code fromRows}, {@code random}) have none and run as
   * written on data.
   */
  static final Map<String, DslOp> MATRIX_FACTORIES = Map.of("identity", DslOp.EYE, "zeros", DslOp.ZEROS);
  /** The Ops methods taking an index array (data), read by {@link IndexOps}. */
  static final Set<String> INDEX_OPS = Set.of("pick", "gatherCols");

  private final NameScope scope;
  private final Predicate<String> isVariable;

  /**
   * @param isVariable whether a simple name is a parameter or local in scope at the call
   */
  CallResolver(NameScope scope, Predicate<String> isVariable) {
    this.scope = scope;
    this.isVariable = isVariable;
  }

  /**
   * @param firstArgument MATRIX when any argument is a Matrix, else the kind of the first
   *     argument, or null when unknown; it picks between {@code Ops.log} and {@code Math.log} (or
   *     {@code Ops.max} and {@code Math.max}) when both are statically imported, as overload
   *     resolution would: Math's methods take no Matrix, and the Ops methods that take only
   *     doubles ({@code sigmoid(double)}, {@code eye(double)}) are not in Math
   */
  Callee resolve(MethodInvocationTree call, ValueKind firstArgument) {
    ExpressionTree select = call.getMethodSelect();
    if (select instanceof IdentifierTree id) {
      return unqualified(id.getName().toString(), firstArgument);
    }
    if (select instanceof MemberSelectTree ms) {
      return qualified(ms.getExpression(), ms.getIdentifier().toString());
    }
    return Callee.unknown("this is not a call of a named static method");
  }

  private Callee unqualified(String name, ValueKind firstArgument) {
    List<ExecutableElement> methods = scope.methods(name);
    if (!methods.isEmpty()) {
      TypeElement owner = (TypeElement) methods.get(0).getEnclosingElement();
      return sameTopLevel(owner) ? Callee.helper(methods) : Callee.java(owner);
    }
    Set<String> known = DslOp.forOpsName(name) != null || INDEX_OPS.contains(name)
        ? Set.of(OPS) : Set.of();
    Set<String> owners = scope.staticImportsOf(name, known);
    if (owners.isEmpty()) {
      return Callee.unknown("no method named '" + name + "' is in scope");
    }
    for (String owner : owners) {
      if (owner.equals(MATRIX) && MATRIX_FACTORIES.containsKey(name)) {
        return Callee.ops(MATRIX_FACTORIES.get(name));
      }
      if (!owner.equals(OPS) && !owner.equals(MATH)) {
        return Callee.java(scope.elements().getTypeElement(owner));
      }
    }
    boolean ops = owners.contains(OPS);
    boolean math = owners.contains(MATH);
    if (math && (!ops || firstArgument == ValueKind.SCALAR)) {
      return Callee.math(name);
    }
    return opsMethod(name);
  }

  private Callee qualified(ExpressionTree qualifier, String name) {
    String first = firstIdentifier(qualifier);
    if (first == null || first.equals("this") || first.equals("super") || isVariable.test(first)
        || scope.classHasField(first)) {
      return Callee.java(null);
    }
    String owner = ownerName(qualifier, first);
    if (owner == null) {
      return Callee.unknown("'" + first + "' does not name a class in scope");
    }
    if (owner.equals(OPS)) {
      return opsMethod(name);
    }
    if (owner.equals(MATH)) {
      return Callee.math(name);
    }
    if (owner.equals(MATRIX) && MATRIX_FACTORIES.containsKey(name)) {
      return Callee.ops(MATRIX_FACTORIES.get(name));
    }
    TypeElement type = scope.elements().getTypeElement(owner);
    if (type != null && sameTopLevel(type)) {
      List<ExecutableElement> methods = scope.methodsOf(type, name);
      if (!methods.isEmpty()) {
        return Callee.helper(methods);
      }
    }
    return Callee.java(type);
  }

  /** Whether a class is the annotated method's top-level class or nested in it. */
  private boolean sameTopLevel(TypeElement type) {
    Element e = type;
    while (e.getEnclosingElement() instanceof TypeElement outer) {
      e = outer;
    }
    return e.equals(scope.topLevel());
  }

  private static Callee opsMethod(String name) {
    if (INDEX_OPS.contains(name)) {
      return Callee.index(name);
    }
    DslOp op = DslOp.forOpsName(name);
    return op != null ? Callee.ops(op) : Callee.unknown("Ops has no operation '" + name + "'");
  }

  /**
   * The canonical name of the class a qualifier names, whose first identifier is not a value.
   * {@code Ops} is resolved in scope; a dotted name is package-qualified unless its first
   * identifier is a type in scope ({@code Outer.Ops} names a member of {@code Outer}).
   */
  private String ownerName(ExpressionTree qualifier, String first) {
    Optional<String> type = scope.type(first);
    String dotted = NameScope.dottedName(qualifier);
    if (dotted.equals(first)) {
      return type.orElse(null);
    }
    return type.map(t -> t + dotted.substring(first.length())).orElse(dotted);
  }

  /** The leftmost identifier of a dotted name, or null when the qualifier is another expression. */
  private static String firstIdentifier(ExpressionTree qualifier) {
    String dotted = NameScope.dottedName(qualifier);
    if (dotted == null) {
      return null;
    }
    int dot = dotted.indexOf('.');
    return dot < 0 ? dotted : dotted.substring(0, dot);
  }
}
