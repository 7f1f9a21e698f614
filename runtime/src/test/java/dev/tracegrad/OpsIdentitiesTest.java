package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.assertClose;
import static dev.tracegrad.MatrixAssert.wellConditioned;
import static dev.tracegrad.Ops.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Algebraic identities on random matrices: the ops agree with each other. */
class OpsIdentitiesTest {

    @RepeatedTest(5)
    void inverseTimesMatrixIsIdentity(RepetitionInfo info) {
        Random random = new Random(info.getCurrentRepetition());
        for (int n = 1; n <= 7; n++) {
            Matrix a = wellConditioned(n, random);
            assertClose(Matrix.identity(n), mul(inv(a), a), 1e-13);
            assertClose(Matrix.identity(n), mul(a, inv(a)), 1e-13);
        }
    }

    @RepeatedTest(5)
    void determinantIsMultiplicativeAndLogdetIsItsLog(RepetitionInfo info) {
        Random random = new Random(100 + info.getCurrentRepetition());
        for (int n = 1; n <= 6; n++) {
            Matrix a = Matrix.random(n, n, random);
            Matrix b = Matrix.random(n, n, random);
            double product = det(a) * det(b);
            assertEquals(product, det(mul(a, b)), 1e-12 * Math.max(1, Math.abs(product)));
            assertEquals(Math.log(Math.abs(det(a))), logdet(a), 1e-12);
            assertEquals(det(a), det(t(a)), 1e-12 * Math.max(1, Math.abs(det(a))));
            assertEquals(1 / det(a), det(inv(a)), 1e-9 * Math.abs(1 / det(a)));
        }
    }

    @Test
    void logdetStaysFiniteWhereTheDeterminantOverflows() {
        // 200·I: det = 200^200 overflows a double, log|det| = 200·log 200 does not.
        Matrix a = scale(200, Matrix.identity(200));
        assertEquals(Double.POSITIVE_INFINITY, det(a));
        assertEquals(200 * Math.log(200), logdet(a), 1e-10);
        // A negative determinant: the sign is dropped.
        Matrix swapped = Matrix.of(2, 2, 0, 3, 5, 0);
        assertEquals(-15, det(swapped), 1e-14);
        assertEquals(Math.log(15), logdet(swapped), 1e-14);
    }

    @RepeatedTest(5)
    void traceIsCyclic(RepetitionInfo info) {
        Random random = new Random(200 + info.getCurrentRepetition());
        Matrix a = Matrix.random(3, 5, random);
        Matrix b = Matrix.random(5, 3, random);
        assertEquals(tr(mul(a, b)), tr(mul(b, a)), 1e-12);
        assertEquals(tr(mul(t(a), t(b))), tr(mul(a, b)), 1e-12);
    }

    @RepeatedTest(5)
    void dotIsSumOfHadamardAndTraceOfTransposeProduct(RepetitionInfo info) {
        Random random = new Random(300 + info.getCurrentRepetition());
        Matrix a = Matrix.random(4, 3, random);
        Matrix b = Matrix.random(4, 3, random);
        // Same terms in the same order: exactly equal, not just close.
        assertEquals(sum(hadamard(a, b)), dot(a, b));
        assertEquals(sumsq(a), dot(a, a));
        assertEquals(tr(mul(t(a), b)), dot(a, b), 1e-12);
        assertEquals(sum(rowSums(a)), sum(colSums(a)), 1e-12);
        Matrix onesRow = Matrix.of(1, 4, 1, 1, 1, 1);
        assertEquals(sum(a), scalar(mul(mul(onesRow, a), Matrix.column(1, 1, 1))), 1e-12);
    }

    @RepeatedTest(5)
    void softmaxColumnsAreDistributionsAndLogSoftmaxIsTheirLog(RepetitionInfo info) {
        Random random = new Random(400 + info.getCurrentRepetition());
        Matrix a = scale(5, Matrix.random(6, 4, random));
        Matrix p = softmax(a);
        assertClose(Matrix.of(1, 4, 1, 1, 1, 1), colSums(p), 1e-14);
        for (double v : p.data()) {
            assertTrue(v > 0 && v < 1, "probability " + v);
        }
        assertClose(log(p), logSoftmax(a), 1e-13);
        assertClose(p, exp(logSoftmax(a)), 1e-15);
        // Softmax is invariant to adding a constant to a column: a + 𝟏cᵀ changes nothing.
        Matrix shift = mul(Matrix.column(1, 1, 1, 1, 1, 1), Matrix.of(1, 4, 1, -2, 30, 400));
        assertClose(p, softmax(add(a, shift)), 1e-13);
    }

    @RepeatedTest(3)
    void elementwiseRelations(RepetitionInfo info) {
        Random random = new Random(500 + info.getCurrentRepetition());
        Matrix a = Matrix.random(3, 4, random);
        assertClose(a, log(exp(a)), 1e-14);
        assertClose(square(a), hadamard(a, a), 0);
        assertClose(abs(a), sqrt(square(a)), 1e-15);
        assertClose(Matrix.zeros(3, 4), sub(a, a), 0);
        assertClose(neg(a), scale(-1, a), 0);
        assertClose(sub(relu(a), relu(neg(a))), a, 0); // relu(x) − relu(−x) = x
        assertClose(square(a), pow(a, 2), 1e-15);
        assertClose(Matrix.zeros(3, 4), sub(add(square(sin(a)), square(cos(a))), exp(scale(0, a))),
                1e-15);
        assertClose(sub(softplus(a), softplus(neg(a))), a, 1e-15); // softplus(x) − softplus(−x) = x
        assertClose(add(sigmoid(a), sigmoid(neg(a))), exp(scale(0, a)), 1e-15);
        assertClose(tanh(a), sub(scale(2, sigmoid(scale(2, a))), exp(scale(0, a))), 1e-15);
        assertClose(div(hadamard(a, a), a), a, 1e-15);
    }
}
