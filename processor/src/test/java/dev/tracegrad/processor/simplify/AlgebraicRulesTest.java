package dev.tracegrad.processor.simplify;

import static dev.tracegrad.processor.derive.ProgramBuilder.POSITIVE;
import static dev.tracegrad.processor.derive.ProgramBuilder.WELL_CONDITIONED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import org.junit.jupiter.api.Test;

/**
 * One test per algebraic identity: the rewritten structure, and (inside {@link Rewrites}) the
 * value of the rewritten expression against the original on random inputs.
 */
class AlgebraicRulesTest {
  private final ProgramBuilder p = new ProgramBuilder();

  private int a() {
    return p.matrix("A");
  }

  private int b() {
    return p.matrix("B");
  }

  private int s() {
    return p.scalar("s", 1.7);
  }

  private int t() {
    return p.scalar("t", -0.6);
  }

  private int zeroLike(int m) {
    return p.op(new Node.Fill(p.c(0), p.shape(m)));
  }

  private int neg(int m) {
    return p.op(new Node.Neg(m));
  }

  private int sneg(int x) {
    return p.op(new Node.ScalarNeg(x));
  }

  // ---------------------------------------------------------------- scalars

  @Test
  void foldScalarConstantsEvaluatesConstantArithmetic() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarMul(p.op(new Node.ScalarAdd(p.c(2), p.c(3))), s))).is("ScalarMul(5, s)");
  }

  @Test
  void foldScalarConstantsEvaluatesFunctionsAndPowers() {
    int sum = p.op(new Node.ScalarAdd(p.op(new Node.ScalarFunction(EntrywiseFunction.EXP, p.c(0))), p.op(new Node.ScalarPow(p.c(2), p.c(3)))));
    Rewrites.simplify(p, sum).is("9");
  }

  @Test
  void foldScalarConstantsKeepsANonFiniteQuotient() {
    Rewrites.Outcome o = Rewrites.simplify(p, p.op(new Node.ScalarDiv(p.c(1), p.c(0))));
    o.is("ScalarDiv(1, 0)");
  }

  @Test
  void scalarAddZeroDropsTheZero() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarAdd(p.c(0), s))).is("s");
  }

  @Test
  void scalarAddZeroTurnsZeroMinusIntoNegation() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarSub(p.c(0), s))).is("ScalarNeg(s)");
  }

  @Test
  void scalarMulOneDropsTheOne() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarDiv(p.op(new Node.ScalarMul(s, p.c(1))), p.c(1)))).is("s");
  }

  @Test
  void scalarMulZeroIsZero() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarMul(p.c(0), s))).is("0");
  }

  @Test
  void scalarMulMinusOneIsNegation() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarMul(s, p.c(-1)))).is("ScalarNeg(s)");
  }

  @Test
  void scalarDoubleNegationCancels() {
    int s = s();
    Rewrites.simplify(p, sneg(sneg(s))).is("s");
  }

  @Test
  void scalarSubtractNegationOfNegationsSwapsTheOperands() {
    int s = s();
    int t = t();
    Rewrites.simplify(p, p.op(new Node.ScalarSub(sneg(s), sneg(t)))).is("ScalarSub(t, s)");
  }

  @Test
  void scalarSubtractNegationIsAddition() {
    int s = s();
    int t = t();
    Rewrites.simplify(p, p.op(new Node.ScalarSub(s, sneg(t)))).is("ScalarAdd(s, t)");
  }

  @Test
  void scalarAddNegationIsSubtraction() {
    int s = s();
    int t = t();
    Rewrites.simplify(p, p.op(new Node.ScalarAdd(sneg(s), t))).is("ScalarSub(t, s)");
  }

  @Test
  void scalarNegationOutOfProductCancelsTwoSigns() {
    int s = s();
    int t = t();
    Rewrites.simplify(p, p.op(new Node.ScalarDiv(sneg(s), sneg(t)))).is("ScalarDiv(s, t)");
  }

  @Test
  void scalarAddSameIsTwice() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarAdd(s, s))).is("ScalarMul(2, s)");
  }

  @Test
  void scalarAddRepeatedTermCollectsTheTerm() {
    int s = s();
    int t = t();
    Rewrites.simplify(p, p.op(new Node.ScalarAdd(p.op(new Node.ScalarAdd(s, t)), t))).is("ScalarAdd(s, ScalarMul(2, t))");
  }

  @Test
  void scalarPowOneIsTheBase() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarPow(s, p.c(1)))).is("s");
  }

  @Test
  void reductionOfZeroIsZero() {
    int a = a();
    int z = zeroLike(a);
    int sum = p.op(new Node.ScalarAdd(p.op(new Node.Dot(a, z)), p.op(new Node.SumSq(z))));
    Rewrites.simplify(p, sum).is("0");
  }

  @Test
  void negationOutOfReductionCancelsAgainstANegatedDot() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Dot(neg(a), neg(b)))).is("Dot(A, B)");
  }

  @Test
  void negationOutOfReductionMovesTheSignOutOfTraceAndSum() {
    int a = a();
    p.op(new Node.Trace(a));
    int sum = p.op(new Node.ScalarAdd(p.op(new Node.Trace(neg(a))), p.op(new Node.Sum(neg(a)))));
    Rewrites.simplify(p, sum).is("ScalarNeg(ScalarAdd(Trace(A), Sum(A)))");
  }

  @Test
  void scalarOfFillIsTheFilledValue() {
    int s = s();
    int x = p.column("x");
    int xtx = p.op(new Node.MatMul(p.op(new Node.Transpose(x)), x));
    Rewrites.simplify(p, p.op(new Node.ScalarOf(p.op(new Node.Fill(s, p.shape(xtx)))))).is("s");
  }

  // ---------------------------------------------------------------- zeros and fills

  @Test
  void addZeroDropsAZeroTerm() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Add(zeroLike(a), a))).is("A");
  }

  @Test
  void addZeroTurnsZeroMinusIntoNegation() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Sub(zeroLike(a), a))).is("Neg(A)");
  }

  @Test
  void zeroAbsorbsAProduct() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.MatMul(a, zeroLike(b)))).is("Fill(0)");
  }

  @Test
  void zeroAbsorbsHadamardTransposeAndSums() {
    int a = a();
    int z = p.op(new Node.ColSums(p.op(new Node.Transpose(p.op(new Node.Hadamard(a, zeroLike(a)))))));
    Rewrites.simplify(p, z).is("Fill(0)");
  }

  @Test
  void zeroAbsorbsAZeroIdentity() {
    int a = a();
    p.op(new Node.Trace(a));
    int e = p.op(new Node.Eye(p.c(0), p.shape(a).rows()));
    Rewrites.simplify(p, p.op(new Node.Add(a, e))).is("A");
  }

  @Test
  void hadamardByFillIsAScale() {
    int a = a();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.Hadamard(p.op(new Node.Fill(s, p.shape(a))), a))).is("Scale(s, A)");
  }

  @Test
  void scaleColumnsByFillIsAScale() {
    int a = a();
    int s = s();
    int row = p.op(new Node.Fill(s, new Shape(Dim.ONE, p.shape(a).cols())));
    Rewrites.simplify(p, p.op(new Node.ScaleColumns(a, row))).is("Scale(s, A)");
  }

  @Test
  void hadamardByFillOfMinusOneIsNegation() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Hadamard(a, p.op(new Node.Fill(p.c(-1), p.shape(a)))))).is("Neg(A)");
  }

  @Test
  void productWithIdentityDropsTheIdentity() {
    int a = a();
    int b = b();
    int eye = p.op(new Node.Eye(p.c(1), p.shape(b).rows()));
    Rewrites.simplify(p, p.op(new Node.MatMul(a, p.op(new Node.MatMul(eye, b))))).is("MatMul(A, B)");
  }

  @Test
  void sumOfFillCountsItsEntries() {
    int a = a();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.Sum(p.op(new Node.Fill(s, p.shape(a)))))).is("ScalarMul(s, ScalarMul(Extent(), Extent()))");
  }

  @Test
  void dotWithFillIsAScaledSum() {
    int a = a();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.Dot(a, p.op(new Node.Fill(s, p.shape(a)))))).is("ScalarMul(s, Sum(A))");
  }

  @Test
  void dotWithIdentityIsAScaledTrace() {
    int a = a();
    int s = s();
    int eye = p.op(new Node.Eye(s, p.shape(a).rows()));
    p.op(new Node.Trace(a));
    Rewrites.simplify(p, p.op(new Node.Dot(eye, a))).is("ScalarMul(s, Trace(A))");
  }

  @Test
  void productWithFillIsABroadcastOfSums() {
    int a = a();
    int b = b();
    int s = s();
    int left = p.op(new Node.Fill(s, new dev.tracegrad.processor.ir.Shape(p.shape(b).cols(), p.shape(a).rows())));
    Rewrites.simplify(p, p.op(new Node.MatMul(left, a))).is("Scale(s, BroadcastRows(ColSums(A)))");
    int right = p.op(new Node.Fill(s, new dev.tracegrad.processor.ir.Shape(p.shape(a).cols(), p.shape(b).rows())));
    Rewrites.simplify(p, p.op(new Node.MatMul(a, right))).is("Scale(s, BroadcastCols(RowSums(A)))");
  }

  @Test
  void productWithScalarFillIsAScale() {
    int x = p.column("x");
    int s = s();
    int one = p.op(new Node.Fill(s, p.shape(p.op(new Node.MatMul(p.op(new Node.Transpose(x)), x)))));
    Rewrites.simplify(p, p.op(new Node.MatMul(x, one))).is("Scale(s, x)");
  }

  @Test
  void scaleOutOfProductMovesTheScalarToTheFront() {
    int a = a();
    int b = b();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.MatMul(a, p.op(new Node.Scale(s, b))))).is("Scale(s, MatMul(A, B))");
  }

  @Test
  void scaleByOneIsTheMatrix() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Scale(p.c(1), a))).is("A");
  }

  @Test
  void scaleByMinusOneIsNegation() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Scale(p.c(-1), a))).is("Neg(A)");
  }

  @Test
  void scaleOfScaleMultipliesTheFactors() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Scale(p.c(2), p.op(new Node.Scale(p.c(3), a))))).is("Scale(6, A)");
  }

  @Test
  void negationOutOfScaleCancelsTwoSigns() {
    int a = a();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.Scale(sneg(s), neg(a)))).is("Scale(s, A)");
  }

  @Test
  void scaleOfFillIsAFill() {
    int a = a();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.Scale(s, p.op(new Node.Fill(p.c(2), p.shape(a)))))).is("Fill(ScalarMul(2, s))");
  }

  @Test
  void negationOfFillNegatesTheValue() {
    int a = a();
    Rewrites.simplify(p, neg(p.op(new Node.Fill(p.c(2), p.shape(a))))).is("Fill(-2)");
  }

  // ---------------------------------------------------------------- negations

  @Test
  void doubleNegationCancels() {
    int a = a();
    Rewrites.simplify(p, neg(neg(a))).is("A");
  }

  @Test
  void negationOfDifferenceSwapsTheOperands() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, neg(p.op(new Node.Sub(a, b)))).is("Sub(B, A)");
  }

  @Test
  void subtractNegationOfNegationsSwapsTheOperands() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Sub(neg(a), neg(b)))).is("Sub(B, A)");
  }

  @Test
  void subtractNegationIsAddition() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Sub(a, neg(b)))).is("Add(A, B)");
  }

  @Test
  void addNegationIsSubtraction() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Add(neg(a), b))).is("Sub(B, A)");
  }

  @Test
  void negatedMinuendBecomesANegatedSum() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Sub(neg(a), b))).is("Neg(Add(A, B))");
  }

  @Test
  void negationOutOfProductCancelsTwoSigns() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.MatMul(neg(a), neg(b)))).is("MatMul(A, B)");
  }

  @Test
  void negationOutOfHadamardMovesTheSignUp() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Hadamard(a, neg(b)))).is("Neg(Hadamard(A, B))");
  }

  @Test
  void negationOutOfDivisionCancelsTwoSigns() {
    int a = a();
    int b = p.matrix("B", POSITIVE);
    Rewrites.simplify(p, p.op(new Node.Div(neg(a), neg(b)))).is("Div(A, B)");
  }

  @Test
  void negationOutOfTransposeMovesTheSignUp() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Transpose(neg(a)))).is("Neg(Transpose(A))");
  }

  @Test
  void negationOutOfSumsAndBroadcastsCancelsInASubtraction() {
    int a = a();
    int y = b();
    // A − 𝟏𝟏ᵀ(−Y)  ⇒  A + 𝟏𝟏ᵀY
    int z = p.op(new Node.Sub(y, p.op(new Node.BroadcastRows(p.op(new Node.ColSums(neg(a))), p.shape(y).rows()))));
    Rewrites.simplify(p, z).is("Add(B, BroadcastRows(ColSums(A)))");
  }

  @Test
  void negationOutOfRowSumsAndBroadcastCols() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.BroadcastCols(p.op(new Node.RowSums(neg(a))), p.shape(a).cols())))
        .is("Neg(BroadcastCols(RowSums(A)))");
  }

  @Test
  void negationOutOfScaleColumnsGivesTheLogSoftmaxAdjoint() {
    // −y − softmax(a)(𝟏ᵀ(−y)) = softmax(a)(𝟏ᵀy) − y
    int a = a();
    int y = b();
    int g = neg(y);
    int z = p.op(new Node.Sub(g, p.op(new Node.ScaleColumns(p.op(new Node.Softmax(a)), p.op(new Node.ColSums(g))))));
    Rewrites.simplify(p, z).is("Sub(ScaleColumns(Softmax(A), ColSums(B)), B)");
  }

  // ---------------------------------------------------------------- transposes

  @Test
  void transposeOfTransposeIsIdentity() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Transpose(p.op(new Node.Transpose(a))))).is("A");
  }

  @Test
  void transposeOfProductReversesTheFactors() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Transpose(p.op(new Node.MatMul(a, p.op(new Node.Transpose(b)))))))
        .is("MatMul(B, Transpose(A))");
  }

  @Test
  void transposeOfConstantOrScaleFoldsIntoTheFill() {
    int a = a();
    int fill = p.op(new Node.Fill(p.c(3), p.shape(a)));
    Rewrites.Outcome o = Rewrites.simplify(p, p.op(new Node.Transpose(fill)));
    o.is("Fill(3)");
    assertEquals(p.shape(a).transposed(), o.graph().shape(o.id()));
  }

  @Test
  void transposeOfConstantOrScaleMovesTheScaleOut() {
    int a = a();
    int s = s();
    Rewrites.simplify(p, p.op(new Node.Transpose(p.op(new Node.Scale(s, a))))).is("Scale(s, Transpose(A))");
  }

  @Test
  void transposeOfSumDistributesWhenATransposeCancels() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Transpose(p.op(new Node.Add(p.op(new Node.Transpose(a)), b)))))
        .is("Add(A, Transpose(B))");
  }

  @Test
  void transposeOfSumStaysWhenNothingCancels() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Transpose(p.op(new Node.Sub(a, b))))).is("Transpose(Sub(A, B))");
  }

  // ---------------------------------------------------------------- sums, powers, quotients

  @Test
  void addSameIsTwice() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Add(a, a))).is("Scale(2, A)");
  }

  @Test
  void addRepeatedTermCollectsTheTerm() {
    int a = a();
    int b = b();
    Rewrites.simplify(p, p.op(new Node.Add(b, p.op(new Node.Add(a, b))))).is("Add(A, Scale(2, B))");
  }

  @Test
  void fillPlusFillAddsTheValues() {
    int a = a();
    int f = p.op(new Node.Fill(p.c(2), p.shape(a)));
    int g = p.op(new Node.Fill(p.c(3), p.shape(a)));
    Rewrites.simplify(p, p.op(new Node.Add(f, g))).is("Fill(5)");
  }

  @Test
  void powerOfOneIsTheBase() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Pow(a, p.c(1)))).is("A");
  }

  @Test
  void divideByOnesIsTheNumerator() {
    int a = a();
    Rewrites.simplify(p, p.op(new Node.Div(a, p.op(new Node.Fill(p.c(1), p.shape(a)))))).is("A");
  }

  // ---------------------------------------------------------------- identities the text shares

  @Test
  void scalarConstantFirstPutsTheNumberInFront() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarMul(s, p.c(3)))).is("ScalarMul(3, s)");
  }

  @Test
  void scalarConstantsTogetherFoldNumbersAcrossAProduct() {
    int s = s();
    int t = t();
    // 2(0.5 s) = s; s(3t) = 3(st)
    Rewrites.simplify(p, p.op(new Node.ScalarMul(p.c(2), p.op(new Node.ScalarMul(p.c(0.5), s))))).is("s");
    Rewrites.simplify(p, p.op(new Node.ScalarMul(s, p.op(new Node.ScalarMul(p.c(3), t))))).is("ScalarMul(3, ScalarMul(s, t))");
  }

  @Test
  void scalarConstantsTogetherFoldANumberIntoAQuotient() {
    int s = s();
    Rewrites.simplify(p, p.op(new Node.ScalarMul(p.c(4), p.op(new Node.ScalarDiv(p.c(0.5), s))))).is("ScalarDiv(2, s)");
  }

  @Test
  void negationOutOfInverseAndSolve() {
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = b();
    p.op(new Node.Inv(a));
    int inv = p.op(new Node.Inv(neg(a)));
    int solve = p.op(new Node.Solve(a, neg(p.op(new Node.MatMul(inv, b)))));
    Rewrites.simplify(p, solve).is("Solve(A, MatMul(Inv(A), B))");
  }

  @Test
  void transposeOfBroadcastIsTheOtherBroadcast() {
    int x = p.column("x");
    int a = a();
    int v = p.op(new Node.RowSums(a));
    int bc = p.op(new Node.BroadcastCols(v, p.shape(x).rows()));
    Rewrites.simplify(p, p.op(new Node.Transpose(bc))).is("BroadcastRows(Transpose(RowSums(A)))");
  }

  @Test
  void transposeOfLineSumsOfATransposeIsTheOtherLineSums() {
    int a = a();
    int rowSumsOfT = p.op(new Node.RowSums(p.op(new Node.Transpose(a))));
    Rewrites.simplify(p, p.op(new Node.Transpose(rowSumsOfT))).is("ColSums(A)");
    int colSumsOfT = p.op(new Node.ColSums(p.op(new Node.Transpose(a))));
    Rewrites.simplify(p, p.op(new Node.Transpose(colSumsOfT))).is("RowSums(A)");
  }

  @Test
  void columnSumsOfAScatterAreTheScatteredRow() {
    int a = a();
    int b = b();
    String idx = p.index("idx", p.shape(a).rows(), p.shape(b).cols());
    int g = p.op(new Node.ColSums(b));
    int scatter = p.op(new Node.Scatter(g, idx, p.shape(a).rows()));
    Rewrites.simplify(p, p.op(new Node.ColSums(scatter))).is("ColSums(B)");
    // in a sum, as the gradient of cross-entropy writes it: 𝟏ᵀ(A ⊙ scatter) is not a line sum of it
    int kept = p.op(new Node.ColSums(p.op(new Node.Hadamard(a, scatter))));
    Rewrites.simplify(p, kept).is("ColSums(Hadamard(A, Scatter(ColSums(B))))");
  }

  @Test
  void rowSumsOfAScatterAddAreTheRowSumsOfItsOperand() {
    int a = a();
    int b = b();
    String ids = p.index("ids", p.shape(a).cols(), p.shape(b).cols());
    int scatterAdd = p.op(new Node.ScatterAdd(b, ids, p.shape(a).cols()));
    Rewrites.simplify(p, p.op(new Node.RowSums(scatterAdd))).is("RowSums(B)");
    Rewrites.simplify(p, p.op(new Node.ColSums(scatterAdd))).is("ColSums(ScatterAdd(B))");
  }

  @Test
  void forTextKeepsAQuotientOfNumbersAndFoldsArithmetic() {
    int s = s();
    int third = p.op(new Node.ScalarDiv(p.c(1), p.c(3)));
    Rewrites.forText(p, p.op(new Node.ScalarMul(p.op(new Node.ScalarAdd(p.c(1), p.c(2))), p.op(new Node.ScalarMul(third, s)))))
        .is("ScalarMul(3, ScalarMul(ScalarDiv(1, 3), s))");
  }

  @Test
  void forTextExpandsATransposedProductOnlyWhenATransposeCancels() {
    int a = a();
    int b = b();
    int ab = p.op(new Node.MatMul(a, p.op(new Node.Transpose(b))));
    Rewrites.forText(p, p.op(new Node.Transpose(ab))).is("MatMul(B, Transpose(A))");
    int plain = p.op(new Node.MatMul(p.op(new Node.Transpose(a)), b));
    int ba = p.op(new Node.MatMul(b, a));
    Rewrites.forText(p, p.op(new Node.Transpose(ba))).is("Transpose(MatMul(B, A))");
    Rewrites.forText(p, p.op(new Node.Transpose(plain))).is("MatMul(Transpose(B), A)");
  }

  @Test
  void scaleOutOfLinearOpsGathersTheScalarForTheText() {
    int a = a();
    int b = b();
    int s = s();
    int sa = p.op(new Node.Scale(s, a));
    Rewrites.forText(p, p.op(new Node.ColSums(sa))).is("Scale(s, ColSums(A))");
    Rewrites.forText(p, p.op(new Node.Dot(b, sa))).is("ScalarMul(s, Dot(B, A))");
    int r = p.op(new Node.ColSums(b));
    Rewrites.forText(p, p.op(new Node.ScaleColumns(a, p.op(new Node.Scale(s, r))))).is("Scale(s, ScaleColumns(A, ColSums(B)))");
  }

  @Test
  void commonFactorIsTakenOutOfASumForTheText() {
    int a = a();
    int b = b();
    int s = s();
    int t = t();
    Rewrites.forText(p, p.op(new Node.Sub(p.op(new Node.Scale(s, a)), p.op(new Node.Scale(s, b))))).is("Scale(s, Sub(A, B))");
    Rewrites.forText(p, p.op(new Node.ScalarAdd(p.op(new Node.ScalarMul(s, t)), p.op(new Node.ScalarMul(s, s)))))
        .is("ScalarMul(s, ScalarAdd(t, s))");
  }
}
