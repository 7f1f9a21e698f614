package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.HvpHarness.loss;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.e2e.HvpHarness.Case;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hessian-vector products for the ops and data surface of language 0.2, as
 * {@link HvpCoverageE2eTest} checks them for the 0.1 ops: every loss of {@code NewOps.java},
 * {@code Counts.java}, {@code Stable.java}, {@code Helpers.java}, {@code Data.java} and
 * {@code Indexed.java} compiled with {@code hvp = true}, at the points their own end-to-end tests
 * use (away from kinks), each along three random directions; plus the conventions at a max/min
 * tie and at norm(0).
 */
class HvpNewOpsE2eTest {
  private static final HvpHarness NEW_OPS = new HvpHarness("NewOps");
  private static final HvpHarness COUNTS = new HvpHarness("Counts");
  private static final HvpHarness STABLE = new HvpHarness("Stable");
  private static final HvpHarness HELPERS = new HvpHarness("Helpers");
  private static final HvpHarness DATA = new HvpHarness("Data");
  private static final HvpHarness INDEXED = new HvpHarness("Indexed");

  private static Matrix random(int r, int c, Random rnd) {
    return Matrix.random(r, c, rnd);
  }

  static List<Case> newOps(Random rnd) {
    List<Case> c = new ArrayList<>();
    Matrix a = Mats.uniform(3, 4, -0.5, 2, rnd);
    Matrix cc = random(3, 4, rnd);
    c.add(loss("log1ps", List.of("A"), "A", a, "C", cc));
    c.add(loss("expm1s", List.of("A"), "A", a, "C", cc));
    c.add(loss("scalarFunctions", List.of("s"), "s", 0.7));
    c.add(loss("scalarFunctions", List.of("s"), "s", -1.3));
    c.add(loss("scalarFunctionsOfReductions", List.of("A"), "A", random(2, 3, rnd)));
    c.add(loss("means", List.of("A"), "A", random(3, 4, rnd), "r", random(3, 1, rnd), "c", random(1, 4, rnd)));
    c.add(loss("norms", List.of("A", "s"), "A", random(2, 3, rnd), "s", 1.7));
    c.add(loss("logSumExps", List.of("A"), "A", random(3, 4, rnd), "w", random(1, 4, rnd)));
    c.add(loss("withDoubles", List.of("A", "s"), "A", Mats.uniform(2, 3, 0.5, 2, rnd), "C", random(2, 3, rnd), "s", 1.3));
    c.add(loss("repeats", List.of("r", "c"), "r", random(1, 4, rnd), "c", random(3, 1, rnd), "C", random(3, 4, rnd)));
    c.add(loss("ridge", List.of("K", "s"), "K", random(3, 3, rnd), "y", random(3, 1, rnd), "s", 0.4));
    c.add(loss("constants", List.of("A", "s"), "A", random(2, 3, rnd), "s", -0.8, "n", 4.0));
    // A at least 0.1 from the kink of max(A, 0); A = B or B = 0.5 has probability 0
    c.add(loss("maxMin", List.of("A", "B"), "A", Mats.awayFromZero(3, 2, 0.1, rnd), "B", Mats.uniform(3, 2, -1, 1, rnd),
        "C", random(3, 2, rnd)));
    c.add(loss("diags", List.of("v", "A"), "v", random(3, 1, rnd), "A", random(3, 3, rnd), "C", random(3, 3, rnd)));
    c.add(loss("normals", List.of("A", "s"), "A", random(2, 3, rnd), "C", random(2, 3, rnd), "s", 0.35));
    c.add(loss("scalarMaxMin", List.of("s", "t"), "s", 0.8, "t", 0.5));
    c.add(loss("scalarMaxMin", List.of("s", "t"), "s", 0.3, "t", -0.4));
    c.add(loss("ridgeOfSize", List.of("K", "s"), "K", random(3, 3, rnd), "s", 0.9, "n", 3.0));
    return c;
  }

  /** Counts 0..12 in a 3×4 matrix, as CountModelsE2eTest draws them. */
  private static Matrix countMatrix(Random rnd) {
    return Mats.build(3, 4, (i, j) -> rnd.nextInt(13));
  }

  static List<Case> counts(Random rnd) {
    List<Case> c = new ArrayList<>();
    Matrix y = countMatrix(rnd);
    Matrix x = Mats.uniform(3, 4, -1, 2, rnd);
    for (double r : new double[] {0.4, 2.5, 30}) {
      c.add(loss("negativeBinomial", List.of("X", "r"), "X", x, "r", r, "Y", y));
    }
    c.add(loss("perEntryShape", List.of("R"), "R", Mats.uniform(3, 4, 0.2, 8, rnd), "Y", countMatrix(rnd),
        "Mu", Mats.uniform(3, 4, 0.5, 6, rnd)));
    return c;
  }

  static List<Case> stable(Random rnd) {
    List<Case> c = new ArrayList<>();
    c.add(loss("logSigmoid", List.of("Z"), "Z", random(2, 3, rnd), "Y", Mats.uniform(2, 3, 0, 1, rnd)));
    c.add(loss("logOfSoftmax", List.of("A"), "A", random(3, 4, rnd), "Y", Mats.uniform(3, 4, 0, 1, rnd)));
    c.add(loss("logOfSums", List.of("A"), "A", random(3, 2, rnd), "w", random(1, 2, rnd)));
    c.add(loss("logOnePlusAndExpMinusOne", List.of("X"), "X", Mats.uniform(2, 2, -0.5, 1, rnd), "C", random(2, 2, rnd)));
    c.add(loss("rootOfSumOfSquares", List.of("A"), "A", random(2, 3, rnd)));
    c.add(loss("scalarForms", List.of("s"), "s", 0.6));
    c.add(loss("logOfNormCdf", List.of("U"), "U", random(2, 2, rnd)));
    return c;
  }

  static List<Case> helpers(Random rnd) {
    List<Case> c = new ArrayList<>();
    c.add(loss("mlp", List.of("W1", "b1", "W2", "b2"), "W1", random(4, 3, rnd), "b1", random(4, 1, rnd),
        "W2", random(2, 4, rnd), "b2", random(2, 1, rnd), "X", random(3, 5, rnd), "k", 3));
    c.add(loss("scalarHelper", List.of("s"), "A", random(3, 2, rnd), "s", 0.7));
    return c;
  }

  static List<Case> data(Random rnd) throws Exception {
    Class<?> config = DATA.run.load("Data$Config");
    Constructor<?> make = config.getDeclaredConstructor(double.class, int.class);
    make.setAccessible(true);
    List<Case> c = new ArrayList<>();
    c.add(loss("intDivision", List.of("W"), "W", random(2, 3, rnd), "X", random(3, 5, rnd)));
    c.add(loss("weighted", List.of("w"), "w", random(3, 2, rnd), "weights", new double[] {0.5, 1.25, 2.0},
        "idx", new int[] {4, 1}));
    c.add(loss("ridge", List.of("W"), "W", random(2, 3, rnd), "X", random(3, 4, rnd), "Y", random(2, 4, rnd),
        "cfg", make.newInstance(0.3, 3), "scales", List.of(1.5, 9.0)));
    c.add(loss("checked", List.of("W"), "W", random(2, 2, rnd), "k", 3));
    c.add(loss("nearIdentity", List.of("W"), "W", random(3, 3, rnd)));
    return c;
  }

  static List<Case> indexed(Random rnd) {
    List<Case> c = new ArrayList<>();
    c.add(loss("digits", List.of("W1", "b1", "W2", "b2"), "W1", random(5, 4, rnd), "b1", random(5, 1, rnd),
        "W2", random(3, 5, rnd), "b2", random(3, 1, rnd), "X", random(4, 6, rnd), "labels", new int[] {2, 0, 1, 1, 2, 0}));
    c.add(loss("embed", List.of("E"), "E", random(3, 5, rnd), "Y", random(3, 4, rnd), "ids", new int[] {4, 1, 4, 0}));
    return c;
  }

  private static Stream<DynamicTest> checks(HvpHarness harness, List<Case> cases) {
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.method() + " at " + describe(c), () -> {
      for (long seed = 1; seed <= 3; seed++) {
        harness.check(c, new Random(seed));
      }
    }));
  }

  private static String describe(Case c) {
    StringBuilder s = new StringBuilder();
    for (Object v : c.values()) {
      if (v instanceof Double d) {
        s.append(s.length() == 0 ? "" : ", ").append(d);
      }
    }
    return s.length() == 0 ? "a random point" : s.toString();
  }

  @TestFactory
  Stream<DynamicTest> newOps() {
    return checks(NEW_OPS, newOps(new Random(41)));
  }

  @TestFactory
  Stream<DynamicTest> countModels() {
    return checks(COUNTS, counts(new Random(7)));
  }

  @TestFactory
  Stream<DynamicTest> stableForms() {
    return checks(STABLE, stable(new Random(13)));
  }

  @TestFactory
  Stream<DynamicTest> helpers() {
    return checks(HELPERS, helpers(new Random(2026)));
  }

  @TestFactory
  Stream<DynamicTest> dataOfAnyType() throws Exception {
    return checks(DATA, data(new Random(2026)));
  }

  @TestFactory
  Stream<DynamicTest> indexed() {
    return checks(INDEXED, indexed(new Random(1789)));
  }

  @Test
  void everyLossOfNewOpsIsCovered() {
    NEW_OPS.assertEveryLossIsCovered(newOps(new Random(1)));
  }

  @Test
  void everyLossOfCountsIsCovered() {
    COUNTS.assertEveryLossIsCovered(counts(new Random(1)));
  }

  @Test
  void everyLossOfStableIsCovered() {
    STABLE.assertEveryLossIsCovered(stable(new Random(1)));
  }

  @Test
  void everyLossOfHelpersIsCovered() {
    HELPERS.assertEveryLossIsCovered(helpers(new Random(1)));
  }

  @Test
  void everyLossOfDataIsCovered() throws Exception {
    DATA.assertEveryLossIsCovered(data(new Random(1)));
  }

  @Test
  void everyLossOfIndexedIsCovered() {
    INDEXED.assertEveryLossIsCovered(indexed(new Random(1)));
  }

  // ---------------------------------------------------------------- the conventions at kinks

  @Test
  void atAMaxMinTieTheSelectorsHaveNoSecondDerivative() throws Exception {
    // l = max(s², t) + min(s, 2t) + max(t, 0) at s = 0.5, t = 0.25: both ties, each side weighted
    // ½ with weights of zero differential, so H = [[½·2, 0], [0, 0]] and H·(vs, vt) = (vs, 0)
    Case c = loss("scalarMaxMin", List.of("s", "t"), "s", 0.5, "t", 0.25);
    Object[] r = NEW_OPS.hvp(c, 0.7, -1.9);
    assertEquals(0.7, (double) r[3], 1e-15, "hs");
    assertEquals(0.0, (double) r[4], 0.0, "ht");
    // the matrix loss is linear in max and min: H·v = 0 at ties as everywhere
    Matrix a = Matrix.of(2, 2, 0.3, -0.2, 0.7, 0.1);
    Matrix b = Matrix.of(2, 2, 0.3, 0.4, 0.7, 0.5);
    Case m = loss("maxMin", List.of("A", "B"), "A", a, "B", b, "C", Matrix.of(2, 2, 2, 3, -1, 0.5));
    Object[] h = NEW_OPS.hvp(m, Matrix.of(2, 2, 1, -2, 3, 0.5), Matrix.of(2, 2, -1, 4, 0.25, 2));
    assertEquals(Matrix.zeros(2, 2), h[3], "hA");
    assertEquals(Matrix.zeros(2, 2), h[4], "hB");
  }

  @Test
  void atNormZeroTheHessianVectorProductIsZero() throws Exception {
    Matrix vA = Matrix.of(2, 3, 1, -2, 0.5, 3, 0.25, -1);
    // l = s‖A‖: the gradient s A/‖A‖ is taken as 0 at A = 0, and so is its differential
    Object[] r = NEW_OPS.hvp(loss("norms", List.of("A", "s"), "A", Matrix.zeros(2, 3), "s", 1.7), vA, 0.8);
    assertEquals(Matrix.zeros(2, 3), r[3], "hA");
    assertEquals(0.0, (double) r[4], 0.0, "hs");
    Object[] q = STABLE.hvp(loss("rootOfSumOfSquares", List.of("A"), "A", Matrix.zeros(2, 3)), vA);
    assertEquals(Matrix.zeros(2, 3), q[2], "hA of sqrt(sumsq(A))");
  }
}
