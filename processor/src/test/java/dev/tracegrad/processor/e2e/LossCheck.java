package dev.tracegrad.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A user's {@code @Differentiable} method and the class the processor generated for it, both
 * loaded from one {@link ProcessorRun}, checked against each other and against closed forms that
 * the test writes by hand: the contract of API.md's "The generated class", number by number.
 */
public final class LossCheck {
  /** value and Result.value against the annotated method: API.md's bound. */
  static final double VALUE_TOLERANCE = 1e-12;
  /** Gradients against hand-written closed forms, which sum in a different order. */
  static final double CLOSED_FORM_TOLERANCE = 1e-9;
  /** Gradients against central differences with h = 1e-6 (truncation and rounding error). */
  static final double FINITE_DIFFERENCE_TOLERANCE = 1e-6;

  private final Method reference;
  private final Class<?> generated;
  private final Object instance;

  private LossCheck(Method reference, Class<?> generated) {
    this.reference = reference;
    this.generated = generated;
    this.instance = newInstance();
  }

  /** The method {@code userClass.method} of package {@code example} and its default generated class. */
  public static LossCheck of(ProcessorRun run, String userClass, String method) {
    String name = userClass + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
    return of(run, userClass, method, name);
  }

  /** As {@link #of(ProcessorRun, String, String)}, for a generated class with a chosen name. */
  public static LossCheck of(ProcessorRun run, String userClass, String method, String generatedName) {
    Method found = null;
    for (Method m : run.load(userClass).getDeclaredMethods()) {
      if (m.getName().equals(method) && Modifier.isStatic(m.getModifiers())) {
        found = m;
      }
    }
    if (found == null) {
      throw new AssertionError("no static method " + userClass + "." + method);
    }
    found.setAccessible(true);
    return new LossCheck(found, run.load(generatedName));
  }

  /** A new instance of the generated class, with its own scratch buffers. */
  public Object newInstance() {
    try {
      return generated.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** The annotated method itself, run with Ops' reference semantics. */
  public double reference(Object... args) {
    return (double) invoke(reference, null, args);
  }

  public double value(Object... args) {
    return (double) call("value", args);
  }

  /** The allocating gradient overload: a Result record. */
  public Object gradient(Object... args) {
    return call("gradient", args);
  }

  /** Calls the public method of the generated class with this name and arity, unwrapping its exceptions. */
  public Object call(String name, Object... args) {
    for (Method m : generated.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        return invoke(m, instance, args);
      }
    }
    throw new AssertionError("no method " + name + "/" + args.length + " in " + generated.getName());
  }

  /** The buffer-taking overload's output parameter types, in wrt order. */
  List<Class<?>> outputTypes(int inputs) {
    for (Method m : generated.getMethods()) {
      if (m.getName().equals("gradient") && m.getParameterCount() > inputs) {
        Class<?>[] all = m.getParameterTypes();
        return List.of(Arrays.copyOfRange(all, inputs, all.length));
      }
    }
    throw new AssertionError("no buffer-taking gradient in " + generated.getName());
  }

  public static Object component(Object result, String name) {
    try {
      return result.getClass().getMethod(name).invoke(result);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static Object invoke(Method m, Object target, Object... args) {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new AssertionError(e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** A gradient written out by hand for one wrt parameter: a {@link Matrix} or a {@code Double}. */
  record Grad(String wrt, Supplier<Object> closedForm) {}

  static Grad grad(String wrt, Supplier<Object> closedForm) {
    return new Grad(wrt, closedForm);
  }

  /**
   * Checks, for these arguments: value and Result.value equal the annotated method; the Result
   * holds exactly the given gradients, named d + parameter, in this order; each equals its closed
   * form and the central differences of the annotated method; the buffer overload writes the
   * allocating overload's numbers bit for bit into garbage-filled buffers (twice: it overwrites,
   * never accumulates) and returns the same value; no argument is modified.
   */
  void verify(Args args, Grad... gradients) {
    Object[] in = args.values();
    Object[] before = Args.deepCopy(in);
    double expected = reference(in);
    assertClose(expected, value(in), VALUE_TOLERANCE, "value");
    Object result = gradient(in);
    Args.assertUnchanged(before, in);
    assertClose(expected, (double) component(result, "value"), VALUE_TOLERANCE, "Result.value");

    RecordComponent[] components = result.getClass().getRecordComponents();
    List<String> names = new ArrayList<>();
    for (RecordComponent c : components) {
      names.add(c.getName());
    }
    List<String> wanted = new ArrayList<>(List.of("value"));
    for (Grad g : gradients) {
      wanted.add("d" + g.wrt());
    }
    assertEquals(wanted, names, "Result components");

    for (Grad g : gradients) {
      Object actual = component(result, "d" + g.wrt());
      Object closed = g.closedForm().get();
      int index = args.index(g.wrt());
      if (in[index] instanceof Matrix x) {
        Matrix got = assertInstanceOf(Matrix.class, actual, "d" + g.wrt());
        Numeric.assertClose((Matrix) closed, got, CLOSED_FORM_TOLERANCE, "d" + g.wrt() + " vs closed form");
        Matrix fd = Numeric.finiteDifferences(m -> reference(in), x);
        Numeric.assertClose(fd, got, FINITE_DIFFERENCE_TOLERANCE, "d" + g.wrt() + " vs finite differences");
      } else {
        double got = assertInstanceOf(Double.class, actual, "d" + g.wrt());
        Numeric.assertClose((Double) closed, got, CLOSED_FORM_TOLERANCE, "d" + g.wrt() + " vs closed form");
        double s = (Double) in[index];
        double fd = Numeric.finiteDifference(v -> {
          in[index] = v;
          double f = reference(in);
          in[index] = s;
          return f;
        }, s);
        Numeric.assertClose(fd, got, FINITE_DIFFERENCE_TOLERANCE, "d" + g.wrt() + " vs finite differences");
      }
    }
    Args.assertUnchanged(before, in);

    Object[] buffers = garbageBuffers(args, gradients);
    for (int round = 0; round < 2; round++) {
      double v = (double) call("gradient", concat(in, buffers));
      assertEquals((double) component(result, "value"), v, 0.0, "buffer overload value");
      for (int w = 0; w < gradients.length; w++) {
        Object expectedGrad = component(result, "d" + gradients[w].wrt());
        if (buffers[w] instanceof Matrix m) {
          assertArrayEquals(((Matrix) expectedGrad).data(), m.data(), 0.0,
              "buffer overload d" + gradients[w].wrt() + ", call " + (round + 1));
        } else {
          double[] d = (double[]) buffers[w];
          assertEquals((double) expectedGrad, d[0], 0.0, "buffer overload d" + gradients[w].wrt());
          assertEquals(42.0, d[1], 0.0, "entry 1 of a double[] output is not touched");
        }
      }
      Args.assertUnchanged(before, in);
    }
  }

  /** Output buffers of the right shapes, full of NaN, so that a missed entry shows. */
  Object[] garbageBuffers(Args args, Grad... gradients) {
    Object[] in = args.values();
    List<Class<?>> types = outputTypes(in.length);
    assertEquals(gradients.length, types.size(), "output parameters");
    Object[] buffers = new Object[gradients.length];
    for (int w = 0; w < gradients.length; w++) {
      Object p = in[args.index(gradients[w].wrt())];
      if (p instanceof Matrix m) {
        assertEquals(Matrix.class, types.get(w));
        Matrix b = Matrix.zeros(m.rows(), m.cols());
        Arrays.fill(b.data(), Double.NaN);
        buffers[w] = b;
      } else {
        assertEquals(double[].class, types.get(w));
        buffers[w] = new double[] {Double.NaN, 42};
      }
    }
    return buffers;
  }

  public static Object[] concat(Object[] a, Object[] b) {
    Object[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /** |expected − actual| ≤ tol · max(1, |expected|). */
  public static void assertClose(double expected, double actual, double tol, String what) {
    if (!(Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected)))) {
      fail(what + ": expected " + expected + " but was " + actual + " (tolerance " + tol + ")");
    }
  }
}
