package dev.tracegrad.processor.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.e2e.LossCheck;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Separate instances of a generated class used from several threads at once give, call for
 * call, the same bits as one instance used from one thread: the generated code keeps no state
 * outside its instance. Batch sizes vary between calls so that scratch buffers are resized.
 */
class ConcurrencyTest {
  private static final int THREADS = 4;
  private static final int CALLS = 200;
  private static final String[] GRADS = {"dW1", "db1", "dW2", "db2"};

  /** Inputs, hidden units and classes: large enough that the threads' calls overlap. */
  private static final int D = 20;
  private static final int H = 30;
  private static final int C = 10;

  /** The arguments of call k of thread t: its own seed and a batch of 1 to 40 samples. */
  private static Object[] arguments(int t, int k) {
    Random rnd = new Random(1000L * t + k);
    int n = 1 + rnd.nextInt(40);
    Matrix y = Matrix.zeros(C, n);
    for (int j = 0; j < n; j++) {
      y.set(rnd.nextInt(C), j, 1);
    }
    return new Object[] {Numeric.random(H, D, rnd), Numeric.random(H, 1, rnd),
        Numeric.random(C, H, rnd), Numeric.random(C, 1, rnd), Numeric.random(D, n, rnd), y,
        (double) n};
  }

  /** Value and gradients, flattened: the allocating overload on even calls, buffers on odd. */
  private static double[] run(LossCheck loss, Object[] args, int k) {
    List<Double> out = new ArrayList<>();
    if (k % 2 == 0) {
      Object r = loss.gradient(args);
      out.add((double) LossCheck.component(r, "value"));
      for (String g : GRADS) {
        for (double v : ((Matrix) LossCheck.component(r, g)).data()) {
          out.add(v);
        }
      }
    } else {
      Matrix[] buffers = {Matrix.zeros(H, D), Matrix.zeros(H, 1), Matrix.zeros(C, H), Matrix.zeros(C, 1)};
      out.add((double) loss.call("gradient", LossCheck.concat(args, buffers)));
      for (Matrix b : buffers) {
        for (double v : b.data()) {
          out.add(v);
        }
      }
    }
    out.add(loss.value(args));
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fourThreadsGiveTheSingleThreadedBits() throws Exception {
    // The expected bits first, all from one instance in this thread.
    LossCheck single = HostileLosses.loss("network");
    double[][][] expected = new double[THREADS][CALLS][];
    for (int t = 0; t < THREADS; t++) {
      for (int k = 0; k < CALLS; k++) {
        expected[t][k] = run(single, arguments(t, k), k);
      }
    }
    // The single-threaded numbers are right, not just repeatable (spot-checked).
    for (int k = 0; k < CALLS; k += 37) {
      Object[] args = arguments(2, k);
      LossCheck.assertClose(single.reference(args), expected[2][k][0], 1e-12, "value of call " + k);
    }

    // One instance per thread, as API.md prescribes; all threads start together on a latch so
    // that their calls overlap (sharing one instance here fails this test).
    LossCheck[] losses = new LossCheck[THREADS];
    for (int t = 0; t < THREADS; t++) {
      losses[t] = HostileLosses.loss("network");
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<String> mismatches = new ArrayList<>();
          for (int k = 0; k < CALLS; k++) {
            double[] got = run(losses[thread], arguments(thread, k), k);
            // Arrays.equals compares doubles bit for bit, as doubleToLongBits does.
            if (!Arrays.equals(expected[thread][k], got)) {
              mismatches.add("thread " + thread + " call " + k);
            }
          }
          return mismatches;
        }));
      }
      start.countDown();
      List<String> mismatches = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        mismatches.addAll(f.get(100, TimeUnit.SECONDS));
      }
      assertEquals(List.of(), mismatches);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
