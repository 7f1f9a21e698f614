package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.OptimResult;
import dev.tracegrad.optim.Status;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every generated class's {@code objective(...)}: the data bound, the wrt parameters as variables
 * in wrt order (a {@code double} as a 1×1 matrix), value and gradient those of the class itself,
 * and a fit with the runtime's optimizer reaching the closed-form minimum.
 */
class ObjectiveE2eTest {
  private static final ProcessorRun RUN = compile();

  private static ProcessorRun compile() {
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Fits", """
        package example;

        import static dev.tracegrad.Ops.*;

        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;

        class Fits {
          /** Ridge regression: ½‖Ax − b‖² + ½λ‖x‖². */
          @Differentiable(wrt = "x")
          static double ridge(Matrix A, Matrix x, Matrix b, double lambda) {
            return 0.5 * sumsq(sub(mul(A, x), b)) + 0.5 * lambda * sumsq(x);
          }

          /** Names that obscure what objective() calls: the package root dev, its classes' names. */
          @Differentiable(wrt = {"s", "dev"})
          static double hostile(Matrix dev, double s, Matrix Variables, Matrix Objective) {
            return sumsq(sub(scale(s, dev), Variables)) + sum(softplus(Objective));
          }

          /** ‖W − C‖² + (s − t)², a double variable first in wrt order. */
          @Differentiable(wrt = {"s", "W"})
          static double shifted(Matrix W, Matrix C, double s, double t) {
            return sumsq(sub(W, C)) + (s - t) * (s - t);
          }
        }
        """));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  private static Objective objective(String generated, Object... data) throws Exception {
    Class<?> c = RUN.load(generated);
    Object instance = c.getConstructor().newInstance();
    for (var m : c.getMethods()) {
      if (m.getName().equals("objective")) {
        return (Objective) m.invoke(instance, data);
      }
    }
    throw new AssertionError("no objective method on " + generated);
  }

  @Test
  void ridgeFitReachesTheNormalEquationsSolution() throws Exception {
    Random rnd = new Random(5);
    Matrix a = Matrix.random(12, 4, rnd);
    Matrix b = Matrix.random(12, 1, rnd);
    double lambda = 0.3;
    Objective f = objective("FitsRidgeGradient", a, b, lambda);
    Matrix[] x0 = {Matrix.zeros(4, 1)};
    OptimResult r = Lbfgs.minimize(f, x0, Lbfgs.Options.defaults().withGradientTolerance(1e-10).withFunctionTolerance(1e-15));
    assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
    // x* = (AᵀA + λI)⁻¹ Aᵀb
    Matrix normal = Ops.add(Ops.mul(Ops.t(a), a), Ops.scale(lambda, Matrix.identity(4)));
    Matrix expected = Ops.mul(Ops.inv(normal), Ops.mul(Ops.t(a), b));
    assertArrayEquals(expected.data(), r.x()[0].data(), 1e-8);
    assertEquals(Matrix.zeros(4, 1), x0[0], "x0 is never modified");
  }

  @Test
  void valueAndGradientAreTheClassesOwn() throws Exception {
    Random rnd = new Random(6);
    Matrix w = Matrix.random(2, 3, rnd);
    Matrix c = Matrix.random(2, 3, rnd);
    Objective f = objective("FitsShiftedGradient", c, 1.25);
    Matrix[] x = {Matrix.of(1, 1, 0.5), w};
    Matrix[] g = {Matrix.zeros(1, 1), Matrix.zeros(2, 3)};
    double value = f.gradient(x, g);
    assertEquals(Ops.sumsq(Ops.sub(w, c)) + 0.75 * 0.75, value, 1e-14);
    assertEquals(value, f.value(x), 0.0);
    assertEquals(2 * (0.5 - 1.25), g[0].get(0, 0), 1e-15);
    assertArrayEquals(Ops.scale(2, Ops.sub(w, c)).data(), g[1].data(), 1e-15);
  }

  @Test
  void aGradientThroughTheObjectiveAllocatesNothingAfterWarmUp() throws Exception {
    Random rnd = new Random(7);
    Objective f = objective("FitsShiftedGradient", Matrix.random(3, 3, rnd), 0.5);
    Matrix[] x = {Matrix.of(1, 1, 0.25), Matrix.random(3, 3, rnd)};
    Matrix[] g = {Matrix.zeros(1, 1), Matrix.zeros(3, 3)};
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    for (int run = 0; run < 4; run++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 20_000; i++) {
        f.gradient(x, g);
      }
      least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
    }
    assertEquals(0, least, "bytes allocated by 20,000 gradient calls");
  }

  @Test
  void aDoubleVariableFitsToo() throws Exception {
    Matrix c = Matrix.of(2, 2, 1, -2, 3, 0.5);
    Objective f = objective("FitsShiftedGradient", c, -0.75);
    OptimResult r = Lbfgs.minimize(f, new Matrix[] {Matrix.zeros(1, 1), Matrix.zeros(2, 2)},
        Lbfgs.Options.defaults().withGradientTolerance(1e-10).withFunctionTolerance(1e-15));
    assertEquals(-0.75, r.x()[0].get(0, 0), 1e-9);
    assertArrayEquals(c.data(), r.x()[1].data(), 1e-9);
  }

  @Test
  void parametersNamedDevOrLikeTheRuntimesTypesDoNotObscureIt() throws Exception {
    Matrix c = Matrix.of(1, 2, 3, -1);
    Objective f = objective("FitsHostileGradient", c, Matrix.of(1, 1, 0.25));
    Matrix[] x = {Matrix.of(1, 1, 2), Matrix.of(1, 2, 1, 1)};
    Matrix[] g = {Matrix.zeros(1, 1), Matrix.zeros(1, 2)};
    double softplus = Math.log1p(Math.exp(0.25));
    // ‖2·dev − C‖² with dev = (1, 1), C = (3, −1): (−1)² + 3² = 10; ∂/∂s = 2 (s dev − C)·dev = 2(−1 + 3) = 4
    assertEquals(10 + softplus, f.gradient(x, g), 1e-12);
    assertEquals(4, g[0].get(0, 0), 1e-12);
    assertArrayEquals(new double[] {2 * 2 * -1, 2 * 2 * 3}, g[1].data(), 1e-12);
  }

  @Test
  void wrongVariablesFailWithTheParametersNames() throws Exception {
    Objective f = objective("FitsShiftedGradient", Matrix.zeros(2, 2), 0.0);
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
        () -> f.value(new Matrix[] {Matrix.zeros(2, 2)}));
    assertEquals("variables has 1 matrices but the objective has 2 variables (s, W)", count.getMessage());
    IllegalArgumentException scalar = assertThrows(IllegalArgumentException.class,
        () -> f.value(new Matrix[] {Matrix.zeros(2, 1), Matrix.zeros(2, 2)}));
    assertEquals("objective: s is 2×1 but must be 1×1 (it is a double)", scalar.getMessage());
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> f.value(new Matrix[] {Matrix.zeros(1, 1), Matrix.zeros(3, 2)}));
    assertEquals(true, shape.getMessage().contains("W is 3×2"), shape.getMessage());
    InvocationTargetException nullData = assertThrows(InvocationTargetException.class,
        () -> objective("FitsShiftedGradient", null, 0.0));
    assertEquals("C must not be null", nullData.getCause().getMessage());
  }
}
