package dev.tracegrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.Lowerer;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * After warm-up the buffer-taking gradient allocates nothing: measured with the thread's
 * allocation counter around many direct calls from a compiled driver (reflection only once).
 */
class AllocationTest {
  private static final int CALLS = 20_000;
  /** One reflective call's own boxing and bookkeeping, far below one byte per gradient call. */
  private static final long SLACK = 4096;

  private final Random rnd = new Random(3);

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** Calls Driver.run(args) once to warm up and once to measure; returns the measured bytes. */
  private static long measure(CompiledClass c, Object... args) throws Exception {
    Method run = null;
    for (Method m : c.load("test.Driver").getMethods()) {
      if (m.getName().equals("run")) {
        run = m;
      }
    }
    Object[] warm = args.clone();
    warm[warm.length - 1] = 2_000;
    for (int i = 0; i < 5; i++) {
      run.invoke(null, warm);
    }
    long before = allocatedBytes();
    run.invoke(null, args);
    return allocatedBytes() - before;
  }

  private static CompiledClass compileWithDriver(Losses.Case c, String driver) {
    return CompiledClass.compile(
        ClassWriter.write(c.program(), Lowerer.lower(c.program(), c.derivation()), Harness.TEXT),
        JavaFileObjects.forSourceString("test.Driver", driver));
  }

  @Test
  void twoLayerGradientAllocatesNothingAfterWarmUp() throws Exception {
    CompiledClass c = compileWithDriver(Losses.twoLayer(), """
        package test;
        import dev.tracegrad.Matrix;
        public final class Driver {
          public static double run(Matrix W1, Matrix W2, Matrix b2, Matrix x, Matrix y,
              Matrix dW1, Matrix dW2, Matrix db2, int n) {
            LossesTwoLayerGradient g = GRADIENT;
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += g.gradient(W1, W2, b2, x, y, dW1, dW2, db2);
            }
            return s;
          }
          private static final LossesTwoLayerGradient GRADIENT = new LossesTwoLayerGradient();
        }
        """);
    long bytes = measure(c, Numeric.random(4, 3, rnd), Numeric.random(2, 4, rnd),
        Numeric.random(2, 1, rnd), Numeric.random(3, 5, rnd), Numeric.positiveColumns(2, 5, rnd),
        Matrix.zeros(4, 3), Matrix.zeros(2, 4), Matrix.zeros(2, 1), CALLS);
    assertTrue(bytes < SLACK, bytes + " bytes allocated by " + CALLS + " calls");
  }

  @Test
  void luBasedGradientAllocatesNothingAfterWarmUp() throws Exception {
    CompiledClass c = compileWithDriver(Losses.logdetPlusTraceWithSolves(), """
        package test;
        import dev.tracegrad.Matrix;
        public final class Driver {
          public static double run(Matrix S, Matrix M, Matrix dS, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += GRADIENT.gradient(S, M, dS);
            }
            return s;
          }
          private static final LossesLogdetTraceSolveGradient GRADIENT = new LossesLogdetTraceSolveGradient();
        }
        """);
    long bytes = measure(c, Numeric.wellConditioned(4, rnd), Numeric.random(4, 4, rnd),
        Matrix.zeros(4, 4), CALLS);
    assertTrue(bytes < SLACK, bytes + " bytes allocated by " + CALLS + " calls");
  }

  @Test
  void doubleOutputGradientAllocatesNothingAfterWarmUp() throws Exception {
    CompiledClass c = compileWithDriver(Losses.scaledSigmoid(), """
        package test;
        import dev.tracegrad.Matrix;
        public final class Driver {
          public static double run(Matrix A, double s, Matrix dA, double[] ds, int n) {
            double t = 0;
            for (int i = 0; i < n; i++) {
              t += GRADIENT.gradient(A, s, dA, ds);
            }
            return t;
          }
          private static final LossesScaledSigmoidGradient GRADIENT = new LossesScaledSigmoidGradient();
        }
        """);
    long bytes = measure(c, Numeric.random(3, 3, rnd), 0.5, Matrix.zeros(3, 3), new double[1], CALLS);
    assertTrue(bytes < SLACK, bytes + " bytes allocated by " + CALLS + " calls");
  }

  @Test
  void theMeasurementSeesAllocation() throws Exception {
    // The allocating overload must show up, or the tests above could not fail.
    CompiledClass c = compileWithDriver(Losses.sumsqOfProduct(), """
        package test;
        import dev.tracegrad.Matrix;
        public final class Driver {
          public static double run(Matrix A, Matrix x, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
              s += GRADIENT.gradient(A, x).value();
            }
            return s;
          }
          private static final LossesSumsqOfProductGradient GRADIENT = new LossesSumsqOfProductGradient();
        }
        """);
    long bytes = measure(c, Numeric.random(3, 3, rnd), Numeric.random(3, 1, rnd), CALLS);
    assertTrue(bytes > CALLS * 16L, bytes + " bytes allocated by " + CALLS + " allocating calls");
  }
}
