package dev.tracegrad.processor.simplify;

import static dev.tracegrad.processor.derive.ProgramBuilder.POSITIVE;
import static dev.tracegrad.processor.derive.ProgramBuilder.WELL_CONDITIONED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.Examples;
import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rewrites of prepareForLowering, each checked structurally and numerically. */
class LoweringRulesTest {
  private final ProgramBuilder p = new ProgramBuilder();

  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void derivativeFromForwardValueRewritesEveryDerivative(EntrywiseFunction fn) {
    if (fn.order() == EntrywiseFunction.Order.SECOND_DERIVATIVE) {
      return; // no graph holds σ′ of a second derivative: nothing differentiates H·v
    }
    boolean positive = fn == EntrywiseFunction.LOG || fn == EntrywiseFunction.SQRT
        || fn == EntrywiseFunction.LOG_GAMMA || fn == EntrywiseFunction.DIGAMMA;
    int a = p.matrix("A", positive ? POSITIVE : ProgramBuilder.GAUSSIAN);
    // prepare compares values before and after; the rewrite is the function's derivative
    // expression over graph nodes, so no derivative node is left for lowering
    Rewrites.Outcome o = Rewrites.prepare(p, p.op(new Node.EntrywiseDerivative(fn, a)));
    assertFalse(o.graph().nodes().stream().anyMatch(n -> n instanceof Node.EntrywiseDerivative), o.tree());
  }

  @Test
  void sigmoidDerivativeReadsTheForwardSigmoid() {
    int a = p.matrix("A");
    Rewrites.prepare(p, p.op(new Node.EntrywiseDerivative(EntrywiseFunction.SIGMOID, a)))
        .is("Hadamard(Entrywise[SIGMOID](A), Sub(Fill(1), Entrywise[SIGMOID](A)))");
  }

  @Test
  void derivativeFromForwardValueReusesTheForwardNode() {
    int a = p.matrix("A");
    int y = p.let("h", new Node.Entrywise(EntrywiseFunction.SIGMOID, a));
    int g = p.op(new Node.Hadamard(y, p.op(new Node.EntrywiseDerivative(EntrywiseFunction.SIGMOID, a))));
    Rewrites.Outcome o = Rewrites.prepare(p, g);
    int forward = o.graph().find(new Node.Entrywise(EntrywiseFunction.SIGMOID, o.graph().find(new Node.Param("A")).orElseThrow())).orElseThrow();
    assertEquals("h", o.graph().name(forward).orElseThrow());
    assertEquals(1, o.graph().nodes().stream().filter(n -> n instanceof Node.Entrywise).count(), "σ(A) is computed once");
  }

  @Test
  void aProductEqualToTheTransposeOfAnEarlierOneIsThatTranspose() {
    int w = p.matrix("w");
    int x = p.matrix("X");
    int c = p.matrix("c");
    int z = p.op(new Node.MatMul(p.op(new Node.Transpose(w)), x)); // wᵀX, the forward product
    int zt = p.op(new Node.MatMul(p.op(new Node.Transpose(x)), w)); // Xᵀw = (wᵀX)ᵀ, read elsewhere
    Rewrites.Outcome o = Rewrites.prepare(p, p.op(new Node.ScalarAdd(p.op(new Node.Sum(z)), p.op(new Node.Dot(c, zt)))));
    assertEquals(1, o.graph().nodes().stream().filter(n -> n instanceof Node.MatMul).count(), o.tree());
  }

  @Test
  void rowSumsOfAProductIsTheProductWithRowSums() {
    int a = p.matrix("A");
    int c = p.matrix("C");
    Rewrites.prepare(p, p.op(new Node.RowSums(p.op(new Node.MatMul(a, c))))).is("MatMul(A, RowSums(C))");
  }

  @Test
  void colSumsOfAProductIsColSumsTimesTheProduct() {
    int a = p.matrix("A");
    int c = p.matrix("C");
    Rewrites.prepare(p, p.op(new Node.ColSums(p.op(new Node.MatMul(a, c))))).is("MatMul(ColSums(A), C)");
  }

  @Test
  void rowSumsOfASumOfProductsAreProductsWithRowSums() {
    int a = p.matrix("A");
    int b = p.matrix("B");
    int c = p.matrix("C");
    int d = p.matrix("D");
    Rewrites.prepare(p, p.op(new Node.RowSums(p.op(new Node.Sub(p.op(new Node.MatMul(a, c)), p.op(new Node.MatMul(b, d)))))))
        .is("Sub(MatMul(A, RowSums(C)), MatMul(B, RowSums(D)))");
  }

  @Test
  void colSumsOfASumWithAProductSplit() {
    int a = p.matrix("A");
    int c = p.matrix("C");
    int e = p.matrix("E");
    Rewrites.prepare(p, p.op(new Node.ColSums(p.op(new Node.Add(e, p.op(new Node.MatMul(a, c)))))))
        .is("Add(ColSums(E), MatMul(ColSums(A), C))");
  }

  @Test
  void theGaussianMeanSumsNeedOneMatrixProduct() {
    // rowSums(Σ⁻¹C + Σ⁻ᵀC) with Σ⁻¹C read by the loss too: Σ⁻ᵀC becomes Σ⁻ᵀ(C𝟏)
    int a = p.matrix("A");
    int c = p.matrix("C");
    int prod = p.op(new Node.MatMul(a, c));
    int other = p.op(new Node.MatMul(p.op(new Node.Transpose(a)), c));
    Rewrites.Outcome o = Rewrites.prepare(p, p.op(new Node.ScalarAdd(p.op(new Node.SumSq(prod)),
        p.op(new Node.Sum(p.op(new Node.RowSums(p.op(new Node.Add(prod, other)))))))));
    assertTrue(o.tree().contains("RowSums(C)"), o.tree());
    assertEquals(1, o.graph().nodes().stream()
        .filter(n -> n instanceof Node.MatMul m && !(o.graph().node(m.b()) instanceof Node.RowSums)).count(), o.tree());
  }

  @Test
  void aSumReadElsewhereKeepsItsSums() {
    int a = p.matrix("A");
    int b = p.matrix("B");
    int c = p.matrix("C");
    int d = p.matrix("D");
    int sum = p.op(new Node.Add(p.op(new Node.MatMul(a, c)), p.op(new Node.MatMul(b, d))));
    Rewrites.Outcome o = Rewrites.prepare(p, p.op(new Node.ScalarAdd(p.op(new Node.SumSq(sum)),
        p.op(new Node.Sum(p.op(new Node.RowSums(sum)))))));
    assertFalse(o.tree().contains("RowSums(C)"), o.tree());
  }

  @Test
  void aProductReadElsewhereKeepsItsSums() {
    int a = p.matrix("A");
    int c = p.matrix("C");
    int prod = p.op(new Node.MatMul(a, c));
    Rewrites.Outcome o = Rewrites.prepare(p,
        p.op(new Node.ScalarAdd(p.op(new Node.SumSq(prod)), p.op(new Node.Sum(p.op(new Node.RowSums(prod)))))));
    // AB is computed for ‖AB‖² anyway: summing its rows costs less than a second product A(C𝟏)
    assertEquals(1, o.graph().nodes().stream().filter(n -> n instanceof Node.MatMul).count(), o.tree());
    assertFalse(o.tree().contains("MatMul(A, RowSums(C))"), o.tree());
  }

  @Test
  void reciprocalTimesIsQuotient() {
    int g = p.matrix("G");
    int a = p.matrix("A", POSITIVE);
    int recip = p.op(new Node.Div(p.op(new Node.Fill(p.c(1), p.shape(a))), a));
    Rewrites.prepare(p, p.op(new Node.Hadamard(recip, g))).is("Div(G, A)");
  }

  @Test
  void logDerivativeTimesAdjointIsQuotient() {
    int g = p.matrix("G");
    int a = p.matrix("A", POSITIVE);
    Rewrites.prepare(p, p.op(new Node.Hadamard(g, p.op(new Node.EntrywiseDerivative(EntrywiseFunction.LOG, a))))).is("Div(G, A)");
  }

  @Test
  void softmaxFromLogSoftmaxWhenLogSoftmaxIsComputed() {
    int a = p.matrix("A");
    int c = p.matrix("C");
    int sum = p.op(new Node.Add(p.op(new Node.Softmax(a)), p.op(new Node.Hadamard(c, p.op(new Node.LogSoftmax(a))))));
    Rewrites.prepare(p, sum).is("Add(Entrywise[EXP](LogSoftmax(A)), Hadamard(C, LogSoftmax(A)))");
  }

  @Test
  void softmaxStaysWithoutALogSoftmax() {
    int a = p.matrix("A");
    Rewrites.prepare(p, p.op(new Node.Softmax(a))).is("Softmax(A)");
  }

  @Test
  void inverseTimesIsSolveWhenTheInverseIsOnlyALeftFactor() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int c = p.matrix("C");
    int inv = p.op(new Node.Inv(a));
    int sum = p.op(new Node.Add(p.op(new Node.MatMul(inv, b)), p.op(new Node.MatMul(inv, c))));
    Rewrites.Outcome o = Rewrites.prepare(p, sum);
    o.is("Add(Solve(A, B), Solve(A, C))");
  }

  @Test
  void transposedInverseTimesIsSolveWithTheTransposedMatrix() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int invT = p.op(new Node.Transpose(p.op(new Node.Inv(a))));
    Rewrites.prepare(p, p.op(new Node.MatMul(invT, b))).is("Solve(Transpose(A), B)");
  }

  @Test
  void traceOfProductIsDotWithTheTransposedLeftFactor() {
    int a = p.matrix("A");
    int b = p.matrix("B");
    Rewrites.prepare(p, p.op(new Node.Trace(p.op(new Node.MatMul(a, b))))).is("Dot(Transpose(A), B)");
  }

  @Test
  void traceOfProductStaysWhenTheProductIsUsedElsewhere() {
    int a = p.matrix("A");
    int b = p.matrix("B");
    int ab = p.op(new Node.MatMul(a, b));
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.Trace(ab)), p.op(new Node.Sum(ab))));
    Rewrites.prepare(p, loss).is("ScalarAdd(Trace(MatMul(A, B)), Sum(MatMul(A, B)))");
  }

  @Test
  void inverseAsLeftAndRightFactorIsTwoSolvesWithOneFactorisation() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int inv = p.op(new Node.Inv(a));
    int sum = p.op(new Node.Add(p.op(new Node.MatMul(inv, b)), p.op(new Node.MatMul(b, inv))));
    Rewrites.prepare(p, sum).is("Add(Solve(A, B), Transpose(Solve(Transpose(A), Transpose(B))))");
  }

  @Test
  void inverseAsRightFactorIsTransposedSolve() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int inv = p.op(new Node.Inv(a));
    Rewrites.prepare(p, p.op(new Node.MatMul(b, inv))).is("Transpose(Solve(Transpose(A), Transpose(B)))");
  }

  @Test
  void transposedInverseAsRightFactorIsTransposedSolveWithTheMatrix() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int invT = p.op(new Node.Transpose(p.op(new Node.Inv(a))));
    Rewrites.prepare(p, p.op(new Node.MatMul(b, invT))).is("Transpose(Solve(A, Transpose(B)))");
  }

  @Test
  void inverseStaysWhenMultipliedByItself() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int inv = p.op(new Node.Inv(a));
    int product = p.op(new Node.MatMul(inv, p.op(new Node.Transpose(inv))));
    Rewrites.prepare(p, product).is("MatMul(Inv(A), Transpose(Inv(A)))");
  }

  @Test
  void inverseStaysWhenItIsAlsoUsedOutsideAProduct() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int inv = p.op(new Node.Inv(a));
    int sum = p.op(new Node.Hadamard(p.op(new Node.MatMul(b, inv)), inv));
    Rewrites.prepare(p, sum).is("Hadamard(MatMul(B, Inv(A)), Inv(A))");
  }

  @Test
  void transposedInverseFactorsOutOfADifferenceAndBecomesASolve() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int invT = p.op(new Node.Transpose(p.op(new Node.Inv(a))));
    int diff = p.op(new Node.Sub(invT, p.op(new Node.MatMul(invT, b))));
    Rewrites.prepare(p, diff).is("Solve(Transpose(A), Sub(Eye(1), B))");
  }

  @Test
  void inverseFactorsOutOfASumOnTheRight() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int inv = p.op(new Node.Inv(a));
    int sum = p.op(new Node.Add(p.op(new Node.MatMul(b, inv)), inv));
    Rewrites.prepare(p, sum).is("Transpose(Solve(Transpose(A), Add(Transpose(B), Eye(1))))");
  }

  @Test
  void inverseDoesNotFactorOutOfASumWhoseProductIsShared() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int inv = p.op(new Node.Inv(a));
    int ab = p.op(new Node.MatMul(inv, b));
    int expr = p.op(new Node.Hadamard(p.op(new Node.Sub(inv, ab)), ab));
    Rewrites.prepare(p, expr).is("Hadamard(Sub(Inv(A), MatMul(Inv(A), B)), MatMul(Inv(A), B))");
  }

  @Test
  void chainReassociatesToReuseAProductComputedAnyway() {
    int a = square("A");
    int b = square("B");
    int c = square("C");
    int bc = p.op(new Node.MatMul(b, c));
    int chain = p.op(new Node.MatMul(p.op(new Node.MatMul(a, b)), c));
    Rewrites.prepare(p, p.op(new Node.Hadamard(chain, bc))).is("Hadamard(MatMul(A, MatMul(B, C)), MatMul(B, C))");
  }

  @Test
  void chainReassociatesTheOtherWayToReuseAProductComputedAnyway() {
    int a = square("A");
    int b = square("B");
    int c = square("C");
    int ab = p.op(new Node.MatMul(a, b));
    int chain = p.op(new Node.MatMul(a, p.op(new Node.MatMul(b, c))));
    Rewrites.prepare(p, p.op(new Node.Hadamard(chain, ab))).is("Hadamard(MatMul(MatMul(A, B), C), MatMul(A, B))");
  }

  @Test
  void chainKeepsItsAssociationWhenTheOtherWouldCostMore() {
    int a = p.column("a");
    int b = p.matrix("B");
    int c = p.matrix("C");
    int at = p.op(new Node.Transpose(a));
    int bc = p.op(new Node.MatMul(b, c));
    // with BC at hand, aᵀ(BC) would cost n² multiply-adds against 2n² for (aᵀB)C; but if BC ever
    // stopped being shared it would cost n³ + n², so the chain (1×n times n×n times n×n) stays
    int chain = p.op(new Node.MatMul(p.op(new Node.MatMul(at, b)), c));
    int expr = p.op(new Node.ScalarAdd(p.op(new Node.ScalarOf(p.op(new Node.MatMul(chain, a)))), p.op(new Node.Sum(bc))));
    Rewrites.prepare(p, expr).is("ScalarAdd(ScalarOf(MatMul(MatMul(MatMul(Transpose(a), B), C), a)), Sum(MatMul(B, C)))");
  }

  @Test
  void inverseChainOfTheGaussianGradientBecomesTwoSolvesSharingTheForwardOne() {
    // tr(Σ⁻¹S) and its gradient Σ⁻ᵀ − (Σ⁻ᵀSᵀ)Σ⁻ᵀ as the simplifier leaves them: the chain
    // reassociates to Σ⁻ᵀ(SᵀΣ⁻ᵀ) = Σ⁻ᵀ(Σ⁻¹S)ᵀ, Σ⁻ᵀ factors out, and all three uses of the inverse
    // become solves, the forward one shared
    int sigma = p.matrix("Sigma", WELL_CONDITIONED);
    int s = p.matrix("S");
    int inv = p.op(new Node.Inv(sigma));
    int invT = p.op(new Node.Transpose(inv));
    int trace = p.op(new Node.Trace(p.op(new Node.MatMul(inv, s))));
    int chain = p.op(new Node.MatMul(p.op(new Node.MatMul(invT, p.op(new Node.Transpose(s)))), invT));
    int gradient = p.op(new Node.Sub(invT, chain));
    Rewrites.prepare(p, p.op(new Node.Scale(trace, gradient)))
        .is("Scale(Trace(Solve(Sigma, S)), Solve(Transpose(Sigma), Sub(Eye(1), Transpose(Solve(Sigma, S)))))");
  }

  @Test
  void inverseStaysWhenItIsAResult() {
    int a = p.matrix("A", WELL_CONDITIONED);
    Rewrites.prepare(p, p.op(new Node.Transpose(p.op(new Node.Inv(a))))).is("Transpose(Inv(A))");
  }

  @Test
  void prepareLeavesNoDerivAndNoInverseInTheNetworkGradient() {
    Derivation d = Simplifier.prepareForLowering(Simplifier.simplify(Deriver.derive(Examples.twoLayer().program())));
    assertTrue(d.graph().nodes().stream().noneMatch(n -> n instanceof Node.EntrywiseDerivative));
    assertTrue(d.graph().nodes().stream().noneMatch(n -> n instanceof Node.Softmax), "softmax(a2) comes from logSoftmax(a2)");
    assertEquals(1, d.graph().nodes().stream().filter(n -> n instanceof Node.Entrywise m && m.fn() == EntrywiseFunction.SIGMOID).count(),
        "σ(a1) is computed once, by the forward pass");
  }

  /** A matrix parameter known to be square (the unused trace records rows = cols). */
  private int square(String name) {
    int id = p.matrix(name);
    p.op(new Node.Trace(id));
    return id;
  }
}
