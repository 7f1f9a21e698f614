package dev.tracegrad.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.NewtonCg;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.Objectives;
import dev.tracegrad.optim.OptimResult;
import dev.tracegrad.optim.Status;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole L-BFGS and Newton-CG fits over a SparkObjective: the same bits on every master, with
 * retries.
 */
class SparkFitTest {
    private static final int D = 4;
    private static final int BLOCKS = 4;
    private static List<Blocks.Block> data;
    private static OptimResult reference;

    /** Failures thrown on purpose by the retry test's factory (executors are threads here). */
    static final AtomicInteger THROWN = new AtomicInteger();

    @BeforeAll
    static void fitOnOneMachine() {
        data = Blocks.make(BLOCKS, D, 60, 11);
        Objective[] parts = new Objective[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            parts[i] = Blocks.objective(data.get(i), BLOCKS);
        }
        reference = fit(Objectives.sum(parts));
        assertTrue(reference.status() == Status.CONVERGED_GRADIENT
                || reference.status() == Status.CONVERGED_FUNCTION, reference.toString());
        assertTrue(reference.iterations() >= 5, reference.toString());
    }

    private static OptimResult fit(Objective f) {
        return Lbfgs.minimize(f, Blocks.zeros(D), Lbfgs.Options.defaults()
                .withGradientTolerance(1e-9));
    }

    private static OptimResult fitOn(String master, SparkObjective.Factory<Blocks.Block> factory) {
        JavaSparkContext sc = Blocks.context(master);
        try {
            JavaRDD<Blocks.Block> rdd = sc.parallelize(data, BLOCKS).cache();
            try (SparkObjective<Blocks.Block> f = SparkObjective.of(rdd, factory)) {
                return fit(f);
            }
        } finally {
            sc.stop();
        }
    }

    private static void assertSameFit(OptimResult expected, OptimResult actual) {
        assertEquals(expected.status(), actual.status());
        assertEquals(expected.iterations(), actual.iterations());
        assertEquals(expected.evaluations(), actual.evaluations());
        assertEquals(Double.doubleToRawLongBits(expected.value()),
                Double.doubleToRawLongBits(actual.value()), expected.value() + " vs " + actual.value());
        Matrix[] e = expected.x();
        Matrix[] a = actual.x();
        for (int i = 0; i < e.length; i++) {
            for (int k = 0; k < e[i].data().length; k++) {
                assertEquals(Double.doubleToRawLongBits(e[i].data()[k]),
                        Double.doubleToRawLongBits(a[i].data()[k]), "x[" + i + "] entry " + k);
            }
        }
    }

    @Test
    void local1AndLocal2GiveTheBitsOfTheSingleMachineFit() {
        OptimResult one = fitOn("local[1]", b -> Blocks.objective(b, BLOCKS));
        OptimResult two = fitOn("local[2]", b -> Blocks.objective(b, BLOCKS));
        assertSameFit(reference, one);
        assertSameFit(reference, two);
        // The fit is a real one: w is far from 0 and the loss went down from n·log 2.
        assertTrue(reference.value() < BLOCKS * 60 * Math.log(2) * 0.8, reference.toString());
        assertTrue(Math.abs(reference.x()[0].data()[0]) > 0.1, reference.toString());
    }

    @Test
    void aRetriedTaskChangesNothing() {
        THROWN.set(0);
        OptimResult retried = fitOn("local[2,4]", b -> {
            if (b.index() == 2 && TaskContext.get().attemptNumber() == 0) {
                SparkFitTest.THROWN.incrementAndGet();
                throw new IllegalStateException("first attempt of partition 2 fails on purpose");
            }
            return Blocks.objective(b, BLOCKS);
        });
        assertEquals(1, THROWN.get());
        assertSameFit(reference, retried);
    }

    @Test
    void newtonCgOverSparkGivesTheBitsOfTheSingleMachineNewtonFit() {
        Objective[] parts = new Objective[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            parts[i] = Blocks.objective(data.get(i), BLOCKS);
        }
        // stop on the gradient alone (a Newton step's decrease of f is tiny long before the end)
        NewtonCg.Options options = NewtonCg.Options.defaults().withGradientTolerance(1e-9)
                .withFunctionTolerance(1e-300);
        OptimResult expected = NewtonCg.minimize(Objectives.sum(parts), Blocks.zeros(D), options);
        assertEquals(Status.CONVERGED_GRADIENT, expected.status(), expected.toString());
        // the same minimum as the L-BFGS fit, reached more exactly: that fit stops on the relative
        // change of f with max|g| near 1e-5 on this flat, nearly separable problem (w0 ≈ 5.8)
        assertTrue(expected.gradientNorm() <= 1e-9, expected.toString());
        assertTrue(expected.value() <= reference.value(), expected + " vs " + reference);
        assertEquals(reference.value(), expected.value(), 1e-9 * reference.value());
        for (int i = 0; i < D; i++) {
            assertEquals(reference.x()[0].data()[i], expected.x()[0].data()[i], 1e-4, "w" + i);
        }
        JavaSparkContext sc = Blocks.context("local[2]");
        try {
            JavaRDD<Blocks.Block> rdd = sc.parallelize(data, BLOCKS).cache();
            try (SparkObjective<Blocks.Block> f =
                    SparkObjective.of(rdd, b -> Blocks.objective(b, BLOCKS), true)) {
                assertSameFit(expected, NewtonCg.minimize(f, Blocks.zeros(D), options));
            }
        } finally {
            sc.stop();
        }
    }
}
