package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Products split between threads: every entry is still summed by one thread in ascending k, so
 * the result must have the same bits as the product on one thread, whatever the split.
 */
class GemmSplitTest {
    private final Random random = new Random(23);

    @Test
    void splitProductsHaveTheBitsOfTheOneThreadProduct() {
        for (int threads : new int[] {2, 3, 8}) {
            for (int variant = 0; variant < 4; variant++) {
                boolean transA = (variant & 1) != 0;
                boolean transB = (variant & 2) != 0;
                // 4.2M multiply-adds, above the split threshold; 200 columns in up to 6 parts.
                check(70, 300, 200, transA, transB, 1.0, threads);
                // Rows not a multiple of four, and a column count not a multiple of 8.
                check(7, 600, 1001, transA, transB, -0.75, threads);
                // Wide parts make panels shorter than p: partial sums pass through C.
                check(30, 150, 1030, transA, transB, 1.0, threads);
            }
        }
        assertTrue(laneStarted(), "the products above were split");
    }

    @Test
    void callersSharingTheLanesAllGetTheirOwnBits() throws Exception {
        // Four callers, each allowed two threads, race for the same helper lane; whoever loses
        // computes that part itself.
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int caller = 0; caller < 4; caller++) {
                long seed = caller;
                done.add(callers.submit(() -> {
                    Random r = new Random(seed);
                    Workspace split = new Workspace(2);
                    for (int t = 0; t < 15; t++) {
                        int m = 40 + r.nextInt(40);
                        int n = 64 + r.nextInt(300);
                        int p = (int) ((1L << 22) / ((long) m * n)) + 1 + r.nextInt(50);
                        assertSameBits(m, p, n, r.nextBoolean(), r.nextBoolean(), 1.0, split, r);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aSplitProductAllocatesNothingOnAnyThreadAfterWarmUp() {
        Workspace split = new Workspace(3);
        int m = 64;
        int p = 256;
        int n = 320;
        double[] a = gaussian(m * p, random);
        double[] b = gaussian(p * n, random);
        double[] c = new double[m * n];
        for (int t = 0; t < 50; t++) {
            Gemm.multiply(a, false, b, true, c, m, p, n, 1.0, split);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("tracegrad-gemm-"))
                .mapToLong(Thread::getId).toArray();
        assertTrue(ids.length >= 3, "the caller and two lanes");
        // The least over three rounds: an allocation per product shows in every round, while a
        // one-off allocation by the JVM itself cannot fail the test.
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = allocated(threads, ids);
            for (int t = 0; t < 200; t++) {
                Gemm.multiply(a, false, b, true, c, m, p, n, 1.0, split);
            }
            least = Math.min(least, allocated(threads, ids) - before);
        }
        assertEquals(0, least, "bytes allocated over 200 split products");
    }

    @Test
    void aThreadCountBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Workspace(0));
        assertEquals("threads must be at least 1, was 0", e.getMessage());
        assertEquals(1, new Workspace().threads());
        assertEquals(2, new Workspace(2).threads());
    }

    /** Bytes the threads have allocated so far, read without allocating on this thread. */
    private static long allocated(com.sun.management.ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += threads.getThreadAllocatedBytes(id);
        }
        return sum;
    }

    private void check(int m, int p, int n, boolean transA, boolean transB, double alpha, int threads) {
        assertSameBits(m, p, n, transA, transB, alpha, new Workspace(threads), random);
    }

    private static void assertSameBits(int m, int p, int n, boolean transA, boolean transB, double alpha,
            Workspace split, Random random) {
        double[] a = gaussian(m * p, random);
        double[] b = gaussian(p * n, random);
        double[] one = new double[m * n];
        Gemm.multiply(a, transA, b, transB, one, m, p, n, alpha, new Workspace());
        double[] c = new double[m * n];
        java.util.Arrays.fill(c, Double.NaN); // every column must be written by some part
        Gemm.multiply(a, transA, b, transB, c, m, p, n, alpha, split);
        assertArrayEquals(one, c, m + "x" + p + "x" + n + (transA ? " At" : " A") + (transB ? "Bt" : "B")
                + " on " + split.threads() + " threads");
    }

    private static double[] gaussian(int length, Random random) {
        double[] x = new double[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    private static boolean laneStarted() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("tracegrad-gemm-1") && t.isDaemon());
    }
}
