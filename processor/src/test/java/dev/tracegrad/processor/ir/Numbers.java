package dev.tracegrad.processor.ir;

import java.lang.reflect.Method;

/**
 * The entrywise functions on numbers, for tests: a value is what the function's runtime call
 * computes (the method its table entry names, called reflectively), a derivative is its derivative
 * expression read in doubles. Neither restates the table.
 */
public final class Numbers implements EntrywiseFunction.Algebra<Double> {
  public static final Numbers ALGEBRA = new Numbers();

  private Numbers() {}

  /** f(x) as generated code computes it. */
  public static double value(EntrywiseFunction f, double x) {
    EntrywiseFunction.RuntimeCall call = f.call();
    if (call.inline()) {
      return x * x;
    }
    try {
      Method m = Class.forName(call.owner()).getMethod(call.method(), double.class);
      return (double) m.invoke(null, x);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the runtime has no " + call.owner() + "." + call.method() + "(double)", e);
    }
  }

  /** σ′(x) from the table's derivative expression. */
  public static double derivative(EntrywiseFunction f, double x) {
    return f.derivative(ALGEBRA, x);
  }

  /** σ″(x) from the table's derivative expression, differentiated. */
  public static double secondDerivative(EntrywiseFunction f, double x) {
    return f.secondDerivative(ALGEBRA, x);
  }

  @Override
  public Double constant(double c) {
    return c;
  }

  @Override
  public Double apply(EntrywiseFunction f, Double x) {
    return value(f, x);
  }

  @Override
  public Double subtract(Double a, Double b) {
    return a - b;
  }

  @Override
  public Double add(Double a, Double b) {
    return a + b;
  }

  @Override
  public Double multiply(Double a, Double b) {
    return a * b;
  }

  @Override
  public Double divide(Double a, Double b) {
    return a / b;
  }

  @Override
  public Double negate(Double a) {
    return -a;
  }

  @Override
  public Double scale(double c, Double a) {
    return c * a;
  }

  /** The functions the table's derivative expression of {@code f} applies, in order. */
  public static java.util.List<EntrywiseFunction> appliedByDerivative(EntrywiseFunction f) {
    java.util.List<EntrywiseFunction> applied = new java.util.ArrayList<>();
    f.derivative(new Applied(applied), 0.0);
    return applied;
  }

  /** Reads a derivative expression for the functions it applies (values are all 0). */
  private record Applied(java.util.List<EntrywiseFunction> out) implements EntrywiseFunction.Algebra<Double> {
    @Override
    public Double constant(double c) {
      return 0.0;
    }

    @Override
    public Double apply(EntrywiseFunction f, Double x) {
      out.add(f);
      return 0.0;
    }

    @Override
    public Double subtract(Double a, Double b) {
      return 0.0;
    }

    @Override
    public Double add(Double a, Double b) {
      return 0.0;
    }

    @Override
    public Double multiply(Double a, Double b) {
      return 0.0;
    }

    @Override
    public Double divide(Double a, Double b) {
      return 0.0;
    }

    @Override
    public Double negate(Double a) {
      return 0.0;
    }

    @Override
    public Double scale(double c, Double a) {
      return 0.0;
    }
  }
}
