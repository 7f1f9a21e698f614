package dev.tracegrad.processor.frontend;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import dev.tracegrad.processor.Message;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.ScalarFn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the expressions of a body into graph nodes (front end): identifiers, literals, scalar
 * arithmetic, and calls of {@code Ops} and {@code Math}. Consumes expression trees; produces
 * {@link Value}s, adds nodes to the builder, records shape checks, and records every error on
 * the offending tree. Each expression is read once; a failed operand makes its users fail
 * silently, so one mistake is one diagnostic.
 */
final class ExpressionReader {
  private static final String REDUCE_HINT = " (sum, dot, tr and scalar make a double of a Matrix)";

  private final Graph.Builder builder;
  private final Problems problems;
  private final SourceText text;
  private final ShapeRules shapes;
  private final CallResolver resolver;
  private final Map<String, Parameter> params = new HashMap<>();
  private final Set<String> badParams;
  private final Set<String> wrt;
  /** Parameters read so far and locals declared so far; a poisoned local maps to FAILED. */
  private final Map<String, Value> bindings = new HashMap<>();
  /** For each node that depends on a wrt parameter, the name of one such parameter. */
  private final Map<Integer, String> wrtSource = new HashMap<>();

  ExpressionReader(Graph.Builder builder, Problems problems, SourceText text, NameScope scope,
      MethodSignature signature) {
    this.builder = builder;
    this.problems = problems;
    this.text = text;
    this.shapes = new ShapeRules(builder);
    this.resolver = new CallResolver(scope, this::isVariable);
    for (Parameter p : signature.params()) {
      params.put(p.name(), p);
    }
    this.badParams = signature.badParams();
    this.wrt = signature.wrtNames();
  }

  ShapeRules shapes() {
    return shapes;
  }

  /** Binds a local to its value (FAILED poisons it: its uses are skipped silently). */
  void bind(String local, Value value) {
    bindings.put(local, value);
    if (!value.failed() && !value.isInt()) {
      builder.name(value.id(), local);
    }
  }

  boolean isVariable(String name) {
    return bindings.containsKey(name) || params.containsKey(name) || badParams.contains(name);
  }

  /** The node id of a value, adding the constant node of an int. */
  int id(Value v) {
    return v.isInt() ? add(new Node.Const(v.intValue())) : v.id();
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
    if (tree instanceof AssignmentTree assignment) {
      return assignment(tree, assignment.getVariable(), assignment.getExpression());
    }
    if (tree instanceof CompoundAssignmentTree assignment) {
      return assignment(tree, assignment.getVariable(), assignment.getExpression());
    }
    problems.on(tree, Message.UNSUPPORTED_EXPRESSION, describe(tree));
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
      int id = add(p.node());
      builder.name(id, name);
      Value v = Value.node(id, p.matrix() ? Kind.MATRIX : Kind.SCALAR);
      bindings.put(name, v);
      return v;
    }
    if (badParams.contains(name)) {
      return Value.FAILED; // its declaration is in error already
    }
    if (name.equals("this") || name.equals("super")) {
      problems.on(tree, Message.UNSUPPORTED_EXPRESSION, "'" + name + "'");
    } else {
      problems.on(tree, Message.UNKNOWN_NAME, "'" + name + "'");
    }
    return Value.FAILED;
  }

  private Value literal(LiteralTree tree) {
    Object value = tree.getValue();
    switch (tree.getKind()) {
      case INT_LITERAL:
        // javac folds a minus sign into the literal itself (-2), so negative ints arrive here.
        return Value.ofInt((Integer) value);
      case DOUBLE_LITERAL:
        return Value.node(add(new Node.Const((Double) value)), Kind.SCALAR);
      default:
        String kind = tree.getKind().name().replace("_LITERAL", "").toLowerCase(java.util.Locale.ROOT);
        problems.on(tree, Message.UNSUPPORTED_LITERAL, kind, text(tree));
        return Value.FAILED;
    }
  }

  // ---------------------------------------------------------------- scalar arithmetic

  private Value binary(BinaryTree tree) {
    String op = operator(tree.getKind());
    Value left = read(tree.getLeftOperand());
    Value right = read(tree.getRightOperand());
    if (op == null) {
      problems.on(tree, Message.UNSUPPORTED_OPERATOR, symbol(tree));
      return Value.FAILED;
    }
    if (left.failed() || right.failed()) {
      return Value.FAILED;
    }
    if (left.kind() == Kind.MATRIX || right.kind() == Kind.MATRIX) {
      ExpressionTree matrix = left.kind() == Kind.MATRIX ? tree.getLeftOperand()
          : tree.getRightOperand();
      problems.on(tree, Message.MATRIX_OPERATOR, op, text(matrix), matrixHint(op));
      return Value.FAILED;
    }
    if (left.isInt() && right.isInt()) {
      return intArithmetic(tree, op, left.intValue(), right.intValue());
    }
    int a = id(left);
    int b = id(right);
    Node n = switch (op) {
      case "+" -> new Node.ScalarAdd(a, b);
      case "-" -> new Node.ScalarSub(a, b);
      case "*" -> new Node.ScalarMul(a, b);
      default -> new Node.ScalarDiv(a, b);
    };
    return Value.node(add(n), Kind.SCALAR);
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
    if (v.kind() == Kind.MATRIX) {
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
    return Value.node(add(new Node.ScalarNeg(v.id())), Kind.SCALAR);
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
    if (!tree.getTypeArguments().isEmpty()) {
      problems.on(tree.getTypeArguments().get(0), Message.UNSUPPORTED_EXPRESSION,
          "a call with explicit type arguments");
      return Value.FAILED;
    }
    if (onPoisonedValue(tree)) {
      return Value.FAILED;
    }
    Kind first = args.isEmpty() ? null : args.get(0).kind();
    Callee callee = resolver.resolve(tree, first);
    if (callee.unknownReason() != null) {
      // On the method's name, where javac itself reports an unresolvable call.
      problems.on(tree.getMethodSelect(), Message.UNKNOWN_CALL, text(tree),
          callee.unknownReason());
      return Value.FAILED;
    }
    if (callee.op() != null) {
      return opsCall(tree, callee.op(), args);
    }
    return mathCall(tree, callee.mathName(), args);
  }

  private Value opsCall(MethodInvocationTree tree, DslOp op, List<Value> args) {
    List<? extends ExpressionTree> argTrees = tree.getArguments();
    if (!checkArguments(tree, op.signature(), op.params(), args, REDUCE_HINT)) {
      return Value.FAILED;
    }
    if (op == DslOp.POW && dependsOnWrt(argTrees.get(1), args.get(1), "pow")) {
      return Value.FAILED;
    }
    List<Integer> ids = new ArrayList<>();
    List<ShapeRules.Operand> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      ids.add(id(args.get(i)));
      operands.add(new ShapeRules.Operand(text(argTrees.get(i)), ids.get(i)));
    }
    shapes.apply(op, text(tree), operands);
    return Value.node(add(op.node(ids)), op.result());
  }

  private Value mathCall(MethodInvocationTree tree, String name, List<Value> args) {
    ScalarFn fn = ScalarFn.forMathName(name);
    boolean pow = name.equals("pow");
    if (fn == null && !pow) {
      problems.on(tree.getMethodSelect(), Message.UNKNOWN_CALL, text(tree),
          "Math." + name + " is not supported");
      return Value.FAILED;
    }
    List<Kind> kinds = pow ? List.of(Kind.SCALAR, Kind.SCALAR) : List.of(Kind.SCALAR);
    String signature = "Math." + name + (pow ? "(double, double)" : "(double)");
    String hint = DslOp.forOpsName(name) != null
        ? " (for a Matrix, Ops." + name + " works elementwise)" : REDUCE_HINT;
    if (!checkArguments(tree, signature, kinds, args, hint)) {
      return Value.FAILED;
    }
    if (pow) {
      if (dependsOnWrt(tree.getArguments().get(1), args.get(1), "Math.pow")) {
        return Value.FAILED;
      }
      return Value.node(add(new Node.ScalarPow(id(args.get(0)), id(args.get(1)))), Kind.SCALAR);
    }
    return Value.node(add(new Node.ScalarMap(fn, id(args.get(0)))), Kind.SCALAR);
  }

  /** Arity, then each argument's kind; reports what is wrong and says whether all is well. */
  private boolean checkArguments(MethodInvocationTree tree, String signature, List<Kind> kinds,
      List<Value> args, String scalarHint) {
    if (args.size() != kinds.size()) {
      problems.on(tree.getMethodSelect(), Message.WRONG_ARITY, text(tree), args.size(),
          signature, kinds.size());
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < args.size(); i++) {
      Value arg = args.get(i);
      if (arg.failed()) {
        ok = false;
        continue;
      }
      if (arg.kind() == kinds.get(i)) {
        continue;
      }
      ok = false;
      ExpressionTree argTree = tree.getArguments().get(i);
      String where = "argument " + (i + 1) + " of " + signature;
      if (kinds.get(i) == Kind.MATRIX) {
        problems.on(argTree, Message.EXPECTED_MATRIX, text(argTree), where);
      } else {
        problems.on(argTree, Message.EXPECTED_SCALAR, text(argTree), where, scalarHint);
      }
    }
    return ok;
  }

  /** Reports an exponent that depends on a wrt parameter. */
  private boolean dependsOnWrt(ExpressionTree tree, Value exponent, String op) {
    String source = exponent.isInt() ? null : wrtSource.get(exponent.id());
    if (source == null) {
      return false;
    }
    problems.on(tree, Message.WRT_DEPENDENT_EXPONENT, text(tree), source, op);
    return true;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Whether a call is made on a local or parameter whose declaration is in error ({@code
   * label.length()} with a bad {@code String label}): a use of it, so silent like any other.
   */
  private boolean onPoisonedValue(MethodInvocationTree tree) {
    if (!(tree.getMethodSelect() instanceof com.sun.source.tree.MemberSelectTree ms)) {
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

  /** Adds a node, noting whether it depends on a wrt parameter. */
  private int add(Node n) {
    int id = builder.add(n);
    if (n instanceof Node.Param p && wrt.contains(p.name())) {
      wrtSource.put(id, p.name());
    } else if (n instanceof Node.ScalarParam p && wrt.contains(p.name())) {
      wrtSource.put(id, p.name());
    } else {
      for (int in : n.inputs()) {
        if (wrtSource.containsKey(in)) {
          wrtSource.put(id, wrtSource.get(in));
          break;
        }
      }
    }
    return id;
  }

  private static String operator(Tree.Kind kind) {
    switch (kind) {
      case PLUS:
        return "+";
      case MINUS:
        return "-";
      case MULTIPLY:
        return "*";
      case DIVIDE:
        return "/";
      default:
        return null;
    }
  }

  private static String matrixHint(String op) {
    switch (op) {
      case "+":
        return "use add(A, B), or sum, dot, tr or scalar to make a double first";
      case "-":
        return "use sub(A, B) or neg(A), or sum, dot, tr or scalar to make a double first";
      case "*":
        return "use mul(A, B) for the matrix product, hadamard(A, B) elementwise or scale(s, A)";
      default:
        return "use div(A, B) elementwise or scale(1 / s, A)";
    }
  }

  /** The operator's symbol as written: the text between (or before) the operands. */
  private String symbol(Tree tree) {
    String all = text(tree);
    if (tree instanceof BinaryTree b) {
      String left = text(b.getLeftOperand());
      String right = text(b.getRightOperand());
      if (all.startsWith(left) && all.endsWith(right) && all.length() >= left.length()
          + right.length()) {
        return all.substring(left.length(), all.length() - right.length()).trim();
      }
    }
    if (tree instanceof UnaryTree u) {
      String operand = text(u.getExpression());
      int at = all.indexOf(operand);
      if (at > 0) {
        return all.substring(0, at).trim();
      }
    }
    return tree.getKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** What an unsupported expression is, in words. */
  private String describe(Tree tree) {
    switch (tree.getKind()) {
      case LAMBDA_EXPRESSION:
        return "a lambda expression";
      case MEMBER_REFERENCE:
        return "a method reference";
      case NEW_CLASS:
        return "object creation with new";
      case NEW_ARRAY:
        return "an array creation";
      case CONDITIONAL_EXPRESSION:
        return "the conditional operator ?:";
      case TYPE_CAST:
        return "a cast";
      case INSTANCE_OF:
        return "instanceof";
      case ARRAY_ACCESS:
        return "array access";
      case MEMBER_SELECT:
        return "field access '" + text(tree) + "'";
      case SWITCH_EXPRESSION:
        return "a switch expression";
      default:
        return "this expression (" + tree.getKind().name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', ' ') + ")";
    }
  }
}
