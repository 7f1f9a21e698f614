package dev.tracegrad.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The generated constructor that lets large products use more threads: same value and gradients,
 * bit for bit, as the one-thread instance, and a clear error for a thread count below 1.
 */
class ThreadsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Models");

  @Test
  void twoAndThreeThreadsGiveTheBitsOfOne() throws Exception {
    Class<?> type = RUN.load("ModelsNetworkGradient");
    // W1 X and the gradient's G Xᵀ are 128·300·160 ≈ 6.1M multiply-adds each: both get split.
    Random r = new Random(31);
    int d = 300;
    int h = 128;
    int k = 10;
    int n = 160;
    Matrix y = Matrix.zeros(k, n);
    for (int j = 0; j < n; j++) {
      y.set(r.nextInt(k), j, 1);
    }
    Object[] args = {scaled(Matrix.random(h, d, r), 0.05), Matrix.random(h, 1, r),
        scaled(Matrix.random(k, h, r), 0.1), Matrix.random(k, 1, r), Matrix.random(d, n, r), y, (double) n};
    Object one = gradient(type.getConstructor().newInstance(), args);
    for (int threads : new int[] {2, 3}) {
      Object instance = type.getConstructor(int.class).newInstance(threads);
      // Twice, so the second call runs in workspaces the first one sized.
      for (int call = 0; call < 2; call++) {
        Object many = gradient(instance, args);
        for (RecordComponent c : one.getClass().getRecordComponents()) {
          Object expected = c.getAccessor().invoke(one);
          Object actual = c.getAccessor().invoke(many);
          if (expected instanceof Matrix m) {
            assertArrayEquals(m.data(), ((Matrix) actual).data(), c.getName() + " on " + threads + " threads");
          } else {
            assertEquals(expected, actual, c.getName() + " on " + threads + " threads");
          }
        }
      }
    }
    // The products were split: the helper lanes for up to three threads have started.
    assertTrue(helperStarted("tracegrad-gemm-1"));
    assertTrue(helperStarted("tracegrad-gemm-2"));
  }

  private static boolean helperStarted(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isDaemon());
  }

  @Test
  void aThreadCountBelowOneIsRejected() throws Exception {
    Class<?> type = RUN.load("ModelsNetworkGradient");
    InvocationTargetException e = assertThrows(InvocationTargetException.class,
        () -> type.getConstructor(int.class).newInstance(0));
    assertEquals(IllegalArgumentException.class, e.getCause().getClass());
    assertEquals("threads must be at least 1, was 0", e.getCause().getMessage());
  }

  private static Object gradient(Object instance, Object[] args) throws Exception {
    for (Method m : instance.getClass().getMethods()) {
      if (m.getName().equals("gradient") && m.getParameterCount() == args.length) {
        return m.invoke(instance, args);
      }
    }
    throw new AssertionError("no allocating gradient");
  }

  private static Matrix scaled(Matrix m, double s) {
    double[] a = m.data();
    for (int i = 0; i < a.length; i++) {
      a[i] *= s;
    }
    return m;
  }
}
