package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The workspace overloads generated code calls: the inverse is exactly {@link Lu#solve} with an
 * identity right-hand side (the same substitutions in the same order), the solves satisfy their
 * systems, and a workspace left dirty by larger shapes gives the same bits as a fresh one.
 */
class LuWorkspaceTest {
    private final Random random = new Random(5);
    private final Workspace workspace = new Workspace();

    @Test
    void inverseIsSolveWithTheIdentityBitForBit() {
        for (int n : new int[] {1, 2, 3, 5, 8, 17, 40}) {
            double[] a = Matrix.random(n, n, random).data();
            double[] lu = new double[n * n];
            int[] piv = new int[n];
            Lu.factor(a, n, lu, piv, workspace);
            double[] inv = new double[n * n];
            Lu.inverse(lu, piv, n, inv, workspace);
            double[] identity = new double[n * n];
            for (int i = 0; i < n; i++) {
                identity[i * n + i] = 1;
            }
            double[] solved = new double[n * n];
            Lu.solve(lu, piv, n, identity, n, solved);
            assertArrayEquals(solved, inv, 0.0, "n = " + n);
        }
    }

    @Test
    void aDirtyWorkspaceGivesTheSameBitsAsAFreshOne() {
        // Grow and dirty the workspace with a large factorisation first.
        int big = 30;
        Lu.factor(Matrix.random(big, big, random).data(), big, new double[big * big], new int[big], workspace);
        for (int n : new int[] {2, 7, 12}) {
            double[] a = Matrix.random(n, n, random).data();
            double[] fresh = new double[n * n];
            int[] freshPiv = new int[n];
            int sign = Lu.factor(a, n, fresh, freshPiv, new Workspace());
            double[] reused = new double[n * n];
            int[] reusedPiv = new int[n];
            assertEquals(sign, Lu.factor(a, n, reused, reusedPiv, workspace));
            assertArrayEquals(fresh, reused, 0.0);
            assertArrayEquals(freshPiv, reusedPiv);
        }
    }

    @Test
    void handComputedInverse() {
        // [4 7; 2 6]⁻¹ = [0.6 −0.7; −0.2 0.4]
        double[] lu = new double[4];
        int[] piv = new int[2];
        assertEquals(1, Math.abs(Lu.factor(new double[] {4, 7, 2, 6}, 2, lu, piv, workspace)));
        double[] inv = new double[4];
        Lu.inverse(lu, piv, 2, inv, workspace);
        assertArrayEquals(new double[] {0.6, -0.7, -0.2, 0.4}, inv, 1e-15);
    }

    @Test
    void singularMatrixGivesSignZero() {
        double[] a = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertEquals(0, Lu.factor(a, 3, new double[9], new int[3], workspace));
    }

    @Test
    void solvesSatisfyTheirSystemsInADirtyWorkspace() {
        // Dirty the workspace with more and wider rows than any case below needs.
        Lu.factor(Matrix.random(50, 50, random).data(), 50, new double[2500], new int[50], workspace);
        for (int n : new int[] {1, 2, 3, 5, 8, 17, 40}) {
            double[] a = Matrix.random(n, n, random).data();
            double[] lu = new double[n * n];
            int[] piv = new int[n];
            Lu.factor(a, n, lu, piv, workspace);
            for (int nrhs : new int[] {1, 3, n, n + 5}) {
                double[] b = Matrix.random(n, nrhs, random).data();
                double[] x = new double[n * nrhs];
                Lu.solve(lu, piv, n, b, nrhs, x, workspace);
                assertResidualSmall(a, false, x, b, n, nrhs);
                Lu.solveTransposed(lu, piv, n, b, nrhs, x, workspace);
                assertResidualSmall(a, true, x, b, n, nrhs);
            }
        }
    }

    @Test
    void solvesInPlace() {
        int n = 9;
        int nrhs = 4;
        double[] a = Matrix.random(n, n, random).data();
        double[] lu = new double[n * n];
        int[] piv = new int[n];
        Lu.factor(a, n, lu, piv, workspace);
        double[] b = Matrix.random(n, nrhs, random).data();
        double[] expected = new double[n * nrhs];
        Lu.solve(lu, piv, n, b, nrhs, expected, workspace);
        double[] x = b.clone();
        Lu.solve(lu, piv, n, x, nrhs, x, workspace);
        assertArrayEquals(expected, x, 0.0);
        Lu.solveTransposed(lu, piv, n, b, nrhs, expected, workspace);
        x = b.clone();
        Lu.solveTransposed(lu, piv, n, x, nrhs, x, workspace);
        assertArrayEquals(expected, x, 0.0);
    }

    @Test
    void handComputedSolves() {
        // A = [2 6; 4 7] (pivoting swaps its rows), A⁻¹ = [−0.7 0.6; 0.4 −0.2]: A x = (1, 0) gives
        // the first column of A⁻¹, x = (−0.7, 0.4); Aᵀ y = (1, 0) its first row, y = (−0.7, 0.6).
        double[] lu = new double[4];
        int[] piv = new int[2];
        Lu.factor(new double[] {2, 6, 4, 7}, 2, lu, piv, workspace);
        double[] x = new double[2];
        Lu.solve(lu, piv, 2, new double[] {1, 0}, 1, x, workspace);
        assertArrayEquals(new double[] {-0.7, 0.4}, x, 1e-15);
        Lu.solveTransposed(lu, piv, 2, new double[] {1, 0}, 1, x, workspace);
        assertArrayEquals(new double[] {-0.7, 0.6}, x, 1e-15);
    }

    /** max |op(A)·X − B| is within a small multiple of n·ε·‖A‖·‖X‖, by a naive triple loop. */
    private static void assertResidualSmall(double[] a, boolean transposed, double[] x, double[] b, int n, int nrhs) {
        double scale = 0;
        for (double v : a) {
            scale = Math.max(scale, Math.abs(v));
        }
        double xMax = 0;
        for (double v : x) {
            xMax = Math.max(xMax, Math.abs(v));
        }
        double tolerance = 100 * n * 0x1p-52 * (scale * xMax * n + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < nrhs; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += (transposed ? a[k * n + i] : a[i * n + k]) * x[k * nrhs + j];
                }
                assertEquals(b[i * nrhs + j], s, tolerance, "row " + i + ", column " + j);
            }
        }
    }
}
