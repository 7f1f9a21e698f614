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
    return graph.node(id).accept(new Spelling());
  }

  private String call(String op, List<Integer> args) {
    StringBuilder sb = new StringBuilder(op).append('(');
    for (int k = 0; k < args.size(); k++) {
      sb.append(k == 0 ? "" : ", ").append(ref(args.get(k)));
    }
    return sb.append(')').toString();
  }

  /** op(a, idx): an op over one operand and an index array. */
  private String indexed(String op, int a, String idx) {
    return op + "(" + ref(a) + ", " + idx + ")";
  }

  /** A dimension as the code reads it: {@code K.rows()}, a number, or a data value's name. */
  private static String dim(dev.tracegrad.processor.ir.Dim d) {
    if (d instanceof dev.tracegrad.processor.ir.Dim.Of of) {
      return of.param() + "." + of.axis().accessor() + "()";
    }
    return d.toString();
  }

  private String ref(int id) {
    return nameOf.apply(id).orElseGet(() -> expand(id));
  }

  /** Each op as a user writes it: an {@code Ops} call, scalar arithmetic infix, Math calls. */
  private final class Spelling implements Node.Visitor<String> {
    @Override
    public String visit(Node.Param x) {
      return x.name();
    }

    @Override
    public String visit(Node.ScalarParam x) {
      return x.name();
    }

    @Override
    public String visit(Node.Const x) {
      return ExprText.number(x.value());
    }

    @Override
    public String visit(Node.Add x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Sub x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Neg x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.MatMul x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Transpose x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Scale x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Hadamard x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Div x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Inv x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Pow x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Softmax x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.LogSoftmax x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.AddColumn x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.RowSums x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.ColSums x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Trace x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Det x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.LogDet x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Sum x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Dot x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.SumSq x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.ScalarOf x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.BroadcastCols x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.BroadcastRows x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.ScaleColumns x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Solve x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.ScalarAdd x) {
      return "(" + ref(x.a()) + " + " + ref(x.b()) + ")";
    }

    @Override
    public String visit(Node.ScalarSub x) {
      return "(" + ref(x.a()) + " - " + ref(x.b()) + ")";
    }

    @Override
    public String visit(Node.ScalarMul x) {
      return "(" + ref(x.a()) + " * " + ref(x.b()) + ")";
    }

    @Override
    public String visit(Node.ScalarDiv x) {
      return "(" + ref(x.a()) + " / " + ref(x.b()) + ")";
    }

    @Override
    public String visit(Node.ScalarNeg x) {
      return "-" + ref(x.a());
    }

    @Override
    public String visit(Node.ScalarFunction x) {
      return (x.fn().mathName() != null ? "Math." + x.fn().mathName() : x.fn().displayName())
          + "(" + ref(x.a()) + ")";
    }

    @Override
    public String visit(Node.ScalarPow x) {
      return "Math.pow(" + ref(x.a()) + ", " + ref(x.p()) + ")";
    }

    @Override
    public String visit(Node.Entrywise x) {
      return x.fn().displayName() + "(" + ref(x.a()) + ")";
    }

    @Override
    public String visit(Node.Fill x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Eye x) {
      String eye = "eye(" + dim(x.n()) + ")";
      return graph.node(x.s()) instanceof Node.Const c && c.value() == 1 ? eye
          : "scale(" + ref(x.s()) + ", " + eye + ")";
    }

    @Override
    public String visit(Node.Extent x) {
      return dim(x.d());
    }

    @Override
    public String visit(Node.Norm x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.LogSumExp x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.ColLogSumExp x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Max x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Min x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Diag x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.DiagonalOf x) {
      return call(x.op().opsName(), x.inputs());
    }

    @Override
    public String visit(Node.Pick x) {
      return indexed(x.op().opsName(), x.a(), x.idx());
    }

    @Override
    public String visit(Node.GatherCols x) {
      return indexed(x.op().opsName(), x.e(), x.idx());
    }

    @Override
    public String visit(Node.Scatter x) {
      return indexed(x.op().opsName(), x.g(), x.idx());
    }

    @Override
    public String visit(Node.ScatterAdd x) {
      return indexed(x.op().opsName(), x.g(), x.idx());
    }

    @Override
    public String visit(Node.EntrywiseDerivative x) {
      return call(x.fn().displayName() + "'", x.inputs());
    }
  }
}
