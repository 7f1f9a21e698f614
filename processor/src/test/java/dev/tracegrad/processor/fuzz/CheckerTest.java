package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker catches what it is there to catch: each case pairs a generated class with a
 * reference method that differs from the one it was generated from in exactly one respect.
 */
class CheckerTest {
  private static final Param A = Param.matrix("A", 1, 2, Param.Role.GENERAL, 42);
  private static final int[] DIMS = {1, 2, 3};

  /**
   * {@code shifted} adds sum(A) − c with c = sum(A) at the input, printed exactly: the same value
   * there, but a gradient larger by 1 in every entry.
   */
  private static final String SOURCE = """
      package fuzz;

      import static dev.tracegrad.Ops.*;

      import dev.tracegrad.Differentiable;
      import dev.tracegrad.Matrix;

      class Pairs {
        @Differentiable(wrt = {"A", "s"}, name = "Cube")
        static double cube(Matrix A, double s) {
          return s * s * s + sumsq(A);
        }

        static double linear(Matrix A, double s) {
          return s + sumsq(A);
        }

        static double shifted(Matrix A, double s) {
          return s * s * s + sumsq(A) + (sum(A) - SUM_AT_INPUT);
        }
      }
      """.replace("SUM_AT_INPUT", Double.toString(Ops.sum((Matrix) A.input(DIMS))));

  private static final FuzzCompiler.Result COMPILED = FuzzCompiler.compileSources(
      List.of(JavaFileObjects.forSourceString("fuzz.Pairs", SOURCE)));

  private static Verdict check(String reference, double s) {
    assertEquals(null, COMPILED.problems());
    FuzzMethod m = new FuzzMethod(reference, DIMS, List.of(A, Param.scalar("s", s)), List.of(),
        new Expr.Num(0, false), List.of("A", "s"), "Cube");
    return Checker.check(COMPILED, "Pairs", m);
  }

  @Test
  void passesTheMethodItWasGeneratedFrom() {
    assertEquals(Verdict.PASS, check("cube", 0.8));
  }

  @Test
  void catchesAWrongValue() {
    // s³ against s at s = 2.
    assertEquals(Verdict.Kind.VALUE, check("linear", 2).kind());
  }

  @Test
  void catchesAWrongScalarGradient() {
    // Equal at s = 1, but d/ds is 3s² = 3 for the generated class and 1 for the reference.
    Verdict v = check("linear", 1);
    assertEquals(Verdict.Kind.GRADIENT, v.kind());
    assertTrue(v.detail().startsWith("ds = 3.0"), v.detail());
  }

  @Test
  void catchesAWrongMatrixGradient() {
    Verdict v = check("shifted", 0.8);
    assertEquals(Verdict.Kind.GRADIENT, v.kind());
    assertTrue(v.detail().startsWith("dA[0][0]"), v.detail());
  }
  /** An ill-conditioned A (κ = 10⁸ at point 0), for the conditioning-aware tolerance. */
  private static final int[] ILL_DIMS = {1, 4};
  private static final Param ILL = illAt1e8();
  private static final Param B = Param.matrix("B", 1, 1, Param.Role.GENERAL, 7);

  private static Param illAt1e8() {
    for (long seed = 1; ; seed++) {
      Param p = Param.matrix("A", 1, 1, Param.Role.ILL_CONDITIONED, seed);
      if (p.condition(ILL_DIMS, 0) == 1e8) {
        return p;
      }
    }
  }

  /**
   * {@code shifted} adds 10⁵·(sum(A) − c), c = sum(A) at the input: the same value, every entry
   * of dA larger by 10⁵, about 10⁻³ of the largest entry of A⁻ᵀBA⁻ᵀ, still far above the noise
   * that κ = 10⁸ allows.
   */
  private static final String ILL_SOURCE = """
      package fuzz;

      import static dev.tracegrad.Ops.*;

      import dev.tracegrad.Differentiable;
      import dev.tracegrad.Matrix;

      class IllPairs {
        @Differentiable(name = "IllGrad")
        static double f(Matrix A, Matrix B) {
          return logdet(A) + dot(inv(A), B);
        }

        static double shifted(Matrix A, Matrix B) {
          return logdet(A) + dot(inv(A), B) + 1e5 * (sum(A) - SUM_AT_INPUT);
        }
      }
      """.replace("SUM_AT_INPUT", Double.toString(Ops.sum((Matrix) ILL.input(ILL_DIMS))));

  private static Verdict checkIll(String reference, List<Integer> points) {
    FuzzCompiler.Result compiled = FuzzCompiler.compileSources(
        List.of(JavaFileObjects.forSourceString("fuzz.IllPairs", ILL_SOURCE)));
    assertEquals(null, compiled.problems());
    FuzzMethod m = new FuzzMethod(reference, ILL_DIMS, List.of(ILL, B), List.of(), new Expr.Num(0, false),
        null, "IllGrad", points);
    return Checker.check(compiled, "IllPairs", m);
  }

  @Test
  void passesAnIllConditionedInverseAtEveryPoint() {
    assertEquals(Verdict.PASS, checkIll("f", List.of(0, 1, 2, 3, 4)));
  }

  @Test
  void catchesAWrongGradientThroughAnIllConditionedInverse() {
    Verdict v = checkIll("shifted", List.of(0));
    assertEquals(Verdict.Kind.GRADIENT, v.kind());
    assertTrue(v.detail().startsWith("dA[") && v.detail().contains("condition number 1.0E8"), v.detail());
  }
}
