package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectivesTest {
    private final Problems.Logistic all = Problems.Logistic.random(5, 300, 0.3, new Random(21));
    /** Four shards of the data, with a quarter of the penalty each. */
    private final Objective[] shards = {all.shard(0, 70, 0.25), all.shard(70, 150, 0.25),
        all.shard(150, 230, 0.25), all.shard(230, 300, 0.25)};
    private final Random random = new Random(4);
    private final Matrix[] x = {Matrix.random(5, 1, random), Matrix.random(1, 1, random)};
    private final Matrix[] v = {Matrix.random(5, 1, random), Matrix.random(1, 1, random)};

    @Test
    void theSumAddsThePartsLeftToRight() {
        Objective sum = Objectives.sum(shards);
        double expectedValue = 0;
        double[][] expectedGradient = new double[2][];
        double[][] expectedHvp = new double[2][];
        for (int p = 0; p < shards.length; p++) {
            Matrix[] g = Problems.zerosLike(x);
            Matrix[] hv = Problems.zerosLike(x);
            double value = shards[p].gradient(x, g);
            shards[p].hvp(x, v, hv);
            expectedValue = p == 0 ? value : expectedValue + value;
            for (int i = 0; i < 2; i++) {
                expectedGradient[i] = addInOrder(expectedGradient[i], g[i].data());
                expectedHvp[i] = addInOrder(expectedHvp[i], hv[i].data());
            }
        }
        Matrix[] g = Problems.zerosLike(x);
        Matrix[] hv = Problems.zerosLike(x);
        assertEquals(expectedValue, sum.gradient(x, g), 0);
        assertEquals(expectedValue, sum.value(x), 0);
        sum.hvp(x, v, hv);
        assertTrue(sum.hasHvp());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(expectedGradient[i], g[i].data(), 0);
            assertArrayEquals(expectedHvp[i], hv[i].data(), 0);
        }
        // The same function as the unsharded objective, up to the order of the additions.
        Matrix[] whole = Problems.zerosLike(x);
        assertEquals(all.gradient(x, whole), sum.value(x), 1e-12 * Math.abs(sum.value(x)));
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < whole[i].data().length; k++) {
                assertEquals(whole[i].data()[k], g[i].data()[k], 1e-12);
            }
        }
    }

    private static double[] addInOrder(double[] sum, double[] part) {
        if (sum == null) {
            return part.clone();
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] += part[k];
        }
        return sum;
    }

    @Test
    void theParallelSumHasTheBitsOfTheSequentialSum() {
        Objective sum = Objectives.sum(shards);
        Matrix[] g = Problems.zerosLike(x);
        Matrix[] hv = Problems.zerosLike(x);
        double value = sum.gradient(x, g);
        sum.hvp(x, v, hv);
        for (int threads = 1; threads <= 5; threads++) {
            Objective parallel = Objectives.parallel(threads, shards);
            for (int repeat = 0; repeat < 3; repeat++) {
                Matrix[] pg = Problems.zerosLike(x);
                Matrix[] phv = Problems.zerosLike(x);
                assertEquals(value, parallel.gradient(x, pg), 0);
                assertEquals(sum.value(x), parallel.value(x), 0);
                parallel.hvp(x, v, phv);
                for (int i = 0; i < 2; i++) {
                    assertArrayEquals(g[i].data(), pg[i].data(), 0, threads + " threads");
                    assertArrayEquals(hv[i].data(), phv[i].data(), 0, threads + " threads");
                }
            }
        }
    }

    @Test
    void aParallelFitEqualsTheSequentialFitBitForBit() {
        Lbfgs.Options o = Lbfgs.Options.defaults().withGradientTolerance(1e-6);
        OptimResult sequential = Lbfgs.minimize(Objectives.sum(shards), all.start(), o);
        OptimResult parallel = Lbfgs.minimize(Objectives.parallel(3, shards), all.start(), o);
        assertEquals(sequential.value(), parallel.value(), 0);
        assertEquals(sequential.iterations(), parallel.iterations());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(sequential.x()[i].data(), parallel.x()[i].data(), 0);
        }
    }

    @Test
    void aPartWithoutHvpMakesTheSumHaveNone() {
        Objective sum = Objectives.sum(shards[0], Problems.withoutHvp(shards[1]));
        assertFalse(sum.hasHvp());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> sum.hvp(x, v, Problems.zerosLike(x)));
        assertTrue(e.getMessage().contains("@Differentiable(..., hvp = true)"), e.getMessage());
        assertFalse(Objectives.parallel(2, shards[0], Problems.withoutHvp(shards[1])).hasHvp());
    }

    @Test
    void aFailingPartFailsTheParallelSumOnTheCallingThread() {
        Objective failing = new Objective() {
            @Override
            public double value(Matrix[] x) {
                throw new IllegalStateException("part 2 fails");
            }

            @Override
            public double gradient(Matrix[] x, Matrix[] g) {
                throw new IllegalStateException("part 2 fails");
            }
        };
        Objective parallel = Objectives.parallel(3, shards[0], shards[1], failing, shards[3]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> parallel.gradient(x, Problems.zerosLike(x)));
        assertEquals("part 2 fails", e.getMessage());
        // It can be used again: the working parts are unaffected.
        Objective again = Objectives.parallel(3, shards);
        assertEquals(Objectives.sum(shards).value(x), again.value(x), 0);
    }

    @Test
    void partsRunOnTheCallerAndOnDaemonPoolThreads() {
        Thread[] ranOn = new Thread[3];
        boolean[] together = new boolean[3];
        // Each part waits for the other two to start: this only completes if all three run at
        // the same time.
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(3);
        Objective[] parts = new Objective[3];
        for (int p = 0; p < 3; p++) {
            int part = p;
            parts[p] = new Objective() {
                @Override
                public double value(Matrix[] y) {
                    ranOn[part] = Thread.currentThread();
                    started.countDown();
                    try {
                        together[part] = started.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return part;
                }

                @Override
                public double gradient(Matrix[] y, Matrix[] g) {
                    return value(y);
                }
            };
        }
        assertEquals(3, Objectives.parallel(3, parts).value(x), 0);
        assertSame(Thread.currentThread(), ranOn[0]);
        for (int p = 1; p < 3; p++) {
            assertTrue(ranOn[p].getName().startsWith("tracegrad-optim-"), ranOn[p].getName());
            assertTrue(ranOn[p].isDaemon());
        }
        assertTrue(together[0] && together[1] && together[2], "the three parts ran concurrently");
        assertTrue(ranOn[1] != ranOn[2], "one thread per group");
    }

    @Test
    void whenSeveralPartsFailTheFirstInArgumentOrderIsRethrown() {
        Objective[] parts = new Objective[4];
        for (int p = 0; p < 4; p++) {
            int part = p;
            parts[p] = new Objective() {
                @Override
                public double value(Matrix[] y) {
                    if (part >= 2) {
                        throw new IllegalStateException("part " + part);
                    }
                    return part;
                }

                @Override
                public double gradient(Matrix[] y, Matrix[] g) {
                    return value(y);
                }
            };
        }
        assertEquals("part 2", assertThrows(IllegalStateException.class,
                () -> Objectives.parallel(4, parts).value(x)).getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        assertEquals("parts must hold at least one objective",
                assertThrows(IllegalArgumentException.class, () -> Objectives.sum()).getMessage());
        assertEquals("parts[1] must not be null", assertThrows(NullPointerException.class,
                () -> Objectives.sum(shards[0], null)).getMessage());
        assertEquals("threads must be at least 1, was 0", assertThrows(
                IllegalArgumentException.class, () -> Objectives.parallel(0, shards)).getMessage());
        assertEquals("parts[2] is the same object as parts[0]: each part is used by one thread at"
                + " a time", assertThrows(IllegalArgumentException.class,
                        () -> Objectives.parallel(2, shards[0], shards[1], shards[0])).getMessage());
        Matrix[] wrong = {Matrix.zeros(5, 1), Matrix.zeros(2, 1)};
        assertEquals("g[1] must be 1×1 like x[1] but is 2×1", assertThrows(
                IllegalArgumentException.class, () -> Objectives.sum(shards).gradient(x, wrong))
                .getMessage());
    }

    @Test
    void theSumAllocatesNothingAfterTheFirstCall() {
        // Parts that allocate nothing themselves: ½·c·y² for c = 1, 2, 3.
        Objective[] quiet = new Objective[3];
        for (int p = 0; p < 3; p++) {
            double c = p + 1;
            quiet[p] = new Objective() {
                @Override
                public double value(Matrix[] y) {
                    return 0.5 * c * y[0].data()[0] * y[0].data()[0];
                }

                @Override
                public double gradient(Matrix[] y, Matrix[] g) {
                    g[0].data()[0] = c * y[0].data()[0];
                    return value(y);
                }
            };
        }
        Objective sum = Objectives.sum(quiet);
        Matrix[] y = {Matrix.of(1, 1, 2)};
        Matrix[] g = {Matrix.zeros(1, 1)};
        for (int i = 0; i < 20_000; i++) {
            sum.gradient(y, g);
        }
        assertEquals(12, sum.gradient(y, g), 0); // ½·(1 + 2 + 3)·2²
        assertEquals(12, g[0].data()[0], 0); // (1 + 2 + 3)·2
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < 1000; i++) {
                sum.gradient(y, g);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        assertEquals(0, least, "bytes allocated over 1000 gradient calls of a sum");
    }
}
