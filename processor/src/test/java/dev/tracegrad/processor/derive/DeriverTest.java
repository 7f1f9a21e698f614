package dev.tracegrad.processor.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.text.DerivationText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The derive stage's graph and log: visiting order, terms, read-offs, zeros, accumulation. */
class DeriverTest {

  private static int id(Graph g, Node n) {
    return g.find(n).orElseThrow(() -> new AssertionError("no node " + n));
  }

  @Test
  void compositionRuleVisitsFromTheLossBackToTheParameters() {
    DerivationLog d = Deriver.trace(Examples.twoLayer().program());
    List<Integer> visited = d.steps().stream().map(DerivationLog.AdjointStep::node).toList();
    assertEquals(d.loss(), visited.get(0));
    for (int i = 1; i < visited.size(); i++) {
      assertTrue(visited.get(i) < visited.get(i - 1), "last to first: " + visited);
    }
    // l, dot, logSoftmax, a2, h1, a1: the data y, x and the parameters are not expanded
    assertEquals(6, visited.size());
  }

  @Test
  void onlyOperandsThatDependOnAWrtParameterGetTerms() {
    DerivationLog d = Deriver.trace(Examples.twoLayer().program());
    Graph g = d.graph();
    int x = id(g, new Node.Param("x"));
    int a1 = id(g, new Node.MatMul(id(g, new Node.Param("W1")), x));
    DerivationLog.AdjointStep step = d.step(a1).orElseThrow();
    assertEquals(1, step.terms().size(), "no term for the data x");
    assertEquals(id(g, new Node.Param("W1")), step.terms().get(0).operand());
    int y = id(g, new Node.Param("y"));
    int dot = id(g, new Node.Dot(y, id(g, new Node.LogSoftmax(id(g, new Node.MatMul(id(g, new Node.Param("W2")),
        id(g, new Node.Entrywise(EntrywiseFunction.SIGMOID, a1))))))));
    assertEquals(1, d.step(dot).orElseThrow().terms().size(), "no term for the labels y");
  }

  @Test
  void matMulStepRecordsRulesTricksAndTheAdjointReadOff() {
    // a2 = W2 h1: tr(Gᵀ dW2 h1) [2] = tr(h1 Gᵀ dW2) [12] ⇒ ∂l/∂W2 = G h1ᵀ
    DerivationLog d = Deriver.trace(Examples.twoLayer().program());
    Graph g = d.graph();
    int w2 = id(g, new Node.Param("W2"));
    int h1 = g.names().entrySet().stream().filter(e -> e.getValue().equals("h1")).findFirst().orElseThrow().getKey();
    int a2 = id(g, new Node.MatMul(w2, h1));
    DerivationLog.AdjointStep step = d.step(a2).orElseThrow();
    DerivationLog.Term w2Term = step.terms().get(0);
    assertEquals(w2, w2Term.operand());
    assertEquals(List.of(TraceRule.PRODUCT), w2Term.rules());
    assertEquals(List.of(TraceRule.TRACE_IS_CYCLIC), w2Term.tricks());
    assertEquals(Sym.mul(Sym.adj(a2), Sym.t(Sym.ref(h1))), w2Term.readOff());
    assertEquals(new Node.MatMul(step.adjoint(), id(g, new Node.Transpose(h1))), g.node(w2Term.contribution()));
    assertEquals(step.terms().get(1).operand(), h1);
    assertEquals(new Node.MatMul(id(g, new Node.Transpose(w2)), step.adjoint()), g.node(step.terms().get(1).contribution()));
  }

  @Test
  void aParameterUsedTwiceAccumulatesBothContributions() {
    // sum(X Xᵀ) + tr(Xᵀ C): ∂l/∂X collects the terms through X and through Xᵀ
    DerivationLog d = Deriver.trace(Examples.transposedAndRepeated().program());
    Node gradient = d.graph().node(d.gradients().get(0));
    assertTrue(gradient instanceof Node.Add, "an accumulated adjoint: " + gradient);
  }

  @Test
  void unusedWrtParametersGetZerosOfTheirShape() {
    DerivationLog d = Deriver.trace(Examples.unusedParam().program());
    int zero = id(d.graph(), new Node.Const(0));
    assertEquals(new Node.Fill(zero, Shape.ofParam("U")), d.graph().node(d.gradients().get(1)));
    assertEquals(new Node.Const(0), d.graph().node(d.gradients().get(2)), "a double parameter gets the scalar 0");
  }

  @Test
  void aDoubleWrtParameterGetsAScalarGradient() {
    DerivationLog d = Deriver.trace(Examples.doubleParam().program());
    assertTrue(d.graph().isScalar(d.gradients().get(0)));
    assertFalse(d.graph().isScalar(d.gradients().get(1)));
  }

  @Test
  void theLogHoldsTheGraphItRefersTo() {
    DerivationLog d = Deriver.trace(Examples.xent().program());
  }

  @Test
  void aDerivativeIsDifferentiatedThroughItsOwnExpression() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    TestProgram t = p.build(p.op(new Node.Sum(p.op(new Node.EntrywiseDerivative(EntrywiseFunction.TANH, x)))), "X");
    DerivationLog d = Deriver.trace(t.program());
    // tanh″ = −2 tanh (1 − tanh²): the graph of the gradient holds tanh and its square, no σ″ node
    String graph = d.graph().toString();
    assertTrue(graph.contains("Entrywise[fn=TANH"), graph);
    assertTrue(graph.contains("Entrywise[fn=SQUARE"), graph);
  }

  @Test
  void aNamedLossKeepsTheUsersName() {
    ProgramBuilder p = new ProgramBuilder();
    int w = p.matrix("W");
    int j = p.let("J", new Node.SumSq(w));
    TestProgram t = p.build(j, "W");
    String text = DerivationText.render(t.program(), Deriver.trace(t.program())).unicode();
    assertTrue(text.contains("∂J/∂W = 2W"), text);
  }
}
