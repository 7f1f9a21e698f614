package dev.tracegrad.processor.simplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.Examples;
import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph-level behaviour of simplify: sharing, dead nodes, names, root remapping, closed forms. */
class SimplifierTest {

  @Test
  void commonSubexpressionsAreSharedAfterRewriting() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A");
    int b = p.matrix("B");
    // (Aᵀ)ᵀB + AB: once the transposes cancel, both terms are the same node and A B + A B = 2AB
    int ab = p.op(new Node.MatMul(a, b));
    int ttab = p.op(new Node.MatMul(p.op(new Node.Transpose(p.op(new Node.Transpose(a)))), b));
    Rewrites.simplify(p, p.op(new Node.Add(ttab, ab))).is("Scale(2, MatMul(A, B))");
  }

  @Test
  void deadNodesAreDroppedAndUnusedParametersHaveNoNode() {
    Derivation d = Simplifier.simplify(Deriver.derive(Examples.unusedParam().program()));
    Graph g = d.graph();
    assertTrue(g.find(new Node.Param("U")).isEmpty(), "U only fed a dead local");
    assertFalse(g.names().containsValue("dead"));
    List<Integer> roots = new ArrayList<>(d.gradients());
    roots.add(d.loss());
    assertEquals(g.size(), g.reachable(roots).cardinality(), "every node is reachable from the loss or a gradient");
  }

  @Test
  void namesOfLocalsAndParametersAreKept() {
    Derivation d = Simplifier.simplify(Deriver.derive(Examples.twoLayer().program()));
    assertTrue(d.graph().names().values().containsAll(List.of("W1", "W2", "x", "y", "a1", "h1", "a2")));
    int a1 = d.graph().find(new Node.MatMul(
        d.graph().find(new Node.Param("W1")).orElseThrow(), d.graph().find(new Node.Param("x")).orElseThrow())).orElseThrow();
    assertEquals("a1", d.graph().name(a1).orElseThrow());
  }

  @Test
  void lossAndGradientsAreRemapped() {
    Derivation derived = Deriver.derive(Examples.twoLayer().program());
    Derivation d = Simplifier.simplify(derived);
    assertTrue(d.graph().node(d.loss()) instanceof Node.ScalarNeg);
    assertEquals(2, d.gradients().size());
    // ∂l/∂W2 = (softmax(a2)(𝟏ᵀy) − y) h1ᵀ
    assertEquals("MatMul(Sub(ScaleColumns(Softmax(MatMul(W2, Entrywise[SIGMOID](MatMul(W1, x)))), ColSums(y)), y),"
        + " Transpose(Entrywise[SIGMOID](MatMul(W1, x))))", Rewrites.tree(d.graph(), d.gradients().get(1)));
  }

  @Test
  void logSoftmaxCrossEntropyGradientIsTheGeneralForm() {
    // ∂l/∂a = softmax(a)(𝟏ᵀy) − y, for the loss written with dot and with sum ⊙
    Derivation d = Simplifier.simplify(Deriver.derive(Examples.xent().program()));
    assertEquals("Sub(ScaleColumns(Softmax(a), ColSums(y)), y)", Rewrites.tree(d.graph(), d.gradients().get(0)));
    Derivation viaSum = Simplifier.simplify(Deriver.derive(Examples.twoLayerSum().program()));
    Derivation viaDot = Simplifier.simplify(Deriver.derive(Examples.twoLayer().program()));
    for (int k = 0; k < 2; k++) {
      assertEquals(Rewrites.tree(viaDot.graph(), viaDot.gradients().get(k)), Rewrites.tree(viaSum.graph(), viaSum.gradients().get(k)));
    }
  }

  @Test
  void closedFormsOfTheTextbookExamples() {
    Map<String, String> expected = Map.of(
        "trace", "Transpose(A)",                                         // ∂ tr(AX)/∂X = Aᵀ
        "logdet", "Transpose(Inv(X))",                                   // ∂ log|X| = X⁻ᵀ
        "scalarOf", "Add(MatMul(Transpose(A), x), MatMul(A, x))",        // ∂ xᵀAx = (Aᵀ + A)x
        "leastSquares", "Scale(2, MatMul(Transpose(A), Sub(MatMul(A, x), b)))",   // 2Aᵀ(Ax − b)
        "logisticRegression", "MatMul(X, Transpose(Sub(EntrywiseDerivative[SOFTPLUS](MatMul(Transpose(w), X)), y)))", // X(σ(z) − y)ᵀ
        "gaussianNll", "Sub(Transpose(Inv(Sigma)), MatMul(MatMul(Transpose(Inv(Sigma)), Transpose(S)), Transpose(Inv(Sigma))))",
        "dotSelf", "Scale(2, X)",
        "sumsq", "Scale(2, X)");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Derivation d = Simplifier.simplify(Deriver.derive(Examples.all().get(e.getKey()).get().program()));
      assertEquals(e.getValue(), Rewrites.tree(d.graph(), d.gradients().get(0)), e.getKey());
    }
  }
}
