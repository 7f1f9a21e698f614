package dev.tracegrad.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdamTest {
    private final Random random = new Random(17);

    @Test
    void stepsHaveTheBitsOfTheTextbookUpdate() {
        Matrix w = Matrix.random(3, 2, random);
        Matrix b = Matrix.random(2, 1, random);
        double[][] ref = {w.data().clone(), b.data().clone()};
        double[][] m = {new double[6], new double[2]};
        double[][] v = {new double[6], new double[2]};
        Adam adam = new Adam(0.05).setBeta1(0.8).setBeta2(0.99).setEpsilon(1e-6);
        for (int t = 1; t <= 5; t++) {
            Matrix gw = Matrix.random(3, 2, random);
            Matrix gb = Matrix.random(2, 1, random);
            adam.step(new Matrix[] {w, b}, new Matrix[] {gw, gb});
            double[][] g = {gw.data(), gb.data()};
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < ref[p].length; i++) {
                    m[p][i] = 0.8 * m[p][i] + (1 - 0.8) * g[p][i];
                    v[p][i] = 0.99 * v[p][i] + (1 - 0.99) * g[p][i] * g[p][i];
                    double mHat = m[p][i] / (1 - Math.pow(0.8, t));
                    double vHat = v[p][i] / (1 - Math.pow(0.99, t));
                    ref[p][i] -= 0.05 * mHat / (Math.sqrt(vHat) + 1e-6);
                }
            }
            assertArrayEquals(ref[0], w.data(), 0, "step " + t);
            assertArrayEquals(ref[1], b.data(), 0, "step " + t);
        }
        assertEquals(5, adam.steps());
    }

    @Test
    void theDefaultsAreThoseOfThePaper() {
        Adam adam = new Adam(0.001);
        assertEquals(0.001, adam.learningRate(), 0);
        assertEquals(0.9, adam.beta1(), 0);
        assertEquals(0.999, adam.beta2(), 0);
        assertEquals(1e-8, adam.epsilon(), 0);
        // The first step has m̂ = g and v̂ = g²: it moves every entry by lr·g / (|g| + ε).
        Matrix w = Matrix.of(1, 3, 1, 2, 3);
        adam.step(new Matrix[] {w}, new Matrix[] {Matrix.of(1, 3, 4, -0.5, 1e-3)});
        assertEquals(1 - 0.001 * 4 / (4 + 1e-8), w.get(0, 0), 1e-15);
        assertEquals(2 + 0.001 * 0.5 / (0.5 + 1e-8), w.get(0, 1), 1e-15);
        assertEquals(3 - 0.001 * 1e-3 / (1e-3 + 1e-8), w.get(0, 2), 1e-15);
    }

    @Test
    void aQuadraticConvergesToItsMinimum() {
        // f = Σ λᵢ(xᵢ − cᵢ)²/2 with curvatures 1 to 100: minimum at c.
        double[] c = {1.5, -2, 0.25, 3};
        double[] lambda = {1, 10, 30, 100};
        Matrix x = Matrix.zeros(4, 1);
        Matrix g = Matrix.zeros(4, 1);
        Adam adam = new Adam(0.01);
        for (int t = 0; t < 3000; t++) {
            for (int i = 0; i < 4; i++) {
                g.data()[i] = lambda[i] * (x.data()[i] - c[i]);
            }
            adam.step(new Matrix[] {x}, new Matrix[] {g});
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(c[i], x.data()[i], 1e-3, "x[" + i + "]");
        }
    }

    @Test
    void stepsAllocateNothingAfterTheFirst() {
        Matrix[] params = {Matrix.random(20, 10, random), Matrix.random(10, 1, random)};
        Matrix[] grads = {Matrix.random(20, 10, random), Matrix.random(10, 1, random)};
        Adam adam = new Adam(1e-4);
        for (int t = 0; t < 20_000; t++) {
            adam.step(params, grads);
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int t = 0; t < 1000; t++) {
                adam.step(params, grads);
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        assertEquals(0, least, "bytes allocated over 1000 steps");
    }

    @Test
    void otherShapesAfterTheFirstStepAreRejectedUntilReset() {
        Adam adam = new Adam(0.1);
        adam.step(new Matrix[] {Matrix.zeros(2, 2)}, new Matrix[] {Matrix.zeros(2, 2)});
        assertEquals("params[0] is 3×2 but was 2×2 at the first step (reset() starts afresh)",
                assertThrows(IllegalArgumentException.class, () -> adam.step(
                        new Matrix[] {Matrix.zeros(3, 2)}, new Matrix[] {Matrix.zeros(3, 2)}))
                        .getMessage());
        assertEquals("params holds 2 matrices but held 1 at the first step",
                assertThrows(IllegalArgumentException.class, () -> adam.step(
                        new Matrix[] {Matrix.zeros(2, 2), Matrix.zeros(1, 1)},
                        new Matrix[] {Matrix.zeros(2, 2), Matrix.zeros(1, 1)})).getMessage());
        adam.reset();
        assertEquals(0, adam.steps());
        adam.step(new Matrix[] {Matrix.zeros(3, 2)}, new Matrix[] {Matrix.zeros(3, 2)});
        assertEquals(1, adam.steps());
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingIsWritten() {
        Adam adam = new Adam(0.1);
        Matrix w = Matrix.of(1, 2, 1, 2);
        assertEquals("grads[0] must be 1×2 like params[0] but is 2×1",
                assertThrows(IllegalArgumentException.class, () -> adam.step(
                        new Matrix[] {w}, new Matrix[] {Matrix.zeros(2, 1)})).getMessage());
        assertEquals("grads holds 2 matrices but params holds 1",
                assertThrows(IllegalArgumentException.class, () -> adam.step(
                        new Matrix[] {w}, new Matrix[] {w, w})).getMessage());
        assertEquals("params[0] must not be null", assertThrows(NullPointerException.class,
                () -> adam.step(new Matrix[] {null}, new Matrix[] {w})).getMessage());
        assertEquals(Matrix.of(1, 2, 1, 2), w);
        assertEquals(0, adam.steps());
        assertEquals("learningRate must be finite and positive but is 0.0",
                assertThrows(IllegalArgumentException.class, () -> new Adam(0)).getMessage());
        assertEquals("beta1 must be in [0, 1) but is 1.0",
                assertThrows(IllegalArgumentException.class, () -> adam.setBeta1(1)).getMessage());
        assertEquals("beta2 must be in [0, 1) but is -0.1",
                assertThrows(IllegalArgumentException.class, () -> adam.setBeta2(-0.1)).getMessage());
        assertEquals("epsilon must be finite and positive but is NaN",
                assertThrows(IllegalArgumentException.class,
                        () -> adam.setEpsilon(Double.NaN)).getMessage());
        assertSame(adam, adam.setLearningRate(0.2));
        assertEquals(0.2, adam.learningRate(), 0);
    }
}
