package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels allocate nothing once compiled, in the order a gradient calls them. Their
 * vectors live in registers only if C2 compiles each kernel with every Vector API call intrinsified;
 * otherwise each vector is an object and a product allocates megabytes. That happened to the
 * few-rows kernel of {@link VectorGemm} when the Vector API's division or subtraction had run
 * before it was compiled (the mlp's sigmoid pass), in a JVM whose other kernels were fine. So
 * this test runs in a JVM of its own, calls the kernels as the mlp's gradient does (the large
 * product, the sigmoid pass, the few-rows products with B stored and transposed, the products
 * on transposed operands, then the other passes, exp and tanh, then an LU factorisation, inverse
 * and solve on {@link VectorLu}'s row updates) and requires a stretch of calls that allocate
 * nothing.
 */
class VectorSteadyStateTest {
    private static final int CALM_ROUNDS = 20;
    private static final int MAX_ROUNDS = 4_000;

    @Test
    void kernelsAllocateNothingOnceCompiled() {
        assumeTrue(Vectorization.FUNCTIONS != null, "needs --add-modules jdk.incubator.vector");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int d = 196;
        int h = 64;
        int k = 10;
        int n = 64;
        Random random = new Random(61);
        double[] w1 = gaussian(random, h * d);
        double[] x = gaussian(random, d * n);
        double[] w2 = gaussian(random, k * h);
        double[] g1 = gaussian(random, k * n);
        double[] prod = new double[h * n];
        double[] hidden = new double[h * n];
        double[] prod2 = new double[k * n];
        double[] dw2 = new double[k * h];
        double[] g2 = new double[h * n];
        double[] dw1 = new double[h * d];
        double[] scratch = new double[h * n];
        int m = 64;
        int nrhs = 24;
        double[] a = gaussian(random, m * m);
        double[] lu = new double[m * m];
        int[] piv = new int[m];
        double[] inv = new double[m * m];
        double[] rhs = gaussian(random, m * nrhs);
        double[] solution = new double[m * nrhs];
        Workspace w = new Workspace(1, Vectorization.GEMM);
        int calm = 0;
        int rounds = 0;
        long lastAllocated = -1;
        while (calm < CALM_ROUNDS && rounds < MAX_ROUNDS) {
            long before = threads.getCurrentThreadAllocatedBytes();
            Gemm.multiply(w1, false, x, false, prod, h, d, n, 1.0, w);
            ArrayFunctions.sigmoid(prod, hidden, hidden.length);
            Gemm.multiply(w2, false, hidden, false, prod2, k, h, n, 1.0, w);
            Gemm.multiply(g1, false, hidden, true, dw2, k, n, h, 1.0, w);
            Gemm.multiply(w2, true, g1, false, g2, h, k, n, 1.0, w);
            Gemm.multiply(g2, false, x, true, dw1, h, n, d, 1.0, w);
            ArrayFunctions.exp(prod, scratch, scratch.length);
            ArrayFunctions.tanh(prod, scratch, scratch.length);
            Lu.factor(a, m, lu, piv, w, Vectorization.LU);
            Lu.inverse(lu, piv, m, inv, w, Vectorization.LU);
            Lu.solveTransposed(lu, piv, m, rhs, nrhs, solution, w, Vectorization.LU);
            Lu.solve(lu, piv, m, solution, nrhs, solution, w, Vectorization.LU);
            lastAllocated = threads.getCurrentThreadAllocatedBytes() - before;
            calm = lastAllocated == 0 ? calm + 1 : 0;
            rounds++;
        }
        assertTrue(calm == CALM_ROUNDS, "after " + rounds + " rounds the kernels still allocate "
                + lastAllocated + " bytes a round: some vector code was compiled with its vectors"
                + " as objects");
    }

    private static double[] gaussian(Random random, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = random.nextGaussian();
        }
        return a;
    }
}
