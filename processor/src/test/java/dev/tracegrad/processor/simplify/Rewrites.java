package dev.tracegrad.processor.simplify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Runs the simplifier on one hand-built expression and checks the result: its structure as an
 * S-expression in the user's names, and (paranoid mode) its value against the original expression
 * on random inputs.
 */
final class Rewrites {
  private Rewrites() {}

  /** The expression simplified, checked numerically against the original. */
  static Outcome simplify(ProgramBuilder p, int expr) {
    return run(p, expr, Simplifier::simplify);
  }

  /** The expression prepared for lowering, checked numerically against the original. */
  static Outcome prepare(ProgramBuilder p, int expr) {
    return run(p, expr, Simplifier::prepareForLowering);
  }

  /** The expression simplified for the derivation text, checked numerically against the original. */
  static Outcome forText(ProgramBuilder p, int expr) {
    return run(p, expr, d -> {
      Simplifier.Expression e = Simplifier.simplifyForText(d.graph(), d.gradients().get(0));
      return new Derivation(e.graph(), e.root(), List.of(e.root()));
    });
  }

  private static Outcome run(ProgramBuilder p, int expr, UnaryOperator<Derivation> stage) {
    TestProgram t = p.build(expr);
    Graph g = t.program().graph();
    Derivation before = new Derivation(g, expr, List.of(expr));
    Derivation after = stage.apply(before);
    for (long seed = 1; seed <= 3; seed++) {
      Map<String, Object> in = t.inputs(seed);
      SimplifierExamplesTest.assertSameValues(before, after, in);
    }
    return new Outcome(after.graph(), after.gradients().get(0));
  }

  /** A rewritten expression. */
  record Outcome(Graph graph, int id) {
    String tree() {
      return Rewrites.tree(graph, id);
    }

    void is(String expected) {
      assertEquals(expected, tree());
    }
  }

  /** An S-expression of the node: parameters by name, constants as numbers, ops by record name. */
  static String tree(Graph g, int id) {
    Node n = g.node(id);
    if (n instanceof Node.Param p) {
      return p.name();
    }
    if (n instanceof Node.ScalarParam p) {
      return p.name();
    }
    if (n instanceof Node.Const c) {
      double v = c.value();
      return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
    String op = n.getClass().getSimpleName();
    if (n instanceof Node.Entrywise m) {
      op += "[" + m.fn() + "]";
    } else if (n instanceof Node.EntrywiseDerivative d) {
      op += "[" + d.fn() + "]";
    }
    return op + "(" + n.inputs().stream().map(i -> tree(g, i)).collect(Collectors.joining(", ")) + ")";
  }
}
