package dev.tracegrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** No op modifies its arguments, and matrix-valued ops return fresh matrices. */
class OpsPurityTest {

    @Test
    void unaryOpsLeaveTheirArgumentUntouched() {
        List<Function<Matrix, Object>> ops = List.of(Ops::neg, Ops::t, a -> Ops.scale(3, a),
                Ops::inv, Ops::exp, Ops::log, Ops::sigmoid, Ops::tanh, Ops::relu, Ops::softplus,
                Ops::square, Ops::sqrt, Ops::abs, Ops::sin, Ops::cos, a -> Ops.pow(a, 1.5),
                Ops::softmax, Ops::logSoftmax, Ops::rowSums, Ops::colSums, Ops::tr, Ops::det,
                Ops::logdet, Ops::sum, Ops::sumsq, a -> Ops.addColumn(a, Matrix.column(1, 2, 3)));
        Random random = new Random(7);
        for (Function<Matrix, Object> op : ops) {
            Matrix a = MatrixAssert.wellConditioned(3, random);
            double[] before = a.data().clone();
            Object result = op.apply(a);
            assertArrayEquals(before, a.data());
            if (result instanceof Matrix r) {
                assertNotSame(a.data(), r.data());
            }
        }
        Matrix one = Matrix.of(1, 1, 5);
        assertEquals(5, Ops.scalar(one));
        assertEquals(Matrix.of(1, 1, 5), one);
    }

    @Test
    void binaryOpsLeaveBothArgumentsUntouched() {
        List<BiFunction<Matrix, Matrix, Object>> ops = List.of(Ops::add, Ops::sub, Ops::mul,
                Ops::hadamard, Ops::div, Ops::dot);
        Random random = new Random(8);
        for (BiFunction<Matrix, Matrix, Object> op : ops) {
            Matrix a = Matrix.random(3, 3, random);
            Matrix b = Matrix.random(3, 3, random);
            double[] aBefore = a.data().clone();
            double[] bBefore = b.data().clone();
            Object result = op.apply(a, b);
            assertArrayEquals(aBefore, a.data());
            assertArrayEquals(bBefore, b.data());
            if (result instanceof Matrix r) {
                assertNotSame(a.data(), r.data());
                assertNotSame(b.data(), r.data());
            }
        }
    }

    @Test
    void sameArgumentTwiceIsFine() {
        Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
        assertEquals(Matrix.of(2, 2, 7, 10, 15, 22), Ops.mul(a, a));
        assertEquals(Matrix.of(2, 2, 2, 4, 6, 8), Ops.add(a, a));
        assertEquals(Matrix.of(2, 2, 1, 2, 3, 4), a);
    }
}
