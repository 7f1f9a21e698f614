package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.HvpHarness.loss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.e2e.HvpHarness.Case;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products of losses that solve linear systems ({@code Solves.java}): against
 * central differences of the generated gradient, and the shape of the code that gets them
 * cheaply — the tangent of a square system goes through M⁻¹dM, so the Gaussian's tangent pass
 * does not read the gradient, and the buffer form of hvp skips the gradient's own solve.
 */
class SolvesHvpE2eTest {
  private static final HvpHarness SOLVES = new HvpHarness("Solves");

  /** Symmetric positive definite, well conditioned: n·I + RRᵀ/n. */
  private static Matrix spd(int n, Random rnd) {
    Matrix r = Matrix.random(n, n, rnd);
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += r.get(i, k) * r.get(j, k);
        }
        a[i * n + j] = s / n + (i == j ? n : 0);
      }
    }
    return Matrix.of(n, n, a);
  }

  /** Diagonally dominant, not symmetric. */
  private static Matrix wellConditioned(int n, Random rnd) {
    Matrix r = Matrix.random(n, n, rnd);
    double[] a = r.data().clone();
    for (int i = 0; i < n; i++) {
      a[i * n + i] += 2 * n;
    }
    return Matrix.of(n, n, a);
  }

  @Test
  void everyLossMatchesCentralDifferencesOfItsGradient() throws Exception {
    Random rnd = new Random(17);
    List<Case> cases = List.of(
        loss("gaussian", List.of("Sigma"), "Sigma", spd(4, rnd), "S", spd(4, rnd)),
        loss("squareSolve", List.of("A", "B"), "A", wellConditioned(3, rnd), "B", Matrix.random(3, 3, rnd),
            "C", Matrix.random(3, 3, rnd)),
        loss("transposedSolve", List.of("A", "B"), "A", wellConditioned(3, rnd), "B", Matrix.random(3, 3, rnd),
            "C", Matrix.random(3, 3, rnd)),
        loss("vectorSolve", List.of("A", "b"), "A", wellConditioned(4, rnd), "b", Matrix.random(4, 1, rnd),
            "c", Matrix.random(4, 1, rnd)),
        loss("sharedFactor", List.of("A"), "A", wellConditioned(3, rnd), "B", Matrix.random(3, 3, rnd)));
    SOLVES.assertEveryLossIsCovered(cases);
    for (Case c : cases) {
      for (int k = 0; k < 3; k++) {
        SOLVES.check(c, rnd);
      }
    }
  }

  /** H·v of log|Σ| + tr(Σ⁻¹S) against its closed form, entry by entry. */
  @Test
  void gaussianMatchesItsClosedForm() throws Exception {
    Random rnd = new Random(5);
    int n = 4;
    Matrix sigma = spd(n, rnd);
    Matrix s = spd(n, rnd);
    Matrix v = Matrix.random(n, n, rnd);
    Object[] hv = SOLVES.hvp(loss("gaussian", List.of("Sigma"), "Sigma", sigma, "S", s), v);
    // With A = Σ⁻¹: G = Aᵀ − AᵀSᵀAᵀ, and dG = −AᵀVᵀAᵀ + AᵀVᵀAᵀSᵀAᵀ + AᵀSᵀAᵀVᵀAᵀ.
    Matrix a = dev.tracegrad.Ops.inv(sigma);
    Matrix at = dev.tracegrad.Ops.t(a);
    Matrix vt = dev.tracegrad.Ops.t(v);
    Matrix st = dev.tracegrad.Ops.t(s);
    Matrix avta = mul(at, mul(vt, at));
    Matrix expected = dev.tracegrad.Ops.add(dev.tracegrad.Ops.scale(-1, avta),
        dev.tracegrad.Ops.add(mul(avta, mul(st, at)), mul(at, mul(st, avta))));
    Matrix actual = (Matrix) hv[2];
    for (int i = 0; i < n * n; i++) {
      assertEquals(expected.data()[i], actual.data()[i], 1e-12 * (1 + Math.abs(expected.data()[i])), "entry " + i);
    }
  }

  /**
   * The Gaussian's tangent pass reads the factorisation, S's solve and I − (Σ⁻¹S)ᵀ, not the
   * gradient Σ⁻ᵀ(I − (Σ⁻¹S)ᵀ): that solve is in the rest of the backward pass, which the
   * allocating hvp runs for its record and the buffer hvp skips.
   */
  @Test
  void gaussianBufferHvpSkipsTheGradientsOwnSolve() {
    String source = new String(SOLVES.run.generatedSourceBytes("SolvesGaussianGradient"), StandardCharsets.UTF_8);
    String tangent = method(source, "private void tangent(");
    String rest = method(source, "private void backwardRest(");
    String run = method(source, "private double hessianVectorProducts(");
    assertFalse(tangent.contains("hvpDSigma"), tangent);
    assertEquals(1, count(tangent, "Lu.solveTransposed("), tangent);
    assertEquals(1, count(tangent, "Lu.solve("), tangent);
    assertEquals(2, count(tangent, "Gemm.multiply("), tangent);
    assertTrue(rest.contains("Lu.solveTransposed("), rest);
    assertTrue(run.contains("if (withGradients) {\n      backwardRest("), run);
  }

  private static Matrix mul(Matrix a, Matrix b) {
    return dev.tracegrad.Ops.mul(a, b);
  }

  /** The text of the method whose declaration starts with {@code head}, to its closing brace. */
  private static String method(String source, String head) {
    int start = source.indexOf(head);
    assertTrue(start >= 0, head + " not in the generated source");
    int end = source.indexOf("\n  }\n", start);
    return source.substring(start, end);
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
