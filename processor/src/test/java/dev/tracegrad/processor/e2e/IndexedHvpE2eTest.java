package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products through pick and gatherCols (their tangents are the same index ops):
 * Indexed.java compiled with {@code hvp = true}; the embedding loss, quadratic in E, against its
 * closed form, and the digits network against central differences of the generated gradient.
 */
class IndexedHvpE2eTest {
  private static final ProcessorRun RUN = compile();
  private final Random rnd = new Random(2027);

  private static ProcessorRun compile() {
    String source;
    try {
      source = ProcessorRun.source("Indexed").getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    String withHvp = source.replaceAll("@Differentiable\\(([^)]*)\\)", "@Differentiable($1, hvp = true)");
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Indexed", withHvp));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  private static Object call(Object instance, String name, Object... args) throws Exception {
    for (Method m : instance.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        return m.invoke(instance, args);
      }
    }
    throw new AssertionError("no method " + name + "/" + args.length);
  }

  private static Object instance(String simpleName) throws Exception {
    return RUN.load(simpleName).getConstructor().newInstance();
  }

  @Test
  void anEmbeddingLookupHasTheHessianScatterAddOfGatherCols() throws Exception {
    Object g = instance("IndexedEmbedGradient");
    Matrix E = Numeric.random(3, 5, rnd);
    Matrix Y = Numeric.random(3, 4, rnd);
    int[] ids = {4, 1, 4, 0};
    Matrix V = Numeric.random(3, 5, rnd);
    // l = ½‖E S − Y‖², S the selection of ids: H·V = scatterAdd(gatherCols(V)), so column c of
    // H·V is (how often ids names c) · V[:, c]: twice for 4, once for 0 and 1, never for 2, 3
    int[] count = {1, 1, 0, 0, 2};
    Object[] hv = HvpHarness.components(call(g, "hvp", E, Y, ids, V));
    Matrix h = (Matrix) hv[2];
    for (int i = 0; i < 3; i++) {
      for (int c = 0; c < 5; c++) {
        assertEquals(count[c] * V.get(i, c), h.get(i, c), 1e-15, "H·V at (" + i + ", " + c + ")");
      }
    }
  }

  @Test
  void theDigitsNetworkWithClassIndicesMatchesCentralDifferences() throws Exception {
    Object g = instance("IndexedDigitsGradient");
    Matrix X = Numeric.random(4, 6, rnd);
    int[] labels = {2, 0, 1, 1, 2, 0};
    Objective f = (Objective) call(g, "objective", X, labels);
    assertTrue(f.hasHvp());
    Matrix[] x = {Numeric.random(5, 4, rnd), Numeric.random(5, 1, rnd), Numeric.random(3, 5, rnd),
        Numeric.random(3, 1, rnd)};
    Matrix[] v = {Numeric.random(5, 4, rnd), Numeric.random(5, 1, rnd), Numeric.random(3, 5, rnd),
        Numeric.random(3, 1, rnd)};
    GradientCheck.Report[] reports = GradientCheck.checkHvp(f, x, v);
    for (int k = 0; k < reports.length; k++) {
      assertTrue(reports[k].passes(1e-6), "H·v for wrt " + k + ": " + reports[k]);
    }
  }
}
