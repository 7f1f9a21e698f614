package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.SingularMatrixException;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad input through generated code: shape errors name the operands and both shapes and leave
 * every output buffer and argument untouched; nulls name the parameter; singular matrices raise
 * the runtime's SingularMatrixException; the instance keeps working afterwards.
 */
class RuntimeErrorsE2eTest {
  private static final Matrix SINGULAR = Matrix.of(3, 3, 1, 2, 3, 2, 4, 6, 1, 0, 1);
  private final Random rnd = new Random(71);

  private static LossCheck network() {
    return LossCheck.of(ProcessorRun.ofLosses("Models"), "Models", "network");
  }

  /** A buffer of this shape filled with a sentinel that no gradient produces. */
  private static Matrix sentinel(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    Arrays.fill(m.data(), -123.25);
    return m;
  }

  private static void assertSentinel(Matrix m, String what) {
    for (double v : m.data()) {
      assertEquals(-123.25, v, 0.0, what + " was written");
    }
  }

  /** Runs the call, expecting the exception; then no buffer and no argument has changed. */
  private static <T extends Throwable> T assertThrowsCleanly(Class<T> type, Object[] args,
      Matrix[] buffers, Executable call) {
    Object[] before = Args.deepCopy(args);
    T e = assertThrows(type, call);
    Args.assertUnchanged(before, args);
    for (int i = 0; i < buffers.length; i++) {
      assertSentinel(buffers[i], "output buffer " + i);
    }
    return e;
  }

  private Object[] networkArgs(Matrix w1, Matrix x) {
    return new Object[] {w1, Numeric.random(5, 1, rnd), Numeric.random(4, 5, rnd),
        Numeric.random(4, 1, rnd), x, Mats.oneHot(4, 6), 6.0};
  }

  private static Matrix[] networkBuffers() {
    return new Matrix[] {sentinel(5, 3), sentinel(5, 1), sentinel(4, 5), sentinel(4, 1)};
  }

  @Test
  void mismatchedProductNamesOperandsAndShapes() {
    LossCheck loss = network();
    Object[] args = networkArgs(Numeric.random(5, 3, rnd), Numeric.random(2, 6, rnd));
    Matrix[] out = networkBuffers();
    String expected = "mul(W1, X): W1 is 5\u00d73 but X is 2\u00d76 (columns of W1 must equal rows of X)";
    IllegalArgumentException e = assertThrowsCleanly(IllegalArgumentException.class, args, out,
        () -> loss.call("gradient", LossCheck.concat(args, out)));
    assertEquals(expected, e.getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> loss.value(args)).getMessage());
    assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> loss.gradient(args)).getMessage());
  }

  @Test
  void mismatchedBiasNamesTheBiasAndItsShape() {
    LossCheck loss = network();
    Object[] args = networkArgs(Numeric.random(5, 3, rnd), Numeric.random(3, 6, rnd));
    args[1] = Numeric.random(4, 1, rnd);  // b1 must have W1's 5 rows
    Matrix[] out = networkBuffers();
    out[1] = sentinel(4, 1);
    IllegalArgumentException e = assertThrowsCleanly(IllegalArgumentException.class, args, out,
        () -> loss.call("gradient", LossCheck.concat(args, out)));
    assertThat(e.getMessage()).contains("b1 is 4\u00d71");
    assertThat(e.getMessage()).contains("5\u00d76");
    assertThat(e.getMessage()).startsWith("addColumn(");
  }

  @Test
  void wrongOutputBufferShapeNamesTheBufferAndTouchesNoBuffer() {
    LossCheck loss = network();
    Object[] args = networkArgs(Numeric.random(5, 3, rnd), Numeric.random(3, 6, rnd));
    Matrix[] out = networkBuffers();
    out[2] = sentinel(5, 4);  // dW2 transposed
    IllegalArgumentException e = assertThrowsCleanly(IllegalArgumentException.class, args, out,
        () -> loss.call("gradient", LossCheck.concat(args, out)));
    assertEquals("dW2 must be 4\u00d75 like W2 but is 5\u00d74", e.getMessage());
  }

  @Test
  void outputBufferAliasingAnArgumentIsRejected() {
    LossCheck loss = network();
    Object[] args = networkArgs(Numeric.random(5, 3, rnd), Numeric.random(3, 6, rnd));
    Matrix[] out = networkBuffers();
    Matrix w1 = (Matrix) args[0];
    Matrix w1Before = w1.copy();
    Object[] call = LossCheck.concat(args, new Object[] {w1, out[1], out[2], out[3]});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loss.call("gradient", call));
    assertEquals("dW1 must not be the same matrix as W1", e.getMessage());
    assertEquals(w1Before, w1);
    for (int i = 1; i < 4; i++) {
      assertSentinel(out[i], "output buffer " + i);
    }
  }

  @Test
  void nullsNameTheParameter() {
    LossCheck loss = network();
    Object[] args = networkArgs(Numeric.random(5, 3, rnd), Numeric.random(3, 6, rnd));
    args[4] = null;
    Matrix[] out = networkBuffers();
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> loss.call("gradient", LossCheck.concat(args, out)));
    assertEquals("X must not be null", e.getMessage());
    assertEquals("X must not be null", assertThrows(NullPointerException.class, () -> loss.value(args)).getMessage());
    for (Matrix m : out) {
      assertSentinel(m, "output buffer");
    }
    args[4] = Numeric.random(3, 6, rnd);
    out[3] = null;
    assertEquals("db2 must not be null", assertThrows(NullPointerException.class,
        () -> loss.call("gradient", LossCheck.concat(args, out))).getMessage());
  }

  @Test
  void theInstanceWorksAfterAFailedCall() {
    LossCheck loss = network();
    assertThrows(IllegalArgumentException.class,
        () -> loss.value(networkArgs(Numeric.random(5, 3, rnd), Numeric.random(2, 6, rnd))));
    Object[] good = networkArgs(Numeric.random(5, 3, rnd), Numeric.random(3, 6, rnd));
    LossCheck.assertClose(loss.reference(good), loss.value(good), 1e-12, "value after a failure");
  }

  @Test
  void inverseOfASingularMatrix() {
    LossCheck loss = LossCheck.of(ProcessorRun.ofLosses("Failures"), "Failures", "inverseAndSquares");
    Matrix b = Numeric.random(2, 2, rnd);
    Object[] args = {b, SINGULAR};
    Matrix[] out = {sentinel(2, 2), sentinel(3, 3)};
    assertThrows(SingularMatrixException.class, () -> Ops.inv(SINGULAR));  // as Ops does
    assertThrowsCleanly(SingularMatrixException.class, args, out, () -> loss.value(args));
    assertThrowsCleanly(SingularMatrixException.class, args, out, () -> loss.gradient(args));
    assertThrowsCleanly(SingularMatrixException.class, args, out,
        () -> loss.call("gradient", LossCheck.concat(args, out)));
    Matrix a = Numeric.wellConditioned(3, rnd);
    Matrix ait = Ops.t(Ops.inv(a));
    loss.verify(args("B", b, "A", a), grad("B", () -> Ops.scale(2, b)),
        grad("A", () -> Ops.scale(-1, Ops.mul(ait, ait))));
  }

  @Test
  void logdetOfASingularCovariance() {
    LossCheck loss = LossCheck.of(ProcessorRun.ofLosses("Models"), "Models", "gaussianNll");
    Object[] args = {Numeric.random(3, 1, rnd), SINGULAR, Numeric.random(3, 4, rnd), 4.0};
    Matrix[] out = {sentinel(3, 1), sentinel(3, 3)};
    assertThrows(SingularMatrixException.class, () -> Ops.logdet(SINGULAR));  // as Ops does
    assertThrowsCleanly(SingularMatrixException.class, args, out, () -> loss.value(args));
    assertThrowsCleanly(SingularMatrixException.class, args, out,
        () -> loss.call("gradient", LossCheck.concat(args, out)));
  }

  @Test
  void determinantOfASingularMatrixIsZeroButItsGradientThrows() {
    LossCheck loss = LossCheck.of(ProcessorRun.ofLosses("Failures"), "Failures", "detAndSquares");
    Matrix b = Numeric.random(2, 3, rnd);
    LossCheck.assertClose(Ops.sumsq(b), loss.value(SINGULAR, b), 1e-12, "det(singular) + ‖B‖²");
    assertThrows(SingularMatrixException.class, () -> loss.gradient(SINGULAR, b));
    Matrix[] out = {sentinel(3, 3), sentinel(2, 3)};
    assertThrows(SingularMatrixException.class,
        () -> loss.call("gradient", SINGULAR, b, out[0], out[1]));
  }

  @Test
  void nonSquareInverseNamesTheOperand() {
    LossCheck loss = LossCheck.of(ProcessorRun.ofLosses("Failures"), "Failures", "inverseAndSquares");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> loss.value(Numeric.random(2, 2, rnd), Numeric.random(2, 3, rnd)));
    assertThat(e.getMessage()).contains("A is 2\u00d73");
  }
}
