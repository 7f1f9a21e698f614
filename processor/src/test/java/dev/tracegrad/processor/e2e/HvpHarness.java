package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One losses file of {@code e2e/losses/example} compiled with {@code hvp = true} added to every
 * {@code @Differentiable}, and the end-to-end check of a loss's generated {@code hvp(...)}: H·v
 * against central differences of the generated gradient along v (through {@code objective(...)}
 * and {@link GradientCheck#checkHvp}), the record's gradients against {@code gradient(...)}, and
 * the buffer overload against the allocating one bit for bit. Data parameters may be of any type.
 */
final class HvpHarness {
  /** A call of a loss: its arguments by name in declaration order, and its wrt names in wrt order. */
  record Case(String method, List<String> wrt, Args args) {
    Object[] values() {
      return args.values();
    }

    boolean isWrt(int i) {
      for (String w : wrt) {
        if (args.index(w) == i) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code loss("norms", List.of("A", "s"), "A", a, "s", 1.7)}. */
  static Case loss(String method, List<String> wrt, Object... nameValuePairs) {
    return new Case(method, wrt, Args.args(nameValuePairs));
  }

  final String file;
  final String source;
  final ProcessorRun run;

  HvpHarness(String file) {
    this.file = file;
    try {
      source = ProcessorRun.source(file).getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String withHvp = source.replaceAll("@Differentiable\\(([^)]*)\\)", "@Differentiable($1, hvp = true)")
        .replaceAll("@Differentiable\\n", "@Differentiable(hvp = true)\n");
    assertEquals(count(source, "@Differentiable"), count(withHvp, "hvp = true"),
        "every annotation of " + file + ".java asks for hvp");
    run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example." + file, withHvp));
    assertThat(run.compilation).succeededWithoutWarnings();
  }

  private static int count(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  /** The annotated methods of the file, read from its source (helpers are static methods too). */
  TreeSet<String> annotatedMethods() {
    Matcher m = Pattern.compile("@Differentiable(\\([^)]*\\))?\\s*\\n\\s*static\\s+\\S+\\s+(\\w+)\\(")
        .matcher(source);
    TreeSet<String> names = new TreeSet<>();
    while (m.find()) {
      names.add(m.group(2));
    }
    assertEquals(count(source, "@Differentiable"), names.size(), "an annotated method not found");
    return names;
  }

  void assertEveryLossIsCovered(List<Case> cases) {
    assertEquals(annotatedMethods(), new TreeSet<>(cases.stream().map(Case::method).toList()));
  }

  Generated generated(String method) throws Exception {
    return new Generated(run, file + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient");
  }

  /** The record {@code hvp(args..., directions...)} as an array of its components. */
  Object[] hvp(Case c, Object... directions) throws Exception {
    List<Object> args = new ArrayList<>(List.of(c.values()));
    args.addAll(List.of(directions));
    return components(generated(c.method()).call("hvp", args.toArray()));
  }

  /** The full check at the case's point along random directions from {@code rnd}. */
  void check(Case c, Random rnd) throws Exception {
    check(c, rnd, 1e-6);
  }

  /** The full check, H·v against central differences to {@code tol} (GradientCheck's error measure). */
  void check(Case c, Random rnd, double tol) throws Exception {
    Generated g = generated(c.method());
    Object[] values = c.values();
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (!c.isWrt(i)) {
        data.add(values[i]);
      }
    }
    List<Matrix> x = new ArrayList<>();
    List<Object> directions = new ArrayList<>();
    for (String w : c.wrt()) {
      Object a = values[c.args().index(w)];
      if (a instanceof Matrix m) {
        x.add(m);
        directions.add(Matrix.random(m.rows(), m.cols(), rnd));
      } else {
        x.add(Matrix.of(1, 1, (Double) a));
        directions.add(rnd.nextGaussian());
      }
    }
    String what = file + "." + c.method();
    // H·v against central differences of the generated gradient
    Objective f = (Objective) g.call("objective", data.toArray());
    assertTrue(f.hasHvp());
    Matrix[] v = directions.stream().map(d -> d instanceof Matrix m ? m : Matrix.of(1, 1, (Double) d))
        .toArray(Matrix[]::new);
    GradientCheck.Report[] reports = GradientCheck.checkHvp(f, x.toArray(Matrix[]::new), v);
    for (int k = 0; k < reports.length; k++) {
      assertTrue(reports[k].passes(tol), what + " H·v for " + c.wrt().get(k) + ": " + reports[k]);
    }

    // the record: gradients as gradient(...) gives them
    List<Object> args = new ArrayList<>(List.of(values));
    args.addAll(directions);
    Object[] hv = components(g.call("hvp", args.toArray()));
    Object[] grad = components(g.call("gradient", values));
    int n = x.size();
    assertEquals(1 + 2 * n, hv.length);
    assertEquals((double) grad[0], (double) hv[0], 1e-12 * Math.max(1, Math.abs((double) grad[0])), what + " value");
    for (int k = 0; k < n; k++) {
      assertClose(grad[1 + k], hv[1 + k], 1e-12, what + " gradient " + c.wrt().get(k));
    }

    // the buffer overload: the same bits, overwriting whatever the buffers held
    List<Object> buffered = new ArrayList<>(args);
    List<Object> outputs = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Object h = hv[1 + n + k];
      outputs.add(h instanceof Matrix m ? Matrix.random(m.rows(), m.cols(), rnd) : new double[] {rnd.nextGaussian(), 7});
    }
    buffered.addAll(outputs);
    double value = (double) g.call("hvp", buffered.toArray());
    assertEquals(Double.doubleToRawLongBits((double) hv[0]), Double.doubleToRawLongBits(value), what + " value bits");
    for (int k = 0; k < n; k++) {
      Object h = hv[1 + n + k];
      if (h instanceof Matrix m) {
        assertBits(m.data(), ((Matrix) outputs.get(k)).data(), what + " buffer H·v " + k);
      } else {
        double[] a = (double[]) outputs.get(k);
        assertEquals(Double.doubleToRawLongBits((Double) h), Double.doubleToRawLongBits(a[0]), what + " buffer H·v " + k);
        assertEquals(7.0, a[1], "only element 0 is written");
      }
    }
  }

  private static void assertClose(Object expected, Object actual, double tol, String what) {
    if (expected instanceof Matrix e) {
      Matrix a = (Matrix) actual;
      for (int i = 0; i < e.data().length; i++) {
        assertEquals(e.data()[i], a.data()[i], tol * Math.max(1, Math.abs(e.data()[i])), what);
      }
    } else {
      assertEquals((double) expected, (double) actual, tol * Math.max(1, Math.abs((double) expected)), what);
    }
  }

  static void assertBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          what + " entry " + i + ": " + expected[i] + " vs " + actual[i]);
    }
  }

  static Object[] components(Object record) throws Exception {
    RecordComponent[] rc = record.getClass().getRecordComponents();
    Object[] out = new Object[rc.length];
    for (int i = 0; i < rc.length; i++) {
      out[i] = rc[i].getAccessor().invoke(record);
    }
    return out;
  }

  /** An instance of a generated class, its public methods called by name and arity. */
  static final class Generated {
    final Object instance;
    private final Map<String, Method> methods = new LinkedHashMap<>();

    Generated(ProcessorRun run, String simpleName) throws Exception {
      Class<?> c = run.load(simpleName);
      instance = c.getConstructor().newInstance();
      for (Method m : c.getMethods()) {
        methods.put(m.getName() + "/" + m.getParameterCount(), m);
      }
    }

    Object call(String name, Object... args) throws Exception {
      Method m = methods.get(name + "/" + args.length);
      if (m == null) {
        throw new AssertionError("no public " + name + " with " + args.length + " parameters");
      }
      try {
        return m.invoke(instance, args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof Exception x) {
          throw x;
        }
        throw e;
      }
    }

    /** Calls and returns what it throws, failing if it returns. */
    <X extends Throwable> X fails(Class<X> type, String name, Object... args) {
      try {
        call(name, args);
      } catch (Throwable t) {
        if (type.isInstance(t)) {
          return type.cast(t);
        }
        throw new AssertionError("expected " + type.getSimpleName() + " but got " + t, t);
      }
      throw new AssertionError("expected " + type.getSimpleName() + " from " + name);
    }
  }
}
