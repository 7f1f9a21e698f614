package dev.tracegrad.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.Objectives;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A SparkObjective on local[2] against Objectives.sum of the same blocks on one machine. */
class SparkObjectiveTest {
    private static final int D = 5;
    private static JavaSparkContext sc;

    /** Factory calls in this JVM (local mode: the executors are threads of this JVM). */
    static final AtomicInteger CREATED = new AtomicInteger();

    @BeforeAll
    static void start() {
        sc = Blocks.context("local[2]");
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    private static Objective local(List<Blocks.Block> blocks, int shares) {
        Objective[] parts = new Objective[blocks.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = Blocks.objective(blocks.get(i), shares);
        }
        return Objectives.sum(parts);
    }

    private static void assertBits(Matrix[] expected, Matrix[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double[] e = expected[i].data();
            double[] a = actual[i].data();
            assertEquals(e.length, a.length);
            for (int k = 0; k < e.length; k++) {
                assertEquals(Double.doubleToRawLongBits(e[k]), Double.doubleToRawLongBits(a[k]),
                        "variable " + i + " entry " + k + ": " + e[k] + " vs " + a[k]);
            }
        }
    }

    private static void assertBits(double expected, double actual) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                expected + " vs " + actual);
    }

    @Test
    void valueGradientAndHvpHaveTheBitsOfObjectivesSum() {
        List<Blocks.Block> data = Blocks.make(6, D, 40, 1);
        JavaRDD<Blocks.Block> rdd = sc.parallelize(data, 6).cache();
        Objective reference = local(data, 6);
        try (SparkObjective<Blocks.Block> f =
                SparkObjective.of(rdd, b -> Blocks.objective(b, 6), true)) {
            assertTrue(f.hasHvp());
            for (long seed = 1; seed <= 3; seed++) {
                Matrix[] x = Blocks.point(D, seed);
                Matrix[] v = Blocks.point(D, seed + 100);
                Matrix[] g = Blocks.zeros(D);
                Matrix[] ge = Blocks.zeros(D);
                double value = f.gradient(x, g);
                double expected = reference.gradient(x, ge);
                assertTrue(expected > 10, "a real loss: " + expected);
                assertBits(expected, value);
                assertBits(ge, g);
                assertBits(reference.value(x), f.value(x));
                assertBits(expected, f.value(x));
                Matrix[] hv = Blocks.zeros(D);
                Matrix[] hve = Blocks.zeros(D);
                f.hvp(x, v, hv);
                reference.hvp(x, v, hve);
                assertBits(hve, hv);
                // and it is H·v: the generated product against central differences of the gradient
                for (GradientCheck.Report r : GradientCheck.checkHvp(reference, x, v)) {
                    assertTrue(r.passes(1e-6), r.toString());
                }
                assertTrue(Math.abs(hve[0].data()[0]) > 0);
            }
            // The order matters to the bits, so the comparisons above can tell: the same blocks
            // summed in reverse order differ somewhere.
            List<Blocks.Block> reversed = new ArrayList<>(data);
            java.util.Collections.reverse(reversed);
            Matrix[] x = Blocks.point(D, 7);
            Matrix[] g1 = Blocks.zeros(D);
            Matrix[] g2 = Blocks.zeros(D);
            double v1 = local(reversed, 6).gradient(x, g1);
            double v2 = f.gradient(x, g2);
            boolean differs = Double.doubleToRawLongBits(v1) != Double.doubleToRawLongBits(v2);
            for (int i = 0; i < g1.length; i++) {
                for (int k = 0; k < g1[i].data().length; k++) {
                    differs |= Double.doubleToRawLongBits(g1[i].data()[k])
                            != Double.doubleToRawLongBits(g2[i].data()[k]);
                    assertEquals(g1[i].data()[k], g2[i].data()[k],
                            1e-12 * (1 + Math.abs(g1[i].data()[k])));
                }
            }
            assertTrue(differs, "the reversed sum has the same bits: the test could not tell");
        }
    }

    /** Blocks computed by the RDD's map in this JVM. */
    static final AtomicInteger READ = new AtomicInteger();

    @Test
    void theFactoryRunsOncePerBlockNotPerEvaluation() {
        List<Blocks.Block> data = Blocks.make(4, D, 30, 2);
        // Not persisted: a partition read again would run the map again.
        JavaRDD<Blocks.Block> rdd = sc.parallelize(data, 4).map(b -> {
            SparkObjectiveTest.READ.incrementAndGet();
            return b;
        });
        CREATED.set(0);
        READ.set(0);
        SparkObjective<Blocks.Block> f = SparkObjective.of(rdd, b -> {
            SparkObjectiveTest.CREATED.incrementAndGet();
            return Blocks.objective(b, 4);
        });
        Matrix[] g = Blocks.zeros(D);
        double first = f.gradient(Blocks.point(D, 1), g);
        for (int i = 0; i < 5; i++) {
            assertBits(first, f.gradient(Blocks.point(D, 1), g));
            f.value(Blocks.point(D, 2));
        }
        assertEquals(4, CREATED.get());
        assertEquals(4, READ.get());
        assertEquals(4, SparkObjective.Cache.size(f.token()));
        assertFalse(f.hasHvp());
        assertThrows(UnsupportedOperationException.class,
                () -> f.hvp(Blocks.point(D, 1), Blocks.point(D, 2), Blocks.zeros(D)));
        f.close();
        assertEquals(0, SparkObjective.Cache.size(f.token()));
        assertThrows(IllegalStateException.class, () -> f.value(Blocks.point(D, 1)));
    }

    @Test
    void emptyPartitionsAreSkipped() {
        // 3 blocks in 5 slices: partitions 0 and 2 are empty (Spark slices at i·3/5).
        List<Blocks.Block> data = Blocks.make(3, D, 25, 3);
        JavaRDD<Blocks.Block> rdd = sc.parallelize(data, 5);
        List<List<Blocks.Block>> layout = rdd.glom().collect();
        assertEquals(0, layout.get(0).size());
        assertEquals(0, layout.get(2).size());
        try (SparkObjective<Blocks.Block> f = SparkObjective.of(rdd, b -> Blocks.objective(b, 3))) {
            Matrix[] x = Blocks.point(D, 4);
            Matrix[] g = Blocks.zeros(D);
            Matrix[] ge = Blocks.zeros(D);
            assertBits(local(data, 3).gradient(x, ge), f.gradient(x, g));
            assertBits(ge, g);
        }
        JavaRDD<Blocks.Block> none = sc.parallelize(new ArrayList<Blocks.Block>(), 2);
        try (SparkObjective<Blocks.Block> f = SparkObjective.of(none, b -> Blocks.objective(b, 1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> f.value(Blocks.point(D, 1)));
            assertTrue(e.getMessage().contains("every one of its 2 partitions is empty"),
                    e.getMessage());
        }
    }

    @Test
    void severalBlocksPerPartitionAreAddedInOrderWithinIt() {
        // 6 blocks in 3 partitions: ((b0 + b1) + (b2 + b3)) + (b4 + b5).
        List<Blocks.Block> data = Blocks.make(6, D, 20, 5);
        JavaRDD<Blocks.Block> rdd = sc.parallelize(data, 3);
        try (SparkObjective<Blocks.Block> f = SparkObjective.of(rdd, b -> Blocks.objective(b, 6))) {
            Matrix[] x = Blocks.point(D, 6);
            Objective[] pairs = new Objective[3];
            for (int p = 0; p < 3; p++) {
                pairs[p] = Objectives.sum(Blocks.objective(data.get(2 * p), 6),
                        Blocks.objective(data.get(2 * p + 1), 6));
            }
            Matrix[] g = Blocks.zeros(D);
            Matrix[] ge = Blocks.zeros(D);
            assertBits(Objectives.sum(pairs).gradient(x, ge), f.gradient(x, g));
            assertBits(ge, g);
        }
    }

    @Test
    void aBlockOfTheWrongShapeFailsWithTheGeneratedMessageAndItsPartition() {
        List<Blocks.Block> data = new ArrayList<>(Blocks.make(3, D, 10, 8));
        Blocks.Block bad = Blocks.make(1, D + 1, 10, 9).get(0);   // X has D + 1 rows
        data.set(2, bad);
        String own = assertThrows(IllegalArgumentException.class,
                () -> Blocks.objective(bad, 3).value(Blocks.point(D, 1))).getMessage();
        assertTrue(own.contains("6×10"), own);
        JavaRDD<Blocks.Block> rdd = sc.parallelize(data, 3);
        try (SparkObjective<Blocks.Block> f = SparkObjective.of(rdd, b -> Blocks.objective(b, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.gradient(Blocks.point(D, 1), Blocks.zeros(D)));
            assertEquals("partition 2, block 0: " + own, e.getMessage());
            assertNotNull(e.getCause());
        }
    }

    @Test
    void declaringHvpOverObjectivesWithoutOneFailsNamingThePartition() {
        JavaRDD<Blocks.Block> rdd = sc.parallelize(Blocks.make(2, D, 10, 8), 2);
        try (SparkObjective<Blocks.Block> f =
                SparkObjective.of(rdd, b -> Blocks.withoutHvp(b, 2), true)) {
            assertTrue(f.hasHvp());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.value(Blocks.point(D, 1)));
            assertTrue(e.getMessage().matches("partition [01], block 0: the SparkObjective declares"
                    + " hvp but this block's objective has none \\(hasHvp\\(\\) is false\\)"),
                    e.getMessage());
        }
    }

    @Test
    void buffersOfTheWrongShapeFailOnTheDriver() {
        JavaRDD<Blocks.Block> rdd = sc.parallelize(Blocks.make(2, D, 10, 8), 2);
        try (SparkObjective<Blocks.Block> f = SparkObjective.of(rdd, b -> Blocks.objective(b, 2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> f.gradient(Blocks.point(D, 1), Blocks.zeros(D + 1)));
            assertEquals("g[0] must be 5×1 like x[0] but is 6×1", e.getMessage());
        }
    }
}
