package dev.tracegrad.processor.fuzz;

import dev.tracegrad.Matrix;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a generated class against the annotated method it came from, at the method's inputs.
 *
 * <p>Tolerances. The value must agree to 1e-10·max(1, |f|): both sides compute the same
 * operations, so only summation order may differ. Gradients are compared with the five-point
 * central difference (f(x−2h) − 8f(x−h) + 8f(x+h) − f(x+2h))/12h at h = 10⁻⁴: its truncation
 * error is O(h⁴·f⁽⁵⁾) ≈ 10⁻¹⁶·f⁽⁵⁾ and its rounding error about 1.5·ε·F/h ≈ 3·10⁻¹² F, where F
 * ≤ 10⁴ bounds every intermediate ({@link Evaluator#BOUND}); so an error above
 * 10⁻⁶·max(1, |g|) (absolute below 1) is not noise. Before calling a mismatch a bug, the
 * difference is taken again at 2h and h/2 and extrapolated (Richardson) from both pairs of step
 * sizes; if the two limits agree, the gradient is compared with them, otherwise the point is
 * declared {@link Verdict.Kind#UNRELIABLE} (steep, fast-varying losses).
 *
 * <p>Every check runs at each of the method's input points ({@link FuzzMethod#checkPoints()}),
 * independent draws of all inputs; a failure names the point when it is not point 0.
 *
 * <p>Ill-conditioned inputs ({@link Param.Role#ill()}, condition number κ up to 10⁸, smallest
 * singular value σ = 1/√κ). Inverting A in floating point gives a forward error of about
 * n·κ·ε relative to ‖A⁻¹‖ (LU with partial pivoting: backward error O(n·ε), amplified by κ;
 * Higham, Accuracy and Stability, §14.1), and both sides invert: the generated class (its value
 * and gradient) and the annotated method (every evaluation behind a finite difference). So:
 * <ul>
 *   <li>the step in an entry of such a parameter is {@link #ILL_STEP}·σ, not h: a perturbation of
 *       10⁻⁴ would be as large as σ itself at κ = 10⁸, beyond the radius where the Taylor series of
 *       A⁻¹ converges; at 5·10⁻³·σ the stencil's truncation error is about 4(2·5·10⁻³)⁴ ≈ 4·10⁻⁸ of
 *       the derivative (for 1/(σ + x), f⁽⁵⁾h⁴/30 over f′);
 *   <li>with η = {@link #ILL_SAFETY}·n·κ·ε, the value may differ by η·max(1, |f|) beyond the usual
 *       10⁻¹⁰ relative, and a gradient entry by η·(1.5·max(1, |f|)/h + max|G|) beyond the usual
 *       10⁻⁶: 1.5/h is the sum of the stencil's weights over 12h, so η·|f|·1.5/h is the reference's
 *       own rounding noise carried through the difference, and η·max|G| the generated gradient's
 *       forward error, normwise (max|G| the largest entry of that gradient). At κ = 10⁸ and n = 5,
 *       η ≈ 1.1·10⁻⁶: the second term allows 1.1·10⁻⁶ of max|G|, the first 3.3·max(1, |f|) in an
 *       entry of the ill-conditioned matrix (h = 5·10⁻⁷, where the entries of G = −A⁻ᵀ(…)A⁻ᵀ reach
 *       10⁸) but 1.7·10⁻²·max(1, |f|) in an entry of any other parameter (h = 10⁻⁴), which is the
 *       loosest check the fuzzer makes; at κ = 10⁴ η is 10⁴ times smaller. A wrong sign, transpose
 *       or missing term is an O(1) error and still shows ({@code CheckerTest} catches an error of
 *       10⁻³ of max|G| at κ = 10⁸).
 * </ul>
 */
final class Checker {
  static final double VALUE_TOLERANCE = 1e-10;
  static final double GRADIENT_TOLERANCE = 1e-6;
  static final double STEP = 1e-4;
  /** Step in an entry of an ill-conditioned parameter, as a fraction of its smallest singular value. */
  static final double ILL_STEP = 5e-3;
  /** Safety factor on the n·κ·ε bound of the forward error of an inverse (see the class comment). */
  static final double ILL_SAFETY = 10;
  private static final double EPS = Math.ulp(1.0);

  /** The worst agreement seen over passing checks, to show how much room the tolerances leave. */
  static final class Margins {
    /** Largest |value − reference| / max(1, |reference|). */
    double value;
    /**
     * Largest |gradient − estimate| / (tolerance · max(1, |estimate|)), the estimate being the
     * plain difference, or the extrapolated one where the plain one is off by a tenth of the
     * tolerance or more.
     */
    double gradient;
    /** Which method is being checked (set by the caller), and where the worst gradient was. */
    String current = "";
    String gradientAt = "";

    @Override
    public String toString() {
      return String.format("worst value error %.1e (relative), worst gradient error %.1f%% of the tolerance (%s)",
          value, 100 * gradient, gradientAt);
    }
  }

  private final Method reference;
  private final Class<?> generated;
  private final FuzzMethod method;
  private final Margins margins;
  /** Input point being checked, η (0 without ill-conditioned inputs) and the value there. */
  private int point;
  private double eta;
  private double f;

  private Checker(Method reference, Class<?> generated, FuzzMethod method, Margins margins) {
    this.reference = reference;
    this.generated = generated;
    this.method = method;
    this.margins = margins;
  }

  /** Checks {@code method} of {@code className}, from a successful compilation. */
  static Verdict check(FuzzCompiler.Result compiled, String className, FuzzMethod method) {
    return check(compiled, className, method, new Margins());
  }

  /** As {@link #check(FuzzCompiler.Result, String, FuzzMethod)}, recording agreement in {@code margins}. */
  static Verdict check(FuzzCompiler.Result compiled, String className, FuzzMethod method, Margins margins) {
    Class<?> user = compiled.load(className);
    Class<?>[] types = method.params().stream().map(Param::javaClass).toArray(Class<?>[]::new);
    Method reference;
    Class<?> generated;
    try {
      reference = user.getDeclaredMethod(method.name(), types);
      reference.setAccessible(true);
      generated = compiled.loader().loadClass(FuzzClass.PACKAGE + "." + method.generatedClass(className));
    } catch (ReflectiveOperationException e) {
      return new Verdict(Verdict.Kind.CRASH, "missing class or method: " + e);
    }
    Verdict contract = checkContract(compiled, generated, method.generatedClass(className));
    if (contract != Verdict.PASS) {
      return contract;
    }
    Checker checker = new Checker(reference, generated, method, margins);
    for (int point : method.checkPoints()) {
      Verdict v;
      try {
        v = checker.run(point);
      } catch (GeneratedCodeThrew e) {
        v = new Verdict(Verdict.Kind.CRASH, e.getMessage());
      }
      if (v != Verdict.PASS) {
        return point == 0 ? v : new Verdict(v.kind(), "at input point " + point + ": " + v.detail());
      }
    }
    return Verdict.PASS;
  }

  /**
   * API.md: the generated source is pure ASCII, and the class carries the derivation in a public
   * static final String DERIVATION.
   */
  private static Verdict checkContract(FuzzCompiler.Result compiled, Class<?> generated, String simpleName) {
    String source = null;
    for (Map.Entry<String, String> e : compiled.generatedSources().entrySet()) {
      if (e.getKey().endsWith("/" + simpleName + ".java")) {
        source = e.getValue();
      }
    }
    if (source == null) {
      return new Verdict(Verdict.Kind.CONTRACT, "no generated source " + simpleName + ".java");
    }
    for (int i = 0; i < source.length(); i++) {
      if (source.charAt(i) > 127) {
        return new Verdict(Verdict.Kind.CONTRACT, "non-ASCII character U+"
            + Integer.toHexString(source.charAt(i)) + " in " + simpleName + ".java at offset " + i);
      }
    }
    try {
      Field f = generated.getField("DERIVATION");
      int mods = f.getModifiers();
      Object text = f.get(null);
      if (!Modifier.isStatic(mods) || !Modifier.isFinal(mods) || !(text instanceof String d) || d.isBlank()) {
        return new Verdict(Verdict.Kind.CONTRACT, "DERIVATION is not a non-empty public static final String");
      }
    } catch (ReflectiveOperationException e) {
      return new Verdict(Verdict.Kind.CONTRACT, "no public DERIVATION field: " + e);
    }
    return Verdict.PASS;
  }

  private Verdict run(int at) {
    point = at;
    Object[] inputs = method.inputs(at);
    Object[] pristine = copies(inputs);
    double expected = reference(inputs);
    double[] ill = method.illCondition(at);
    eta = ILL_SAFETY * ill[1] * ill[0] * EPS;
    f = expected;
    Object instance = construct();

    double value = (double) invoke(instance, "value", inputs);
    if (!close(expected, value, VALUE_TOLERANCE + eta)) {
      return new Verdict(Verdict.Kind.VALUE, "value() = " + value + ", annotated method = " + expected);
    }
    margins.value = Math.max(margins.value, Math.abs(value - expected) / Math.max(1, Math.abs(expected)));
    Object result = invoke(instance, "gradient", inputs);
    RecordComponent[] components = result.getClass().getRecordComponents();
    List<String> wrt = method.wrtNames();
    if (components.length != wrt.size() + 1) {
      return new Verdict(Verdict.Kind.CONTRACT, "Result has " + components.length + " components for wrt " + wrt);
    }
    double resultValue = (double) component(result, components[0]);
    if (!close(expected, resultValue, VALUE_TOLERANCE + eta)) {
      return new Verdict(Verdict.Kind.VALUE, "Result.value = " + resultValue + ", annotated method = " + expected);
    }
    List<Object> gradients = new ArrayList<>();
    // A misnamed component is reported last, so that its gradient is still checked.
    Verdict naming = Verdict.PASS;
    for (int w = 0; w < wrt.size(); w++) {
      if (!components[w + 1].getName().equals("d" + wrt.get(w)) && naming == Verdict.PASS) {
        naming = new Verdict(Verdict.Kind.CONTRACT, "Result component " + (w + 1) + " is "
            + components[w + 1].getName() + ", expected d" + wrt.get(w));
      }
      Object g = component(result, components[w + 1]);
      gradients.add(g);
      Verdict v = checkGradient(inputs, index(wrt.get(w)), g);
      if (v != Verdict.PASS) {
        return v;
      }
    }
    Verdict buffers = checkBufferOverload(instance, inputs, resultValue, gradients);
    if (buffers != Verdict.PASS) {
      return buffers;
    }
    Verdict state = checkNoStateBetweenCalls(instance, inputs);
    if (state != Verdict.PASS) {
      return state;
    }
    for (int i = 0; i < inputs.length; i++) {
      if (!java.util.Objects.deepEquals(pristine[i], inputs[i])) {
        return new Verdict(Verdict.Kind.BUFFER, "argument " + method.params().get(i).name() + " was modified");
      }
    }
    return naming;
  }

  /** Checks the gradient of one wrt parameter entry by entry (shape first for a matrix). */
  private Verdict checkGradient(Object[] inputs, int index, Object gradient) {
    Param p = method.params().get(index);
    if (!p.matrix()) {
      double g = (double) gradient;
      return compare(inputs, index, -1, g, "d" + p.name(), Math.abs(g), STEP);
    }
    Matrix x = (Matrix) inputs[index];
    Matrix g = (Matrix) gradient;
    if (g.rows() != x.rows() || g.cols() != x.cols()) {
      return new Verdict(Verdict.Kind.GRADIENT, "d" + p.name() + " is " + g.rows() + "x" + g.cols()
          + " for a " + x.rows() + "x" + x.cols() + " parameter");
    }
    double largest = 0;
    for (double v : g.data()) {
      largest = Math.max(largest, Math.abs(v));
    }
    double kappa = p.condition(method.dims(), point);
    double step = kappa > 0 ? ILL_STEP / Math.sqrt(kappa) : STEP;
    for (int e = 0; e < x.data().length; e++) {
      Verdict v = compare(inputs, index, e, g.data()[e], "d" + p.name() + "[" + e / x.cols() + "][" + e % x.cols() + "]",
          largest, step);
      if (v != Verdict.PASS) {
        return v;
      }
    }
    return Verdict.PASS;
  }

  /**
   * Compares one gradient entry ({@code entry} −1 for a double parameter) with finite differences
   * at step h; {@code largest} is the largest magnitude in that gradient.
   */
  private Verdict compare(Object[] inputs, int index, int entry, double g, String what, double largest, double h) {
    double fd = difference(inputs, index, entry, h);
    double ratio = Math.abs(fd - g) / allowed(fd, largest, h);
    if (ratio <= 0.1) {
      recordMargin(ratio, what);
      return Verdict.PASS;
    }
    // Close to or beyond the tolerance: look harder before judging either way.
    double coarse = difference(inputs, index, entry, 2 * h);
    double fine = difference(inputs, index, entry, h / 2);
    // The stencil's error is c·h⁴ + …; extrapolating pairs of step sizes cancels the h⁴ term.
    // Where both extrapolations agree the limit is known well, even if each difference is not.
    double limit = (16 * fine - fd) / 15;
    double coarseLimit = (16 * fd - coarse) / 15;
    // The finer limit's own error is about |limit − coarseLimit| / 63 (the next term is h⁶).
    if (!(Math.abs(limit - coarseLimit) <= allowed(limit, largest, h))) {
      if (ratio <= 1) {
        recordMargin(ratio, what);
        return Verdict.PASS;
      }
      return new Verdict(Verdict.Kind.UNRELIABLE, what + " = " + g + "; differences at 2h, h, h/2: "
          + coarse + ", " + fd + ", " + fine + (eta > 0 ? " (h = " + h + ", ill-conditioned)" : ""));
    }
    double limitRatio = Math.abs(limit - g) / allowed(limit, largest, h);
    if (limitRatio <= 1) {
      recordMargin(limitRatio, what);
      return Verdict.PASS;
    }
    return new Verdict(Verdict.Kind.GRADIENT, what + " = " + g + ", finite differences " + fd
        + " (extrapolated " + limit + ")" + (eta > 0 ? "; allowed error " + allowed(limit, largest, h)
        + " for condition number " + method.illCondition(point)[0] : ""));
  }

  /**
   * The error allowed between a gradient entry and an estimate of it: 10⁻⁶·max(1, |estimate|),
   * plus, with ill-conditioned inputs, η·(1.5·max(1, |f|)/h + largest) (see the class comment).
   */
  private double allowed(double estimate, double largest, double h) {
    return GRADIENT_TOLERANCE * Math.max(1, Math.abs(estimate))
        + eta * (1.5 * Math.max(1, Math.abs(f)) / h + largest);
  }

  private void recordMargin(double ratio, String what) {
    if (ratio > margins.gradient) {
      margins.gradient = ratio;
      margins.gradientAt = margins.current + " " + what;
    }
  }

  /**
   * The five-point central difference of the annotated method in one input entry; the inputs
   * are copied, never changed.
   */
  private double difference(Object[] inputs, int index, int entry, double h) {
    double[] f = new double[4];
    double[] offsets = {-2, -1, 1, 2};
    for (int k = 0; k < 4; k++) {
      Object[] args = inputs.clone();
      if (entry < 0) {
        args[index] = (double) inputs[index] + offsets[k] * h;
      } else {
        Matrix m = ((Matrix) inputs[index]).copy();
        m.data()[entry] += offsets[k] * h;
        args[index] = m;
      }
      f[k] = reference(args);
    }
    return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
  }

  /**
   * The buffer overload must overwrite its outputs (they start as NaN, so any accumulation or
   * skipped entry shows) with exactly the allocating overload's numbers.
   */
  private Verdict checkBufferOverload(Object instance, Object[] inputs, double value, List<Object> gradients) {
    Object[] args = Arrays.copyOf(inputs, inputs.length + gradients.size());
    for (int w = 0; w < gradients.size(); w++) {
      if (gradients.get(w) instanceof Matrix g) {
        Matrix buffer = Matrix.zeros(g.rows(), g.cols());
        Arrays.fill(buffer.data(), Double.NaN);
        args[inputs.length + w] = buffer;
      } else {
        args[inputs.length + w] = new double[] {Double.NaN};
      }
    }
    double v = (double) invoke(instance, "gradient", args);
    if (Double.compare(v, value) != 0) {
      return new Verdict(Verdict.Kind.BUFFER, "buffer overload returned " + v + ", Result.value " + value);
    }
    for (int w = 0; w < gradients.size(); w++) {
      Object out = args[inputs.length + w];
      boolean same = out instanceof Matrix m
          ? Arrays.equals(m.data(), ((Matrix) gradients.get(w)).data())
          : Double.compare(((double[]) out)[0], (double) gradients.get(w)) == 0;
      if (!same) {
        return new Verdict(Verdict.Kind.BUFFER, "buffer overload gradient " + w + " differs from Result");
      }
    }
    return Verdict.PASS;
  }

  /**
   * An instance keeps scratch buffers between calls: at slightly different inputs, the instance
   * used above must give bit for bit what a fresh instance gives.
   */
  private Verdict checkNoStateBetweenCalls(Object used, Object[] inputs) {
    Object[] moved = copies(inputs);
    for (int k = 0; k < moved.length; k++) {
      if (moved[k] instanceof Matrix m) {
        double[] d = m.data();
        // An ill-conditioned matrix is scaled as a whole: moving its entries apart by 10⁻³ could
        // make it singular, scaling keeps its condition number.
        boolean ill = method.params().get(k).role().ill();
        for (int i = 0; i < d.length; i++) {
          d[i] *= ill ? 1.001 : 1 + 1e-3 * ((i % 3) - 1);
        }
      }
    }
    Object again = invoke(used, "gradient", moved);
    Object fresh = invoke(construct(), "gradient", moved);
    if (!again.equals(fresh)) {
      return new Verdict(Verdict.Kind.BUFFER, "a used instance and a fresh one disagree at new inputs: "
          + again + " vs " + fresh);
    }
    return Verdict.PASS;
  }

  private int index(String name) {
    for (int i = 0; i < method.params().size(); i++) {
      if (method.params().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  /** |expected − actual| ≤ tol·max(1, |expected|): relative above 1, absolute below. */
  private static boolean close(double expected, double actual, double tol) {
    return Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected));
  }

  private double reference(Object[] args) {
    try {
      return (double) reference.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("the annotated method threw at inputs the evaluator accepted", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  private Object construct() {
    try {
      return generated.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new GeneratedCodeThrew("constructor threw " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new GeneratedCodeThrew("no public constructor: " + e);
    }
  }

  /** Calls a public method of the generated class by name and arity; what it throws is a verdict. */
  private Object invoke(Object instance, String name, Object[] args) {
    for (Method m : generated.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        try {
          return m.invoke(instance, args);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          StackTraceElement[] at = cause.getStackTrace();
          throw new GeneratedCodeThrew(name + " threw " + cause + (at.length > 0 ? " at " + at[0] : ""));
        } catch (IllegalAccessException | IllegalArgumentException e) {
          throw new GeneratedCodeThrew(name + ": " + e);
        }
      }
    }
    throw new GeneratedCodeThrew("no method " + name + "/" + args.length);
  }

  private static Object component(Object record, RecordComponent c) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new GeneratedCodeThrew("accessor " + c.getName() + ": " + e);
    }
  }

  private static Object[] copies(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Matrix m) {
        out[i] = m.copy();
      } else if (out[i] instanceof int[] a) {
        out[i] = a.clone();
      }
    }
    return out;
  }

  /** The generated code failed where it should have run. */
  private static final class GeneratedCodeThrew extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GeneratedCodeThrew(String message) {
      super(message, null, false, false);
    }
  }
}
