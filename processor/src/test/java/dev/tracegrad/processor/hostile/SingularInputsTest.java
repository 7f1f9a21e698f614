package dev.tracegrad.processor.hostile;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.SingularMatrixException;
import dev.tracegrad.processor.e2e.LossCheck;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Exactly singular matrices through generated code, beyond the basics of RuntimeErrorsE2eTest:
 * the solve path (an inverse that is only applied, never formed), logdet beside an applied
 * inverse, the determinant of several kinds of singular matrix (0, while its gradient throws),
 * and a nearly singular matrix, which is not singular. A failed call writes no output buffer
 * and modifies no argument, and the instance works afterwards.
 */
class SingularInputsTest {
  /** Exactly singular in floating point: elimination cancels to exact zeros. */
  private static final List<Matrix> SINGULAR = List.of(
      Matrix.zeros(3, 3),
      Matrix.of(1, 1, 0),
      Matrix.of(2, 2, 1, 2, 2, 4),
      // u vᵀ with u = (1, 2, 4): rows are power-of-two multiples of each other.
      Matrix.of(3, 3, 1, 3, 5, 2, 6, 10, 4, 12, 20),
      // Two equal rows, and a zero column in the middle of an otherwise regular matrix.
      Matrix.of(4, 4, 1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 9, 1, 2, 5),
      Matrix.of(3, 3, 2, 0, 1, 1, 0, 3, 4, 0, 5));

  private static Matrix sentinel(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    Arrays.fill(m.data(), -123.25);
    return m;
  }

  /** The call throws SingularMatrixException; the buffer keeps its sentinel; args are unchanged. */
  private static void assertSingular(Object[] args, Matrix buffer, Executable call) {
    Object[] before = Arrays.stream(args).map(a -> a instanceof Matrix m ? m.copy() : a).toArray();
    assertThrows(SingularMatrixException.class, call);
    for (double v : buffer.data()) {
      assertEquals(-123.25, v, 0.0, "the output buffer was written");
    }
    for (int i = 0; i < args.length; i++) {
      assertEquals(before[i], args[i], "argument " + i + " was modified");
    }
  }

  private static void assertSingularEverywhere(LossCheck loss, Object[] args, Matrix buffer) {
    assertSingular(args, buffer, () -> loss.reference(args));  // Ops agrees it is singular
    assertSingular(args, buffer, () -> loss.value(args));
    assertSingular(args, buffer, () -> loss.gradient(args));
    assertSingular(args, buffer, () -> loss.call("gradient", LossCheck.concat(args, new Object[] {buffer})));
  }

  @Test
  void theSolvePathRejectsEachSingularMatrix() {
    // Guard: this loss really factors A and solves, never forming the inverse.
    String source = HostileLosses.source("solveSquares");
    assertThat(source).contains("Lu.solve(");
    assertThat(source).contains("Lu.solveTransposed(");
    assertThat(source).doesNotContain("Lu.inverse(");
    LossCheck loss = HostileLosses.loss("solveSquares");
    for (Matrix a : SINGULAR) {
      Matrix x = Matrix.zeros(a.rows(), 1);
      Arrays.fill(x.data(), 1);
      assertSingularEverywhere(loss, new Object[] {a, x}, sentinel(a.rows(), 1));
    }
    // Afterwards the same instance solves: A = [[2, 0], [0, 4]], x = (2, 4): A⁻¹x = (1, 1),
    // ‖A⁻¹x‖² = 2, d/dx = 2A⁻ᵀA⁻¹x = (1, ½).
    Matrix a = Matrix.of(2, 2, 2, 0, 0, 4);
    Matrix dx = sentinel(2, 1);
    assertEquals(2, (double) loss.call("gradient", a, Matrix.column(2, 4), dx), 0.0);
    assertArrayEquals(new double[] {1, 0.5}, dx.data(), 0.0);
  }

  @Test
  void logdetBesideAnAppliedInverseRejectsEachSingularMatrix() {
    LossCheck loss = HostileLosses.loss("logdetAndInverse");
    for (Matrix s : SINGULAR) {
      Matrix m = Matrix.zeros(s.rows(), s.cols());
      Arrays.fill(m.data(), 0.5);
      assertSingularEverywhere(loss, new Object[] {s, m}, sentinel(s.rows(), s.cols()));
    }
  }

  @Test
  void determinantOfEachSingularMatrixIsZeroAndItsGradientThrows() {
    LossCheck loss = HostileLosses.loss("detOnly");
    for (Matrix a : SINGULAR) {
      assertEquals(0.0, Ops.det(a), 0.0, "Ops.det");
      assertEquals(0.0, loss.value(a), 0.0, "value of det " + a);
      Matrix buffer = sentinel(a.rows(), a.cols());
      assertSingular(new Object[] {a}, buffer, () -> loss.gradient(a));
      assertSingular(new Object[] {a}, buffer, () -> loss.call("gradient", a, buffer));
    }
    // A permutation needs pivoting: det = −1, gradient det·A⁻ᵀ = [[0, −1], [−1, 0]].
    Matrix p = Matrix.of(2, 2, 0, 1, 1, 0);
    Matrix d = sentinel(2, 2);
    assertEquals(-1, (double) loss.call("gradient", p, d), 0.0);
    assertArrayEquals(new double[] {0, -1, -1, 0}, d.data(), 0.0);
  }

  @Test
  void aNearlySingularMatrixIsNotSingular() {
    LossCheck loss = HostileLosses.loss("logdetOnly");
    double e = 1e-9;
    Matrix a = Matrix.of(2, 2, 1, 1, 1, 1 + e);
    // Elimination is exact here: u₂₂ = (1 + e) − 1, the rounded e.
    double det = (1 + e) - 1;
    Object r = loss.gradient(a);
    assertEquals(Math.log(det), (double) LossCheck.component(r, "value"), 1e-12 * Math.abs(Math.log(det)));
    // d log det = A⁻ᵀ = [[1 + e, −1], [−1, 1]] / det, entries about 1e9.
    double[] expected = {(1 + e) / det, -1 / det, -1 / det, 1 / det};
    double[] got = ((Matrix) LossCheck.component(r, "dA")).data();
    for (int k = 0; k < 4; k++) {
      assertEquals(expected[k], got[k], 1e-6 * Math.abs(expected[k]), "dA[" + k + "]");
    }
  }
}
