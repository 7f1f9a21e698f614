package dev.tracegrad.processor.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.e2e.LossCheck;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Large inputs through generated code: f(S) = log det S + tr(S⁻¹M) in S, for a well-conditioned
 * n×n S = n·I + noise, against a direct computation with Ops (S⁻¹ once, then the value and a few
 * gradient entries ∂f/∂S = S⁻ᵀ − S⁻ᵀMᵀS⁻ᵀ in O(n²) each). The generated code's memory is bounded:
 * one gradient call allocates at most eight n×n arrays (its scratch buffers and the result).
 *
 * <p>n = 500 runs by default. n = 2000 takes a minute or more on a small machine and runs too
 * only with {@code -Dtracegrad.large=true} (e.g. {@code mvn -pl processor test
 * -Dtest=LargeInputsTest -Dtracegrad.large=true}).
 */
class LargeInputsTest {
  /** Set to {@code true} to add n = 2000. */
  static final String LARGE = "tracegrad.large";

  @Test
  void inverseAndLogdetOfLargeMatrices() {
    check(500);
    if (Boolean.getBoolean(LARGE)) {
      check(2000);
    }
  }

  private static void check(int n) {
    Random rnd = new Random(n);
    Matrix s = noise(n, rnd);
    for (int i = 0; i < n; i++) {
      s.set(i, i, s.get(i, i) + n);
    }
    Matrix m = noise(n, rnd);
    LossCheck loss = HostileLosses.loss("logdetAndInverse");

    long before = allocatedBytes();
    Object r = loss.gradient(s, m);
    long allocated = allocatedBytes() - before;
    assertTrue(allocated <= 8L * 8 * n * n, "one gradient call allocated " + allocated + " bytes");

    Matrix p = Ops.inv(s);
    double trace = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        trace += p.get(i, j) * m.get(j, i);
      }
    }
    double expected = Ops.logdet(s) + trace;
    LossCheck.assertClose(expected, (double) LossCheck.component(r, "value"), 1e-12, "value");
    LossCheck.assertClose(expected, loss.value(s, m), 1e-12, "value()");

    Matrix ds = (Matrix) LossCheck.component(r, "dS");
    int[][] entries = {{0, 0}, {n - 1, n - 1}, {1, n - 2}, {n / 2, n / 3}, {n - 1, 0}, {7, 7}};
    for (int[] e : entries) {
      int i = e[0];
      int j = e[1];
      // (S⁻ᵀ)ᵢⱼ = Pⱼᵢ and (S⁻ᵀMᵀS⁻ᵀ)ᵢⱼ = (PMP)ⱼᵢ = Σₖ Pⱼₖ (M P₍:,ᵢ₎)ₖ.
      double pmp = 0;
      for (int k = 0; k < n; k++) {
        double mp = 0;
        for (int l = 0; l < n; l++) {
          mp += m.get(k, l) * p.get(l, i);
        }
        pmp += p.get(j, k) * mp;
      }
      double g = p.get(j, i) - pmp;
      // Entries are about 1/n: compare relative to the diagonal's size, not to 1.
      assertEquals(g, ds.get(i, j), 1e-10 / n, "dS[" + i + "][" + j + "]");
    }
  }

  private static Matrix noise(int n, Random rnd) {
    Matrix a = Matrix.zeros(n, n);
    for (int k = 0; k < a.data().length; k++) {
      a.data()[k] = 2 * rnd.nextDouble() - 1;
    }
    return a;
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }
}
