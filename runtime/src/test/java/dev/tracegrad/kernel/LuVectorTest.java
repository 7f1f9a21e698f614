package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.LuBitsTest.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Lu} with the Vector API's row updates ({@link VectorLu}) against the plain loops in the
 * same JVM and against {@link LuReference}, the textbook order, bit for bit (any NaN matches any
 * NaN, see {@link LuBitsTest#assertSameBits}): factor (lu, piv, sign), det, logAbsDet, solve,
 * solveTransposed and inverse. Sizes run over every edge of the kernel's blocks (8-column
 * panels, 4-row blocks, strips of 1, 2, 4 and 8 vectors and the scalar columns after them) and a
 * few large ones (past 128² entries the backward substitution takes the plain loop); matrices are random, badly scaled, nearly singular, exact small integers, tiny
 * (subnormal pivots), diagonally dominant, with NaN or infinite entries, or singular. Runs in the
 * build's test run with {@code --add-modules jdk.incubator.vector}; skipped without it.
 */
class LuVectorTest {
    private static final String[] KINDS = {
        "gaussian", "badly scaled", "nearly singular", "small integers", "with NaN", "with infinities",
        "tiny (subnormal pivots)", "diagonally dominant"
    };

    private final Random random = new Random(20261206);
    /** Shared by the calls under test, so it is dirty from other shapes. */
    private final Workspace workspace = new Workspace();
    private LuKernel kernel;

    @BeforeEach
    void vectorKernel() {
        kernel = Vectorization.LU;
        assumeTrue(kernel != null, "needs --add-modules jdk.incubator.vector");
    }

    private double[] matrix(String kind, int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double g = random.nextGaussian();
                a[i * n + j] = switch (kind) {
                    case "gaussian", "with NaN", "with infinities", "nearly singular" -> g;
                    case "badly scaled" -> g * Math.pow(10, random.nextInt(25) - 12);
                    case "small integers" -> random.nextInt(4) == 0 ? random.nextInt(7) - 3 : 0.0;
                    case "tiny (subnormal pivots)" -> g * 0x1p-1060;
                    case "diagonally dominant" -> i == j ? n + random.nextDouble() : g;
                    default -> throw new AssertionError(kind);
                };
            }
        }
        switch (kind) {
            case "with NaN" -> a[random.nextInt(n * n)] = Double.NaN;
            case "with infinities" -> {
                a[random.nextInt(n * n)] = Double.POSITIVE_INFINITY;
                a[random.nextInt(n * n)] = Double.NEGATIVE_INFINITY;
            }
            case "nearly singular" -> {
                // The last row: the sum of the others plus a perturbation near the threshold.
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int i = 0; i < n - 1; i++) {
                        s += a[i * n + j];
                    }
                    a[(n - 1) * n + j] = s + 1e-13 * random.nextGaussian();
                }
            }
            default -> { }
        }
        return a;
    }

    /**
     * Factors {@code a} three ways and requires the same sign, and for a non-singular matrix the
     * same piv, lu, det and log|det|. Returns the factorisation (null if singular).
     */
    private double[] factorAllWays(double[] a, int n, int[] piv, String what) {
        double[] expected = new double[n * n];
        int[] expectedPiv = new int[n];
        int expectedSign = LuReference.factor(a, n, expected, expectedPiv, new Workspace());
        double[] plain = new double[n * n];
        int[] plainPiv = new int[n];
        int plainSign = Lu.factor(a, n, plain, plainPiv, new Workspace(), null);
        double[] before = a.clone();
        double[] lu = new double[n * n];
        int sign = Lu.factor(a, n, lu, piv, workspace, kernel);
        assertSameBits(before, a, what + ": input changed");
        assertEquals(expectedSign, plainSign, what + ": plain sign");
        assertEquals(expectedSign, sign, what + ": sign");
        if (sign == 0) { // lu and piv are unspecified for a singular matrix
            return null;
        }
        assertArrayEquals(expectedPiv, plainPiv, what + ": plain piv");
        assertArrayEquals(expectedPiv, piv, what + ": piv");
        assertSameBits(expected, plain, what + ": plain lu");
        assertSameBits(expected, lu, what + ": lu");
        assertSameBits(new double[] {Lu.det(expected, n, expectedSign), Lu.logAbsDet(expected, n)},
                new double[] {Lu.det(lu, n, sign), Lu.logAbsDet(lu, n)}, what + ": det, log|det|");
        return lu;
    }

    /** Solves, transposed solves (also in place) and the inverse, three ways, bit for bit. */
    private void solveAllWays(double[] lu, int[] piv, int n, int nrhs, String what) {
        double[] b = LuBitsTest.rhs(random, n, nrhs);
        String shape = what + ", nrhs = " + nrhs;
        for (boolean transposed : new boolean[] {false, true}) {
            String name = (transposed ? "solveTransposed, " : "solve, ") + shape;
            double[] expected = new double[n * nrhs];
            double[] plain = new double[n * nrhs];
            double[] actual = new double[n * nrhs];
            double[] inPlace = b.clone();
            if (transposed) {
                LuReference.solveTransposed(lu, piv, n, b, nrhs, expected, new Workspace());
                Lu.solveTransposed(lu, piv, n, b, nrhs, plain, new Workspace(), null);
                Lu.solveTransposed(lu, piv, n, b, nrhs, actual, workspace, kernel);
                Lu.solveTransposed(lu, piv, n, inPlace, nrhs, inPlace, workspace, kernel);
            } else {
                LuReference.solve(lu, piv, n, b, nrhs, expected, new Workspace());
                Lu.solve(lu, piv, n, b, nrhs, plain, new Workspace(), null);
                Lu.solve(lu, piv, n, b, nrhs, actual, workspace, kernel);
                Lu.solve(lu, piv, n, inPlace, nrhs, inPlace, workspace, kernel);
            }
            assertSameBits(expected, plain, name + ": plain");
            assertSameBits(expected, actual, name);
            assertSameBits(expected, inPlace, name + ", in place");
        }
    }

    private void inverseAllWays(double[] lu, int[] piv, int n, String what) {
        double[] expected = new double[n * n];
        LuReference.inverse(lu, piv, n, expected, new Workspace());
        double[] plain = new double[n * n];
        Lu.inverse(lu, piv, n, plain, new Workspace(), null);
        double[] actual = new double[n * n];
        Lu.inverse(lu, piv, n, actual, workspace, kernel);
        assertSameBits(expected, plain, "inverse, " + what + ": plain");
        assertSameBits(expected, actual, "inverse, " + what);
    }

    @Test
    void everySizeAndKindMatchesThePlainLoopsAndTheReference() {
        // n from 1 to 70: one to nine panels, every remainder of the 4-row blocks and of the
        // strips; right-hand sides from 1 to 40 columns and n. The package-private entry points
        // take the kernel at every size, below the sizes from which the public ones do.
        for (String kind : KINDS) {
            for (int n = 1; n <= 70; n++) {
                String what = kind + ", n = " + n;
                int[] piv = new int[n];
                double[] lu = factorAllWays(matrix(kind, n), n, piv, what);
                if (lu == null) {
                    continue;
                }
                solveAllWays(lu, piv, n, 1 + random.nextInt(40), what);
                if (n % 3 == 0) {
                    solveAllWays(lu, piv, n, n, what);
                    inverseAllWays(lu, piv, n, what);
                }
            }
        }
    }

    @Test
    void largeMatricesMatch() {
        for (int n : new int[] {129, 256}) {
            for (String kind : new String[] {"gaussian", "with NaN", "small integers"}) {
                String what = kind + ", n = " + n;
                int[] piv = new int[n];
                double[] lu = factorAllWays(matrix(kind, n), n, piv, what);
                if (lu != null) {
                    solveAllWays(lu, piv, n, 37, what);
                    inverseAllWays(lu, piv, n, what);
                }
            }
        }
    }

    @Test
    void singularMatricesAreReportedAtTheSameStep() {
        // A row repeated, so elimination reaches a zero pivot in the first panel, in a later
        // one or in the last column; the zero matrix fails at once.
        for (int n : new int[] {5, 17, 33, 40, 66}) {
            for (int row : new int[] {1, n / 2, n - 1}) {
                double[] a = matrix("gaussian", n);
                System.arraycopy(a, (row - 1) * n, a, row * n, n);
                factorAllWays(a, n, new int[n], "row " + row + " repeated, n = " + n);
            }
            factorAllWays(new double[n * n], n, new int[n], "zero, n = " + n);
        }
    }

    @Test
    void compiledKernelsKeepTheBits() {
        // Many repetitions of a few shapes, so the kernels run in the interpreter, C1 and C2
        // (C2 compiles them within the first few hundred rounds): every round must give the
        // first round's bits, which the reference gave.
        int[] sizes = {23, 38, 47};
        double[][] a = new double[sizes.length][];
        double[][] b = new double[sizes.length][];
        double[][] lus = new double[sizes.length][];
        int[][] pivs = new int[sizes.length][];
        double[][] inverses = new double[sizes.length][];
        double[][] solutions = new double[sizes.length][];
        int nrhs = 21;
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            a[s] = matrix("gaussian", n);
            b[s] = LuBitsTest.rhs(random, n, nrhs);
            lus[s] = new double[n * n];
            pivs[s] = new int[n];
            assertNotEquals(0, LuReference.factor(a[s], n, lus[s], pivs[s], new Workspace()));
            inverses[s] = new double[n * n];
            LuReference.inverse(lus[s], pivs[s], n, inverses[s], new Workspace());
            solutions[s] = new double[n * nrhs];
            LuReference.solveTransposed(lus[s], pivs[s], n, b[s], nrhs, solutions[s], new Workspace());
        }
        for (int round = 0; round < 1500; round++) {
            int s = round % sizes.length;
            int n = sizes[s];
            String what = "n = " + n + ", round " + round;
            double[] lu = new double[n * n];
            int[] piv = new int[n];
            Lu.factor(a[s], n, lu, piv, workspace, kernel);
            assertArrayEquals(pivs[s], piv, what);
            assertSameBits(lus[s], lu, "factor, " + what);
            double[] inv = new double[n * n];
            Lu.inverse(lu, piv, n, inv, workspace, kernel);
            assertSameBits(inverses[s], inv, "inverse, " + what);
            double[] x = new double[n * nrhs];
            Lu.solveTransposed(lu, piv, n, b[s], nrhs, x, workspace, kernel);
            assertSameBits(solutions[s], x, "solveTransposed, " + what);
        }
    }
}
