package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The row-array overloads of {@link Lu#factor} and {@link Lu#inverse} do the same operations in
 * the same order as the flat ones: the same bits, for every size, through a reused workspace.
 */
class LuWorkspaceTest {
    private final Random random = new Random(5);
    private final Workspace workspace = new Workspace();

    @Test
    void sameFactorsPivotsSignAndInverseAsTheFlatKernel() {
        for (int n : new int[] {1, 2, 3, 5, 8, 17, 40, 7, 2}) {
            double[] a = Matrix.random(n, n, random).data();
            double[] lu = new double[n * n];
            int[] piv = new int[n];
            int sign = Lu.factor(a, n, lu, piv);
            double[] lu2 = new double[n * n];
            int[] piv2 = new int[n];
            assertEquals(sign, Lu.factor(a, n, lu2, piv2, workspace), "sign, n = " + n);
            assertArrayEquals(lu, lu2, 0.0, "factors, n = " + n);
            assertArrayEquals(piv, piv2, "pivots, n = " + n);
            double[] inv = new double[n * n];
            Lu.inverse(lu, piv, n, inv);
            double[] inv2 = new double[n * n];
            Lu.inverse(lu2, piv2, n, inv2, workspace);
            assertArrayEquals(inv, inv2, 0.0, "inverse, n = " + n);
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
