package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The workspace overloads generated code calls: the inverse is exactly {@link Lu#solve} with an
 * identity right-hand side (the same substitutions in the same order), and a workspace left dirty
 * by larger shapes gives the same bits as a fresh one.
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
}
