package dev.tracegrad.processor.emit;

import static dev.tracegrad.Ops.det;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.tr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.SingularMatrixException;
import dev.tracegrad.processor.lower.fixtures.Losses;
import org.junit.jupiter.api.Test;

/**
 * Singular matrices: det is 0 and never throws; its gradient, logdet and inverses throw the
 * runtime's SingularMatrixException, as Ops does.
 */
class SingularMatrixTest {
  private static final Matrix SINGULAR = Matrix.of(3, 3, 1, 2, 3, 2, 4, 6, 1, 0, 1);

  @Test
  void determinantOfASingularMatrixIsZero() {
    Harness h = new Harness(Losses.determinant(), a -> det((Matrix) a[0]));
    assertEquals(0.0, h.value(SINGULAR), 0.0);
    assertEquals(det(SINGULAR), h.value(SINGULAR), 0.0);
  }

  @Test
  void gradientOfDeterminantOfASingularMatrixThrows() {
    Harness h = new Harness(Losses.determinant(), a -> det((Matrix) a[0]));
    SingularMatrixException e = assertThrows(SingularMatrixException.class, () -> h.gradient(SINGULAR));
    assertEquals("det gradient: A is singular", e.getMessage());
    Matrix dA = Matrix.zeros(3, 3);
    assertThrows(SingularMatrixException.class, () -> h.generated.call("gradient", SINGULAR, dA));
  }

  @Test
  void aNonSingularMatrixAfterASingularOneWorks() {
    Harness h = new Harness(Losses.determinant(), a -> det((Matrix) a[0]));
    assertThrows(SingularMatrixException.class, () -> h.gradient(SINGULAR));
    h.verify(Matrix.of(3, 3, 2, 0, 1, 1, 3, 0, 0, 1, 4));
  }

  @Test
  void logdetOfASingularMatrixThrowsFromValue() {
    Harness h = new Harness(Losses.logdetPlusTrace(),
        a -> logdet((Matrix) a[0]) + tr(mul(inv((Matrix) a[0]), (Matrix) a[1])));
    SingularMatrixException e = assertThrows(SingularMatrixException.class,
        () -> h.value(SINGULAR, Matrix.zeros(3, 3)));
    assertEquals("logdet: S is singular", e.getMessage());
    // Ops agrees.
    assertThrows(SingularMatrixException.class, () -> logdet(SINGULAR));
  }

  @Test
  void solveFormThrowsToo() {
    Harness h = new Harness(Losses.logdetPlusTraceWithSolves(), a -> 0);
    assertThrows(SingularMatrixException.class, () -> h.gradient(SINGULAR, Matrix.zeros(3, 3)));
  }
}
