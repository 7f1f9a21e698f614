package dev.tracegrad.processor.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.e2e.LossCheck;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The same Matrix passed for two parameters is computed exactly as two equal copies would be,
 * and as the closed forms say; an output buffer that is also an input, or another output, is
 * rejected with an IllegalArgumentException naming both, before anything is written.
 */
class AliasingTest {
  private final Random rnd = new Random(66);

  /** A buffer full of a value no gradient here produces, so any write shows. */
  private static Matrix sentinel(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    Arrays.fill(m.data(), -123.25);
    return m;
  }

  /**
   * Runs value, gradient and the buffer overload with {@code shared} (some arguments the same
   * object) and with {@code copies} (each a distinct copy): every number is equal bit for bit.
   */
  private static Object assertSameAsCopies(LossCheck loss, Object[] shared, Object[] copies,
      String... grads) {
    assertEquals(loss.value(copies), loss.value(shared), 0.0, "value");
    Object a = loss.gradient(shared);
    Object b = loss.gradient(copies);
    assertEquals((double) LossCheck.component(b, "value"), (double) LossCheck.component(a, "value"), 0.0);
    Object[] buffers = new Object[grads.length];
    for (int g = 0; g < grads.length; g++) {
      Matrix expected = (Matrix) LossCheck.component(b, grads[g]);
      assertArrayEquals(expected.data(), ((Matrix) LossCheck.component(a, grads[g])).data(), 0.0, grads[g]);
      buffers[g] = sentinel(expected.rows(), expected.cols());
    }
    loss.call("gradient", LossCheck.concat(shared, buffers));
    for (int g = 0; g < grads.length; g++) {
      assertArrayEquals(((Matrix) LossCheck.component(b, grads[g])).data(), ((Matrix) buffers[g]).data(),
          0.0, grads[g] + " buffer");
    }
    return a;
  }

  @Test
  void oneMatrixForBothParametersOfAPair() {
    LossCheck loss = HostileLosses.loss("pair");
    Matrix a = Numeric.random(3, 3, rnd);
    Matrix before = a.copy();
    Object r = assertSameAsCopies(loss, new Object[] {a, a}, new Object[] {a.copy(), a.copy()}, "dA", "dB");
    assertEquals(before, a, "the shared argument was modified");
    // f = tr(AB) + ‖A − B‖² + ⟨A, Bᵀ⟩ + Σ A⊙B: d/dA = Bᵀ + 2(A − B) + Bᵀ + B and
    // d/dB = Aᵀ − 2(A − B) + Aᵀ + A, both 2Aᵀ + A at B = A; the value is 2tr(A²) + ‖A‖².
    Matrix expected = Ops.add(Ops.scale(2, Ops.t(a)), a);
    Numeric.assertClose(expected, (Matrix) LossCheck.component(r, "dA"), 1e-12, "dA");
    Numeric.assertClose(expected, (Matrix) LossCheck.component(r, "dB"), 1e-12, "dB");
    LossCheck.assertClose(2 * Ops.tr(Ops.mul(a, a)) + Ops.sumsq(a),
        (double) LossCheck.component(r, "value"), 1e-12, "value");
  }

  @Test
  void oneVectorOnBothSidesOfABilinearForm() {
    LossCheck loss = HostileLosses.loss("bilinear");
    Matrix x = Numeric.random(4, 1, rnd);
    Matrix a = Numeric.random(4, 4, rnd);
    Object r = assertSameAsCopies(loss, new Object[] {x, a, x}, new Object[] {x.copy(), a, x.copy()},
        "dx", "dA", "dy");
    // xᵀAy at y = x: d/dx = Ay = Ax, d/dA = xyᵀ = xxᵀ, d/dy = Aᵀx.
    Numeric.assertClose(Ops.mul(a, x), (Matrix) LossCheck.component(r, "dx"), 1e-12, "dx");
    Numeric.assertClose(Ops.mul(x, Ops.t(x)), (Matrix) LossCheck.component(r, "dA"), 1e-12, "dA");
    Numeric.assertClose(Ops.mul(Ops.t(a), x), (Matrix) LossCheck.component(r, "dy"), 1e-12, "dy");
  }

  @Test
  void dataAndLabelsTheSameMatrix() {
    LossCheck loss = HostileLosses.loss("network");
    Matrix w1 = Numeric.random(5, 4, rnd);
    Matrix b1 = Numeric.random(5, 1, rnd);
    Matrix w2 = Numeric.random(4, 5, rnd);
    Matrix b2 = Numeric.random(4, 1, rnd);
    Matrix xy = Numeric.random(4, 6, rnd);
    Object[] shared = {w1, b1, w2, b2, xy, xy, 6.0};
    Object[] copies = {w1, b1, w2, b2, xy.copy(), xy.copy(), 6.0};
    Object r = assertSameAsCopies(loss, shared, copies, "dW1", "db1", "dW2", "db2");
    LossCheck.assertClose(loss.reference(copies), (double) LossCheck.component(r, "value"), 1e-12, "value");
  }

  @Test
  void sharedWeightsAndBiasesInASquareNetwork() {
    // With 4 inputs, 4 hidden units and 4 classes W1 and W2 are both 4×4 (b1, b2 4×1), so one
    // matrix can be passed for both layers; it computes as two copies would.
    LossCheck loss = HostileLosses.loss("network");
    Matrix w = Numeric.random(4, 4, rnd);
    Matrix b = Numeric.random(4, 1, rnd);
    Matrix x = Numeric.random(4, 6, rnd);
    Matrix y = Matrix.zeros(4, 6);
    for (int j = 0; j < 6; j++) {
      y.set(j % 4, j, 1);
    }
    Object[] shared = {w, b, w, b, x, y, 6.0};
    Object[] copies = {w.copy(), b.copy(), w.copy(), b.copy(), x, y, 6.0};
    assertSameAsCopies(loss, shared, copies, "dW1", "db1", "dW2", "db2");
  }

  /** The buffer call fails with this message; no buffer is written, no argument modified. */
  private static void assertRejected(LossCheck loss, Object[] args, Matrix[] buffers, String message) {
    // Copies taken before the call: the rejected call must change no argument and no buffer.
    Object[] before = Arrays.stream(args).map(a -> a instanceof Matrix m ? m.copy() : a).toArray();
    Matrix[] buffersBefore = Arrays.stream(buffers).map(Matrix::copy).toArray(Matrix[]::new);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.call("gradient", LossCheck.concat(args, buffers)));
    assertEquals(message, e.getMessage());
    for (int i = 0; i < args.length; i++) {
      assertEquals(before[i], args[i], "argument " + i + " was modified");
    }
    for (int i = 0; i < buffers.length; i++) {
      assertEquals(buffersBefore[i], buffers[i], "buffer " + i + " was written");
    }
  }

  @Test
  void anOutputBufferThatIsTheOtherInputIsRejected() {
    LossCheck loss = HostileLosses.loss("pair");
    Matrix a = Numeric.random(3, 3, rnd);
    Matrix b = Numeric.random(3, 3, rnd);
    assertRejected(loss, new Object[] {a, b}, new Matrix[] {b, sentinel(3, 3)},
        "dA must not be the same matrix as B");
    assertRejected(loss, new Object[] {a, b}, new Matrix[] {sentinel(3, 3), a},
        "dB must not be the same matrix as A");
  }

  @Test
  void oneBufferForTwoOutputsIsRejected() {
    LossCheck loss = HostileLosses.loss("pair");
    Matrix out = sentinel(3, 3);
    assertRejected(loss, new Object[] {Numeric.random(3, 3, rnd), Numeric.random(3, 3, rnd)},
        new Matrix[] {out, out}, "dB must not be the same matrix as dA");
  }

  @Test
  void anOutputBufferThatIsAnInputNotDifferentiatedIsRejected() {
    // 1×1: the gradient buffer dx has the shape of every parameter, including A.
    LossCheck loss = HostileLosses.loss("solveSquares");
    Matrix a = Matrix.of(1, 1, 2);
    Matrix x = Matrix.of(1, 1, 3);
    assertRejected(loss, new Object[] {a, x}, new Matrix[] {a}, "dx must not be the same matrix as A");
    LossCheck s = HostileLosses.loss("logdetAndInverse");
    Matrix m = Numeric.random(2, 2, rnd);
    assertRejected(s, new Object[] {Numeric.wellConditioned(2, rnd), m}, new Matrix[] {m},
        "dS must not be the same matrix as M");
  }
}
