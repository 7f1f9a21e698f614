package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.ArrayPass.assertBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ArrayFunctions}'s passes on the plain JVM: bit for bit the loops over {@link Math#exp},
 * {@link Fn#sigmoid(double)} and {@link Fn#tanh}, writing only out[0..n), in place too. The
 * build runs this class without the Vector API; when a JVM with it runs the class anyway (a
 * {@code -Dtest} selection runs it in both test runs), the expected bits are those of
 * {@link ArithmeticExp}'s and {@link ArithmeticTanh}'s forms, which {@code ArrayFunctionsVectorTest} checks in depth.
 */
class ArrayFunctionsTest {
    private static final boolean VECTOR = Boolean.getBoolean("tracegrad.test.vector");

    private static final ArrayPass[] PASSES = {
        new ArrayPass("exp", ArrayFunctions::exp, VECTOR ? ArithmeticExp::exp : Math::exp),
        new ArrayPass("sigmoid", ArrayFunctions::sigmoid, VECTOR ? ArithmeticExp::sigmoid : Fn::sigmoid),
        new ArrayPass("tanh", ArrayFunctions::tanh, VECTOR ? ArithmeticTanh::tanh : Fn::tanh),
    };

    private final Random random = new Random(59);

    @Test
    void theBitsOfTheScalarFunctions() {
        double[] x = inputs(1_003);
        double[] before = x.clone();
        int differs = 0;
        for (ArrayPass pass : PASSES) {
            double[] out = new double[x.length];
            pass.kernel().apply(x, out, x.length);
            assertArrayEquals(before, x, pass.name() + " changed its input");
            for (int k = 0; k < x.length; k++) {
                assertBits(pass.scalar().applyAsDouble(x[k]), out[k], pass.name() + "(" + x[k] + ")");
            }
        }
        // The data tells the plain loops from the vector kernels: Math.exp and ArithmeticExp,
        // Fn.tanh and ArithmeticTanh differ on some of these entries.
        int tanhDiffers = 0;
        for (double v : x) {
            differs += Math.exp(v) == ArithmeticExp.exp(v) || Double.isNaN(v) ? 0 : 1;
            tanhDiffers += Fn.tanh(v) == ArithmeticTanh.tanh(v) || Double.isNaN(v) ? 0 : 1;
        }
        assertTrue(differs > 0, "Math.exp and ArithmeticExp.exp agree on every input");
        assertTrue(tanhDiffers > 0, "Fn.tanh and ArithmeticTanh.tanh agree on every input");
    }

    @Test
    void onlyTheFirstNEntriesAreWritten() {
        double[] x = inputs(40);
        for (ArrayPass pass : PASSES) {
            for (int n : new int[] {0, 1, 7, 13, 39}) {
                pass.assertFirstN(x, n);
            }
        }
    }

    @Test
    void inPlace() {
        double[] x = inputs(301);
        for (ArrayPass pass : PASSES) {
            double[] y = x.clone();
            pass.kernel().apply(y, y, y.length - 1);
            for (int k = 0; k < x.length - 1; k++) {
                assertBits(pass.scalar().applyAsDouble(x[k]), y[k], pass.name() + "(" + x[k] + ") in place");
            }
            assertBits(x[x.length - 1], y[x.length - 1], pass.name() + ": the entry past n");
        }
    }

    @Test
    void nothingForNZero() {
        for (ArrayPass pass : PASSES) {
            pass.kernel().apply(new double[0], new double[0], 0);
            double[] x = {1, 2, 3};
            double[] out = {4, 5, 6};
            pass.kernel().apply(x, out, 0);
            assertArrayEquals(new double[] {1, 2, 3}, x, pass.name());
            assertArrayEquals(new double[] {4, 5, 6}, out, pass.name());
        }
    }

    /** Random values of several scales, and the special values, in random positions. */
    private double[] inputs(int n) {
        double[] specials = {0.0, -0.0, 0.3, -0.3, Math.nextDown(0.3), 20, -20, Double.MIN_NORMAL, 708.5, -708.5, 709.5, -709.5, -745, -800, 800, 1e300, -1e300,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE};
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = switch (random.nextInt(4)) {
                case 0 -> (random.nextDouble() - 0.5) * 1400;
                case 1 -> (random.nextDouble() - 0.5) * 80;
                case 2 -> random.nextGaussian();
                default -> specials[random.nextInt(specials.length)];
            };
        }
        return x;
    }
}
