package dev.tracegrad.processor.emit;

import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.logSoftmax;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.tr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Arguments are checked before any work, in the order nulls, shapes, output shapes, aliasing,
 * with the runtime's messages; a failed check leaves every output buffer untouched.
 */
class ArgumentCheckTest {
  private final Random rnd = new Random(11);
  private final Harness crossEntropy = new Harness(Losses.softmaxCrossEntropy(),
      a -> -dot((Matrix) a[2], logSoftmax(mul((Matrix) a[0], (Matrix) a[1]))));

  private static Matrix sentinel(int rows, int cols) {
    Matrix m = Matrix.zeros(rows, cols);
    Arrays.fill(m.data(), 12345.0);
    return m;
  }

  private static void assertUntouched(Matrix m) {
    for (double v : m.data()) {
      assertEquals(12345.0, v, 0.0, "output buffer was written");
    }
  }

  private static <T extends Throwable> String message(Class<T> type, Executable e) {
    return assertThrows(type, e).getMessage();
  }

  @Test
  void nullParameterIsNamedByEveryMethod() {
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix y = Numeric.random(2, 4, rnd);
    Matrix dW = sentinel(2, 3);
    CompiledClass g = crossEntropy.generated;
    assertEquals("X must not be null", message(NullPointerException.class, () -> g.call("value", w, null, y)));
    assertEquals("X must not be null", message(NullPointerException.class, () -> g.call("gradient", w, null, y)));
    assertEquals("X must not be null",
        message(NullPointerException.class, () -> g.call("gradient", w, null, y, dW)));
    assertUntouched(dW);
  }

  @Test
  void nullOutputBufferIsNamed() {
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix x = Numeric.random(3, 4, rnd);
    Matrix y = Numeric.random(2, 4, rnd);
    assertEquals("dW must not be null", message(NullPointerException.class,
        () -> crossEntropy.generated.call("gradient", w, x, y, null)));
  }

  @Test
  void nullsAreReportedBeforeShapes() {
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix wrongX = Numeric.random(5, 4, rnd);
    assertEquals("Y must not be null", message(NullPointerException.class,
        () -> crossEntropy.generated.call("gradient", w, wrongX, null, sentinel(2, 3))));
  }

  @Test
  void shapeMismatchNamesTheOpOperandsAndShapes() {
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix x = Numeric.random(4, 5, rnd);
    Matrix y = Numeric.random(2, 5, rnd);
    Matrix dW = sentinel(2, 3);
    String expected = "mul(W, X): W is 2\u00d73 but X is 4\u00d75 (columns of W must equal rows of X)";
    assertEquals(expected, message(IllegalArgumentException.class, () -> crossEntropy.value(w, x, y)));
    assertEquals(expected, message(IllegalArgumentException.class,
        () -> crossEntropy.generated.call("gradient", w, x, y, dW)));
    assertUntouched(dW);
  }

  @Test
  void shapeOfAnIntermediateIsReportedWithRunTimeSizes() {
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix x = Numeric.random(3, 5, rnd);
    Matrix y = Numeric.random(2, 4, rnd);
    assertEquals("dot(Y, logp): Y is 2\u00d74 but logp is 2\u00d75 (Y and logp must have the same shape)",
        message(IllegalArgumentException.class, () -> crossEntropy.value(w, x, y)));
  }

  @Test
  void unaryCheckSaysWhatTheShapeMustBe() {
    Harness h = new Harness(Losses.logdetPlusTrace(),
        a -> logdet((Matrix) a[0]) + tr(mul(inv((Matrix) a[0]), (Matrix) a[1])));
    Matrix s = Numeric.random(3, 4, rnd);
    Matrix m = Numeric.random(4, 3, rnd);
    assertEquals("logdet: S is 3\u00d74 (S must be square)",
        message(IllegalArgumentException.class, () -> h.value(s, m)));
  }

  @Test
  void wrongOutputShapeIsRejectedBeforeAnyOutputIsWritten() {
    Harness h = new Harness(Losses.twoLayer(), a -> 0);
    Matrix w1 = Numeric.random(4, 3, rnd);
    Matrix w2 = Numeric.random(2, 4, rnd);
    Matrix b2 = Numeric.random(2, 1, rnd);
    Matrix x = Numeric.random(3, 6, rnd);
    Matrix y = Numeric.random(2, 6, rnd);
    Matrix dW1 = sentinel(4, 3);
    Matrix dW2 = sentinel(2, 4);
    Matrix db2 = sentinel(1, 2);
    assertEquals("db2 must be 2\u00d71 like b2 but is 1\u00d72", message(IllegalArgumentException.class,
        () -> h.generated.call("gradient", w1, w2, b2, x, y, dW1, dW2, db2)));
    assertUntouched(dW1);
    assertUntouched(dW2);
    assertUntouched(db2);
  }

  @Test
  void outputThatIsAnInputIsRejected() {
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix x = Numeric.random(3, 3, rnd);
    Matrix y = Numeric.random(2, 3, rnd);
    Matrix before = w.copy();
    assertEquals("dW must not be the same matrix as W", message(IllegalArgumentException.class,
        () -> crossEntropy.generated.call("gradient", w, x, y, w)));
    assertEquals(before, w);
  }

  @Test
  void twoOutputsSharingStorageAreRejected() {
    Harness h = new Harness(Losses.dotOfParameters(), a -> dot((Matrix) a[0], (Matrix) a[1]));
    Matrix out = sentinel(2, 2);
    assertEquals("dB must not be the same matrix as dA", message(IllegalArgumentException.class,
        () -> h.generated.call("gradient", Numeric.random(2, 2, rnd), Numeric.random(2, 2, rnd), out, out)));
    assertUntouched(out);
  }

  @Test
  void gradientsThatAreParametersAreCopiedOut() {
    Harness h = new Harness(Losses.dotOfParameters(), a -> dot((Matrix) a[0], (Matrix) a[1]));
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix b = Numeric.random(2, 3, rnd);
    Object result = h.verify(a, b);
    assertEquals(b, CompiledClass.component(result, "dA"));
    assertEquals(a, CompiledClass.component(result, "dB"));
  }

  @Test
  void emptyDoubleOutputArrayIsRejected() {
    Harness h = new Harness(Losses.scaledSigmoid(), a -> 0);
    Matrix dA = sentinel(2, 2);
    assertEquals("ds must have length at least 1 but has length 0", message(IllegalArgumentException.class,
        () -> h.generated.call("gradient", Numeric.random(2, 2, rnd), 1.0, dA, new double[0])));
    assertUntouched(dA);
    assertEquals("ds must not be null", message(NullPointerException.class,
        () -> h.generated.call("gradient", Numeric.random(2, 2, rnd), 1.0, dA, null)));
  }
}
