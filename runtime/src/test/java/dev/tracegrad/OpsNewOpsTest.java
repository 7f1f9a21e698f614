package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.assertClose;
import static dev.tracegrad.MatrixAssert.m;
import static dev.tracegrad.MatrixAssert.row;
import static dev.tracegrad.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The ops of the loss language 0.2 against values worked out by hand, and their errors. */
class OpsNewOpsTest {
    private static final double TOL = 1e-14;

    @Test
    void log1pAndExpm1AreAccurateForTinyEntries() {
        assertClose(m(row(0, Math.log(2)), row(Math.log(0.5), 1e-20)), log1p(m(row(0, 1), row(-0.5, 1e-20))), TOL);
        // exp(1e-20) − 1 rounds to 0; expm1 keeps it
        assertEquals(1e-20, expm1(m(row(1e-20))).get(0, 0), 0);
        assertClose(m(row(Math.E - 1, 1 / Math.E - 1)), expm1(m(row(1, -1))), TOL);
    }

    @Test
    void scalarOverloadsOfTheFunctionsMathLacks() {
        assertEquals(0.5, sigmoid(0.0), 0);
        assertEquals(1 / (1 + Math.exp(-2)), sigmoid(2.0), TOL);
        assertEquals(0.0, sigmoid(-1000.0), 0);
        assertEquals(3.0, relu(3.0), 0);
        assertEquals(0.0, relu(-3.0), 0);
        assertEquals(Math.log(2), softplus(0.0), TOL);
        assertEquals(1000.0, softplus(1000.0), 0);
        assertEquals(6.25, square(-2.5), 0);
        // each agrees with the matrix form's entry
        assertEquals(sigmoid(m(row(0.3))).get(0, 0), sigmoid(0.3), 0);
        assertEquals(softplus(m(row(-4.2))).get(0, 0), softplus(-4.2), 0);
    }

    @Test
    void logGammaOfFactorialsAndHalfIntegersAndOutsideTheDomain() {
        // Γ(1) = Γ(2) = 1, Γ(5) = 4! = 24, Γ(1/2) = √π, Γ(3/2) = √π/2
        Matrix a = logGamma(m(row(1, 2, 5), row(0.5, 1.5, 30)));
        assertEquals(0.0, a.get(0, 0), 0);
        assertEquals(0.0, a.get(0, 1), 0);
        assertEquals(Math.log(24), a.get(0, 2), TOL * Math.log(24));
        assertEquals(0.5 * Math.log(Math.PI), a.get(1, 0), TOL);
        assertEquals(0.5 * Math.log(Math.PI) - Math.log(2), a.get(1, 1), TOL);
        // ln 29! summed term by term
        double lnFactorial29 = 0;
        for (int k = 2; k <= 29; k++) {
            lnFactorial29 += Math.log(k);
        }
        assertEquals(lnFactorial29, a.get(1, 2), 1e-13 * lnFactorial29);
        // entries must be > 0: 0 gives the limit +∞, a negative entry NaN
        Matrix outside = logGamma(m(row(0, -0.0, -1.5)));
        assertEquals(Double.POSITIVE_INFINITY, outside.get(0, 0));
        assertEquals(Double.POSITIVE_INFINITY, outside.get(0, 1));
        assertEquals(Double.NaN, outside.get(0, 2));
        // the scalar overload is the matrix form's entry
        assertEquals(logGamma(m(row(3.7))).get(0, 0), logGamma(3.7), 0);
        assertEquals(Math.log(6), logGamma(4.0), TOL * Math.log(6));
    }

    // R is 2×3, to catch row/column mix-ups.
    private static final Matrix R = m(row(1, 2, 3), row(4, 5, 6));

    @Test
    void broadcastingWithADoubleOnEitherSide() {
        assertEquals(m(row(3, 4, 5), row(6, 7, 8)), add(R, 2));
        assertEquals(m(row(3, 4, 5), row(6, 7, 8)), add(2, R));
        assertEquals(m(row(0, 1, 2), row(3, 4, 5)), sub(R, 1));
        assertEquals(m(row(0, -1, -2), row(-3, -4, -5)), sub(1, R));
        assertEquals(m(row(0.5, 1, 1.5), row(2, 2.5, 3)), div(R, 2));
        assertEquals(m(row(6, 3, 2), row(1.5, 1.2, 1)), div(6, R));
    }

    @Test
    void repeatsAndTheirErrors() {
        assertEquals(m(row(1, 2, 3), row(1, 2, 3)), repeatRows(m(row(1, 2, 3)), 2));
        assertEquals(m(row(1, 1, 1, 1), row(4, 4, 4, 4)), repeatCols(Matrix.column(1, 4), 4));
        assertEquals(Matrix.zeros(0, 3), repeatRows(m(row(1, 2, 3)), 0));
        assertEquals("repeatRows: r is 2×3 but must be 1×n",
                assertThrows(IllegalArgumentException.class, () -> repeatRows(R, 2)).getMessage());
        assertEquals("repeatCols: c is 2×3 but must be m×1",
                assertThrows(IllegalArgumentException.class, () -> repeatCols(R, 2)).getMessage());
        assertEquals("repeatRows: m must be a non-negative integer but is 1.5",
                assertThrows(IllegalArgumentException.class, () -> repeatRows(m(row(1)), 1.5)).getMessage());
    }

    @Test
    void shapesAndConstants() {
        assertEquals(2.0, rows(R), 0);
        assertEquals(3.0, cols(R), 0);
        assertEquals(m(row(1, 0, 0), row(0, 1, 0), row(0, 0, 1)), eye(3));
        assertEquals(m(row(1, 1, 1), row(1, 1, 1)), ones(2, 3));
        assertEquals(Matrix.zeros(3, 2), zeros(rows(t(R)), 2));
        assertEquals(m(row(-0.5, -0.5)), fill(1, 2, -0.5));
        assertEquals(Matrix.zeros(0, 0), eye(0));
        for (double bad : new double[] {-1, 2.5, Double.NaN, Double.POSITIVE_INFINITY, 3e9}) {
            assertEquals("eye: n must be a non-negative integer but is " + bad,
                    assertThrows(IllegalArgumentException.class, () -> eye(bad)).getMessage());
        }
        assertEquals("ones: c must be a non-negative integer but is -2.0",
                assertThrows(IllegalArgumentException.class, () -> ones(2, -2)).getMessage());
        assertEquals("fill: r must be a non-negative integer but is 0.5",
                assertThrows(IllegalArgumentException.class, () -> fill(0.5, 2, 1)).getMessage());
    }

    @Test
    void diagAndDiagonal() {
        assertEquals(m(row(1, 0), row(0, 2)), diag(Matrix.column(1, 2)));
        assertEquals(m(row(1, 0), row(0, 2)), diag(m(row(1, 2))));
        assertEquals(Matrix.column(1, 5, 9), diagonal(m(row(1, 2, 3), row(4, 5, 6), row(7, 8, 9))));
        assertEquals("diag: v is 2×3 but must be n×1 or 1×n",
                assertThrows(IllegalArgumentException.class, () -> diag(R)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> diagonal(R));
    }

    @Test
    void meansNormAndLogSumExps() {
        assertEquals(3.5, mean(R), 0);
        assertEquals(Matrix.column(2, 5), rowMeans(R));
        assertEquals(m(row(2.5, 3.5, 4.5)), colMeans(R));
        assertEquals(Math.sqrt(91), norm(R), TOL);
        assertEquals(0.0, norm(Matrix.zeros(2, 2)), 0);
        double e = Math.exp(1);
        // log(e + e² + e³ + e⁴ + e⁵ + e⁶) = 6 + log(Σ_{k=0..5} e^{−k})
        double expected = 6 + Math.log(1 + 1 / e + 1 / (e * e) + Math.pow(e, -3) + Math.pow(e, -4) + Math.pow(e, -5));
        assertEquals(expected, logSumExp(R), 1e-14 * expected);
        assertClose(m(row(4 + Math.log(1 + Math.exp(-3)), 5 + Math.log(1 + Math.exp(-3)), 6 + Math.log(1 + Math.exp(-3)))),
                colLogSumExp(R), 1e-14 * 6);
    }

    @Test
    void logSumExpsAreStableAndTakeInfinitiesAsTheirLimits() {
        assertEquals(1000 + Math.log(2), logSumExp(m(row(1000, 1000))), 1e-12);
        assertEquals(-1000 + Math.log(2), logSumExp(m(row(-1000, -1000))), 1e-12);
        assertEquals(m(row(1000 + Math.log(1 + Math.exp(-1)), 0)), colLogSumExp(m(row(1000, -1000), row(999, 0))));
        assertEquals(Double.NEGATIVE_INFINITY, logSumExp(Matrix.zeros(0, 3)), 0);
        assertEquals(Double.NEGATIVE_INFINITY, logSumExp(m(row(Double.NEGATIVE_INFINITY))), 0);
        assertEquals(Double.POSITIVE_INFINITY, logSumExp(m(row(Double.POSITIVE_INFINITY, 1))), 0);
        assertEquals(Double.NaN, logSumExp(m(row(Double.NaN, 1))), 0);
    }

    @Test
    void maxAndMinPropagateNaNAsMathDoes() {
        Matrix a = m(row(1, -2, Double.NaN));
        Matrix b = m(row(0, 3, 1));
        assertEquals(m(row(1, 3, Double.NaN)), max(a, b));
        assertEquals(m(row(0, -2, Double.NaN)), min(a, b));
        assertEquals(m(row(1, 0, Double.NaN)), max(a, 0));
        assertEquals(m(row(1, 0, Double.NaN)), max(0, a));
        assertEquals(m(row(0.5, -2, Double.NaN)), min(a, 0.5));
        assertEquals(m(row(0.5, -2, Double.NaN)), min(0.5, a));
        assertThrows(IllegalArgumentException.class, () -> max(a, R));
    }
}
