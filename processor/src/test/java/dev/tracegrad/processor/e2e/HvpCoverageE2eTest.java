package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Hessian-vector products for every op of the DSL: the losses of {@code Coverage.java} (at least
 * one per op), compiled with {@code hvp = true} added to each annotation. For each, at random
 * points away from kinks: H·v against central differences of the generated gradient along v
 * (through {@code objective(...)} and {@link GradientCheck#checkHvp}), the buffer overload against
 * the allocating one bit for bit, and the record's gradients against {@code gradient(...)}.
 */
class HvpCoverageE2eTest {
  private static final ProcessorRun RUN = compile();

  /** Coverage.java with {@code hvp = true} on every {@code @Differentiable}. */
  private static ProcessorRun compile() {
    String source;
    try {
      source = ProcessorRun.source("Coverage").getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String withHvp = source.replaceAll("@Differentiable\\(([^)]*)\\)", "@Differentiable($1, hvp = true)")
        .replaceAll("@Differentiable\\n", "@Differentiable(hvp = true)\n");
    assertEquals(count(source, "@Differentiable"), count(withHvp, "hvp = true"),
        "every annotation of Coverage.java asks for hvp");
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Coverage", withHvp));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  private static int count(String text, String what) {
    return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
  }

  /** A loss of Coverage.java: its arguments in declaration order and which are wrt. */
  private record Case(String method, Object[] args, boolean[] wrt) {}

  private static Matrix random(int r, int c, Random rnd) {
    return Matrix.random(r, c, rnd);
  }

  /** Entries in [0.5, 2): away from 0 for log, sqrt, pow, division. */
  private static Matrix positive(int r, int c, Random rnd) {
    Matrix m = Matrix.zeros(r, c);
    for (int k = 0; k < m.data().length; k++) {
      m.data()[k] = 0.5 + 1.5 * rnd.nextDouble();
    }
    return m;
  }

  /** Well-conditioned: 3I + a small random matrix. */
  private static Matrix invertible(int n, Random rnd) {
    return Ops.add(Ops.scale(3, Matrix.identity(n)), Ops.scale(0.3, random(n, n, rnd)));
  }

  private static final boolean T = true;
  private static final boolean F = false;

  static List<Case> cases(Random rnd) {
    List<Case> c = new ArrayList<>();
    c.add(new Case("addSub", new Object[] {random(3, 4, rnd), random(3, 4, rnd), random(3, 4, rnd)}, new boolean[] {T, T, T}));
    c.add(new Case("negScale", new Object[] {random(2, 3, rnd), random(2, 3, rnd), 1.75}, new boolean[] {T, F, T}));
    c.add(new Case("productOfTransposed", new Object[] {random(3, 2, rnd), random(3, 4, rnd)}, new boolean[] {T, T}));
    c.add(new Case("hadamardDiv", new Object[] {random(3, 3, rnd), positive(3, 3, rnd)}, new boolean[] {T, T}));
    for (String m : List.of("exps", "sigmoids", "tanhs", "relus", "softpluses", "squares", "abses", "sines",
        "cosines", "softmaxes", "logSoftmaxes")) {
      c.add(new Case(m, new Object[] {random(3, 4, rnd), random(3, 4, rnd)}, new boolean[] {T, F}));
    }
    for (String m : List.of("logs", "sqrts")) {
      c.add(new Case(m, new Object[] {positive(3, 4, rnd), random(3, 4, rnd)}, new boolean[] {T, F}));
    }
    c.add(new Case("powers", new Object[] {positive(3, 4, rnd), random(3, 4, rnd), 2.5}, new boolean[] {T, F, F}));
    c.add(new Case("bias", new Object[] {random(3, 4, rnd), random(3, 1, rnd)}, new boolean[] {T, T}));
    c.add(new Case("rowAndColumnSums", new Object[] {random(3, 4, rnd), random(3, 1, rnd), random(1, 4, rnd)},
        new boolean[] {T, F, F}));
    c.add(new Case("traceOfInverseTimes", new Object[] {invertible(3, rnd), random(3, 3, rnd)}, new boolean[] {T, T}));
    c.add(new Case("determinant", new Object[] {invertible(3, rnd)}, new boolean[] {T}));
    c.add(new Case("logDeterminant", new Object[] {invertible(3, rnd)}, new boolean[] {T}));
    c.add(new Case("traceAndSum", new Object[] {random(3, 3, rnd), random(2, 4, rnd)}, new boolean[] {T, T}));
    c.add(new Case("quadraticForm", new Object[] {random(3, 1, rnd), random(3, 3, rnd)}, new boolean[] {T, T}));
    c.add(new Case("scalarExpressions", new Object[] {random(3, 3, rnd), random(2, 2, rnd), 0.7}, new boolean[] {T, T, T}));
    return c;
  }

  @Test
  void everyLossOfCoverageIsCovered() throws Exception {
    Class<?> user = RUN.load("Coverage");
    List<String> annotated = new ArrayList<>();
    for (Method m : user.getDeclaredMethods()) {
      if (m.getName().indexOf('$') < 0 && java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
        annotated.add(m.getName());
      }
    }
    List<String> covered = cases(new Random(1)).stream().map(Case::method).toList();
    assertEquals(new java.util.TreeSet<>(annotated), new java.util.TreeSet<>(covered));
  }

  @TestFactory
  Stream<DynamicTest> hessianVectorProductsMatchCentralDifferencesOfTheGradient() {
    return cases(new Random(31)).stream().map(c -> DynamicTest.dynamicTest(c.method(), () -> {
      for (long seed = 1; seed <= 3; seed++) {
        check(c, new Random(seed));
      }
    }));
  }

  private static void check(Case c, Random rnd) throws Exception {
    Generated g = new Generated(generatedName(c.method()));
    List<Object> data = new ArrayList<>();
    List<Matrix> x = new ArrayList<>();
    List<Object> directions = new ArrayList<>();
    for (int i = 0; i < c.args().length; i++) {
      Object a = c.args()[i];
      if (!c.wrt()[i]) {
        data.add(a);
      } else if (a instanceof Matrix m) {
        x.add(m);
        directions.add(random(m.rows(), m.cols(), rnd));
      } else {
        x.add(Matrix.of(1, 1, (Double) a));
        directions.add(rnd.nextGaussian());
      }
    }
    // H·v against central differences of the generated gradient
    Objective f = (Objective) g.call("objective", data.toArray());
    assertTrue(f.hasHvp());
    Matrix[] v = directions.stream().map(d -> d instanceof Matrix m ? m : Matrix.of(1, 1, (Double) d))
        .toArray(Matrix[]::new);
    GradientCheck.Report[] reports = GradientCheck.checkHvp(f, x.toArray(Matrix[]::new), v);
    for (int k = 0; k < reports.length; k++) {
      assertTrue(reports[k].passes(1e-6), c.method() + " H·v for wrt " + k + ": " + reports[k]);
    }

    // the record: gradients as gradient(...) gives them, H·v as the objective gave it
    List<Object> args = new ArrayList<>(List.of(c.args()));
    args.addAll(directions);
    Object hvp = g.call("hvp", args.toArray());
    Object result = g.call("gradient", c.args());
    Object[] hv = components(hvp);
    Object[] grad = components(result);
    int n = x.size();
    assertEquals(1 + 2 * n, hv.length);
    assertEquals((double) grad[0], (double) hv[0], 1e-12 * Math.max(1, Math.abs((double) grad[0])), "value");
    for (int k = 0; k < n; k++) {
      assertClose(grad[1 + k], hv[1 + k], 1e-12, c.method() + " gradient " + k);
    }

    // the buffer overload: the same bits, overwriting whatever the buffers held
    List<Object> buffered = new ArrayList<>(args);
    List<Object> outputs = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      Object h = hv[1 + n + k];
      Object out = h instanceof Matrix m ? Matrix.random(m.rows(), m.cols(), rnd) : new double[] {rnd.nextGaussian(), 7};
      outputs.add(out);
    }
    buffered.addAll(outputs);
    double value = (double) g.call("hvp", buffered.toArray());
    assertEquals(Double.doubleToRawLongBits((double) hv[0]), Double.doubleToRawLongBits(value));
    for (int k = 0; k < n; k++) {
      Object h = hv[1 + n + k];
      if (h instanceof Matrix m) {
        assertBits(m.data(), ((Matrix) outputs.get(k)).data(), c.method() + " buffer H·v " + k);
      } else {
        double[] a = (double[]) outputs.get(k);
        assertEquals(Double.doubleToRawLongBits((Double) h), Double.doubleToRawLongBits(a[0]));
        assertEquals(7.0, a[1], "only element 0 is written");
      }
    }
  }

  static void assertBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          what + " entry " + i + ": " + expected[i] + " vs " + actual[i]);
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

  static Object[] components(Object record) throws Exception {
    RecordComponent[] rc = record.getClass().getRecordComponents();
    Object[] out = new Object[rc.length];
    for (int i = 0; i < rc.length; i++) {
      out[i] = rc[i].getAccessor().invoke(record);
    }
    return out;
  }

  static String generatedName(String method) {
    return "Coverage" + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
  }

  /** An instance of a generated class of {@link #RUN}, its public methods called by name and arity. */
  static final class Generated {
    final Object instance;
    private final Map<String, Method> methods = new LinkedHashMap<>();

    Generated(String simpleName) throws Exception {
      this(RUN, simpleName);
    }

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
