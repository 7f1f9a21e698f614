package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The generator covers the DSL and its awkward corners, produces only valid, in-domain methods,
 * and depends on the seed alone.
 */
class ProgramGeneratorTest {
  private static final List<String> OPS = List.of("add", "sub", "neg", "mul", "t", "scale", "hadamard",
      "div", "inv", "exp", "log", "sigmoid", "tanh", "relu", "softplus", "square", "sqrt", "abs", "sin",
      "cos", "pow", "softmax", "logSoftmax", "addColumn", "rowSums", "colSums", "tr", "det", "logdet",
      "sum", "dot", "sumsq", "scalar", "log1p", "expm1", "colLogSumExp", "repeatRows", "repeatCols", "diag",
      "rows", "cols", "mean", "logSumExp", "norm", "normCdf", "logNormCdf", "logGamma");

  @Test
  void twoHundredProgramsCoverEveryOpAndFeature() {
    Set<String> seen = new TreeSet<>();
    for (long seed = 1; seed <= 200; seed++) {
      for (FuzzMethod m : FuzzRunner.program(seed).methods()) {
        assertEquals(null, Evaluator.domainProblem(m), m.render());
        features(m, seen);
      }
    }
    Set<String> expected = new TreeSet<>(OPS);
    expected.addAll(List.of("Math.log", "Math.exp", "Math.sqrt", "Math.pow", "+", "-", "*", "/",
        "unary -", "double wrt", "default wrt", "transposed parameter", "local used twice",
        "parameter used twice", "Ops.qualified", "int literal", "name attribute", "var", "final", "final var", "exponent expression",
        "repeated subtree", "long body",
        "dimension of 1", "double exponent parameter", "unused parameter", "50+ parameters", "long chain",
        "ill-conditioned", "ill-conditioned SPD", "three input points",
        "int parameter", "int[] parameter", "shape query", "helper fuzzMix", "helper fuzzEnergy"));
    expected.removeAll(seen);
    assertTrue(expected.isEmpty(), "never generated: " + expected);
  }

  @Test
  void aSeedDeterminesTheProgram() {
    for (long seed = 1; seed <= 20; seed++) {
      assertEquals(FuzzRunner.program(seed).render(), FuzzRunner.program(seed).render());
    }
    assertTrue(!FuzzRunner.program(1).render().equals(FuzzRunner.program(2).render()));
  }

  private static void features(FuzzMethod m, Set<String> seen) {
    for (Param p : m.params()) {
      if (p.role() == Param.Role.INT) {
        seen.add("int parameter");
      } else if (p.role() == Param.Role.INT_ARRAY) {
        seen.add("int[] parameter");
      }
    }
    List<Expr> nodes = new ArrayList<>(m.result().nodes());
    m.locals().forEach(l -> nodes.addAll(l.value().nodes()));
    for (Expr e : nodes) {
      if (e instanceof Expr.Helper h) {
        seen.add("helper " + h.name());
      } else if (e instanceof Expr.IntData d && d.form().contains("()")) {
        seen.add("shape query");
      }
    }
    List<Expr> all = new ArrayList<>(m.result().nodes());
    for (FuzzMethod.Local l : m.locals()) {
      all.addAll(l.value().nodes());
      seen.add(switch (l.style()) {
        case 1 -> "final";
        case 2 -> "var";
        case 3 -> "final var";
        default -> "plain";
      });
    }
    Set<String> params = new HashSet<>();
    m.params().forEach(p -> params.add(p.name()));
    for (Expr e : all) {
      if (e instanceof Expr.Call c) {
        seen.add(c.op());
        if (c.qualified()) {
          seen.add("Ops.qualified");
        }
        if (c.op().equals("t") && c.args().get(0) instanceof Expr.Ref r && params.contains(r.name())) {
          seen.add("transposed parameter");
        }
        if (c.op().equals("pow") && c.args().get(1) instanceof Expr.Ref) {
          seen.add("double exponent parameter");
        }
        if (c.op().equals("pow") && c.args().get(1) instanceof Expr.Bin) {
          seen.add("exponent expression");
        }
      } else if (e instanceof Expr.MathCall c) {
        seen.add("Math." + c.fn());
      } else if (e instanceof Expr.Bin b) {
        seen.add(String.valueOf(b.op()));
      } else if (e instanceof Expr.Neg) {
        seen.add("unary -");
      } else if (e instanceof Expr.Num n && n.intStyle()) {
        seen.add("int literal");
      }
    }
    for (String name : names(m)) {
      long uses = all.stream().filter(e -> e instanceof Expr.Ref r && r.name().equals(name)).count();
      if (uses >= 2) {
        seen.add(params.contains(name) ? "parameter used twice" : "local used twice");
      }
    }
    if (m.wrt() == null) {
      seen.add("default wrt");
    } else if (m.wrt().stream().anyMatch(w -> !m.param(w).matrix())) {
      seen.add("double wrt");
    }
    for (Param p : m.params()) {
      if (all.stream().noneMatch(e -> e instanceof Expr.Ref r && r.name().equals(p.name()))) {
        seen.add("unused parameter");
      }
    }
    Set<Expr> distinct = new HashSet<>();
    for (Expr e : all) {
      if (e.size() > 2 && !distinct.add(e)) {
        seen.add("repeated subtree");
      }
    }
    if (m.locals().size() >= 5) {
      seen.add("long body");
    }
    if (m.params().size() >= 50) {
      seen.add("50+ parameters");
    }
    for (Expr e : all) {
      if (e instanceof Expr.Call c && c.op().equals("sum") && c.args().get(0) instanceof Expr.Call t
          && t.args().get(0).nodes().stream().filter(x -> x instanceof Expr.Call y && y.op().equals("mul")).count() >= 11) {
        seen.add("long chain");
      }
    }
    for (Param p : m.params()) {
      if (p.role() == Param.Role.ILL_CONDITIONED) {
        seen.add("ill-conditioned");
      } else if (p.role() == Param.Role.ILL_CONDITIONED_SPD) {
        seen.add("ill-conditioned SPD");
      }
    }
    List<Integer> points = m.checkPoints();
    assertEquals(0, points.get(0));
    for (int point : points) {
      assertEquals(null, Evaluator.domainProblem(m, point), m.render());
    }
    if (points.size() == FuzzMethod.POINTS) {
      seen.add("three input points");
    }
    if (m.generatedName() != null) {
      seen.add("name attribute");
    }
    for (Param p : m.params()) {
      if (p.matrix() && (p.rows() != 0 && m.dims()[p.rows()] == 1 || p.cols() != 0 && m.dims()[p.cols()] == 1)) {
        seen.add("dimension of 1");
      }
    }
  }

  private static Set<String> names(FuzzMethod m) {
    Set<String> out = new HashSet<>();
    m.params().forEach(p -> out.add(p.name()));
    m.locals().forEach(l -> out.add(l.name()));
    return out;
  }

  /**
   * Ill-conditioned inputs are what they claim: 2-norm condition number κ in [10², 10⁸] (checked
   * through the 1-norm, which is within a factor n of it), |det| = 1, and symmetric for SPD;
   * different input points draw different matrices.
   */
  @Test
  void illConditionedInputsHaveTheirConditionNumber() {
    int[] dims = {1, 4};
    int at1e8 = 0;
    for (long seed = 1; seed <= 40; seed++) {
      for (Param.Role role : List.of(Param.Role.ILL_CONDITIONED, Param.Role.ILL_CONDITIONED_SPD)) {
        Param p = Param.matrix("A", 1, 1, role, seed);
        for (int point = 0; point < 3; point++) {
          dev.tracegrad.Matrix a = (dev.tracegrad.Matrix) p.input(dims, point);
          double kappa = p.condition(dims, point);
          assertTrue(kappa >= 1e2 * (1 - 1e-9) && kappa <= 1e8 * (1 + 1e-9), "kappa " + kappa);
          double k1 = norm1(a) * norm1(dev.tracegrad.Ops.inv(a));
          assertTrue(k1 >= kappa / 4 / 2 && k1 <= kappa * 4 * 2, "1-norm condition " + k1 + " for " + kappa);
          assertEquals(1, Math.abs(dev.tracegrad.Ops.det(a)), 1e-6 * kappa * 1e-6 + 1e-6);
          if (role == Param.Role.ILL_CONDITIONED_SPD) {
            assertEquals(a, dev.tracegrad.Ops.t(a));
          }
          at1e8 += kappa == 1e8 ? 1 : 0;
        }
        assertTrue(!p.input(dims, 0).equals(p.input(dims, 1)));
      }
    }
    assertTrue(at1e8 > 0, "no input at condition number 1e8");
  }

  private static double norm1(dev.tracegrad.Matrix a) {
    double max = 0;
    for (int j = 0; j < a.cols(); j++) {
      double s = 0;
      for (int i = 0; i < a.rows(); i++) {
        s += Math.abs(a.get(i, j));
      }
      max = Math.max(max, s);
    }
    return max;
  }

  /** Seed 17285 once rendered "var s1 = 3", an int local the DSL rightly rejects. */
  @Test
  void scalarVarLocalWithAnIntValueIsDeclaredDouble() {
    FuzzMethod.Local three = new FuzzMethod.Local("s1", false, 2, new Expr.Num(3, true));
    assertEquals("double s1 = 3;", three.render());
    FuzzMethod.Local minusThree = new FuzzMethod.Local("s2", false, 3, new Expr.Neg(new Expr.Num(3, true)));
    assertEquals("final double s2 = -3;", minusThree.render());
    FuzzMethod.Local real = new FuzzMethod.Local("s3", false, 2, new Expr.Num(2.5, false));
    assertEquals("var s3 = 2.5;", real.render());
  }
}
