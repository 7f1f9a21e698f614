package dev.tracegrad;

import static dev.tracegrad.MatrixAssert.m;
import static dev.tracegrad.MatrixAssert.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error path of Ops: the message names the op, the operands and their shapes. */
class OpsErrorsTest {
    private static final Matrix M23 = Matrix.zeros(2, 3);
    private static final Matrix M32 = Matrix.zeros(3, 2);

    /** Ops of two same-shaped matrices; the result is ignored. */
    static Stream<Arguments> sameShapeOps() {
        return Stream.of(
                Arguments.of("add", (BiFunction<Matrix, Matrix, Object>) Ops::add),
                Arguments.of("sub", (BiFunction<Matrix, Matrix, Object>) Ops::sub),
                Arguments.of("hadamard", (BiFunction<Matrix, Matrix, Object>) Ops::hadamard),
                Arguments.of("div", (BiFunction<Matrix, Matrix, Object>) Ops::div),
                Arguments.of("dot", (BiFunction<Matrix, Matrix, Object>) Ops::dot));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameShapeOps")
    void sameShapeOpsNameBothShapes(String op, BiFunction<Matrix, Matrix, Object> f) {
        var e = assertThrows(IllegalArgumentException.class, () -> f.apply(M23, M32));
        assertEquals(op + ": A is 2×3 but B is 3×2 (A and B must have the same shape)",
                e.getMessage());
        // Equal sizes are not enough: 1×6 versus 2×3 is still a mismatch.
        assertThrows(IllegalArgumentException.class, () -> f.apply(Matrix.zeros(1, 6), M23));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameShapeOps")
    void binaryOpsNameTheNullParameter(String op, BiFunction<Matrix, Matrix, Object> f) {
        var a = assertThrows(NullPointerException.class, () -> f.apply(null, M23));
        assertEquals(op + ": A must not be null", a.getMessage());
        var b = assertThrows(NullPointerException.class, () -> f.apply(M23, null));
        assertEquals(op + ": B must not be null", b.getMessage());
    }

    @Test
    void mulNeedsMatchingInnerDimensions() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Ops.mul(M23, Matrix.zeros(4, 5)));
        assertEquals("mul: A is 2×3 but B is 4×5 (columns of A must equal rows of B)",
                e.getMessage());
        assertEquals("mul: A must not be null",
                assertThrows(NullPointerException.class, () -> Ops.mul(null, M32)).getMessage());
        assertEquals("mul: B must not be null",
                assertThrows(NullPointerException.class, () -> Ops.mul(M23, null)).getMessage());
    }

    @Test
    void addColumnNeedsAColumnOfMatchingHeight() {
        var tooShort = assertThrows(IllegalArgumentException.class,
                () -> Ops.addColumn(M23, Matrix.column(1, 2, 3)));
        assertEquals("addColumn: A is 2×3 but b is 3×1 (b must be (rows of A)×1)",
                tooShort.getMessage());
        var notColumn = assertThrows(IllegalArgumentException.class,
                () -> Ops.addColumn(M23, Matrix.zeros(2, 2)));
        assertEquals("addColumn: A is 2×3 but b is 2×2 (b must be (rows of A)×1)",
                notColumn.getMessage());
        assertEquals("addColumn: b must not be null", assertThrows(NullPointerException.class,
                () -> Ops.addColumn(M23, null)).getMessage());
        assertEquals("addColumn: A must not be null", assertThrows(NullPointerException.class,
                () -> Ops.addColumn(null, Matrix.column(1, 2))).getMessage());
    }

    /** Ops that need a square matrix. */
    static Stream<Arguments> squareOps() {
        return Stream.of(
                Arguments.of("inv", (Function<Matrix, Object>) Ops::inv),
                Arguments.of("det", (Function<Matrix, Object>) Ops::det),
                Arguments.of("logdet", (Function<Matrix, Object>) Ops::logdet),
                Arguments.of("tr", (Function<Matrix, Object>) Ops::tr));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("squareOps")
    void squareOpsRejectRectangularMatrices(String op, Function<Matrix, Object> f) {
        var e = assertThrows(IllegalArgumentException.class, () -> f.apply(M23));
        assertEquals(op + ": A is 2×3 but must be square", e.getMessage());
    }

    @Test
    void scalarNeedsOneByOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> Ops.scalar(M23));
        assertEquals("scalar: A is 2×3 but must be 1×1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.scalar(Matrix.column(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Ops.scalar(Matrix.zeros(0, 0)));
    }

    @Test
    void singularMatricesThrowFromInvAndLogdetButNotDet() {
        Matrix singular = m(row(1, 2, 3), row(4, 5, 6), row(7, 8, 9));
        var inv = assertThrows(SingularMatrixException.class, () -> Ops.inv(singular));
        assertEquals("inv: A is singular", inv.getMessage());
        var logdet = assertThrows(SingularMatrixException.class, () -> Ops.logdet(singular));
        assertEquals("logdet: A is singular", logdet.getMessage());
        assertEquals(0, Ops.det(singular));
        // An ArithmeticException, so generic handlers of arithmetic failures catch it too.
        assertThrows(ArithmeticException.class, () -> Ops.inv(Matrix.zeros(2, 2)));
        assertThrows(SingularMatrixException.class, () -> Ops.logdet(m(row(1, 2), row(2, 4))));
    }

    /** Ops of one matrix; every one must name its parameter A when given null. */
    static Stream<Arguments> unaryOps() {
        return Stream.of(
                Arguments.of("neg", (Function<Matrix, Object>) Ops::neg),
                Arguments.of("t", (Function<Matrix, Object>) Ops::t),
                Arguments.of("scale", (Function<Matrix, Object>) a -> Ops.scale(2, a)),
                Arguments.of("inv", (Function<Matrix, Object>) Ops::inv),
                Arguments.of("exp", (Function<Matrix, Object>) Ops::exp),
                Arguments.of("log", (Function<Matrix, Object>) Ops::log),
                Arguments.of("sigmoid", (Function<Matrix, Object>) Ops::sigmoid),
                Arguments.of("tanh", (Function<Matrix, Object>) Ops::tanh),
                Arguments.of("relu", (Function<Matrix, Object>) Ops::relu),
                Arguments.of("softplus", (Function<Matrix, Object>) Ops::softplus),
                Arguments.of("square", (Function<Matrix, Object>) Ops::square),
                Arguments.of("sqrt", (Function<Matrix, Object>) Ops::sqrt),
                Arguments.of("abs", (Function<Matrix, Object>) Ops::abs),
                Arguments.of("sin", (Function<Matrix, Object>) Ops::sin),
                Arguments.of("cos", (Function<Matrix, Object>) Ops::cos),
                Arguments.of("pow", (Function<Matrix, Object>) a -> Ops.pow(a, 2)),
                Arguments.of("softmax", (Function<Matrix, Object>) Ops::softmax),
                Arguments.of("logSoftmax", (Function<Matrix, Object>) Ops::logSoftmax),
                Arguments.of("rowSums", (Function<Matrix, Object>) Ops::rowSums),
                Arguments.of("colSums", (Function<Matrix, Object>) Ops::colSums),
                Arguments.of("tr", (Function<Matrix, Object>) Ops::tr),
                Arguments.of("det", (Function<Matrix, Object>) Ops::det),
                Arguments.of("logdet", (Function<Matrix, Object>) Ops::logdet),
                Arguments.of("sum", (Function<Matrix, Object>) Ops::sum),
                Arguments.of("sumsq", (Function<Matrix, Object>) Ops::sumsq),
                Arguments.of("scalar", (Function<Matrix, Object>) Ops::scalar));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryOpsNameTheNullParameter(String op, Function<Matrix, Object> f) {
        var e = assertThrows(NullPointerException.class, () -> f.apply(null));
        assertEquals(op + ": A must not be null", e.getMessage());
    }
}
