package dev.tracegrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a resolved call of {@code Ops} or {@code Math} into a node (front end): checks the
 * arity and each argument's kind against the op's signature, keeps exponents independent of
 * wrt parameters, and applies the op's shape rule. Consumes the call tree with its already read
 * arguments; produces a {@link Value}, or FAILED after recording what is wrong.
 */
final class CallReader {
  static final String REDUCE_HINT = " (sum, dot, tr and scalar make a double of a Matrix)";

  private final GraphWriter graph;
  private final Problems problems;
  private final SourceText text;
  private final ShapeRules shapes;

  CallReader(GraphWriter graph, Problems problems, SourceText text, ShapeRules shapes) {
    this.graph = graph;
    this.problems = problems;
    this.text = text;
    this.shapes = shapes;
  }

  Value ops(MethodInvocationTree tree, DslOp op, List<Value> args) {
    if (!checkArguments(tree, op.signature(), op.params(), args, REDUCE_HINT)) {
      return Value.FAILED;
    }
    List<? extends ExpressionTree> argTrees = tree.getArguments();
    if (op == DslOp.POW && dependsOnWrt(argTrees.get(1), args.get(1), "pow")) {
      return Value.FAILED;
    }
    List<Integer> ids = new ArrayList<>();
    List<ShapeRules.Operand> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      ids.add(graph.id(args.get(i), op.params().get(i)));
      operands.add(new ShapeRules.Operand(text.of(argTrees.get(i)), ids.get(i)));
    }
    shapes.apply(op, text.of(tree), operands);
    return Value.node(graph.add(op.node(ids)), op.result());
  }

  Value math(MethodInvocationTree tree, String name, List<Value> args) {
    EntrywiseFunction fn = EntrywiseFunction.forMathName(name);
    boolean pow = name.equals("pow");
    if (fn == null && !pow) {
      problems.on(tree.getMethodSelect(), Message.UNKNOWN_CALL, text.of(tree),
          "Math." + name + " is not supported");
      return Value.FAILED;
    }
    List<ValueKind> kinds = pow ? List.of(ValueKind.SCALAR, ValueKind.SCALAR) : List.of(ValueKind.SCALAR);
    String signature = "Math." + name + (pow ? "(double, double)" : "(double)");
    // Math.log(A) is a slip for Ops.log(A): say so.
    String hint = DslOp.forOpsName(name) != null
        ? " (for a Matrix, Ops." + name + " works elementwise)" : REDUCE_HINT;
    if (!checkArguments(tree, signature, kinds, args, hint)) {
      return Value.FAILED;
    }
    int a = graph.id(args.get(0));
    if (!pow) {
      return Value.node(graph.add(new Node.ScalarFunction(fn, a)), ValueKind.SCALAR);
    }
    if (dependsOnWrt(tree.getArguments().get(1), args.get(1), "Math.pow")) {
      return Value.FAILED;
    }
    return Value.node(graph.add(new Node.ScalarPow(a, graph.id(args.get(1)))), ValueKind.SCALAR);
  }

  /**
   * Arity, then each argument's kind; records what is wrong (once per argument) and says whether
   * all is well. A failed argument fails the call without a word: its error is already recorded.
   */
  private boolean checkArguments(MethodInvocationTree tree, String signature, List<ValueKind> kinds,
      List<Value> args, String scalarHint) {
    if (args.size() != kinds.size()) {
      problems.on(tree.getMethodSelect(), Message.WRONG_ARITY, text.of(tree), args.size(),
          signature, kinds.size());
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < args.size(); i++) {
      Value arg = args.get(i);
      if (arg.failed() || arg.kind() == kinds.get(i) || arg.kind() == ValueKind.UNKNOWN) {
        ok &= !arg.failed();
        continue;
      }
      ok = false;
      ExpressionTree argTree = tree.getArguments().get(i);
      String where = "argument " + (i + 1) + " of " + signature;
      if (kinds.get(i) == ValueKind.MATRIX) {
        problems.on(argTree, Message.EXPECTED_MATRIX, text.of(argTree), where);
      } else {
        problems.on(argTree, Message.EXPECTED_SCALAR, text.of(argTree), where, scalarHint);
      }
    }
    return ok;
  }

  /** Records an exponent that depends on a wrt parameter (its derivative would need log). */
  private boolean dependsOnWrt(ExpressionTree tree, Value exponent, String op) {
    String source = graph.wrtSource(exponent);
    if (source == null) {
      return false;
    }
    problems.on(tree, Message.WRT_DEPENDENT_EXPONENT, text.of(tree), source, op);
    return true;
  }
}
