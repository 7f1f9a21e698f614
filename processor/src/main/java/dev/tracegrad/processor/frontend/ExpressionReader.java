package dev.tracegrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the expressions of a body into graph nodes (front end): names, literals, scalar
 * arithmetic, and calls, which {@link CallResolver} resolves and {@link CallReader} builds.
 * Consumes expression trees; produces {@link Value}s and records every error on the offending
 * tree. Operands are read even when their user is in error, so independent mistakes are all
 * reported; a failed operand makes its users fail silently, so one mistake is one diagnostic.
 */
final class ExpressionReader {
  private final GraphWriter graph;
  private final Problems problems;
  private final SourceText text;
  private final ShapeRules shapes;
  private final CallResolver resolver;
  private final CallReader calls;
  private final Map<String, Parameter> params = new HashMap<>();
  private final Set<String> badParams;
  /** Parameters read so far and locals declared so far; a poisoned local maps to FAILED. */
  private final Map<String, Value> bindings = new HashMap<>();

  ExpressionReader(Graph.Builder builder, Problems problems, SourceText text, NameScope scope,
      MethodSignature signature) {
    this.graph = new GraphWriter(builder, signature.wrtNames());
    this.problems = problems;
    this.text = text;
    this.shapes = new ShapeRules(builder);
    this.resolver = new CallResolver(scope, this::isVariable);
    this.calls = new CallReader(graph, problems, text, shapes);
    for (Parameter p : signature.params()) {
      params.put(p.name(), p);
    }
    this.badParams = signature.badParams();
  }

  ShapeRules shapes() {
    return shapes;
  }

  /** Binds a local to its value; FAILED poisons it, so its uses are skipped silently. */
  void bind(String local, Value value) {
    bindings.put(local, value);
    graph.name(value, local);
  }

  /** Whether a simple name is a parameter or a local declared so far. */
  boolean isVariable(String name) {
    return bindings.containsKey(name) || params.containsKey(name) || badParams.contains(name);
  }

  /** The node id of a value (an int constant becomes a Const node). */
  int id(Value v) {
    return graph.id(v);
  }

  /** The source text of a tree, for messages. */
  String text(Tree tree) {
    return text.of(tree);
  }

  Value read(ExpressionTree tree) {
    if (tree instanceof ParenthesizedTree p) {
      return read(p.getExpression());
    }
    if (tree instanceof IdentifierTree id) {
      return identifier(id);
    }
    if (tree instanceof LiteralTree literal) {
      return literal(literal);
    }
    if (tree instanceof MethodInvocationTree call) {
      return call(call);
    }
    if (tree instanceof BinaryTree binary) {
      return binary(binary);
    }
    if (tree instanceof UnaryTree unary) {
      return unary(unary);
    }
    // An assignment is an expression in Java (return f(a = b)); it is caught wherever it is.
    if (tree instanceof AssignmentTree assignment) {
      return assignment(tree, assignment.getVariable(), assignment.getExpression());
    }
    if (tree instanceof CompoundAssignmentTree assignment) {
      return assignment(tree, assignment.getVariable(), assignment.getExpression());
    }
    problems.on(tree, Message.UNSUPPORTED_EXPRESSION, TreeWords.expression(tree, text(tree)));
    return Value.FAILED;
  }

  // ---------------------------------------------------------------- leaves

  private Value identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    Value bound = bindings.get(name);
    if (bound != null) {
      return bound;
    }
    Parameter p = params.get(name);
    if (p != null) {
      // Parameters enter the graph where they are first used, like every other node.
      Value v = graph.parameter(p);
      bindings.put(name, v);
      return v;
    }
    if (badParams.contains(name)) {
      return Value.FAILED;
    }
    if (name.equals("this") || name.equals("super")) {
      problems.on(tree, Message.UNSUPPORTED_EXPRESSION, "'" + name + "'");
    } else {
      problems.on(tree, Message.UNKNOWN_NAME, "'" + name + "'");
    }
    return Value.FAILED;
  }

  private Value literal(LiteralTree tree) {
    switch (tree.getKind()) {
      case INT_LITERAL:
        // javac folds a minus sign into the literal itself (-2), so negative ints arrive here.
        return Value.ofInt((Integer) tree.getValue());
      case DOUBLE_LITERAL:
        return Value.node(graph.add(new Node.Const((Double) tree.getValue())), ValueKind.SCALAR);
      default:
        problems.on(tree, Message.UNSUPPORTED_LITERAL, TreeWords.literal(tree), text(tree));
        return Value.FAILED;
    }
  }

  // ---------------------------------------------------------------- scalar arithmetic

  private Value binary(BinaryTree tree) {
    String op = TreeWords.arithmetic(tree.getKind());
    // Operands first: their own mistakes are independent of the operator's.
    Value left = read(tree.getLeftOperand());
    Value right = read(tree.getRightOperand());
    if (op == null) {
      problems.on(tree, Message.UNSUPPORTED_OPERATOR, symbol(tree));
      return Value.FAILED;
    }
    if (left.failed() || right.failed()) {
      return Value.FAILED;
    }
    // javac rejects these too, but only we can say which op was probably meant.
    if (left.kind() == ValueKind.MATRIX || right.kind() == ValueKind.MATRIX) {
      ExpressionTree matrix = left.kind() == ValueKind.MATRIX ? tree.getLeftOperand()
          : tree.getRightOperand();
      problems.on(tree, Message.MATRIX_OPERATOR, op, text(matrix),
          TreeWords.matrixAlternative(op));
      return Value.FAILED;
    }
    if (left.isInt() && right.isInt()) {
      return intArithmetic(tree, op, left.intValue(), right.intValue());
    }
    int a = graph.id(left);
    int b = graph.id(right);
    Node n = switch (op) {
      case "+" -> new Node.ScalarAdd(a, b);
      case "-" -> new Node.ScalarSub(a, b);
      case "*" -> new Node.ScalarMul(a, b);
      default -> new Node.ScalarDiv(a, b);
    };
    return Value.node(graph.add(n), ValueKind.SCALAR);
  }

  /** Java's int arithmetic (wrapping, truncating division), as the method computes it. */
  private Value intArithmetic(BinaryTree tree, String op, int a, int b) {
    switch (op) {
      case "+":
        return Value.ofInt(a + b);
      case "-":
        return Value.ofInt(a - b);
      case "*":
        return Value.ofInt(a * b);
      default:
        if (b == 0) {
          problems.on(tree, Message.INT_DIVISION_BY_ZERO, text(tree));
          return Value.FAILED;
        }
        return Value.ofInt(a / b);
    }
  }

  private Value unary(UnaryTree tree) {
    switch (tree.getKind()) {
      case UNARY_MINUS:
      case UNARY_PLUS:
        break;
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return assignment(tree, tree.getExpression(), null);
      default:
        read(tree.getExpression());
        problems.on(tree, Message.UNSUPPORTED_OPERATOR, symbol(tree));
        return Value.FAILED;
    }
    boolean minus = tree.getKind() == Tree.Kind.UNARY_MINUS;
    Value v = read(tree.getExpression());
    if (v.failed()) {
      return v;
    }
    if (v.kind() == ValueKind.MATRIX) {
      problems.on(tree, Message.MATRIX_OPERATOR, minus ? "unary -" : "unary +",
          text(tree.getExpression()), minus ? "use neg(A)" : "write the matrix alone");
      return Value.FAILED;
    }
    if (!minus) {
      return v;
    }
    if (v.isInt()) {
      return Value.ofInt(-v.intValue());
    }
    return Value.node(graph.add(new Node.ScalarNeg(v.id())), ValueKind.SCALAR);
  }

  /** Any assignment, compound assignment or increment: never allowed in a body. */
  private Value assignment(Tree tree, ExpressionTree target, ExpressionTree value) {
    if (value != null) {
      read(value);
    }
    if (target instanceof IdentifierTree id && isVariable(id.getName().toString())) {
      problems.on(tree, Message.REASSIGNMENT, text(tree), id.getName());
    } else {
      problems.on(tree, Message.UNSUPPORTED_EXPRESSION, "assignment '" + text(tree) + "'");
    }
    return Value.FAILED;
  }

  // ---------------------------------------------------------------- calls

  private Value call(MethodInvocationTree tree) {
    List<Value> args = new ArrayList<>();
    for (ExpressionTree arg : tree.getArguments()) {
      args.add(read(arg));
    }
    // Ops.<T>mul(...) compiles (the type argument is ignored) but is no DSL call.
    if (!tree.getTypeArguments().isEmpty()) {
      problems.on(tree.getTypeArguments().get(0), Message.UNSUPPORTED_EXPRESSION,
          "a call with explicit type arguments");
      return Value.FAILED;
    }
    if (onPoisonedValue(tree)) {
      return Value.FAILED;
    }
    Callee callee = resolver.resolve(tree, args.stream().anyMatch(a -> a.kind() == ValueKind.MATRIX)
        ? ValueKind.MATRIX : args.isEmpty() ? null : args.get(0).kind());
    if (callee.unknownReason() != null) {
      // On the method's name, where javac itself reports an unresolvable call.
      problems.on(tree.getMethodSelect(), Message.UNKNOWN_CALL, text(tree),
          callee.unknownReason());
      return Value.FAILED;
    }
    return callee.op() != null
        ? calls.ops(tree, callee.op(), args)
        : calls.math(tree, callee.mathName(), args);
  }

  /**
   * Whether a call is made on a local or parameter whose declaration is in error ({@code
   * label.length()} with a bad {@code String label}): a use of it, so silent like any other.
   */
  private boolean onPoisonedValue(MethodInvocationTree tree) {
    if (!(tree.getMethodSelect() instanceof MemberSelectTree ms)) {
      return false;
    }
    String dotted = NameScope.dottedName(ms.getExpression());
    if (dotted == null) {
      return false;
    }
    String first = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted;
    Value bound = bindings.get(first);
    return badParams.contains(first) || (bound != null && bound.failed());
  }

  /** The operator's symbol as written: the text between (or before) the operands. */
  private String symbol(Tree tree) {
    String all = text(tree);
    if (tree instanceof BinaryTree b) {
      String left = text(b.getLeftOperand());
      String right = text(b.getRightOperand());
      if (all.startsWith(left) && all.endsWith(right)
          && all.length() >= left.length() + right.length()) {
        return all.substring(left.length(), all.length() - right.length()).trim();
      }
    }
    if (tree instanceof UnaryTree u) {
      int at = all.indexOf(text(u.getExpression()));
      if (at > 0) {
        return all.substring(0, at).trim();
      }
    }
    return TreeWords.kindName(tree);
  }
}
