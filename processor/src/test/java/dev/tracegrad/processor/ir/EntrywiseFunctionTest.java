package dev.tracegrad.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.ir.EntrywiseFunction.Order;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one table of entrywise functions against the runtime: each derivative expression agrees with
 * central differences of the runtime method generated code calls, and so does the second derivative
 * the processor derives from that expression (needed by Hessian-vector products). Each entry is
 * checked for exactly the derivatives its {@link EntrywiseFunction.Order} says first- and
 * second-order code asks of it: σ′ below the second-derivative order, σ″ of the DSL functions.
 */
class EntrywiseFunctionTest {

  /** Points away from the kinks of relu, abs, step and sign, positive where log and sqrt need it. */
  private static List<Double> points(EntrywiseFunction f) {
    List<Double> xs = new ArrayList<>();
    for (double x : new double[] {-3.1, -1.7, -0.6, -0.05, 0.07, 0.4, 1.3, 2.9, 7.5}) {
      boolean positiveOnly = f == EntrywiseFunction.LOG || f == EntrywiseFunction.SQRT
          || f == EntrywiseFunction.LOG1P || f == EntrywiseFunction.LOG_GAMMA
          || f == EntrywiseFunction.DIGAMMA || f == EntrywiseFunction.TRIGAMMA;
      xs.add(positiveOnly ? Math.abs(x) : x);
    }
    return xs;
  }

  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void derivativeMatchesCentralDifferencesOfTheRuntimeFunction(EntrywiseFunction f) {
    if (f.order() == Order.SECOND_DERIVATIVE) {
      return; // not differentiated: see secondDerivativesAreNotDifferentiated
    }
    for (double x : points(f)) {
      double h = 1e-6 * Math.max(1, Math.abs(x));
      double numeric = (Numbers.value(f, x + h) - Numbers.value(f, x - h)) / (2 * h);
      double table = Numbers.derivative(f, x);
      assertEquals(numeric, table, 1e-7 * Math.max(1, Math.abs(numeric)), f + "′ at " + x);
    }
  }

  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void secondDerivativeMatchesSecondDifferencesOfTheRuntimeFunction(EntrywiseFunction f) {
    if (f.order() != Order.FUNCTION) {
      return; // only the DSL functions' σ″ is needed (by the tangents of their gradients)
    }
    for (double x : points(f)) {
      double h = 1e-4 * Math.max(1, Math.abs(x));
      double numeric = (Numbers.value(f, x + h) - 2 * Numbers.value(f, x) + Numbers.value(f, x - h)) / (h * h);
      double derived = Numbers.secondDerivative(f, x);
      assertEquals(numeric, derived, 2e-5 * Math.max(1, Math.abs(numeric)), f + "″ at " + x);
    }
  }

  /**
   * The chain of derivatives ends within the table: σ′ of an entry applies only entries at most one
   * order above it, so the tangent of a gradient (which differentiates what the gradient applies,
   * of order at most 1) never reaches an entry that has no derivative.
   */
  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void derivativesApplyOnlyEntriesOfTheNextOrderAtMost(EntrywiseFunction f) {
    assertEquals(f.inDsl(), f.order() == Order.FUNCTION, f + ": DSL functions are of order 0, and only they");
    if (f.order() == Order.SECOND_DERIVATIVE) {
      return;
    }
    for (EntrywiseFunction g : Numbers.appliedByDerivative(f)) {
      assertTrue(g.order().ordinal() <= f.order().ordinal() + 1, f + "′ applies " + g + " of order " + g.order());
    }
  }

  @ParameterizedTest
  @EnumSource(value = EntrywiseFunction.class, names = {"TRIGAMMA", "LOG_NORM_CDF_SECOND"})
  void secondDerivativesAreNotDifferentiated(EntrywiseFunction f) {
    assertEquals(Order.SECOND_DERIVATIVE, f.order());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Numbers.derivative(f, 1.5));
    assertTrue(e.getMessage().startsWith("internal error: " + f.displayName()), e.getMessage());
    // σ″ of the first-order entry before it would need it: also an internal error, never a number
    EntrywiseFunction before = f == EntrywiseFunction.TRIGAMMA ? EntrywiseFunction.DIGAMMA : EntrywiseFunction.INVERSE_MILLS;
    assertThrows(IllegalStateException.class, () -> Numbers.secondDerivative(before, 1.5));
  }

  /** (ln Γ)′ = ψ and (ln Γ)″ = ψ′ at points where both are known in closed form. */
  @Test
  void logGammaDerivativesAreDigammaAndTrigamma() {
    double eulerGamma = 0.5772156649015329;
    assertEquals(-eulerGamma, Numbers.derivative(EntrywiseFunction.LOG_GAMMA, 1.0), 1e-15);
    assertEquals(1 - eulerGamma, Numbers.derivative(EntrywiseFunction.LOG_GAMMA, 2.0), 1e-15);
    assertEquals(-eulerGamma - 2 * Math.log(2), Numbers.derivative(EntrywiseFunction.LOG_GAMMA, 0.5), 1e-15);
    assertEquals(Math.PI * Math.PI / 6, Numbers.secondDerivative(EntrywiseFunction.LOG_GAMMA, 1.0), 1e-15);
    assertEquals(Math.PI * Math.PI / 2, Numbers.secondDerivative(EntrywiseFunction.LOG_GAMMA, 0.5), 1e-14);
    assertEquals(Math.PI * Math.PI / 6 - 1, Numbers.derivative(EntrywiseFunction.DIGAMMA, 2.0), 1e-15);
  }


  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void namesFindTheirFunction(EntrywiseFunction f) {
    if (f.inDsl()) {
      assertSame(f, EntrywiseFunction.forOpsName(f.opsName()));
    } else {
      assertNull(f.opsName());
    }
    if (f.mathName() != null) {
      assertSame(f, EntrywiseFunction.forMathName(f.mathName()));
      // Math.tanh(s) in a body is computed by the function's runtime call (Fn.tanh, one
      // exponential): it must be Math's function to within a few ulps.
      for (double x : points(f)) {
        double math = mathValue(f.mathName(), x);
        assertEquals(math, Numbers.value(f, x), 4 * Math.ulp(math), "Math." + f.mathName() + " at " + x);
      }
    }
    assertNotNull(f.displayName());
  }

  private static double mathValue(String name, double x) {
    try {
      return (double) Math.class.getMethod(name, double.class).invoke(null, x);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("java.lang.Math has no " + name + "(double)", e);
    }
  }
}
