package dev.tracegrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.JavaCode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeKind;

/**
 * Reads a method body's statements (front end): local declarations, each bound to the value of
 * its initializer, then the one {@code return}. Consumes the body block; produces the id of the
 * returned scalar, or empty when something is in error (every error recorded). A local whose
 * declaration is in error is poisoned, so its uses do not report again.
 */
final class BodyReader {
  private final ExpressionReader expressions;
  private final Problems problems;
  private final NameScope scope;
  /** The annotated method's signature; null for an inlined helper. */
  private final MethodSignature signature;
  /** For an inlined helper: its locals' names in the graph and in generated code. */
  private Map<String, String> names = Map.of();
  /**
   * Type trees that several declarators share ({@code int n = 1, d = 2;} has one {@code int}
   * tree for both): an error about the type goes on each declarator instead, or all would land
   * on the one shared position.
   */
  private final Set<Tree> sharedTypes = Collections.newSetFromMap(new IdentityHashMap<>());

  BodyReader(ExpressionReader expressions, Problems problems, NameScope scope,
      MethodSignature signature) {
    this.expressions = expressions;
    this.problems = problems;
    this.scope = scope;
    this.signature = signature;
  }

  /** Reads the annotated method's body; the id of the returned loss, or empty after errors. */
  OptionalInt read(ExecutableElement method, BlockTree body) {
    Value loss = readBody(method, body);
    if (loss == null || loss.failed()) {
      return OptionalInt.empty();
    }
    if (loss.kind() == ValueKind.MATRIX) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(expressions.id(loss));
  }

  /**
   * Reads an inlined helper's body in the expression reader's current frame; its locals are
   * given names free in the whole method ({@code names} receives them). The returned value, or
   * null after errors.
   */
  Value readHelper(ExecutableElement helper, BlockTree body, Map<String, String> names) {
    this.names = names;
    for (StatementTree statement : body.getStatements()) {
      if (statement instanceof VariableTree local) {
        String name = local.getName().toString();
        names.put(name, expressions.prologue().fresh(name));
      }
    }
    return readBody(helper, body);
  }

  private Value readBody(ExecutableElement method, BlockTree body) {
    List<? extends StatementTree> statements = body.getStatements();
    int lastIndex = statements.size() - 1;
    // A stray ';' changes nothing, also after the return.
    while (lastIndex >= 0 && statements.get(lastIndex) instanceof EmptyStatementTree) {
      lastIndex--;
    }
    Set<Tree> seenTypes = Collections.newSetFromMap(new IdentityHashMap<>());
    for (StatementTree statement : statements) {
      if (statement instanceof VariableTree local && local.getType() != null
          && !seenTypes.add(local.getType())) {
        sharedTypes.add(local.getType());
      }
    }
    Value loss = null;
    boolean anyReturn = false;
    boolean unsupported = false;
    for (int i = 0; i <= lastIndex; i++) {
      StatementTree statement = statements.get(i);
      if (statement instanceof VariableTree local) {
        declare(local);
      } else if (statement instanceof ReturnTree ret) {
        anyReturn = true;
        loss = returnValue(ret, i == lastIndex);
      } else if (statement instanceof EmptyStatementTree) {
        continue;
      } else if (statement instanceof ExpressionStatementTree es && isAssignment(es)) {
        expressions.read(es.getExpression());
      } else {
        // Not looked into: what it contains would only repeat that it is not allowed here.
        problems.on(statement, Message.UNSUPPORTED_STATEMENT, TreeWords.statement(statement));
        unsupported = true;
      }
    }
    // A misplaced return has its own error, and a return inside an unsupported statement
    // (if ... return a; else return b;) is not missing, only in the wrong place.
    if (!anyReturn && !unsupported) {
      problems.on(method, Message.MISSING_RETURN, method.getSimpleName());
    }
    return loss;
  }

  /** The name a local has in the graph and in generated code. */
  private String javaName(String local) {
    return names.getOrDefault(local, local);
  }

  /**
   * Binds a local to its initializer's value. A local of type Matrix, double or var holds a
   * value of the differentiable path or data; a local of any other type holds data, declared in
   * the prologue as written. The declared type and the initializer are both checked, as
   * independent mistakes; any error poisons the local.
   */
  private void declare(VariableTree local) {
    String name = local.getName().toString();
    String javaName = javaName(name);
    ExpressionTree init = local.getInitializer();
    if (init == null) {
      problems.on(local, Message.MISSING_INITIALIZER, name);
      expressions.bind(name, Value.FAILED);
      return;
    }
    Value value = expressions.read(init);
    if (value.failed()) {
      expressions.bind(name, Value.FAILED);
      return;
    }
    Tree type = local.getType();
    boolean var = isVar(type);
    ValueKind declared = var ? null : declaredKind(local);
    String source = expressions.wrtSource(value);
    if (declared != null && declared != ValueKind.UNKNOWN && value.kind() != ValueKind.UNKNOWN
        && declared != value.kind()) {
      String where = "local " + name + " (" + declared.javaName() + ")";
      if (declared == ValueKind.MATRIX) {
        problems.on(init, Message.EXPECTED_MATRIX, expressions.text(init), where);
      } else {
        problems.on(init, Message.EXPECTED_SCALAR, expressions.text(init), where,
            CallReader.REDUCE_HINT);
      }
      expressions.bind(name, Value.FAILED);
      return;
    }
    boolean dslType = declared == ValueKind.MATRIX || isDouble(type);
    if (value.id() >= 0) {
      if (!var && !dslType) {
        if (source != null) {
          Tree at = sharedTypes.contains(type) ? local : type;
          problems.on(at, Message.WRONG_LOCAL_TYPE, name, expressions.text(type),
              expressions.text(init), source);
          expressions.bind(name, Value.FAILED);
          return;
        }
        declareNow(name, javaName, type, expressions.copy(init), ValueKind.UNKNOWN);
        return;
      }
      bindLazily(name, javaName, value, type, init);
      return;
    }
    boolean literal = value.isInt() || value.data().constant() != null
        || init instanceof LiteralTree;
    if (var && !literal) {
      problems.on(local, Message.VAR_DATA_LOCAL, name, expressions.text(init), name);
      expressions.bind(name, Value.FAILED);
      return;
    }
    boolean constant = value.isInt() || value.data().constant() != null;
    if (constant && (var || isDouble(type)) && !(var && value.isInt())) {
      // double d = 2; widens the constant into a node, named after the local.
      Value node = Value.node(expressions.id(value), ValueKind.SCALAR);
      bindLazily(name, javaName, node, type, init);
      return;
    }
    if (value.isInt() && (var || type instanceof PrimitiveTypeTree p
        && ExpressionReader.numeric(p.getPrimitiveTypeKind()))) {
      // an int constant stays folded, as Java folds it
      bindLazily(name, javaName, value, type, init);
      return;
    }
    ValueKind kind = declared == ValueKind.UNKNOWN && type instanceof PrimitiveTypeTree p
        && ExpressionReader.numeric(p.getPrimitiveTypeKind()) ? ValueKind.SCALAR : declared;
    declareNow(name, javaName, type, value.data().code(), kind == null ? value.kind() : kind);
  }

  /** Declares a data local in the prologue now, in source order, and binds it. */
  private void declareNow(String name, String javaName, Tree type, JavaCode init, ValueKind kind) {
    expressions.prologue().declare(expressions.copy(type), javaName, init);
    expressions.bind(name, Value.data(JavaCode.text(javaName), kind, null, javaName), javaName,
        null);
  }

  /**
   * Binds a local whose value the graph computes (or a folded constant); should Java code read
   * it, it is declared in the prologue then, computed as written.
   */
  private void bindLazily(String name, String javaName, Value value, Tree type,
      ExpressionTree init) {
    ExpressionReader.Frame frame = expressions.frame();
    ExpressionReader.LocalBinding[] self = new ExpressionReader.LocalBinding[1];
    expressions.bind(name, value, null, () -> {
      JavaCode typeCode = isVar(type)
          ? value.kind() == ValueKind.MATRIX ? JavaCode.type(JavaCode.MATRIX)
              : value.isInt() ? JavaCode.text("int") : JavaCode.text("double")
          : expressions.copy(type);
      JavaCode code = expressions.copyIn(frame, init);
      expressions.prologue().declare(typeCode, javaName, code);
      self[0].javaName = javaName;
    });
    self[0] = frame.bindings.get(name);
  }

  private static boolean isDouble(Tree type) {
    return type instanceof PrimitiveTypeTree p && p.getPrimitiveTypeKind() == TypeKind.DOUBLE;
  }

  /** The declared kind: Matrix, double, or UNKNOWN for any other type; null for var. */
  private ValueKind declaredKind(VariableTree local) {
    Tree type = local.getType();
    if (isVar(type)) {
      return null;
    }
    if (isDouble(type)) {
      return ValueKind.SCALAR;
    }
    return isMatrix(type) ? ValueKind.MATRIX : ValueKind.UNKNOWN;
  }

  /** javac leaves the type of a var declaration null before attribution. */
  private static boolean isVar(Tree type) {
    return type == null || (type instanceof IdentifierTree id && id.getName().contentEquals("var"));
  }

  /** {@code Matrix} resolving to dev.tracegrad.Matrix in scope, or the fully qualified name. */
  private boolean isMatrix(Tree type) {
    if (type instanceof IdentifierTree id) {
      return scope.type(id.getName().toString()).orElse("").equals(SignatureReader.MATRIX);
    }
    if (type instanceof MemberSelectTree) {
      String dotted = NameScope.dottedName(type);
      String first = dotted == null ? "" : dotted.substring(0, dotted.indexOf('.'));
      return SignatureReader.MATRIX.equals(dotted) && scope.type(first).isEmpty();
    }
    return false;
  }

  /**
   * The returned value; for the annotated method, the loss, which must be a double. Null after
   * errors.
   */
  private Value returnValue(ReturnTree ret, boolean last) {
    if (!last) {
      problems.on(ret, Message.RETURN_NOT_LAST);
    }
    if (ret.getExpression() == null) {
      problems.on(ret, Message.UNSUPPORTED_STATEMENT, "a return without a value");
      return null;
    }
    Value value = expressions.read(ret.getExpression());
    if (value.failed() || !last) {
      return null;
    }
    if (signature != null && value.kind() == ValueKind.MATRIX) {
      // A method declared to return something else has that error already.
      if (signature.returnsDouble()) {
        problems.on(ret.getExpression(), Message.EXPECTED_SCALAR,
            expressions.text(ret.getExpression()), "the returned loss",
            CallReader.REDUCE_HINT);
      }
      return null;
    }
    return value;
  }

  /** Assignments get the more telling REASSIGNMENT error from the expression reader. */
  private static boolean isAssignment(ExpressionStatementTree statement) {
    switch (statement.getExpression().getKind()) {
      case ASSIGNMENT:
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return true;
      default:
        return statement.getExpression() instanceof CompoundAssignmentTree;
    }
  }
}
