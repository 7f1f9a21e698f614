package dev.tracegrad.processor.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.e2e.LossCheck;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Matrices with a zero dimension through generated code: empty sums are 0, the determinant of a
 * 0×0 matrix is the empty product 1 (so its logdet is 0), a product over an empty inner
 * dimension is a zero matrix, and the buffer overload still overwrites every entry of its
 * outputs (loops that run zero times must not leave the caller's garbage behind).
 */
class EmptyMatricesTest {
  private static Matrix nan(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    Arrays.fill(m.data(), Double.NaN);
    return m;
  }

  private static double value(Object result) {
    return (double) LossCheck.component(result, "value");
  }

  private static Matrix grad(Object result, String name) {
    return (Matrix) LossCheck.component(result, name);
  }

  @Test
  void emptySumsAreZero() {
    LossCheck loss = HostileLosses.loss("sigmoidSum");
    Matrix a = Matrix.zeros(0, 3);
    assertEquals(0.0, loss.value(a), 0.0);
    Object r = loss.gradient(a);
    assertEquals(0.0, value(r), 0.0);
    assertEquals(0, grad(r, "dA").rows());
    assertEquals(3, grad(r, "dA").cols());
  }

  @Test
  void determinantOfTheEmptyMatrixIsOne() {
    Matrix empty = Matrix.zeros(0, 0);
    assertEquals(1.0, HostileLosses.loss("detOnly").value(empty), 0.0);
    assertEquals(0.0, HostileLosses.loss("logdetOnly").value(empty), 0.0);
    Object r = HostileLosses.loss("logdetAndInverse").gradient(empty, empty);
    assertEquals(0.0, value(r), 0.0);
    assertEquals(0, grad(r, "dS").data().length);
  }

  @Test
  void aProductOverAnEmptyInnerDimensionIsZeroAndOverwritesTheBuffer() {
    LossCheck loss = HostileLosses.loss("squaredProduct");
    // W is 0×2: Wx is 0×1, ‖Wx‖² = 0, d/dx = 2Wᵀ(Wx) is the 2×1 zero vector.
    Matrix w = Matrix.zeros(0, 2);
    Matrix x = Matrix.column(3, 4);
    Matrix dW = nan(0, 2);
    Matrix dx = nan(2, 1);
    assertEquals(0.0, (double) loss.call("gradient", w, x, dW, dx), 0.0);
    assertArrayEquals(new double[] {0, 0}, dx.data(), 0.0);
    assertArrayEquals(new double[] {0, 0}, grad(loss.gradient(w, x), "dx").data(), 0.0);
  }

  @Test
  void anEmptyBatchHasZeroGradientsInEveryBuffer() {
    LossCheck loss = HostileLosses.loss("network");
    Object[] args = {Matrix.of(1, 1, 0.5), Matrix.of(1, 1, 0.25), Matrix.of(2, 1, 1, -1),
        Matrix.column(0.5, 0), Matrix.zeros(1, 0), Matrix.zeros(2, 0), 1.0};
    Matrix[] out = {nan(1, 1), nan(1, 1), nan(2, 1), nan(2, 1)};
    double v = (double) loss.call("gradient", LossCheck.concat(args, out));
    // No sample, no term: −0/1 = −0.
    assertEquals(-0.0, v, 0.0);
    for (Matrix m : out) {
      for (double d : m.data()) {
        assertEquals(0.0, d, 0.0, "a gradient entry of an empty batch");
      }
    }
  }

  @Test
  void noHiddenUnitsLeavesTheOutputBiasAlone() {
    LossCheck loss = HostileLosses.loss("network");
    // With 0 hidden units A2 = b2𝟏ᵀ = 0: softmax is ¼ in each of 4 classes. Two samples of
    // classes 1 and 3: loss −2·log ¼ / 2 = log 4; d/db2 = Σⱼ (softmax − yⱼ)/2 = (¼, −¼, ¼, −¼).
    Matrix y = Matrix.of(4, 2, 0, 0, 1, 0, 0, 0, 0, 1);
    Object[] args = {Matrix.zeros(0, 3), Matrix.zeros(0, 1), Matrix.zeros(4, 0), Matrix.zeros(4, 1),
        Matrix.of(3, 2, 1, 2, 3, 4, 5, 6), y, 2.0};
    Matrix[] out = {nan(0, 3), nan(0, 1), nan(4, 0), nan(4, 1)};
    double v = (double) loss.call("gradient", LossCheck.concat(args, out));
    assertEquals(Math.log(4), v, 1e-15);
    assertArrayEquals(new double[] {0.25, -0.25, 0.25, -0.25}, out[3].data(), 1e-16);
    LossCheck.assertClose(loss.reference(args), v, 1e-12, "the annotated method");
  }
}
