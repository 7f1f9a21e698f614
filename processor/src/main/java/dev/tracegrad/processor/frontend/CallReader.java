package dev.tracegrad.processor.frontend;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.JavaCode;
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

  Value ops(MethodInvocationTree tree, DslOp called, List<Value> args) {
    List<ValueKind> kinds = args.stream().map(Value::kind).toList();
    if (called.ambiguousFor(kinds)) {
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).kind() == ValueKind.UNKNOWN) {
          ExpressionTree arg = tree.getArguments().get(i);
          problems.on(arg, Message.DATA_OF_UNSEEN_TYPE, text.of(arg), called.opsName());
        }
      }
      return Value.FAILED;
    }
    DslOp op = called.overloadFor(kinds);
    if (!checkArguments(tree, op.signature(), op.params(), args, REDUCE_HINT)) {
      return Value.FAILED;
    }
    List<? extends ExpressionTree> argTrees = tree.getArguments();
    if (op == DslOp.POW && dependsOnWrt(argTrees.get(1), args.get(1), "pow")) {
      return Value.FAILED;
    }
    List<Dim> dims = new ArrayList<>();
    boolean sizesOk = true;
    for (int i = 0; i < args.size(); i++) {
      Dim d = op.sizes().contains(i) ? size(argTrees.get(i), args.get(i), text.of(tree)) : null;
      sizesOk &= d != null || !op.sizes().contains(i);
      dims.add(d);
    }
    if (!sizesOk) {
      return Value.FAILED;
    }
    List<Integer> ids = new ArrayList<>();
    List<ShapeRules.Operand> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      // a size read from data is the leaf size() made for it, not a second one of the same code
      Value arg = dims.get(i) instanceof Dim.DataValue dv && args.get(i).isData()
          ? Value.data(JavaCode.text(dv.name()), ValueKind.SCALAR, null, dv.name()) : args.get(i);
      ids.add(graph.id(arg, op.params().get(i)));
      operands.add(new ShapeRules.Operand(text.of(argTrees.get(i)), ids.get(i)));
    }
    shapes.apply(op, text.of(tree), operands);
    return Value.node(op.build(graph, ids, dims), op.result());
  }

  /**
   * The dimension a size argument gives ({@code eye(n)}, {@code ones(r, c)}): a whole-number
   * literal is a constant extent, {@code rows(A)} and {@code cols(A)} are A's, and a scalar leaf
   * that does not depend on wrt is read at run time (checked there to be a non-negative whole
   * number). Anything else is recorded as an error and gives null.
   */
  private Dim size(ExpressionTree tree, Value v, String call) {
    String why;
    if (v.isInt()) {
      if (v.intValue() >= 0) {
        return Dim.fixed(v.intValue());
      }
      why = "it is negative";
    } else if (graph.wrtSource(v) != null) {
      why = "it depends on " + graph.wrtSource(v) + ", which is differentiated (wrt)";
    } else {
      // A data value becomes a constant or a leaf here (a size the prologue computes).
      Node n = graph.builder().node(graph.id(v));
      if (n instanceof Node.Const c) {
        double x = c.value();
        if (x >= 0 && x <= Integer.MAX_VALUE && x == Math.rint(x)) {
          return Dim.fixed((int) x);
        }
        why = "it is not a non-negative whole number";
      } else if (n instanceof Node.Extent e) {
        return e.d();
      } else if (n instanceof Node.ScalarParam p) {
        return new Dim.DataValue(p.name());
      } else {
        String code = shapeArithmetic(graph.id(v), false);
        if (code != null) {
          // 2 * rows(A) is the size 2 * A.rows() is: the same data leaf, computed as written
          Node leaf = graph.builder().node(graph.id(Value.data(JavaCode.text(code), ValueKind.SCALAR, null, null)));
          return new Dim.DataValue(((Node.ScalarParam) leaf).name());
        }
        why = "it is computed";
      }
    }
    problems.on(tree, Message.BAD_SIZE, text.of(tree), call, why);
    return null;
  }

  /**
   * The Java source of a size computed by {@code +}, {@code -} and {@code *} from shapes
   * ({@code rows(A)}, as {@code A.rows()}), whole numbers and data doubles, as a user would write
   * it with shape queries; null when the node is anything else (a division: on doubles it is not
   * Java's int division). {@code parenthesised}: whether a sum must be in parentheses here.
   */
  private String shapeArithmetic(int id, boolean parenthesised) {
    Node n = graph.builder().node(id);
    if (n instanceof Node.Const c) {
      return c.value() == Math.rint(c.value()) && Math.abs(c.value()) <= Integer.MAX_VALUE
          ? Long.toString((long) c.value()) : null;
    }
    if (n instanceof Node.Extent e) {
      Dim d = e.d();
      if (d instanceof Dim.Of of) {
        return of.param() + "." + of.axis().accessor() + "()";
      }
      if (d instanceof Dim.Length len) {
        return len.array() + ".length";
      }
      if (d instanceof Dim.DataValue dv) {
        return dv.name();
      }
      return d instanceof Dim.Fixed f ? Integer.toString(f.n()) : "1";
    }
    if (n instanceof Node.ScalarParam p) {
      return p.name();
    }
    if (n instanceof Node.ScalarMul m) {
      String a = shapeArithmetic(m.a(), true);
      String b = shapeArithmetic(m.b(), true);
      return a == null || b == null ? null : a + " * " + b;
    }
    boolean add = n instanceof Node.ScalarAdd;
    if (add || n instanceof Node.ScalarSub) {
      int[] in = add ? new int[] {((Node.ScalarAdd) n).a(), ((Node.ScalarAdd) n).b()}
          : new int[] {((Node.ScalarSub) n).a(), ((Node.ScalarSub) n).b()};
      String a = shapeArithmetic(in[0], false);
      String b = shapeArithmetic(in[1], !add);
      if (a == null || b == null) {
        return null;
      }
      String sum = a + (add ? " + " : " - ") + b;
      return parenthesised ? "(" + sum + ")" : sum;
    }
    return null;
  }

  Value math(MethodInvocationTree tree, String name, List<Value> args) {
    EntrywiseFunction fn = EntrywiseFunction.forMathName(name);
    boolean pow = name.equals("pow");
    if (name.equals("max") || name.equals("min")) {
      return extremum(tree, name, args);
    }
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
   * Math.max(s, t), Math.min(s, t): the entry of max or min of the two as 1×1 matrices, so they
   * share the matrix op's rule (a tie splits the gradient) and NaN propagates as Math's does.
   */
  private Value extremum(MethodInvocationTree tree, String name, List<Value> args) {
    List<ValueKind> kinds = List.of(ValueKind.SCALAR, ValueKind.SCALAR);
    if (!checkArguments(tree, "Math." + name + "(double, double)", kinds, args, REDUCE_HINT)) {
      return Value.FAILED;
    }
    int a = graph.add(new Node.Fill(graph.id(args.get(0)), dev.tracegrad.processor.ir.Shape.SCALAR_MATRIX));
    int b = graph.add(new Node.Fill(graph.id(args.get(1)), dev.tracegrad.processor.ir.Shape.SCALAR_MATRIX));
    int m = graph.add(name.equals("max") ? new Node.Max(a, b) : new Node.Min(a, b));
    return Value.node(graph.add(new Node.ScalarOf(m)), ValueKind.SCALAR);
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
