package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Vector API product kernel against the scalar loops and {@code Ops.mul}: the same bits, signed
 * zeros included, for every transposition variant, every edge of its 8-row register blocks and
 * two-vector column blocks (full and half height), B packed or read in place, few rows against a
 * stored Bᵀ (computed as Cᵀ), blocks of k, and thread splits. Runs in the build's test run with {@code --add-modules jdk.incubator.vector}
 * (where {@link VectorizationTest} makes sure the kernel is loaded); skipped without it.
 */
class GemmVectorTest {
    private final Random random = new Random(29);
    private final Workspace scalar = new Workspace(1, null);
    private Workspace vector;
    private GemmKernel kernel;

    @BeforeEach
    void vectorKernel() {
        kernel = Vectorization.GEMM;
        assumeTrue(kernel != null, "needs --add-modules jdk.incubator.vector");
        vector = new Workspace(1, kernel);
    }

    @Test
    void everyEdgeOfTheRegisterBlocksAndEveryVariant() {
        // The kernel itself, below the size from which Gemm calls it: rows 1..17 around the
        // 8-row blocks, columns 1..17 around two vectors (of 2, 4 or 8 doubles), and inner
        // dimensions 1..17.
        int[] inner = {1, 2, 3, 4, 7, 8, 9, 16, 17};
        for (int m = 1; m <= 17; m++) {
            for (int n = 1; n <= 17; n++) {
                for (int p : inner) {
                    for (int variant = 0; variant < 4; variant++) {
                        checkKernel(m, p, n, (variant & 1) != 0, (variant & 2) != 0, 1.0);
                    }
                }
            }
        }
    }

    @Test
    void wideAndTallProductsAcrossCacheBlocks() {
        for (int variant = 0; variant < 4; variant++) {
            boolean transA = (variant & 1) != 0;
            boolean transB = (variant & 2) != 0;
            // k in blocks with partial sums passing through C: 1000 = 2 blocks of 500, 600 = 2
            // of 300; a stored A read in place (p not a multiple of 256, n ≤ 512), edges too.
            checkKernel(19, 1000, 37, transA, transB, 1.0);
            checkKernel(13, 1000, 37, transA, transB, 1.0); // B read in place, or Cᵀ computed
            checkKernel(9, 600, 33, transA, transB, -0.75);
            // A packed whatever its variant: rows 2 KB apart (p = 512), or many panels of B.
            checkKernel(19, 512, 37, transA, transB, 1.0);
            checkKernel(21, 40, 530, transA, transB, 1.0);
            // Rows past one block of A (64) and columns past one block of B (2048).
            checkKernel(139, 20, 45, transA, transB, 1.0);
            checkKernel(3, 5, 2071, transA, transB, 2.0);
            // Through Gemm, as generated code calls it (the mlp shapes, smaller).
            checkGemm(64, 98, 32, transA, transB, 1.0);
            checkGemm(10, 32, 32, transA, transB, 1.0);
            checkGemm(32, 10, 32, transA, transB, -1.0);
        }
    }

    @Test
    void fewRowsTimesAStoredTransposeThroughCTransposed() {
        // m up to two vectors with B stored transposed is computed as Cᵀ = B·op(A)ᵀ: rows of B
        // in 8-row blocks (n around multiples of 8, the last block partial), op(A)ᵀ packed in
        // one panel (m around 4, 8 and 16 lanes), one or more blocks of k (p = 1000: two, the
        // partial sums of Cᵀ passing through C), and m = 17, past the path, for contrast.
        int[] rows = {1, 2, 4, 5, 8, 9, 10, 15, 16, 17};
        int[] cols = {1, 7, 8, 9, 31, 65};
        for (boolean transA : new boolean[] {false, true}) {
            for (int m : rows) {
                for (int n : cols) {
                    checkKernel(m, 1, n, transA, true, 1.0);
                    checkKernel(m, 37, n, transA, true, 1.0);
                    checkKernel(m, 1000, n, transA, true, -0.75);
                }
            }
            // The mlp's 10×256·(256×256)ᵀ, through Gemm as generated code calls it.
            checkGemm(10, 256, 256, transA, true, 1.0);
            checkGemm(16, 40, 100, transA, true, 2.0);
        }
    }

    @Test
    void alphaSignedZerosAndSpecialValues() {
        for (int variant = 0; variant < 4; variant++) {
            boolean transA = (variant & 1) != 0;
            boolean transB = (variant & 2) != 0;
            for (double alpha : new double[] {1.0, -1.0, 0.5, -0.0, 3.0}) {
                checkKernel(11, 3, 19, transA, transB, alpha);
                checkKernel(11, 1, 19, transA, transB, alpha);
            }
            double[] a = special(13 * 6);
            double[] b = special(6 * 18);
            compare(a, transA, b, transB, 13, 6, 18, 1.0, true);
            compare(a, transA, b, transB, 13, 6, 18, -2.0, true);
        }
    }

    @Test
    void splitProductsOnVectorLanesKeepTheBits() {
        for (int threads : new int[] {2, 3}) {
            for (int variant = 0; variant < 4; variant++) {
                boolean transA = (variant & 1) != 0;
                boolean transB = (variant & 2) != 0;
                int m = 70;
                int p = 300;
                int n = 203;
                double[] a = gaussian(m * p);
                double[] b = gaussian(p * n);
                double[] one = new double[m * n];
                Gemm.multiply(a, transA, b, transB, one, m, p, n, 1.0, scalar);
                double[] c = new double[m * n];
                Arrays.fill(c, Double.NaN);
                Workspace split = new Workspace(threads, kernel);
                Gemm.multiply(a, transA, b, transB, c, m, p, n, 1.0, split);
                assertArrayEquals(one, c,
                        what(m, p, n, transA, transB) + " on " + threads + " threads");
            }
        }
    }

    private void checkKernel(int m, int p, int n, boolean transA, boolean transB, double alpha) {
        compare(gaussian(m * p), transA, gaussian(p * n), transB, m, p, n, alpha, true);
    }

    private void checkGemm(int m, int p, int n, boolean transA, boolean transB, double alpha) {
        assertTrue(kernel.accepts(m, p, n), what(m, p, n, transA, transB) + " is vectorised");
        compare(gaussian(m * p), transA, gaussian(p * n), transB, m, p, n, alpha, false);
    }

    /**
     * Computes the product with the vector kernel (directly, or through Gemm), the scalar loops
     * and Ops, and asserts the same bits.
     */
    private void compare(double[] a, boolean transA, double[] b, boolean transB, int m, int p,
            int n, double alpha, boolean direct) {
        String what = what(m, p, n, transA, transB) + " alpha " + alpha;
        Matrix ma = Matrix.of(transA ? p : m, transA ? m : p, a);
        Matrix mb = Matrix.of(transB ? n : p, transB ? p : n, b);
        Matrix product = Ops.mul(transA ? Ops.t(ma) : ma, transB ? Ops.t(mb) : mb);
        double[] ops = Ops.scale(alpha, product).data();
        double[] expected = new double[m * n];
        Gemm.multiply(a, transA, b, transB, expected, m, p, n, alpha, scalar);
        double[] c = new double[m * n];
        Arrays.fill(c, Double.NaN); // the kernel overwrites, never accumulates into C
        if (direct) {
            kernel.multiply(a, transA, b, transB, c, m, p, n, alpha, vector);
        } else {
            Gemm.multiply(a, transA, b, transB, c, m, p, n, alpha, vector);
        }
        assertArrayEquals(expected, c, what + ": vector against scalar");
        assertArrayEquals(ops, c, what + ": vector against Ops");
    }

    private static String what(int m, int p, int n, boolean transA, boolean transB) {
        return m + "x" + p + "x" + n + (transA ? " At" : " A") + (transB ? "Bt" : "B");
    }

    private double[] gaussian(int length) {
        double[] x = new double[length];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** Gaussian entries with zeros of both signs, huge ones (sums overflow), infinity and NaN. */
    private double[] special(int length) {
        double[] pool = {0.0, -0.0, -0.0, 1e300, -1e300, Double.POSITIVE_INFINITY, Double.NaN,
            1e-310};
        double[] x = gaussian(length);
        for (int i = 0; i < x.length; i++) {
            if (random.nextInt(3) == 0) {
                x[i] = pool[random.nextInt(pool.length)];
            }
        }
        return x;
    }
}
