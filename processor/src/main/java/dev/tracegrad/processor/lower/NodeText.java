package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Lower stage: renders a node as the user would write it with {@code Ops} ({@code mul(W2, h1)}),
 * for the comments of the generated code. Nodes that have storage appear by name, everything
 * else is spelled out; derivative-only nodes get descriptive names ({@code fill}, {@code eye},
 * {@code scaleColumns}, {@code solve}). Always ASCII.
 */
final class NodeText {
  private final Graph graph;
  private final IntFunction<Optional<String>> nameOf;

  NodeText(Graph graph, IntFunction<Optional<String>> nameOf) {
    this.graph = graph;
    this.nameOf = nameOf;
  }

  /** {@code name = expression}, or just the expression when the node has no name. */
  String definition(int id) {
    String rhs = unwrap(expand(id));
    return nameOf.apply(id).map(n -> n + " = " + rhs).orElse(rhs);
  }

  /** The node as an operand of an {@code Ops} call: its name if it has one, else its expression. */
  String reference(int id) {
    return unwrap(ref(id));
  }

  /** Drops the parentheses around a whole infix expression. */
  private static String unwrap(String s) {
    if (!s.startsWith("(") || !s.endsWith(")")) {
      return s;
    }
    int depth = 0;
    for (int i = 0; i < s.length() - 1; i++) {
      depth += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
      if (depth == 0) {
        return s;
      }
    }
    return s.substring(1, s.length() - 1);
  }

  /** The node's own operation, its operands by name where they have one. */
  String expand(int id) {
    Node n = graph.node(id);
    if (n instanceof Node.Param p) {
      return p.name();
    }
    if (n instanceof Node.ScalarParam p) {
      return p.name();
    }
    if (n instanceof Node.Const c) {
      return ExprText.number(c.value());
    }
    if (n instanceof Node.ScalarAdd x) {
      return "(" + ref(x.a()) + " + " + ref(x.b()) + ")";
    }
    if (n instanceof Node.ScalarSub x) {
      return "(" + ref(x.a()) + " - " + ref(x.b()) + ")";
    }
    if (n instanceof Node.ScalarMul x) {
      return "(" + ref(x.a()) + " * " + ref(x.b()) + ")";
    }
    if (n instanceof Node.ScalarDiv x) {
      return "(" + ref(x.a()) + " / " + ref(x.b()) + ")";
    }
    if (n instanceof Node.ScalarNeg x) {
      return "-" + ref(x.a());
    }
    if (n instanceof Node.ScalarFunction x) {
      return "Math." + x.fn().mathName() + "(" + ref(x.a()) + ")";
    }
    if (n instanceof Node.ScalarPow x) {
      return "Math.pow(" + ref(x.a()) + ", " + ref(x.p()) + ")";
    }
    if (n instanceof Node.Entrywise x) {
      return x.fn().opsName() + "(" + ref(x.a()) + ")";
    }
    if (n instanceof Node.Fill x) {
      return "fill(" + ref(x.s()) + ")";
    }
    if (n instanceof Node.Eye x) {
      return "eye(" + ref(x.s()) + ")";
    }
    return call(opName(n), n.inputs());
  }

  private String call(String op, List<Integer> args) {
    StringBuilder sb = new StringBuilder(op).append('(');
    for (int k = 0; k < args.size(); k++) {
      sb.append(k == 0 ? "" : ", ").append(ref(args.get(k)));
    }
    return sb.append(')').toString();
  }

  private String ref(int id) {
    return nameOf.apply(id).orElseGet(() -> expand(id));
  }

  private static String opName(Node n) {
    if (n instanceof Node.Add) {
      return "add";
    }
    if (n instanceof Node.Sub) {
      return "sub";
    }
    if (n instanceof Node.Neg) {
      return "neg";
    }
    if (n instanceof Node.MatMul) {
      return "mul";
    }
    if (n instanceof Node.Transpose) {
      return "t";
    }
    if (n instanceof Node.Scale) {
      return "scale";
    }
    if (n instanceof Node.Hadamard) {
      return "hadamard";
    }
    if (n instanceof Node.Div) {
      return "div";
    }
    if (n instanceof Node.Inv) {
      return "inv";
    }
    if (n instanceof Node.Pow) {
      return "pow";
    }
    if (n instanceof Node.Softmax) {
      return "softmax";
    }
    if (n instanceof Node.LogSoftmax) {
      return "logSoftmax";
    }
    if (n instanceof Node.AddColumn) {
      return "addColumn";
    }
    if (n instanceof Node.RowSums) {
      return "rowSums";
    }
    if (n instanceof Node.ColSums) {
      return "colSums";
    }
    if (n instanceof Node.Trace) {
      return "tr";
    }
    if (n instanceof Node.Det) {
      return "det";
    }
    if (n instanceof Node.LogDet) {
      return "logdet";
    }
    if (n instanceof Node.Sum) {
      return "sum";
    }
    if (n instanceof Node.Dot) {
      return "dot";
    }
    if (n instanceof Node.SumSq) {
      return "sumsq";
    }
    if (n instanceof Node.ScalarOf) {
      return "scalar";
    }
    if (n instanceof Node.BroadcastCols) {
      return "broadcastCols";
    }
    if (n instanceof Node.BroadcastRows) {
      return "broadcastRows";
    }
    if (n instanceof Node.ScaleColumns) {
      return "scaleColumns";
    }
    if (n instanceof Node.Solve) {
      return "solve";
    }
    if (n instanceof Node.EntrywiseDerivative x) {
      return x.fn().opsName() + "'";
    }
    throw new IllegalArgumentException("no text for " + n);
  }
}
