package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.assertClose;
import static dev.tracegrad.MatrixAssert.m;
import static dev.tracegrad.MatrixAssert.row;
import static dev.tracegrad.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every op against values worked out by hand. */
class OpsValuesTest {
    private static final double TOL = 1e-14;

    // A = [1 2; 3 4], B = [5 6; 7 8], used throughout.
    private static final Matrix A = m(row(1, 2), row(3, 4));
    private static final Matrix B = m(row(5, 6), row(7, 8));
    // R is 2×3, to catch row/column mix-ups.
    private static final Matrix R = m(row(1, 2, 3), row(4, 5, 6));

    @Test
    void addSubNegScale() {
        assertEquals(m(row(6, 8), row(10, 12)), add(A, B));
        assertEquals(m(row(-4, -4), row(-4, -4)), sub(A, B));
        assertEquals(m(row(-1, -2), row(-3, -4)), neg(A));
        assertEquals(m(row(2, 4, 6), row(8, 10, 12)), scale(2, R));
        assertEquals(m(row(-0.5, -1, -1.5), row(-2, -2.5, -3)), scale(-0.5, R));
    }

    @Test
    void mulOfSquareAndRectangularMatrices() {
        // [1 2; 3 4][5 6; 7 8] = [1·5+2·7, 1·6+2·8; 3·5+4·7, 3·6+4·8]
        assertEquals(m(row(19, 22), row(43, 50)), mul(A, B));
        assertEquals(m(row(23, 34), row(31, 46)), mul(B, A));
        // R (2×3) times the column (1, 0, −1): (1 − 3, 4 − 6)
        assertEquals(Matrix.column(-2, -2), mul(R, Matrix.column(1, 0, -1)));
        // Rᵀ-shaped product gives a 3×3: R^T R
        assertEquals(m(row(17, 22, 27), row(22, 29, 36), row(27, 36, 45)), mul(t(R), R));
        // Inner dimension 0: a 2×0 times 0×3 is the 2×3 zero matrix.
        assertEquals(Matrix.zeros(2, 3), mul(Matrix.zeros(2, 0), Matrix.zeros(0, 3)));
    }

    @Test
    void transpose() {
        assertEquals(m(row(1, 4), row(2, 5), row(3, 6)), t(R));
        assertEquals(R, t(t(R)));
        assertEquals(Matrix.of(1, 3, 1, 2, 3), t(Matrix.column(1, 2, 3)));
    }

    @Test
    void hadamardAndDiv() {
        assertEquals(m(row(5, 12), row(21, 32)), hadamard(A, B));
        assertClose(m(row(0.2, 1.0 / 3), row(3.0 / 7, 0.5)), div(A, B), TOL);
        assertEquals(m(row(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)),
                div(m(row(1, -1)), m(row(0, 0))));
    }

    @Test
    void addColumnAddsTheBiasToEveryColumn() {
        assertEquals(m(row(11, 12), row(23, 24)), addColumn(A, Matrix.column(10, 20)));
        assertEquals(m(row(2, 3, 4), row(3, 4, 5)), addColumn(R, Matrix.column(1, -1)));
    }

    @Test
    void rowAndColumnSums() {
        assertEquals(Matrix.column(6, 15), rowSums(R));
        assertEquals(Matrix.of(1, 3, 5, 7, 9), colSums(R));
        assertEquals(Matrix.column(0, 0), rowSums(Matrix.zeros(2, 0)));
    }

    @Test
    void expAndLog() {
        assertClose(m(row(1, Math.E), row(1 / Math.E, Math.exp(2))),
                exp(m(row(0, 1), row(-1, 2))), TOL);
        assertClose(m(row(0, 1), row(-1, Math.log(2))), log(m(row(1, Math.E), row(1 / Math.E, 2))),
                TOL);
        assertEquals(Double.NEGATIVE_INFINITY, log(m(row(0))).get(0, 0));
    }

    @Test
    void sigmoidTanhSoftplus() {
        // sigmoid(ln 3) = 3/(3+1); sigmoid(−ln 3) = 1/4
        assertClose(m(row(0.5, 0.75, 0.25)), sigmoid(m(row(0, Math.log(3), -Math.log(3)))), TOL);
        // tanh(ln 2) = (2 − 1/2)/(2 + 1/2) = 0.6
        assertClose(m(row(0, 0.6, -0.6)), tanh(m(row(0, Math.log(2), -Math.log(2)))), TOL);
        // softplus(ln 3) = ln 4, softplus(0) = ln 2, softplus(−ln 3) = ln(4/3)
        assertClose(m(row(Math.log(4), Math.log(2), Math.log(4.0 / 3))),
                softplus(m(row(Math.log(3), 0, -Math.log(3)))), TOL);
    }

    @Test
    void reluSquareSqrtAbs() {
        assertEquals(m(row(0, 0, 2.5)), relu(m(row(-1, 0, 2.5))));
        assertEquals(m(row(9, 0, 0.25)), square(m(row(-3, 0, 0.5))));
        assertEquals(m(row(4, 0, 1.5)), sqrt(m(row(16, 0, 2.25))));
        assertEquals(m(row(2.5, 0, 3)), abs(m(row(-2.5, 0, 3))));
        assertEquals(Double.NaN, sqrt(m(row(-1))).get(0, 0));
    }

    @Test
    void sinCosPow() {
        assertClose(m(row(0, 1, 0.5)), sin(m(row(0, Math.PI / 2, Math.PI / 6))), TOL);
        assertClose(m(row(1, -1, 0.5)), cos(m(row(0, Math.PI, Math.PI / 3))), TOL);
        assertClose(m(row(2, 3)), pow(m(row(4, 9)), 0.5), TOL);
        assertClose(m(row(8, -27)), pow(m(row(2, -3)), 3), TOL);
        assertClose(m(row(0.5, 0.25)), pow(m(row(2, 4)), -1), TOL);
        assertEquals(m(row(1, 1)), pow(m(row(7, 0)), 0));
    }

    @Test
    void softmaxWorksPerColumn() {
        // column 0 = (0, ln 3): exp = (1, 3), sum 4; column 1 = (ln 2, ln 2): equal halves
        Matrix a = m(row(0, Math.log(2)), row(Math.log(3), Math.log(2)));
        assertClose(m(row(0.25, 0.5), row(0.75, 0.5)), softmax(a), TOL);
        assertClose(m(row(Math.log(0.25), Math.log(0.5)), row(Math.log(0.75), Math.log(0.5))),
                logSoftmax(a), TOL);
        // A single row: every column is a one-element distribution.
        assertEquals(m(row(1, 1, 1)), softmax(m(row(-5, 0, 5))));
        assertEquals(m(row(0, 0, 0)), logSoftmax(m(row(-5, 0, 5))));
    }

    @Test
    void inverseOfTwoByTwo() {
        // det A = 1·4 − 2·3 = −2; A⁻¹ = (1/−2)[4 −2; −3 1]
        assertClose(m(row(-2, 1), row(1.5, -0.5)), inv(A), TOL);
        assertEquals(Matrix.zeros(0, 0), inv(Matrix.zeros(0, 0)));
    }

    @Test
    void determinants() {
        assertEquals(-2, det(A), TOL);
        assertEquals(-2, det(B), TOL); // 5·8 − 6·7
        // [2 0 1; 1 3 2; 1 1 2]: 2(3·2 − 2·1) − 0 + 1(1·1 − 3·1) = 8 − 2 = 6
        Matrix c = m(row(2, 0, 1), row(1, 3, 2), row(1, 1, 2));
        assertEquals(6, det(c), 1e-13);
        assertEquals(Math.log(6), logdet(c), 1e-14);
        assertEquals(Math.log(2), logdet(A), TOL); // sign dropped
        assertEquals(-7, det(m(row(-7))));
        assertEquals(1, det(Matrix.zeros(0, 0))); // the empty product
        assertEquals(0, logdet(Matrix.zeros(0, 0)));
    }

    @Test
    void determinantOfSingularMatrixIsZero() {
        assertEquals(0, det(m(row(1, 2, 3), row(4, 5, 6), row(7, 8, 9))));
        assertEquals(0, det(m(row(1, 2), row(2, 4))));
        assertEquals(0, det(Matrix.zeros(3, 3)));
    }

    @Test
    void scalarValuedReductions() {
        assertEquals(5, tr(A));
        assertEquals(15, tr(m(row(1, 2, 3), row(4, 5, 6), row(7, 8, 9))));
        assertEquals(10, sum(A));
        assertEquals(21, sum(R));
        assertEquals(70, dot(A, B)); // 5 + 12 + 21 + 32
        assertEquals(30, sumsq(A)); // 1 + 4 + 9 + 16
        assertEquals(91, sumsq(R));
        assertEquals(7, scalar(m(row(7))));
        // xᵀAx for x = (1, 1): 1 + 2 + 3 + 4
        Matrix x = Matrix.column(1, 1);
        assertEquals(10, scalar(mul(mul(t(x), A), x)));
        assertEquals(0, sum(Matrix.zeros(0, 4)));
    }
}
