package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import org.junit.jupiter.api.Test;

class VariablesTest {

  @Test
  void acceptsOneMatrixPerName() {
    Variables.check(new Matrix[] {Matrix.zeros(2, 2), Matrix.zeros(1, 1)}, "x", "W", "s");
  }

  @Test
  void namesTheMissingOrNullVariable() {
    assertEquals("x must not be null",
        assertThrows(NullPointerException.class, () -> Variables.check(null, "x", "W")).getMessage());
    assertEquals("x[1] (s) must not be null", assertThrows(NullPointerException.class,
        () -> Variables.check(new Matrix[] {Matrix.zeros(2, 2), null}, "x", "W", "s")).getMessage());
    assertEquals("g has 3 matrices but the objective has 2 variables (W, s)",
        assertThrows(IllegalArgumentException.class, () -> Variables.check(
            new Matrix[] {Matrix.zeros(1, 1), Matrix.zeros(1, 1), Matrix.zeros(1, 1)}, "g", "W", "s")).getMessage());
  }

  @Test
  void aDoubleVariableIsOneByOne() {
    Matrix m = Matrix.of(1, 1, 2.5);
    assertEquals(2.5, Variables.scalar(m, "s"), 0.0);
    assertSame(m.data(), Variables.scalarData(m, "s"));
    assertArrayEquals(new double[] {2.5}, Variables.scalarData(m, "s"), 0.0);
    assertEquals("objective: s is 1×2 but must be 1×1 (it is a double)", assertThrows(IllegalArgumentException.class,
        () -> Variables.scalar(Matrix.zeros(1, 2), "s")).getMessage());
  }
}
