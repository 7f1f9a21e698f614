package dev.tracegrad.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one table of entrywise functions against the runtime: each derivative expression agrees with
 * central differences of the runtime method generated code calls, and so does the second derivative
 * the processor derives from that expression (needed by Hessian-vector products).
 */
class EntrywiseFunctionTest {

  /** Points away from the kinks of relu, abs, step and sign, positive where log and sqrt need it. */
  private static List<Double> points(EntrywiseFunction f) {
    List<Double> xs = new ArrayList<>();
    for (double x : new double[] {-3.1, -1.7, -0.6, -0.05, 0.07, 0.4, 1.3, 2.9, 7.5}) {
      boolean positiveOnly = f == EntrywiseFunction.LOG || f == EntrywiseFunction.SQRT
          || f == EntrywiseFunction.LOG1P;
      xs.add(positiveOnly ? Math.abs(x) : x);
    }
    return xs;
  }

  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void derivativeMatchesCentralDifferencesOfTheRuntimeFunction(EntrywiseFunction f) {
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
    for (double x : points(f)) {
      double h = 1e-4 * Math.max(1, Math.abs(x));
      double numeric = (Numbers.value(f, x + h) - 2 * Numbers.value(f, x) + Numbers.value(f, x - h)) / (h * h);
      double derived = Numbers.secondDerivative(f, x);
      assertEquals(numeric, derived, 2e-5 * Math.max(1, Math.abs(numeric)), f + "″ at " + x);
    }
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
