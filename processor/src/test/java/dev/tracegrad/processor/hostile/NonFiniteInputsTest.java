package dev.tracegrad.processor.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.e2e.LossCheck;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NaN and ±Infinity through generated code: no exception and no hang; values and gradients are
 * what the closed forms give in IEEE arithmetic (NaN in, NaN out; saturating functions reach
 * their limits; 0·∞ is NaN), and the value agrees with the annotated method. Arrays are
 * compared with NaN equal to NaN.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NonFiniteInputsTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  private static Matrix row(double... v) {
    return Matrix.of(1, v.length, v);
  }

  private static double value(Object result) {
    return (double) LossCheck.component(result, "value");
  }

  private static double[] grad(Object result, String name) {
    return ((Matrix) LossCheck.component(result, name)).data();
  }

  /** The value from value(), from gradient() and from the buffer overload, all equal to expected. */
  private static void assertValue(double expected, LossCheck loss, Object[] args, Object result,
      Matrix... buffers) {
    assertEquals(expected, loss.value(args), 0.0, "value()");
    assertEquals(expected, value(result), 0.0, "Result.value");
    assertEquals(expected, (double) loss.call("gradient", LossCheck.concat(args, buffers)), 0.0,
        "buffer overload");
    assertEquals(expected, loss.reference(args), 0.0, "the annotated method");
  }

  @Test
  void sigmoidSaturatesAtInfinityAndPassesNaN() {
    LossCheck loss = HostileLosses.loss("sigmoidSum");
    Matrix a = row(INF, -INF, 0);
    Object r = loss.gradient(a);
    Matrix dA = Matrix.zeros(1, 3);
    // σ(+∞) = 1, σ(−∞) = 0, σ(0) = ½; σ' = σ(1 − σ) is 0 at both infinities and ¼ at 0.
    assertValue(1.5, loss, new Object[] {a}, r, dA);
    assertArrayEquals(new double[] {0, 0, 0.25}, grad(r, "dA"), 0.0);
    assertArrayEquals(new double[] {0, 0, 0.25}, dA.data(), 0.0);

    Matrix b = row(NAN, 0);
    r = loss.gradient(b);
    Matrix dB = Matrix.zeros(1, 2);
    assertValue(NAN, loss, new Object[] {b}, r, dB);
    assertArrayEquals(new double[] {NAN, 0.25}, grad(r, "dA"), 0.0);
    assertArrayEquals(new double[] {NAN, 0.25}, dB.data(), 0.0);
  }

  @Test
  void softplusIsInfiniteAtPlusInfinityZeroAtMinusInfinity() {
    LossCheck loss = HostileLosses.loss("softplusSum");
    Matrix a = row(INF, -INF, 0);
    Object r = loss.gradient(a);
    // softplus(+∞) = +∞, softplus(−∞) = 0; its derivative σ is 1, 0 and ½ there.
    assertValue(INF, loss, new Object[] {a}, r, Matrix.zeros(1, 3));
    assertArrayEquals(new double[] {1, 0, 0.5}, grad(r, "dA"), 0.0);

    Matrix b = row(-INF, 0);
    r = loss.gradient(b);
    assertValue(Math.log(2), loss, new Object[] {b}, r, Matrix.zeros(1, 2));
    assertArrayEquals(new double[] {0, 0.5}, grad(r, "dA"), 0.0);
  }

  @Test
  void infinitiesThroughAProductKeepTheirSigns() {
    LossCheck loss = HostileLosses.loss("squaredProduct");
    Matrix w = Matrix.of(2, 2, 1, 2, 3, 4);
    // x = (−∞, 1): Wx = (−∞, −∞), ‖Wx‖² = +∞; d/dW = 2(Wx)xᵀ = [[+∞, −∞], [+∞, −∞]];
    // d/dx = 2Wᵀ(Wx) = (−∞, −∞) (all of W is positive: no 0·∞).
    Matrix x = Matrix.column(-INF, 1);
    Object r = loss.gradient(w, x);
    Matrix dW = Matrix.zeros(2, 2);
    Matrix dx = Matrix.zeros(2, 1);
    assertValue(INF, loss, new Object[] {w, x}, r, dW, dx);
    assertArrayEquals(new double[] {INF, -INF, INF, -INF}, grad(r, "dW"), 0.0);
    assertArrayEquals(new double[] {-INF, -INF}, grad(r, "dx"), 0.0);
    assertArrayEquals(grad(r, "dW"), dW.data(), 0.0);
    assertArrayEquals(grad(r, "dx"), dx.data(), 0.0);
  }

  @Test
  void logSoftmaxStaysFiniteFarBeyondAThousand() {
    LossCheck loss = HostileLosses.loss("crossEntropy");
    // Column (1e300, 0) labelled 2: log-softmax (0, −1e300), loss 1e300; gradient
    // softmax − y = (1, 0) − (0, 1).
    Matrix a = Matrix.column(1e300, 0);
    Matrix y = Matrix.column(0, 1);
    Object r = loss.gradient(a, y);
    assertValue(1e300, loss, new Object[] {a, y}, r, Matrix.zeros(2, 1));
    assertArrayEquals(new double[] {1, -1}, grad(r, "dA"), 0.0);
  }

  @Test
  void logSoftmaxOfMinusInfinity() {
    LossCheck loss = HostileLosses.loss("crossEntropy");
    // Column (−∞, 0) labelled 2: log-softmax (−∞, 0); the loss −(0·(−∞) + 1·0) is NaN in IEEE
    // arithmetic, as in Ops, but the gradient softmax − y = (0, 1) − (0, 1) is exactly 0.
    Matrix a = Matrix.column(-INF, 0);
    Matrix y = Matrix.column(0, 1);
    Object r = loss.gradient(a, y);
    assertValue(NAN, loss, new Object[] {a, y}, r, Matrix.zeros(2, 1));
    assertArrayEquals(new double[] {0, 0}, grad(r, "dA"), 0.0);
  }

  @Test
  void logSoftmaxOfPlusInfinityIsNaNAsInOps() {
    LossCheck loss = HostileLosses.loss("crossEntropy");
    // max = +∞, so x − max has ∞ − ∞ = NaN: the whole column is NaN, in Ops and generated code.
    Matrix a = Matrix.of(2, 2, INF, 1, 0, 2);
    Matrix y = Matrix.of(2, 2, 1, 0, 0, 1);
    Object r = loss.gradient(a, y);
    assertValue(NAN, loss, new Object[] {a, y}, r, Matrix.zeros(2, 2));
    double[] d = grad(r, "dA");
    assertTrue(Double.isNaN(d[0]) && Double.isNaN(d[2]), Arrays.toString(d));
    // The second column is finite: softmax(1, 2) − (0, 1).
    double p = 1 / (1 + Math.exp(1));
    assertEquals(p, d[1], 1e-15);
    assertEquals(-p, d[3], 1e-15);
  }

  /** Arguments of Hostile.network around the data x: 5 hidden units, 4 classes. */
  private static Object[] network(Matrix x, Random rnd) {
    Matrix w1 = uniformSigned(5, 3, rnd);
    return new Object[] {w1, uniformSigned(5, 1, rnd), uniformSigned(4, 5, rnd),
        uniformSigned(4, 1, rnd), x, oneHot(4, x.cols()), (double) x.cols()};
  }

  /** Entries in ±[0.1, 1): none is 0, so no product with an infinity is 0·∞ by accident. */
  private static Matrix uniformSigned(int rows, int cols, Random rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int k = 0; k < m.data().length; k++) {
      double v = 0.1 + 0.9 * rnd.nextDouble();
      m.data()[k] = rnd.nextBoolean() ? v : -v;
    }
    return m;
  }

  /** One-hot labels: sample j in class (3j + 1) mod m. */
  private static Matrix oneHot(int m, int n) {
    Matrix y = Matrix.zeros(m, n);
    for (int j = 0; j < n; j++) {
      y.set((3 * j + 1) % m, j, 1);
    }
    return y;
  }

  /** Output buffers of the network's shapes, full of a value no gradient here produces. */
  private static Matrix[] networkBuffers() {
    Matrix[] out = {Matrix.zeros(5, 3), Matrix.zeros(5, 1), Matrix.zeros(4, 5), Matrix.zeros(4, 1)};
    for (Matrix m : out) {
      Arrays.fill(m.data(), 7.5);
    }
    return out;
  }

  @Test
  void oneNaNSampleMakesTheBatchLossAndEveryGradientEntryNaN() {
    LossCheck loss = HostileLosses.loss("network");
    Random rnd = new Random(61);
    Matrix x = uniformSigned(3, 6, rnd);
    x.set(1, 2, NAN);
    Object[] args = network(x, rnd);
    Matrix[] out = networkBuffers();
    Object r = loss.gradient(args);
    assertValue(NAN, loss, args, r, out);
    // Sample 2 is NaN in every unit of every layer; each weight's gradient sums over the samples.
    String[] names = {"dW1", "db1", "dW2", "db2"};
    for (int w = 0; w < names.length; w++) {
      for (double v : grad(r, names[w])) {
        assertTrue(Double.isNaN(v), names[w] + " has a non-NaN entry " + v);
      }
      assertArrayEquals(grad(r, names[w]), out[w].data(), 0.0, names[w] + " buffer");
    }
  }

  @Test
  void anInfiniteInputSaturatesTanhAndOnlyItsOwnWeightColumnIsNaN() {
    LossCheck loss = HostileLosses.loss("network");
    Random rnd = new Random(62);
    Matrix x = uniformSigned(3, 6, rnd);
    x.set(0, 2, INF);
    Object[] args = network(x, rnd);
    Matrix w1 = (Matrix) args[0];
    Matrix b1 = (Matrix) args[1];
    Matrix w2 = (Matrix) args[2];
    Matrix b2 = (Matrix) args[3];
    Matrix y = (Matrix) args[5];
    double n = (double) args[6];
    Matrix[] out = networkBuffers();
    Object r = loss.gradient(args);

    // Closed form with Ops: A1 column 2 is ±∞, so tanh is exactly ±1 there and the loss finite.
    Matrix h1 = Ops.tanh(Ops.addColumn(Ops.mul(w1, x), b1));
    Matrix a2 = Ops.addColumn(Ops.mul(w2, h1), b2);
    double expected = -Ops.dot(y, Ops.logSoftmax(a2)) / n;
    assertTrue(Double.isFinite(expected));
    LossCheck.assertClose(expected, value(r), 1e-12, "Result.value");
    LossCheck.assertClose(expected, loss.value(args), 1e-12, "value()");
    LossCheck.assertClose(expected,
        (double) loss.call("gradient", LossCheck.concat(args, out)), 1e-12, "buffer overload");

    // dA2 = (softmax(A2) − Y)/n for one-hot Y; dA1 = (W2ᵀdA2) ⊙ (1 − H1²), 0 in column 2.
    Matrix dA2 = Ops.scale(1 / n, Ops.sub(Ops.softmax(a2), y));
    Matrix dA1 = Ops.hadamard(Ops.mul(Ops.t(w2), dA2), Ops.sub(fill(h1, 1), Ops.square(h1)));
    assertClose(Ops.mul(dA2, Ops.t(h1)), grad(r, "dW2"), "dW2");
    assertClose(Ops.rowSums(dA2), grad(r, "db2"), "db2");
    assertClose(Ops.rowSums(dA1), grad(r, "db1"), "db1");
    double[] dW1 = grad(r, "dW1");
    Matrix expectedW1 = Ops.mul(dA1, Ops.t(x));
    for (int i = 0; i < 5; i++) {
      // Σⱼ dA1[i][j]·X[0][j] meets 0·∞ at j = 2: NaN; the other columns of X are finite.
      assertTrue(Double.isNaN(dW1[i * 3]), "dW1[" + i + "][0] = " + dW1[i * 3]);
      assertTrue(Double.isNaN(expectedW1.get(i, 0)));
      for (int k = 1; k < 3; k++) {
        LossCheck.assertClose(expectedW1.get(i, k), dW1[i * 3 + k], 1e-12, "dW1[" + i + "][" + k + "]");
      }
    }
    for (int w = 0; w < 4; w++) {
      assertArrayEquals(grad(r, new String[] {"dW1", "db1", "dW2", "db2"}[w]), out[w].data(), 0.0);
    }
  }

  private static Matrix fill(Matrix like, double v) {
    Matrix m = Matrix.zeros(like.rows(), like.cols());
    Arrays.fill(m.data(), v);
    return m;
  }

  /** Every entry finite and within 1e-12 (relative) of the closed form. */
  private static void assertClose(Matrix expected, double[] actual, String what) {
    assertEquals(expected.data().length, actual.length, what);
    for (int k = 0; k < actual.length; k++) {
      assertTrue(Double.isFinite(actual[k]), what + "[" + k + "] = " + actual[k]);
      LossCheck.assertClose(expected.data()[k], actual[k], 1e-12, what + "[" + k + "]");
    }
  }

  @Test
  void logdetOfAMatrixWithANaNIsNaNNotSingular() {
    LossCheck loss = HostileLosses.loss("logdetOnly");
    Matrix a = Matrix.of(2, 2, NAN, 1, 1, 2);
    Object r = loss.gradient(a);
    assertValue(NAN, loss, new Object[] {a}, r, Matrix.zeros(2, 2));
    for (double v : grad(r, "dA")) {
      assertTrue(Double.isNaN(v), "d logdet = A⁻ᵀ should be NaN, is " + v);
    }
  }

  @Test
  void logdetWithAnInfiniteEntryReachesItsLimits() {
    LossCheck loss = HostileLosses.loss("logdetOnly");
    // det [[∞, 1], [1, 2]] = ∞, so log det = ∞; A⁻¹ = [[2, −1], [−1, ∞]]/det → [[0, 0], [0, ½]].
    Matrix a = Matrix.of(2, 2, INF, 1, 1, 2);
    Object r = loss.gradient(a);
    assertValue(INF, loss, new Object[] {a}, r, Matrix.zeros(2, 2));
    assertArrayEquals(new double[] {0, 0, 0, 0.5}, grad(r, "dA"), 0.0);
  }
}
