package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.ArrayPass.assertBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrayFunctions}'s passes with the Vector API kernel, {@code VectorArrayFunctions}: bit for bit the
 * scalar {@link ArithmeticExp} forms for every length up to five vectors (the partial last vector
 * included), with the lanes that send a vector to the scalar path (beyond the fast range, ±∞, NaN)
 * in every position, on long random arrays, in place; and the same bits before and after the JIT
 * compiles the kernel. Runs in the build's test run with {@code --add-modules jdk.incubator.vector}
 * (system property {@code tracegrad.test.vector=true}), where the kernel must be loaded.
 */
class ArrayFunctionsVectorTest {
    private static final ArrayPass[] PASSES = {
        new ArrayPass("exp", ArrayFunctions::exp, ArithmeticExp::exp),
        new ArrayPass("sigmoid", ArrayFunctions::sigmoid, ArithmeticExp::sigmoid),
        new ArrayPass("tanh", ArrayFunctions::tanh, ArithmeticTanh::tanh),
    };

    /**
     * Lanes that are not in the fast range for at least one pass (exp takes x in [−708, 709],
     * sigmoid x in [−700, 708]), the edges of those ranges, and signed zeros; for tanh, which
     * takes every lane in vectors, the two sides of its switch point and of its cap, and a
     * subnormal (the vector blends its two branches when lanes take both).
     */
    private static final double[] SPECIALS = {
        708.5, -708.5, 709.5, -709.5, -745, -800, 800, 1e300, -1e300, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, -0.0, 0.0, ArithmeticExp.FAST_LOW, ArithmeticExp.FAST_HIGH,
        -ArithmeticExp.FAST_HIGH, -ArithmeticExp.FAST_LOW, Math.nextDown(ArithmeticExp.FAST_LOW),
        Math.nextUp(ArithmeticExp.FAST_HIGH), -709, -708, 708, 709, ArithmeticExp.SIGMOID_FAST_LOW,
        Math.nextDown(ArithmeticExp.SIGMOID_FAST_LOW), -705, ArithmeticExp.SIGMOID_FAST_HIGH,
        Math.nextUp(ArithmeticExp.SIGMOID_FAST_HIGH), ArithmeticTanh.BY_EXP_FROM,
        Math.nextDown(ArithmeticTanh.BY_EXP_FROM), -ArithmeticTanh.BY_EXP_FROM, ArithmeticTanh.SATURATES_FROM,
        -Math.nextUp(ArithmeticTanh.SATURATES_FROM), 0x1p-1060, -Double.MIN_VALUE, 1e-10,
    };

    /** A fixed array (four vectors of 8 and a tail, or more of fewer lanes) for the JIT tiers. */
    private static final double[] FIXED = fixedArray();
    /** The passes' outputs on {@link #FIXED} at their first call in this JVM. */
    private static final double[][] COLD = new double[PASSES.length][];

    @BeforeAll
    static void theVectorKernelIsLoadedAndCold() {
        assumeTrue(Boolean.getBoolean("tracegrad.test.vector"),
                "the build runs this class with --add-modules jdk.incubator.vector");
        assertTrue(Vectorization.enabled(), Vectorization.description());
        assertNotNull(Vectorization.FUNCTIONS, Vectorization.description());
        assertEquals("VectorArrayFunctions", Vectorization.FUNCTIONS.getClass().getSimpleName());
        assertTrue(Vectorization.description().endsWith("; entrywise exp, sigmoid and tanh in vectors"),
                Vectorization.description());
        // Before anything below has run the kernel: these calls are interpreted.
        for (int p = 0; p < PASSES.length; p++) {
            COLD[p] = new double[FIXED.length];
            PASSES[p].kernel().apply(FIXED, COLD[p], FIXED.length);
        }
    }

    @Test
    void entrywiseRunsTheVectorKernel() {
        // Its bits are ArithmeticExp's, not the plain loop's: some entries differ from Math.exp.
        double[] x = random(new Random(61), 1_000, 700);
        double[] out = new double[x.length];
        ArrayFunctions.exp(x, out, x.length);
        int differs = 0;
        for (int k = 0; k < x.length; k++) {
            assertBits(ArithmeticExp.exp(x[k]), out[k], "exp(" + x[k] + ")");
            differs += out[k] == Math.exp(x[k]) ? 0 : 1;
        }
        assertTrue(differs > 0, "ArrayFunctions.exp gives Math.exp's bits everywhere");
    }

    @Test
    void everyLengthUpToFiveVectors() {
        // At scale 700 most tanh lanes are ±1; at scale 0.5 its vectors mix both branches.
        Random random = new Random(67);
        for (double scale : new double[] {700, 0.5}) {
            double[] x = random(random, 48, scale);
            for (int n = 0; n <= 40; n++) {
                for (ArrayPass pass : PASSES) {
                    pass.assertFirstN(x, n);
                }
            }
        }
    }

    @Test
    void outOfRangeLanesInEveryPosition() {
        // Two vectors of up to 8 lanes and a tail: each special value in each position, the
        // others in range (of either scale, for tanh's two branches); then every lane special at once.
        Random random = new Random(71);
        int length = 19;
        for (double special : SPECIALS) {
            for (int position = 0; position < length; position++) {
                double[] x = random(random, length, position % 2 == 0 ? 700 : 0.5);
                x[position] = special;
                checkAll(x, x.length, "special " + special + " at " + position);
            }
        }
        double[] all = new double[SPECIALS.length * 3];
        for (int k = 0; k < all.length; k++) {
            all[k] = SPECIALS[k % SPECIALS.length];
        }
        checkAll(all, all.length, "all special");
    }

    @Test
    void longRandomArrays() {
        Random random = new Random(73);
        for (double scale : new double[] {1, 40, 700, 720, 1600}) {
            double[] x = random(random, 10_000, scale);
            checkAll(x, x.length, "scale " + scale);
            checkAll(x, x.length - 3, "scale " + scale + ", n − 3");
        }
    }

    @Test
    void inPlace() {
        double[] x = random(new Random(79), 1_001, 720);
        for (ArrayPass pass : PASSES) {
            double[] y = x.clone();
            pass.kernel().apply(y, y, y.length);
            for (int k = 0; k < x.length; k++) {
                assertBits(pass.scalar().applyAsDouble(x[k]), y[k], pass.name() + "(" + x[k] + ") in place");
            }
        }
    }

    @Test
    void theSameBitsBeforeAndAfterTheJitCompilesTheKernels() {
        // The cold outputs are ArithmeticExp's...
        for (int p = 0; p < PASSES.length; p++) {
            for (int k = 0; k < FIXED.length; k++) {
                assertBits(PASSES[p].scalar().applyAsDouble(FIXED[k]), COLD[p][k],
                        "cold " + PASSES[p].name() + "(" + FIXED[k] + ")");
            }
        }
        // ...and so is every output while the kernels run hot enough for C2 (small arrays, one with
        // a lane out of the fast range so the scalar path compiles too): checked on every call.
        // C2 compiles the kernels after about 20,000 calls (-XX:+PrintCompilation); the calls
        // after that run them compiled, and take a tenth of the loop's time.
        Random random = new Random(83);
        // The last two for tanh's branches: vectors that mix them, and vectors wholly below 0.3.
        double[][] warm = {random(random, 16, 700), random(random, 19, 40), random(random, 16, 700),
            random(random, 16, 0.6), random(random, 16, 0.25)};
        warm[2][5] = 709.5;
        warm[2][12] = -745;
        long[][][] expected = new long[PASSES.length][warm.length][];
        for (int p = 0; p < PASSES.length; p++) {
            for (int w = 0; w < warm.length; w++) {
                expected[p][w] = new long[warm[w].length];
                for (int k = 0; k < warm[w].length; k++) {
                    expected[p][w][k] = Double.doubleToLongBits(PASSES[p].scalar().applyAsDouble(warm[w][k]));
                }
            }
        }
        double[] out = new double[19];
        for (int i = 0; i < 60_000; i++) {
            for (int p = 0; p < PASSES.length; p++) {
                int w = i % warm.length;
                PASSES[p].kernel().apply(warm[w], out, warm[w].length);
                for (int k = 0; k < warm[w].length; k++) {
                    if (Double.doubleToLongBits(out[k]) != expected[p][w][k]) {
                        assertBits(Double.longBitsToDouble(expected[p][w][k]), out[k],
                                PASSES[p].name() + "(" + warm[w][k] + ") at call " + i);
                    }
                }
            }
        }
        // After: the fixed array again.
        for (int p = 0; p < PASSES.length; p++) {
            double[] hot = new double[FIXED.length];
            PASSES[p].kernel().apply(FIXED, hot, FIXED.length);
            for (int k = 0; k < FIXED.length; k++) {
                assertBits(COLD[p][k], hot[k], "hot " + PASSES[p].name() + "(" + FIXED[k] + ")");
            }
        }
    }

    private void checkAll(double[] x, int n, String where) {
        for (ArrayPass pass : PASSES) {
            double[] out = new double[x.length];
            pass.kernel().apply(x, out, n);
            for (int k = 0; k < n; k++) {
                assertBits(pass.scalar().applyAsDouble(x[k]), out[k], pass.name() + "(" + x[k] + "), " + where);
            }
        }
    }

    /** n values uniform in (−scale, scale). */
    private static double[] random(Random random, int n, double scale) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = (2 * random.nextDouble() - 1) * scale;
        }
        return x;
    }

    private static double[] fixedArray() {
        double[] x = random(new Random(89), 37, 700);
        x[1] = -0.0;
        x[2] = 0.5;
        x[3] = -36.7;
        x[9] = 709.5; // the second vector (of 4 or 8 lanes) leaves the fast range
        x[10] = Double.NaN;
        x[35] = -745.1; // in the tail
        // Small lanes for tanh: a vector (of 8, or two of 4) wholly below 0.3, mixed ones around.
        for (int k = 16; k < 24; k++) {
            x[k] = (k - 20) * 0.07;
        }
        x[4] = 0.29;
        x[13] = -1e-300;
        x[36] = 0.1; // in the tail
        return x;
    }
}
