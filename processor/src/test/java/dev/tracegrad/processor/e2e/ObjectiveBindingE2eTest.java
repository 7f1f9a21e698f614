package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code objective(...)} evaluates the data prologue's statements on data once, when it binds
 * the data, and those on a wrt parameter's shape on every call (e2e/losses/example/Bound.java:
 * {@code Matrix Xc = centred(X)} once, {@code int k = W.cols()} per call), against the closed
 * forms of the loss, its gradient and its Hessian-vector product.
 */
class ObjectiveBindingE2eTest {
  private static final ProcessorRun RUN = compile();
  private static final double LAMBDA = 0.3;

  private final Random rnd = new Random(17);
  private final Matrix x = Numeric.random(7, 3, rnd);
  private final Matrix y = Numeric.random(7, 1, rnd);

  private static ProcessorRun compile() {
    ProcessorRun run = ProcessorRun.compile(List.of(), ProcessorRun.source("Bound"));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  @BeforeEach
  void resetCounter() throws Exception {
    RUN.load("Bound").getField("centredCalls").setInt(null, 0);
  }

  private static int centredCalls() throws Exception {
    return RUN.load("Bound").getField("centredCalls").getInt(null);
  }

  private static Object instance() throws Exception {
    return RUN.load("BoundCentredRidgeGradient").getConstructor().newInstance();
  }

  private static Object call(Object instance, String name, Object... args) throws Exception {
    for (Method m : instance.getClass().getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        return m.invoke(instance, args);
      }
    }
    throw new AssertionError("no " + name + " with " + args.length + " parameters");
  }

  /** The columns of X minus their means, as the loss's data helper computes them. */
  private Matrix centred() {
    Matrix out = Matrix.zeros(x.rows(), x.cols());
    for (int j = 0; j < x.cols(); j++) {
      double mean = 0;
      for (int i = 0; i < x.rows(); i++) {
        mean += x.get(i, j);
      }
      mean /= x.rows();
      for (int i = 0; i < x.rows(); i++) {
        out.set(i, j, x.get(i, j) - mean);
      }
    }
    return out;
  }

  /** 1/(2mk) ‖Xc W − y𝟏ᵀ‖² + λ/k ‖W‖², k the columns of W. */
  private double loss(Matrix w) {
    Matrix xc = centred();
    int m = x.rows();
    int k = w.cols();
    double fit = 0;
    double penalty = 0;
    for (int j = 0; j < k; j++) {
      for (int i = 0; i < m; i++) {
        double r = -y.get(i, 0);
        for (int l = 0; l < xc.cols(); l++) {
          r += xc.get(i, l) * w.get(l, j);
        }
        fit += r * r;
      }
      for (int l = 0; l < w.rows(); l++) {
        penalty += w.get(l, j) * w.get(l, j);
      }
    }
    return 0.5 / (m * k) * fit + LAMBDA / k * penalty;
  }

  /** H·V = XcᵀXc V/(mk) + 2λV/k: the loss is quadratic in W. */
  private Matrix hessianTimes(Matrix v) {
    Matrix xc = centred();
    int mk = x.rows() * v.cols();
    Matrix out = Matrix.zeros(v.rows(), v.cols());
    for (int a = 0; a < v.rows(); a++) {
      for (int j = 0; j < v.cols(); j++) {
        double s = 0;
        for (int b = 0; b < v.rows(); b++) {
          double gram = 0;
          for (int i = 0; i < x.rows(); i++) {
            gram += xc.get(i, a) * xc.get(i, b);
          }
          s += gram * v.get(b, j);
        }
        out.set(a, j, s / mk + 2 * LAMBDA * v.get(a, j) / v.cols());
      }
    }
    return out;
  }

  @Test
  void dataStatementsRunOnceForManyCalls() throws Exception {
    Object gen = instance();
    Objective f = (Objective) call(gen, "objective", x, y, LAMBDA);
    assertEquals(1, centredCalls(), "centred(X) runs when objective(...) binds the data");
    Matrix w = Numeric.random(3, 2, rnd);
    Matrix v = Numeric.random(3, 2, rnd);
    Matrix[] g = {Matrix.zeros(3, 2)};
    Matrix[] hv = {Matrix.zeros(3, 2)};
    for (int i = 0; i < 10; i++) {
      assertEquals(loss(w), f.value(new Matrix[] {w}), 1e-12);
      assertEquals(loss(w), f.gradient(new Matrix[] {w}, g), 1e-12);
      f.hvp(new Matrix[] {w}, new Matrix[] {v}, hv);
    }
    assertEquals(1, centredCalls(), "30 objective calls run no data statement again");
    // the class's own methods still evaluate the data on every call
    double own = (double) call(gen, "value", w, x, y, LAMBDA);
    call(gen, "gradient", w, x, y, LAMBDA);
    assertEquals(3, centredCalls());
    assertEquals(own, f.value(new Matrix[] {w}), 0.0, "the same bits as the class's value");
  }

  @Test
  void shapeStatementsSeeEachCallsVariables() throws Exception {
    Objective f = (Objective) call(instance(), "objective", x, y, LAMBDA);
    for (int k : new int[] {1, 3, 2}) {
      Matrix w = Numeric.random(3, k, rnd);
      Matrix v = Numeric.random(3, k, rnd);
      assertEquals(loss(w), f.value(new Matrix[] {w}), 1e-12, "k = " + k);
      Matrix[] g = {Matrix.zeros(3, k)};
      f.gradient(new Matrix[] {w}, g);
      double h = 1e-6;
      for (int a = 0; a < 3; a++) {
        for (int j = 0; j < k; j++) {
          Matrix up = w.copy();
          Matrix down = w.copy();
          up.set(a, j, w.get(a, j) + h);
          down.set(a, j, w.get(a, j) - h);
          double central = (loss(up) - loss(down)) / (2 * h);
          assertEquals(central, g[0].get(a, j), 1e-7, "dW[" + a + "," + j + "], k = " + k);
        }
      }
      Matrix[] hv = {Matrix.zeros(3, k)};
      f.hvp(new Matrix[] {w}, new Matrix[] {v}, hv);
      Matrix expected = hessianTimes(v);
      for (int a = 0; a < 3; a++) {
        for (int j = 0; j < k; j++) {
          assertEquals(expected.get(a, j), hv[0].get(a, j), 1e-12, "hW[" + a + "," + j + "], k = " + k);
        }
      }
    }
    assertEquals(1, centredCalls());
  }

  @Test
  void dataExceptionsSurfaceAtBinding() throws Exception {
    Matrix oneRow = Numeric.random(1, 3, rnd);
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> call(instance(), "objective", oneRow, Numeric.random(1, 1, rnd), LAMBDA));
    IllegalArgumentException cause = assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertEquals("centred needs 2 rows or more, X has 1", cause.getMessage());
  }

  @Test
  void shapeErrorsOfACallNameTheVariable() throws Exception {
    Objective f = (Objective) call(instance(), "objective", x, y, LAMBDA);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.value(new Matrix[] {Numeric.random(4, 2, rnd)}));
    assertEquals("mul(Xc, W): Xc is 7×3 but W is 4×2 (columns of Xc must equal rows of W)",
        e.getMessage());
  }
}
