package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void nonNullReturnsItsArgumentOrNamesIt() {
        Matrix a = Matrix.zeros(1, 1);
        assertSame(a, Checks.nonNull(a, "W1"));
        var e = assertThrows(NullPointerException.class, () -> Checks.nonNull(null, "W1"));
        assertEquals("W1 must not be null", e.getMessage());
    }

    @Test
    void shapeMismatchIsBuiltNotThrown() {
        IllegalArgumentException e = Checks.shapeMismatch(
                "mul", "W1", 2, 3, "x", 4, 1, "columns of W1 must equal rows of x");
        assertEquals("mul: W1 is 2×3 but x is 4×1 (columns of W1 must equal rows of x)",
                e.getMessage());
    }

    @Test
    void wrongShapeMessage() {
        assertEquals("inv: S is 2×3 but must be square",
                Checks.wrongShape("inv", "S", 2, 3, "square").getMessage());
    }

    @Test
    void outputShape() {
        assertDoesNotThrow(() -> Checks.outputShape(Matrix.zeros(2, 3), "dW1", 2, 3, "W1"));
        var shape = assertThrows(IllegalArgumentException.class,
                () -> Checks.outputShape(Matrix.zeros(3, 2), "dW1", 2, 3, "W1"));
        assertEquals("dW1 must be 2×3 like W1 but is 3×2", shape.getMessage());
        var nul = assertThrows(NullPointerException.class,
                () -> Checks.outputShape(null, "dW1", 2, 3, "W1"));
        assertEquals("dW1 must not be null", nul.getMessage());
    }

    @Test
    void notAliased() {
        Matrix w = Matrix.zeros(2, 2);
        assertDoesNotThrow(() -> Checks.notAliased(w.copy(), "dW", w, "W"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> Checks.notAliased(w, "dW", w, "W"));
        assertEquals("dW must not be the same matrix as W", e.getMessage());
        assertThrows(NullPointerException.class, () -> Checks.notAliased(null, "dW", w, "W"));
    }
}
