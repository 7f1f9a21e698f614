package dev.tracegrad.processor.frontend;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EmptyStatementTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.tracegrad.processor.diagnostic.Message;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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
  private final MethodSignature signature;
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

  OptionalInt read(ExecutableElement method, BlockTree body) {
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
    OptionalInt loss = OptionalInt.empty();
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

  /**
   * Binds a local to its initializer's value. The declared type and the initializer are both
   * checked, as independent mistakes; any error poisons the local.
   */
  private void declare(VariableTree local) {
    String name = local.getName().toString();
    boolean typeOk = checkType(local);
    ExpressionTree init = local.getInitializer();
    if (init == null) {
      problems.on(local, Message.MISSING_INITIALIZER, name);
      expressions.bind(name, Value.FAILED);
      return;
    }
    Value value = expressions.read(init);
    if (!typeOk || value.failed()) {
      expressions.bind(name, Value.FAILED);
      return;
    }
    ValueKind declared = declaredKind(local);
    if (declared != null && declared != value.kind()) {
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
    if (declared == null && value.isInt()) {
      problems.on(local, Message.INT_LOCAL, name);
      expressions.bind(name, Value.FAILED);
      return;
    }
    // double d = 2; widens the int constant into a node.
    expressions.bind(name, Value.node(expressions.id(value), value.kind()));
  }

  /** Whether the declared type is Matrix, double or var; reports any other. */
  private boolean checkType(VariableTree local) {
    Tree type = local.getType();
    if (isVar(type) || declaredKind(local) != null) {
      return true;
    }
    if (sharedTypes.contains(type)) {
      problems.on(local, Message.WRONG_LOCAL_TYPE, local.getName(), expressions.text(type));
    } else {
      problems.on(type, Message.WRONG_LOCAL_TYPE, local.getName(), expressions.text(type));
    }
    return false;
  }

  /** The declared kind; null for var (or a type the DSL does not have). */
  private ValueKind declaredKind(VariableTree local) {
    Tree type = local.getType();
    if (isVar(type)) {
      return null;
    }
    if (type instanceof PrimitiveTypeTree p && p.getPrimitiveTypeKind() == TypeKind.DOUBLE) {
      return ValueKind.SCALAR;
    }
    return isMatrix(type) ? ValueKind.MATRIX : null;
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

  /** The loss: the value of the last statement's return, which must be a double. */
  private OptionalInt returnValue(ReturnTree ret, boolean last) {
    if (!last) {
      problems.on(ret, Message.RETURN_NOT_LAST);
    }
    if (ret.getExpression() == null) {
      problems.on(ret, Message.UNSUPPORTED_STATEMENT, "a return without a value");
      return OptionalInt.empty();
    }
    Value value = expressions.read(ret.getExpression());
    if (value.failed() || !last) {
      return OptionalInt.empty();
    }
    if (value.kind() == ValueKind.MATRIX) {
      // A method declared to return something else has that error already.
      if (signature.returnsDouble()) {
        problems.on(ret.getExpression(), Message.EXPECTED_SCALAR,
            expressions.text(ret.getExpression()), "the returned loss",
            CallReader.REDUCE_HINT);
      }
      return OptionalInt.empty();
    }
    return OptionalInt.of(expressions.id(value));
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
