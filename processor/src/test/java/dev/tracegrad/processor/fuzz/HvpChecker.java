package dev.tracegrad.processor.fuzz;

import dev.tracegrad.Matrix;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks the Hessian-vector products of a class generated with {@code hvp = true} against the
 * class's own gradient: H·v must equal the directional derivative of the generated gradient
 * along v, estimated by the five-point central difference (g(x−2hv) − 8g(x−hv) + 8g(x+hv) −
 * g(x+2hv))/12h at h = 10⁻⁴, with v scaled to max-norm 1 (so no entry moves by more than the
 * value checks' own finite differences move it). The error allowed is 10⁻⁶·max(1, |estimate|)
 * per entry, as for gradients; near it the difference is taken again at 2h and h/2 and
 * extrapolated, and where the two limits disagree the point is {@link Verdict.Kind#UNRELIABLE}.
 * Also: the buffer overload writes the allocating overload's bits, and the record's gradients are
 * those of {@code gradient(...)} to 10⁻¹².
 *
 * <p>Points where a parameter is ill-conditioned (κ up to 10⁸) are not checked here: the
 * gradient's own forward error there is of the order of the difference being estimated (the
 * gradients themselves are checked at those points by {@link Checker}).
 */
final class HvpChecker {
  static final double STEP = 1e-4;
  static final double TOLERANCE = 1e-6;

  private final Class<?> generated;
  private final FuzzMethod method;
  private final List<Integer> wrt = new ArrayList<>();
  /** Points skipped because of an ill-conditioned parameter, for the summary. */
  int illPoints;

  private HvpChecker(Class<?> generated, FuzzMethod method) {
    this.generated = generated;
    this.method = method;
    for (String w : method.wrtNames()) {
      wrt.add(method.params().indexOf(method.param(w)));
    }
  }

  /** Checks the hvp of {@code method} in {@code className} (compiled with hvp = true). */
  static HvpChecker check(FuzzCompiler.Result compiled, String className, FuzzMethod method, List<Verdict> out) {
    Class<?> generated;
    try {
      generated = compiled.loader().loadClass(FuzzClass.PACKAGE + "." + method.generatedClass(className));
    } catch (ClassNotFoundException e) {
      out.add(new Verdict(Verdict.Kind.CRASH, "missing class: " + e));
      return null;
    }
    HvpChecker c = new HvpChecker(generated, method);
    for (int point : method.checkPoints()) {
      if (method.illCondition(point)[0] > 0) {
        c.illPoints++;
        continue;
      }
      Verdict v;
      try {
        v = c.run(point);
      } catch (RuntimeException e) {
        v = new Verdict(Verdict.Kind.CRASH, "hvp threw " + e);
      }
      out.add(point == 0 || v == Verdict.PASS ? v : new Verdict(v.kind(), "at input point " + point + ": " + v.detail()));
      if (v.failure()) {
        break;
      }
    }
    return c;
  }

  private Verdict run(int point) {
    Object instance = construct();
    Object[] inputs = method.inputs(point);
    Random rnd = new Random(7919L * point + 17);
    Object[] directions = new Object[wrt.size()];
    double largest = 0;
    for (int k = 0; k < wrt.size(); k++) {
      Object x = inputs[wrt.get(k)];
      if (x instanceof Matrix m) {
        Matrix v = Matrix.random(m.rows(), m.cols(), rnd);
        directions[k] = v;
        for (double d : v.data()) {
          largest = Math.max(largest, Math.abs(d));
        }
      } else {
        double v = rnd.nextGaussian();
        directions[k] = v;
        largest = Math.max(largest, Math.abs(v));
      }
    }
    for (int k = 0; k < wrt.size(); k++) {
      directions[k] = scaled(directions[k], largest > 0 ? 1 / largest : 1);
    }
    Object[] args = Arrays.copyOf(inputs, inputs.length + wrt.size());
    System.arraycopy(directions, 0, args, inputs.length, wrt.size());
    Object[] hvp = components(invoke(instance, "hvp", args));
    Object[] gradient = components(invoke(instance, "gradient", inputs));
    int n = wrt.size();
    if (hvp.length != 1 + 2 * n) {
      return new Verdict(Verdict.Kind.CONTRACT, "Hvp has " + hvp.length + " components for " + n + " wrt parameters");
    }
    for (int k = 0; k < n; k++) {
      if (!close(gradient[1 + k], hvp[1 + k], 1e-12)) {
        return new Verdict(Verdict.Kind.GRADIENT, "Hvp.d" + method.wrtNames().get(k) + " differs from gradient(...)");
      }
    }
    Verdict buffers = checkBufferOverload(instance, args, (double) hvp[0], Arrays.copyOfRange(hvp, 1 + n, 1 + 2 * n));
    if (buffers != Verdict.PASS) {
      return buffers;
    }
    for (int k = 0; k < n; k++) {
      double[] analytic = flat(hvp[1 + n + k]);
      double[] fd = difference(instance, inputs, directions, k, STEP);
      double scale = 0;
      for (double a : analytic) {
        scale = Math.max(scale, Math.abs(a));
      }
      for (int e = 0; e < analytic.length; e++) {
        if (Math.abs(fd[e] - analytic[e]) <= TOLERANCE * Math.max(1, Math.abs(fd[e]))) {
          continue;
        }
        double[] coarse = difference(instance, inputs, directions, k, 2 * STEP);
        double[] fine = difference(instance, inputs, directions, k, STEP / 2);
        double limit = (16 * fine[e] - fd[e]) / 15;
        double coarseLimit = (16 * fd[e] - coarse[e]) / 15;
        String what = "h" + method.wrtNames().get(k) + (analytic.length > 1 ? "[" + e + "]" : "");
        if (!(Math.abs(limit - coarseLimit) <= TOLERANCE * Math.max(1, Math.abs(limit)))) {
          return new Verdict(Verdict.Kind.UNRELIABLE, what + " = " + analytic[e] + "; differences of the gradient at 2h, h, h/2: "
              + coarse[e] + ", " + fd[e] + ", " + fine[e]);
        }
        if (!(Math.abs(limit - analytic[e]) <= TOLERANCE * Math.max(1, Math.abs(limit)))) {
          return new Verdict(Verdict.Kind.GRADIENT, what + " = " + analytic[e]
              + ", central differences of the generated gradient " + fd[e] + " (extrapolated " + limit + ")");
        }
      }
    }
    return Verdict.PASS;
  }

  /** The five-point difference of the k-th generated gradient along all directions at once. */
  private double[] difference(Object instance, Object[] inputs, Object[] directions, int k, double h) {
    double[] offsets = {-2, -1, 1, 2};
    double[] weights = {1, -8, 8, -1};
    double[] out = null;
    for (int s = 0; s < 4; s++) {
      Object[] moved = inputs.clone();
      for (int j = 0; j < wrt.size(); j++) {
        int i = wrt.get(j);
        if (inputs[i] instanceof Matrix m) {
          Matrix x = m.copy();
          double[] v = ((Matrix) directions[j]).data();
          for (int e = 0; e < v.length; e++) {
            x.data()[e] += offsets[s] * h * v[e];
          }
          moved[i] = x;
        } else {
          moved[i] = (double) inputs[i] + offsets[s] * h * (double) directions[j];
        }
      }
      double[] g = flat(components(invoke(instance, "gradient", moved))[1 + k]);
      if (out == null) {
        out = new double[g.length];
      }
      for (int e = 0; e < g.length; e++) {
        out[e] += weights[s] * g[e];
      }
    }
    for (int e = 0; e < out.length; e++) {
      out[e] /= 12 * h;
    }
    return out;
  }

  /** The buffer overload, its outputs starting as NaN, must write the allocating overload's bits. */
  private Verdict checkBufferOverload(Object instance, Object[] args, double value, Object[] products) {
    Object[] withOutputs = Arrays.copyOf(args, args.length + products.length);
    for (int k = 0; k < products.length; k++) {
      if (products[k] instanceof Matrix m) {
        Matrix buffer = Matrix.zeros(m.rows(), m.cols());
        Arrays.fill(buffer.data(), Double.NaN);
        withOutputs[args.length + k] = buffer;
      } else {
        withOutputs[args.length + k] = new double[] {Double.NaN};
      }
    }
    double v = (double) invoke(instance, "hvp", withOutputs);
    if (Double.compare(v, value) != 0) {
      return new Verdict(Verdict.Kind.BUFFER, "buffer hvp returned " + v + ", Hvp.value " + value);
    }
    for (int k = 0; k < products.length; k++) {
      Object out = withOutputs[args.length + k];
      boolean same = out instanceof Matrix m
          ? Arrays.equals(m.data(), ((Matrix) products[k]).data())
          : Double.compare(((double[]) out)[0], (double) products[k]) == 0;
      if (!same) {
        return new Verdict(Verdict.Kind.BUFFER, "buffer hvp output " + k + " differs from the Hvp record");
      }
    }
    return Verdict.PASS;
  }

  private static Object scaled(Object v, double c) {
    if (v instanceof Matrix m) {
      Matrix out = m.copy();
      for (int e = 0; e < out.data().length; e++) {
        out.data()[e] *= c;
      }
      return out;
    }
    return (double) v * c;
  }

  private static double[] flat(Object x) {
    return x instanceof Matrix m ? m.data() : new double[] {(double) x};
  }

  private static boolean close(Object expected, Object actual, double tol) {
    double[] e = flat(expected);
    double[] a = flat(actual);
    if (e.length != a.length) {
      return false;
    }
    for (int i = 0; i < e.length; i++) {
      if (!(Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i])))) {
        return false;
      }
    }
    return true;
  }

  private Object construct() {
    try {
      return generated.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + generated.getSimpleName(), e);
    }
  }

  private Object invoke(Object instance, String name, Object[] args) {
    for (Method m : generated.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(instance, args);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
          throw new IllegalStateException(name + " threw " + e.getCause(), e.getCause());
        }
      }
    }
    throw new IllegalStateException("no public " + name + " with " + args.length + " parameters");
  }

  private static Object[] components(Object record) {
    RecordComponent[] rc = record.getClass().getRecordComponents();
    Object[] out = new Object[rc.length];
    for (int i = 0; i < rc.length; i++) {
      try {
        out[i] = rc[i].getAccessor().invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }
}
