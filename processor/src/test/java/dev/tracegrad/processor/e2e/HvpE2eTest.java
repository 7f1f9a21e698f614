package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.optim.Hessians;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.NewtonCg;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.OptimResult;
import dev.tracegrad.optim.Status;
import dev.tracegrad.processor.e2e.HvpHarness.Generated;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products of generated classes ({@code SecondOrder.java}) against Hessians
 * computed by hand, the argument checks of the hvp methods, the objective's hvp with the
 * runtime's second-order tools, and the compile-time limit on parameter slots.
 */
class HvpE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("SecondOrder");
  private final Random rnd = new Random(71);

  private static Generated generated(String name) throws Exception {
    return new Generated(RUN, name);
  }

  private static Object[] parts(Object record) throws Exception {
    return HvpHarness.components(record);
  }

  private static void assertClose(Matrix expected, Matrix actual, double tol, String what) {
    assertEquals(expected.rows(), actual.rows(), what);
    assertEquals(expected.cols(), actual.cols(), what);
    for (int i = 0; i < expected.data().length; i++) {
      assertEquals(expected.data()[i], actual.data()[i], tol * Math.max(1, Math.abs(expected.data()[i])),
          what + " entry " + i);
    }
  }

  private static Matrix labels(int n, Random rnd) {
    Matrix y = Matrix.zeros(1, n);
    for (int j = 0; j < n; j++) {
      y.set(0, j, rnd.nextBoolean() ? 1 : 0);
    }
    return y;
  }

  /** H·(v, c) of the logistic loss, written out: X diag(σ(1 − σ))(Xᵀv + c𝟏) + λv and its sum. */
  private static Matrix[] logisticHvp(Matrix w, double b, Matrix x, double lambda, Matrix v, double c) {
    int n = x.cols();
    Matrix hw = scale(lambda, v);
    double hb = 0;
    for (int j = 0; j < n; j++) {
      double z = b;
      double u = c;
      for (int i = 0; i < x.rows(); i++) {
        z += w.get(i, 0) * x.get(i, j);
        u += v.get(i, 0) * x.get(i, j);
      }
      double p = 1 / (1 + Math.exp(-z));
      double r = p * (1 - p) * u;
      for (int i = 0; i < x.rows(); i++) {
        hw.set(i, 0, hw.get(i, 0) + x.get(i, j) * r);
      }
      hb += r;
    }
    return new Matrix[] {hw, Matrix.of(1, 1, hb)};
  }

  @Test
  void logisticRegressionMatchesItsClosedFormHessian() throws Exception {
    Generated g = generated("SecondOrderLogisticGradient");
    Matrix x = Matrix.random(3, 20, rnd);
    Matrix y = labels(20, rnd);
    Matrix w = Matrix.random(3, 1, rnd);
    Matrix b = Matrix.of(1, 1, 0.3);
    Matrix v = Matrix.random(3, 1, rnd);
    Matrix c = Matrix.of(1, 1, -0.8);
    Object[] r = parts(g.call("hvp", w, b, x, y, 0.5, v, c));
    Matrix[] expected = logisticHvp(w, 0.3, x, 0.5, v, -0.8);
    assertClose(expected[0], (Matrix) r[3], 1e-12, "hw");
    assertClose(expected[1], (Matrix) r[4], 1e-12, "hb");
    Object[] gradient = parts(g.call("gradient", w, b, x, y, 0.5));
    assertEquals((double) gradient[0], (double) r[0], 1e-12, "value");
    assertClose((Matrix) gradient[1], (Matrix) r[1], 1e-12, "dw");
    assertClose((Matrix) gradient[2], (Matrix) r[2], 1e-12, "db");
  }

  @Test
  void leastSquaresHessianIsTwiceTheGramMatrix() throws Exception {
    Generated g = generated("SecondOrderLeastSquaresGradient");
    Matrix a = Matrix.random(6, 3, rnd);
    Matrix x = Matrix.random(3, 2, rnd);
    Matrix b = Matrix.random(6, 2, rnd);
    Matrix v = Matrix.random(3, 2, rnd);
    Object[] r = parts(g.call("hvp", a, x, b, v));
    assertClose(scale(2, mul(mul(t(a), a), v)), (Matrix) r[2], 1e-12, "hx = 2AᵀAv");
  }

  @Test
  void aDoubleParameterHasADoubleDirectionAndProduct() throws Exception {
    Generated g = generated("SecondOrderScaledNormGradient");
    Matrix w = Matrix.random(2, 3, rnd);
    Matrix v = Matrix.random(2, 3, rnd);
    double s = 1.3;
    double ts = -0.6;
    Object[] r = parts(g.call("hvp", w, s, v, ts));
    double norm = Ops.sumsq(w);
    assertClose(add(scale(2 * s * s, v), scale(4 * s * ts, w)), (Matrix) r[3], 1e-13, "hW");
    assertEquals(4 * s * Ops.dot(w, v) + 2 * ts * norm, (double) r[4], 1e-13, "hs");
    assertEquals(2 * s * norm, (double) r[2], 1e-13, "ds");
    // the buffer form: a double[] of length at least 1, element 0 written
    Matrix hw = Matrix.random(2, 3, rnd);
    double[] hs = {9, 9};
    double value = (double) g.call("hvp", w, s, v, ts, hw, hs);
    assertEquals(s * s * norm, value, 1e-13);
    HvpHarness.assertBits(((Matrix) r[3]).data(), hw.data(), "hW");
    assertEquals((double) r[4], hs[0], 0.0);
    assertEquals(9.0, hs[1], 0.0);
  }

  @Test
  void onlyDoublesDifferentiated() throws Exception {
    Generated g = generated("SecondOrderScalarsGradient");
    Matrix c = Matrix.of(2, 2, 1, 2, 3, -0.5);
    double a = 0.7;
    double b = -1.1;
    Object[] r = parts(g.call("hvp", c, a, b, 0.25, 2.0));
    // H = [[2b, 2a], [2a, 0]]
    assertEquals(2 * b * 0.25 + 2 * a * 2.0, (double) r[3], 1e-14, "ha");
    assertEquals(2 * a * 0.25, (double) r[4], 1e-14, "hb");
    assertEquals(2 * a * b + 5.5, (double) r[1], 1e-14, "da");
    assertEquals(a * a, (double) r[2], 1e-14, "db");
    Objective f = (Objective) g.call("objective", c);
    Matrix hessian = Hessians.dense(f, new Matrix[] {Matrix.of(1, 1, a), Matrix.of(1, 1, b)});
    assertArrayEquals(new double[] {2 * b, 2 * a, 2 * a, 0}, hessian.data(), 1e-14);
  }

  @Test
  void reluAndAbsHaveZeroSecondDerivativeKinksIncluded() throws Exception {
    Generated g = generated("SecondOrderKinksGradient");
    Matrix a = Matrix.of(2, 3, -1.5, 0, 2, 0, 0.25, -0.0);
    Matrix c = Matrix.random(2, 3, rnd);
    Matrix v = Matrix.random(2, 3, rnd);
    Object[] r = parts(g.call("hvp", a, c, v));
    for (double h : ((Matrix) r[2]).data()) {
      assertEquals(0.0, h, 0.0);
    }
  }

  @Test
  void userNamesKeepTheirPlaceAndGeneratedNamesStepAside() throws Exception {
    String source = new String(RUN.generatedSourceBytes("SecondOrderNamesGradient"), StandardCharsets.UTF_8);
    assertThat(source).contains("public Hvp hvp(Matrix W, Matrix vW, Matrix hW, double value, Matrix vW_)");
    assertThat(source).contains("public double hvp(Matrix W, Matrix vW, Matrix hW, double value, Matrix vW_,");
    assertThat(source).contains("Matrix hW_)");
    assertThat(source).contains("public record Hvp(double value, Matrix dW, Matrix hW)");
    Generated g = generated("SecondOrderNamesGradient");
    Matrix w = Matrix.random(2, 3, rnd);
    Matrix vw = Matrix.random(2, 3, rnd);
    Matrix hw = Matrix.random(2, 3, rnd);
    Matrix direction = Matrix.random(2, 3, rnd);
    Object[] r = parts(g.call("hvp", w, vw, hw, 1.5, direction));
    // ∇ = 2·value·(W ⊙ vW ⊙ vW) + hW, H·V = 2·value·(vW ⊙ vW ⊙ V)
    Matrix squared = Ops.hadamard(vw, vw);
    assertClose(add(scale(3, Ops.hadamard(w, squared)), hw), (Matrix) r[1], 1e-13, "dW");
    assertClose(scale(3, Ops.hadamard(squared, direction)), (Matrix) r[2], 1e-13, "hW");
  }

  @Test
  void aGradientThatIsTheParameterItselfHasTheDirectionAsHv() throws Exception {
    Generated g = generated("SecondOrderHalfGradient");
    Matrix w = Matrix.random(2, 2, rnd);
    Matrix v = Matrix.random(2, 2, rnd);
    Object[] r = parts(g.call("hvp", w, 0.5, v));
    assertArrayEquals(w.data(), ((Matrix) r[1]).data(), 1e-15);
    assertArrayEquals(v.data(), ((Matrix) r[2]).data(), 0.0);
    assertThat(text("SecondOrderHalfGradient", "HVP_DERIVATION"))
        .contains("\n\nhW = d(\u2202l/\u2202W) = vW\n");
  }

  // ---------------------------------------------------------------- argument checks

  @Test
  void argumentErrorsNameTheParameterAndWriteNothing() throws Exception {
    Generated g = generated("SecondOrderLeastSquaresGradient");
    Matrix a = Matrix.random(6, 3, rnd);
    Matrix x = Matrix.random(3, 2, rnd);
    Matrix b = Matrix.random(6, 2, rnd);
    Matrix v = Matrix.random(3, 2, rnd);
    Matrix hx = Matrix.random(3, 2, rnd);
    Matrix before = hx.copy();
    assertEquals("vx must not be null", g.fails(NullPointerException.class, "hvp", a, x, b, null).getMessage());
    assertEquals("hx must not be null", g.fails(NullPointerException.class, "hvp", a, x, b, v, null).getMessage());
    assertEquals("vx must be 3\u00d72 like x but is 2\u00d73",
        g.fails(IllegalArgumentException.class, "hvp", a, x, b, Matrix.zeros(2, 3)).getMessage());
    assertEquals("vx must be 3\u00d72 like x but is 3\u00d71",
        g.fails(IllegalArgumentException.class, "hvp", a, x, b, Matrix.zeros(3, 1), hx).getMessage());
    assertEquals("hx must be 3\u00d72 like x but is 2\u00d73",
        g.fails(IllegalArgumentException.class, "hvp", a, x, b, v, Matrix.zeros(2, 3)).getMessage());
    assertEquals("hx must not be the same matrix as x",
        g.fails(IllegalArgumentException.class, "hvp", a, x, b, v, x).getMessage());
    assertEquals("hx must not be the same matrix as vx",
        g.fails(IllegalArgumentException.class, "hvp", a, x, b, v, v).getMessage());
    assertThat(g.fails(IllegalArgumentException.class, "hvp", a, x, Matrix.zeros(5, 2), v, hx).getMessage())
        .startsWith("sub(mul(A, x), b): ");
    assertArrayEquals(before.data(), hx.data(), 0.0, "no failing call wrote hx");
  }

  @Test
  void doubleOutputsMustHaveRoomAndBeDistinct() throws Exception {
    Generated g = generated("SecondOrderScalarsGradient");
    Matrix c = Matrix.of(1, 1, 2);
    double[] one = {5};
    assertEquals("ha must have length at least 1 but has length 0",
        g.fails(IllegalArgumentException.class, "hvp", c, 1.0, 2.0, 0.5, 0.5, new double[0], one).getMessage());
    assertEquals("hb must not be the same array as ha",
        g.fails(IllegalArgumentException.class, "hvp", c, 1.0, 2.0, 0.5, 0.5, one, one).getMessage());
    assertEquals(5.0, one[0], 0.0);
  }

  // ---------------------------------------------------------------- the objective

  @Test
  void newtonCgConvergesOnAGeneratedHvpObjective() throws Exception {
    Generated g = generated("SecondOrderLogisticGradient");
    Matrix x = Matrix.random(3, 60, rnd);
    Matrix y = labels(60, rnd);
    Objective f = (Objective) g.call("objective", x, y, 0.1);
    assertTrue(f.hasHvp());
    Matrix[] x0 = {Matrix.zeros(3, 1), Matrix.zeros(1, 1)};
    OptimResult newton = NewtonCg.minimize(f, x0, NewtonCg.Options.defaults().withGradientTolerance(1e-10)
        .withFunctionTolerance(Double.MIN_VALUE));
    assertEquals(Status.CONVERGED_GRADIENT, newton.status(), newton::toString);
    OptimResult lbfgs = Lbfgs.minimize(f, x0, Lbfgs.Options.defaults().withGradientTolerance(1e-10)
        .withFunctionTolerance(Double.MIN_VALUE));
    assertArrayEquals(lbfgs.x()[0].data(), newton.x()[0].data(), 1e-7);
    assertArrayEquals(lbfgs.x()[1].data(), newton.x()[1].data(), 1e-7);
    assertTrue(newton.iterations() < lbfgs.iterations(), newton + " vs " + lbfgs);
    // the dense Hessian at the optimum, column by column from hvp, against the closed form
    Matrix h = Hessians.dense(f, newton.x());
    for (int j = 0; j < 4; j++) {
      Matrix v = Matrix.zeros(3, 1);
      double c = j == 3 ? 1 : 0;
      if (j < 3) {
        v.set(j, 0, 1);
      }
      Matrix[] col = logisticHvp(newton.x()[0], newton.x()[1].get(0, 0), x, 0.1, v, c);
      for (int i = 0; i < 4; i++) {
        double expected = i < 3 ? col[0].get(i, 0) : col[1].get(0, 0);
        assertEquals(expected, h.get(i, j), 1e-12 * Math.max(1, Math.abs(expected)), "H[" + i + "][" + j + "]");
      }
    }
  }

  @Test
  void inverseLogdetAndSoftmaxLossesPassTheRuntimeHvpCheck() throws Exception {
    Objective gaussian = (Objective) generated("SecondOrderGaussianNllGradient")
        .call("objective", Matrix.random(3, 10, rnd), 10.0);
    GradientCheck.Report[] r = GradientCheck.checkHvp(gaussian,
        new Matrix[] {Matrix.random(3, 1, rnd), Mats.spd(3, rnd)},
        new Matrix[] {Matrix.random(3, 1, rnd), Matrix.random(3, 3, rnd)});
    for (GradientCheck.Report report : r) {
      assertTrue(report.passes(1e-6), report::toString);
    }
    Objective network = (Objective) generated("SecondOrderNetworkGradient")
        .call("objective", Matrix.random(4, 12, rnd), Mats.oneHot(3, 12), 12.0);
    Matrix[] at = {Matrix.random(5, 4, rnd), Matrix.random(5, 1, rnd), Matrix.random(3, 5, rnd), Matrix.random(3, 1, rnd)};
    Matrix[] v = {Matrix.random(5, 4, rnd), Matrix.random(5, 1, rnd), Matrix.random(3, 5, rnd), Matrix.random(3, 1, rnd)};
    for (GradientCheck.Report report : GradientCheck.checkHvp(network, at, v)) {
      assertTrue(report.passes(1e-6), report::toString);
    }
  }

  @Test
  void theObjectiveChecksItsArrays() throws Exception {
    Objective f = (Objective) generated("SecondOrderScaledNormGradient").call("objective");
    Matrix[] x = {Matrix.random(2, 2, rnd), Matrix.of(1, 1, 2)};
    Matrix[] hv = {Matrix.zeros(2, 2), Matrix.zeros(1, 1)};
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> f.hvp(x, new Matrix[] {Matrix.zeros(2, 2)}, hv));
    assertEquals("directions has 1 matrices but the objective has 2 variables (W, s)", e.getMessage());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> f.hvp(x, new Matrix[] {Matrix.zeros(2, 2), Matrix.zeros(2, 1)}, hv));
    assertThat(e.getMessage()).contains("s is 2\u00d71");
  }

  @Test
  void aClassWithoutHvpSaysSo() throws Exception {
    ProcessorRun run = ProcessorRun.ofLosses("Losses");
    Objective f = (Objective) new Generated(run, "LossesCrossEntropyGradient").call("objective", Matrix.zeros(3, 1));
    assertFalse(f.hasHvp());
    String source = new String(run.generatedSourceBytes("LossesCrossEntropyGradient"), StandardCharsets.UTF_8);
    assertThat(source).doesNotContain("hvp");
    assertThat(source).doesNotContain("Hvp");
  }

  // ---------------------------------------------------------------- HVP_DERIVATION

  private static String text(String name, String field) throws Exception {
    return (String) RUN.load(name).getField(field).get(null);
  }

  @Test
  void leastSquaresHvpDerivationDifferentiatesTheGradientStepByStep() throws Exception {
    assertEquals("l = \u2016A x \u2212 b\u2016\u00b2, Hessian-vector products along dx = vx\n"
        + "hX = d(\u2202l/\u2202X) = H\u00b7v: the gradient's closed form differentiated along the directions;\n"
        + "    [n] cites rule n of the trace method\n"
        + "\n"
        + "hx = d(\u2202l/\u2202x) = d(2A\u1d40(A x \u2212 b))\n"
        + "              = 2 d(A\u1d40(A x \u2212 b))   [2]\n"
        + "              = 2A\u1d40 d(A x \u2212 b)     [2]\n"
        + "              = 2A\u1d40 d(A x)         [1]\n"
        + "              = 2A\u1d40 A vx           [2]\n",
        text("SecondOrderLeastSquaresGradient", "HVP_DERIVATION"));
    assertEquals("l = ||A x - b||^2, Hessian-vector products along dx = vx\n"
        + "hX = d(dl/dX) = H*v: the gradient's closed form differentiated along the directions;\n"
        + "    [n] cites rule n of the trace method\n"
        + "\n"
        + "hx = d(dl/dx) = d(2A^T(A x - b))\n"
        + "              = 2 d(A^T(A x - b))   [2]\n"
        + "              = 2A^T d(A x - b)     [2]\n"
        + "              = 2A^T d(A x)         [1]\n"
        + "              = 2A^T A vx           [2]\n",
        text("SecondOrderLeastSquaresGradient", "HVP_DERIVATION_ASCII"));
  }

  @Test
  void aDoubleParameterDifferentiatesToo() throws Exception {
    // d(2s²W) = 4s·vs W + 2s² vW; d(2‖W‖² s) = 4 tr(WᵀvW) s + 2‖W‖² vs
    String t = text("SecondOrderScaledNormGradient", "HVP_DERIVATION");
    assertThat(t).contains("hW = d(\u2202l/\u2202W) = d(2s s W)\n");
    assertThat(t).contains("= 2(vs s + s vs) W + 2s s vW   [2]\n");
    assertThat(t).contains("= 2(2 tr(W\u1d40 vW) s + \u2016W\u2016\u00b2 vs)   [2, 3]\n");
  }

  @Test
  void everyHvpDerivationEndsEachProductAtNamedDifferentialsAndDirections() throws Exception {
    for (String name : List.of("Logistic", "LeastSquares", "ScaledNorm", "Scalars", "Kinks", "Names",
        "GaussianNll", "Network", "Half")) {
      String cls = "SecondOrder" + name + "Gradient";
      String ascii = text(cls, "HVP_DERIVATION_ASCII");
      for (char ch : ascii.toCharArray()) {
        assertTrue(ch < 128, cls + " HVP_DERIVATION_ASCII has " + ch);
      }
      String unicode = text(cls, "HVP_DERIVATION");
      for (String group : unicode.split("\n\n")) {
        if (!group.startsWith("h") || group.startsWith("hX")) {
          continue;
        }
        // the group's last step, its continuation lines joined
        String[] lines = group.split("\n");
        StringBuilder last = new StringBuilder();
        for (int i = lines.length - 1; i >= 0; i--) {
          last.insert(0, lines[i]);
          if (lines[i].stripLeading().startsWith("= ")) {
            break;
          }
        }
        String step = last.toString().replaceFirst("^h\\S* = d\\(\\S*\\) = ", "");
        assertFalse(step.contains("d("), cls + ": " + last);
        assertFalse(step.matches(".*\\bd [a-z\u03c3].*"), cls + ": " + last);
      }
      assertTrue(unicode.lines().allMatch(l -> l.codePointCount(0, l.length()) <= 100), cls + ":\n" + unicode);
    }
  }

  // ---------------------------------------------------------------- compile time

  @Test
  void tooManyParameterSlotsForTheBufferHvpIsACompileErrorOnTheHvpValue() {
    int n = 90;
    StringBuilder params = new StringBuilder();
    StringBuilder body = new StringBuilder("0");
    for (int i = 0; i < n; i++) {
      params.append(i == 0 ? "" : ", ").append("Matrix m").append(i);
      body.append(" + sumsq(m").append(i).append(")");
    }
    JavaFileObject file = JavaFileObjects.forSourceString("example.Wide", "package example;\n"
        + "\n"
        + "import static dev.tracegrad.Ops.*;\n"
        + "\n"
        + "import dev.tracegrad.Differentiable;\n"
        + "import dev.tracegrad.Matrix;\n"
        + "\n"
        + "class Wide {\n"
        + "  @Differentiable(\n"
        + "      hvp = true)\n"
        + "  static double wide(" + params + ") {\n"
        + "    return " + body + ";\n"
        + "  }\n"
        + "}\n");
    Compilation c = ProcessorRun.compile(List.of(), file).compilation;
    assertThat(c).failed();
    assertThat(c).hadErrorCount(1);
    // 1 (this) + 90 parameters + 90 directions + 90 outputs
    assertThat(c).hadErrorContaining("[TraceGradHvpTooManyParameters] hvp = true: the buffer-taking hvp of"
            + " Wide#wide would need 271 parameter slots")
        .inFile(file).onLine(10);
  }
}
