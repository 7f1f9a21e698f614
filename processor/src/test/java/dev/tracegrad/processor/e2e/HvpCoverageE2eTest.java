package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.HvpHarness.loss;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.e2e.HvpHarness.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hessian-vector products for every op of the DSL: the losses of {@code Coverage.java} (at least
 * one per op), compiled with {@code hvp = true} added to each annotation. For each, at random
 * points away from kinks, {@link HvpHarness#check}: H·v against central differences of the
 * generated gradient along v (through {@code objective(...)} and {@link GradientCheck#checkHvp}),
 * the buffer overload against the allocating one bit for bit, and the record's gradients against
 * {@code gradient(...)}.
 */
class HvpCoverageE2eTest {
  private static final HvpHarness COVERAGE = new HvpHarness("Coverage");

  private static Matrix random(int r, int c, Random rnd) {
    return Matrix.random(r, c, rnd);
  }

  /** Entries in [0.5, 2): away from 0 for log, sqrt, pow, division. */
  private static Matrix positive(int r, int c, Random rnd) {
    Matrix m = Matrix.zeros(r, c);
    for (int k = 0; k < m.data().length; k++) {
      m.data()[k] = 0.5 + 1.5 * rnd.nextDouble();
    }
    return m;
  }

  /** Well-conditioned: 3I + a small random matrix. */
  private static Matrix invertible(int n, Random rnd) {
    return Ops.add(Ops.scale(3, Matrix.identity(n)), Ops.scale(0.3, random(n, n, rnd)));
  }

  static List<Case> cases(Random rnd) {
    List<Case> c = new ArrayList<>();
    c.add(loss("addSub", List.of("A", "B", "C"), "A", random(3, 4, rnd), "B", random(3, 4, rnd), "C", random(3, 4, rnd)));
    c.add(loss("negScale", List.of("A", "s"), "A", random(2, 3, rnd), "C", random(2, 3, rnd), "s", 1.75));
    c.add(loss("productOfTransposed", List.of("A", "B"), "A", random(3, 2, rnd), "B", random(3, 4, rnd)));
    c.add(loss("hadamardDiv", List.of("A", "B"), "A", random(3, 3, rnd), "B", positive(3, 3, rnd)));
    for (String m : List.of("exps", "sigmoids", "tanhs", "relus", "softpluses", "squares", "abses", "sines",
        "cosines", "softmaxes", "logSoftmaxes")) {
      c.add(loss(m, List.of("A"), "A", random(3, 4, rnd), "C", random(3, 4, rnd)));
    }
    for (String m : List.of("logs", "sqrts")) {
      c.add(loss(m, List.of("A"), "A", positive(3, 4, rnd), "C", random(3, 4, rnd)));
    }
    c.add(loss("powers", List.of("A"), "A", positive(3, 4, rnd), "C", random(3, 4, rnd), "p", 2.5));
    c.add(loss("bias", List.of("A", "b"), "A", random(3, 4, rnd), "b", random(3, 1, rnd)));
    c.add(loss("rowAndColumnSums", List.of("A"), "A", random(3, 4, rnd), "u", random(3, 1, rnd),
        "v", random(1, 4, rnd)));
    c.add(loss("traceOfInverseTimes", List.of("A", "B"), "A", invertible(3, rnd), "B", random(3, 3, rnd)));
    c.add(loss("determinant", List.of("A"), "A", invertible(3, rnd)));
    c.add(loss("logDeterminant", List.of("A"), "A", invertible(3, rnd)));
    c.add(loss("traceAndSum", List.of("A", "B"), "A", random(3, 3, rnd), "B", random(2, 4, rnd)));
    c.add(loss("quadraticForm", List.of("x", "A"), "x", random(3, 1, rnd), "A", random(3, 3, rnd)));
    c.add(loss("scalarExpressions", List.of("A", "B", "c"), "A", random(3, 3, rnd), "B", random(2, 2, rnd),
        "c", 0.7));
    return c;
  }

  @Test
  void everyLossOfCoverageIsCovered() {
    COVERAGE.assertEveryLossIsCovered(cases(new Random(1)));
  }

  @TestFactory
  Stream<DynamicTest> hessianVectorProductsMatchCentralDifferencesOfTheGradient() {
    return cases(new Random(31)).stream().map(c -> DynamicTest.dynamicTest(c.method(), () -> {
      for (long seed = 1; seed <= 3; seed++) {
        COVERAGE.check(c, new Random(seed));
      }
    }));
  }
}
