package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.log;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.neg;
import static dev.tracegrad.Ops.rowSums;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Structure rather than calculus ({@code e2e/losses/example/Structure.java}): transposes of
 * non-square operands (where a transposition slip cannot hide behind a square shape), inverses
 * of transposes, a gradient computed by solves instead of an inverse, a forward value shared by softmax and logSoftmax, Java's int arithmetic, and a
 * local the loss does not use.
 */
class StructureE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Structure");
  private final Random rnd = new Random(97);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Structure", method);
  }

  @Test
  void reductionsAndBiasOfTransposes() {
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix b = Numeric.random(3, 1, rnd);
    Matrix bb = Numeric.random(4, 5, rnd);
    // ‖(A𝟏)ᵀ‖² → 2(A𝟏)𝟏ᵀ; ‖Bᵀ𝟏‖² → 2·𝟏(𝟏ᵀB); R = Aᵀ + b𝟏ᵀ: ‖R‖² → 2Rᵀ for A, 2R𝟏 for b.
    Matrix r = add(t(a), mul(b, Mats.ones(1, 2)));
    loss("transposedReductions").verify(args("A", a, "b", b, "B", bb),
        grad("A", () -> add(scale(2, mul(rowSums(a), Mats.ones(1, 3))), scale(2, t(r)))),
        grad("b", () -> scale(2, rowSums(r))),
        grad("B", () -> scale(2, mul(Mats.ones(4, 1), colSums(bb)))));
  }

  @Test
  void logSoftmaxOfATransposedProduct() {
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix c = Numeric.random(3, 4, rnd);
    Matrix d = Numeric.positiveColumns(4, 2, rnd);
    // Z = (AC)ᵀ, G = D − softmax(Z)(𝟏ᵀD); d(AC) = Gᵀ, so ∂/∂A = GᵀCᵀ and ∂/∂C = AᵀGᵀ.
    Matrix g = sub(d, Mats.scaleColumns(softmax(t(mul(a, c))), colSums(d)));
    loss("logSoftmaxOfTransposedProduct").verify(args("A", a, "C", c, "D", d),
        grad("A", () -> mul(t(g), t(c))), grad("C", () -> mul(t(a), t(g))));
  }

  @Test
  void inversesOfTransposesAndTransposesOfInverses() {
    Matrix a = Numeric.wellConditioned(3, rnd);
    Matrix bb = Numeric.random(3, 3, rnd);
    Matrix b = Numeric.random(3, 1, rnd);
    Matrix p = inv(a);
    Matrix pt = t(p);
    Matrix x = mul(p, b);
    Matrix j = Mats.ones(3, 3);
    // With P = A⁻¹ and dP = −P dA P, each term's ∂/∂P = G gives ∂/∂A = −PᵀGPᵀ:
    // ‖Pb‖²: G = 2xbᵀ; tr(PᵀB): G = B; 𝟏ᵀBPᵀ𝟏: G = JB; log|det P| = −log|det A|: −Pᵀ.
    Matrix gp = add(add(scale(2, mul(x, t(b))), bb), mul(j, bb));
    loss("inverseVariants").verify(args("A", a, "B", bb, "b", b),
        grad("A", () -> sub(scale(-1, mul(mul(pt, gp), pt)), pt)),
        grad("B", () -> add(p, mul(j, p))),
        grad("b", () -> scale(2, mul(pt, x))));
  }

  @Test
  void gaussianGradientBySolvesWithoutAnExplicitInverse() {
    Matrix sigma = Numeric.wellConditioned(5, rnd);
    Matrix s = Numeric.random(5, 5, rnd);
    assertNotEquals(sigma, t(sigma), "a general, non-symmetric Sigma");
    // d(log|Σ| + tr(Σ⁻¹S)) = tr(Σ⁻¹dΣ) − tr(Σ⁻¹SΣ⁻¹dΣ), so ∂/∂Σ = Σ⁻ᵀ − Σ⁻ᵀSᵀΣ⁻ᵀ.
    Matrix pt = t(inv(sigma));
    loss("gaussLike").verify(args("Sigma", sigma, "S", s),
        grad("Sigma", () -> sub(pt, mul(mul(pt, t(s)), pt))));
    String source = new String(RUN.generatedSourceBytes("StructureGaussLikeGradient"), StandardCharsets.US_ASCII);
    assertFalse(source.contains("Lu.inverse("), "Σ⁻¹ is never formed:\n" + source);
    assertTrue(source.contains("Lu.solve("), source);
    assertTrue(source.contains("Lu.solveTransposed("), source);
  }

  @Test
  void entropyOfSoftmax() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix s = softmax(a);
    Matrix logS = log(s);
    // H = −𝟏ᵀ(S ⊙ log S) per column; ∂H/∂A = −S ⊙ (log S + 𝟏H).
    Matrix h = colSums(neg(hadamard(s, logS)));
    loss("entropy").verify(args("A", a),
        grad("A", () -> neg(hadamard(s, add(logS, mul(Mats.ones(4, 1), h))))));
  }

  @Test
  void javaIntegerDivisionIsKept() {
    Matrix a = Numeric.random(3, 2, rnd);
    // 1 / 2 == 0 and 3 / 2 == 1 in Java: l = Σ A + Σ A / 4.
    loss("integerArithmetic").verify(args("A", a), grad("A", () -> Mats.fill(3, 2, 1.25)));
    LossCheck.assertClose(1.25 * 6, loss("integerArithmetic").value(Mats.ones(3, 2)), 0, "value at 𝟏𝟏ᵀ");
  }

  @Test
  void unusedLocalStillChecksItsShapesAndHasNoGradient() {
    Matrix a = Numeric.random(2, 3, rnd);
    loss("unusedLocal").verify(args("A", a, "B", Numeric.random(3, 4, rnd)),
        grad("A", () -> scale(2, a)), grad("B", () -> Matrix.zeros(3, 4)));
    // The annotated method fails in Ops.mul; the generated class fails the same way, up front.
    Matrix wrong = Numeric.random(2, 3, rnd);
    assertThrows(IllegalArgumentException.class, () -> loss("unusedLocal").reference(a, wrong));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss("unusedLocal").value(a, wrong));
    assertEquals("mul(A, B): A is 2\u00d73 but B is 2\u00d73 (columns of A must equal rows of B)", e.getMessage());
  }
}
