package dev.tracegrad.processor.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.GraphEvaluator;
import dev.tracegrad.processor.ir.HvpDerivation;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.simplify.Simplifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hessian-vector products, forward over reverse, against central differences of the derived
 * gradient along the same direction: (∇f(x + hv) − ∇f(x − hv)) / 2h, for every example program
 * (every op, σ′ included, whose tangent needs σ″).
 */
class TangentsTest {
  private static final double H = 1e-5;

  @TestFactory
  Stream<DynamicTest> hessianVectorProductsMatchCentralDifferencesOfTheGradient() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      TestProgram t = e.getValue().get();
      Derivation d = Deriver.derive(t.program());
      HvpDerivation hvp = Tangents.derive(t.program(), d);
      List<Parameter> wrt = t.program().wrtParams();
      for (long seed = 1; seed <= 2; seed++) {
        Map<String, Object> in = t.inputs(seed);
        Map<String, Object> withV = new LinkedHashMap<>(in);
        Random rnd = new Random(100 + seed);
        Map<String, Object> v = new LinkedHashMap<>();
        for (int k = 0; k < wrt.size(); k++) {
          Object x = in.get(wrt.get(k).name());
          Object dir = x instanceof double[][] m ? random(m.length, m[0].length, rnd) : rnd.nextGaussian();
          v.put(wrt.get(k).name(), dir);
          withV.put(hvp.directions().get(k).name(), dir);
        }
        Object[] values = GraphEvaluator.evaluate(hvp.graph(), withV);
        for (int k = 0; k < wrt.size(); k++) {
          Object plus = FiniteDifferences.gradient(d, k, shifted(in, v, H));
          Object minus = FiniteDifferences.gradient(d, k, shifted(in, v, -H));
          compare(values[hvp.products().get(k)], plus, minus, e.getKey() + " H·v for " + wrt.get(k).name());
        }
      }
    }));
  }

  /** ‖X‖ at X = 0: its gradient X/‖X‖ and its Hessian along any direction are taken as 0. */
  @Test
  void normHasGradientAndHessianZeroAtZero() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    TestProgram t = p.build(p.op(new Node.Norm(x)), "X");
    Derivation d = Deriver.derive(t.program());
    HvpDerivation hvp = Tangents.derive(t.program(), d);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("X", new double[2][3]);
    in.put(hvp.directions().get(0).name(), new double[][] {{1, -2, 0.5}, {3, 0.25, -1}});
    Object[] values = GraphEvaluator.evaluate(hvp.graph(), in);
    for (double[] row : (double[][]) values[d.gradients().get(0)]) {
      for (double g : row) {
        assertEquals(0.0, g, 0.0, "the gradient at 0");
      }
    }
    for (double[] row : (double[][]) values[hvp.products().get(0)]) {
      for (double h : row) {
        assertEquals(0.0, h, 0.0, "H·v at 0");
      }
    }
  }

  /**
   * The same through the pipeline's stages: gradients simplified and prepared (norm kept a norm,
   * not yet √(sumsq X), whose tangent 0.5/√0 · 0 is NaN), their tangents, and those prepared for
   * lowering.
   */
  @Test
  void normKeepsHessianZeroAtZeroThroughPreparedGradients() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    TestProgram t = p.build(p.op(new Node.Norm(x)), "X");
    Derivation d = Simplifier.prepareForTangents(Simplifier.simplify(Deriver.derive(t.program())));
    assertTrue(d.graph().nodes().stream().anyMatch(n -> n instanceof Node.Norm), "the norm is kept for Tangents");
    HvpDerivation hvp = Simplifier.prepareForLowering(Tangents.derive(t.program(), d));
    assertTrue(hvp.graph().nodes().stream().noneMatch(n -> n instanceof Node.Norm), "and lowered afterwards");
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("X", new double[2][3]);
    in.put(hvp.directions().get(0).name(), new double[][] {{1, -2, 0.5}, {3, 0.25, -1}});
    Object[] values = GraphEvaluator.evaluate(hvp.graph(), in);
    for (double[] row : (double[][]) values[hvp.products().get(0)]) {
      for (double h : row) {
        assertEquals(0.0, h, 0.0, "H·v at 0");
      }
    }
  }

  /** max(X, Y) at a tie: the gradient splits half and half, the second derivative is 0. */
  @Test
  void maxAtATieSplitsTheGradientAndHasNoCurvature() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int y = p.matrix("Y");
    int c = p.matrix("C");
    TestProgram t = p.build(p.op(new Node.Dot(c, p.op(new Node.Max(x, y)))), "X", "Y");
    Derivation d = Deriver.derive(t.program());
    HvpDerivation hvp = Tangents.derive(t.program(), d);
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("X", new double[][] {{1, 2}});
    in.put("Y", new double[][] {{1, 3}});
    in.put("C", new double[][] {{4, 6}});
    in.put(hvp.directions().get(0).name(), new double[][] {{1, 1}});
    in.put(hvp.directions().get(1).name(), new double[][] {{-1, 2}});
    Object[] values = GraphEvaluator.evaluate(hvp.graph(), in);
    double[][] gx = (double[][]) values[d.gradients().get(0)];
    double[][] gy = (double[][]) values[d.gradients().get(1)];
    assertEquals(2.0, gx[0][0], 0.0); // a tie: half of C
    assertEquals(2.0, gy[0][0], 0.0);
    assertEquals(0.0, gx[0][1], 0.0); // Y is larger
    assertEquals(6.0, gy[0][1], 0.0);
    for (int k = 0; k < 2; k++) {
      for (double h : ((double[][]) values[hvp.products().get(k)])[0]) {
        assertEquals(0.0, h, 0.0, "H·v of a piecewise linear loss");
      }
    }
  }

  /**
   * l = Σ ln Γ(X + r) + ln Γ(r): H·v is trigamma ψ′ applied, in closed form H·v_X = ψ′(X + r) ⊙
   * (V + v_r) and H·v_r = Σ ψ′(X + r) ⊙ (V + v_r) + ψ′(r) v_r, and nothing asks for ψ′'s own
   * derivative (which the table does not have).
   */
  @Test
  void logGammaCurvatureIsTrigamma() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X", ProgramBuilder.POSITIVE);
    int r = p.scalar("r", 1.3);
    int shifted = p.op(new Node.Add(x, p.op(new Node.Fill(r, p.shape(x)))));
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.Sum(p.op(new Node.Entrywise(EntrywiseFunction.LOG_GAMMA, shifted)))),
        p.op(new Node.ScalarFunction(EntrywiseFunction.LOG_GAMMA, r))));
    TestProgram t = p.build(loss, "X", "r");
    HvpDerivation hvp = Tangents.derive(t.program(), Deriver.derive(t.program()));
    double[][] xs = {{0.3, 1.7, 4.2}, {9.5, 0.05, 2.0}};
    double[][] vx = {{1, -2, 0.5}, {3, 0.25, -1}};
    double rv = 1.3;
    double vr = -0.7;
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("X", xs);
    in.put("r", rv);
    in.put(hvp.directions().get(0).name(), vx);
    in.put(hvp.directions().get(1).name(), vr);
    Object[] values = GraphEvaluator.evaluate(hvp.graph(), in);
    double[][] hx = (double[][]) values[hvp.products().get(0)];
    double hr = (Double) values[hvp.products().get(1)];
    double expectedR = dev.tracegrad.kernel.Gamma.trigamma(rv) * vr;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 3; j++) {
        double term = dev.tracegrad.kernel.Gamma.trigamma(xs[i][j] + rv) * (vx[i][j] + vr);
        assertEquals(term, hx[i][j], 1e-13 * Math.abs(term), "H·v for X at " + i + ", " + j);
        expectedR += term;
      }
    }
    assertEquals(expectedR, hr, 1e-13 * Math.abs(expectedR), "H·v for r");
    assertTrue(hvp.graph().nodes().stream().anyMatch(n -> n instanceof Node.Entrywise e && e.fn() == EntrywiseFunction.TRIGAMMA),
        hvp.graph().toString());
  }

  @Test
  void directionsAreNamedAfterTheirParametersAndStepAsideForUserNames() {
    ProgramBuilder p = new ProgramBuilder();
    int w = p.matrix("W");
    p.matrix("vW");
    TestProgram t = p.build(p.op(new Node.SumSq(p.op(new Node.Entrywise(EntrywiseFunction.TANH, w)))), "W");
    HvpDerivation hvp = Tangents.derive(t.program(), Deriver.derive(t.program()));
    assertEquals("vW_", hvp.directions().get(0).name());
    // the tangent of W is the direction parameter vW_, never the user's own vW
    assertTrue(hvp.graph().nodes().contains(new Node.Param("vW_")), hvp.graph().toString());
  }

  private static double[][] random(int r, int c, Random rnd) {
    double[][] m = new double[r][c];
    for (double[] row : m) {
      for (int j = 0; j < c; j++) {
        row[j] = rnd.nextGaussian();
      }
    }
    return m;
  }

  /** The inputs with every wrt parameter moved by h times its direction. */
  private static Map<String, Object> shifted(Map<String, Object> in, Map<String, Object> v, double h) {
    Map<String, Object> out = new LinkedHashMap<>(in);
    v.forEach((name, dir) -> {
      Object x = in.get(name);
      if (x instanceof double[][] m) {
        double[][] d = (double[][]) dir;
        double[][] s = new double[m.length][m[0].length];
        for (int i = 0; i < m.length; i++) {
          for (int j = 0; j < m[0].length; j++) {
            s[i][j] = m[i][j] + h * d[i][j];
          }
        }
        out.put(name, s);
      } else {
        out.put(name, (Double) x + h * (Double) dir);
      }
    });
    return out;
  }

  private static void compare(Object hv, Object plus, Object minus, String what) {
    if (hv instanceof Double s) {
      check(((Double) plus - (Double) minus) / (2 * H), s, what);
      return;
    }
    double[][] m = (double[][]) hv;
    double[][] p = (double[][]) plus;
    double[][] q = (double[][]) minus;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[0].length; j++) {
        check((p[i][j] - q[i][j]) / (2 * H), m[i][j], what + "[" + i + "][" + j + "]");
      }
    }
  }

  private static void check(double fd, double hv, String what) {
    if (!(Math.abs(fd - hv) <= 1e-5 * Math.max(1, Math.abs(fd)))) {
      fail(what + ": forward over reverse " + hv + ", central difference of the gradient " + fd);
    }
  }
}
