package dev.tracegrad.processor.emit;

import static dev.tracegrad.Ops.addColumn;
import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.det;
import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.logSoftmax;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tr;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Behaviour of generated classes for losses with known gradients: value equals the {@code Ops}
 * computation, gradients equal the closed form and central differences, the buffer overload
 * equals the allocating one, arguments are never modified.
 */
class GeneratedGradientTest {
  private final Random rnd = new Random(7);

  @Test
  void sumsqOfProductHasGradientTwoAxxT() {
    Harness h = new Harness(Losses.sumsqOfProduct(), a -> sumsq(mul((Matrix) a[0], (Matrix) a[1])));
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix x = Numeric.random(4, 2, rnd);
    Object result = h.verify(a, x);
    Matrix closed = scale(2, mul(mul(a, x), t(x)));
    Numeric.assertClose(closed, (Matrix) CompiledClass.component(result, "dA"), 1e-12, "2(Ax)x^T");
  }

  @Test
  void matrixVectorProductUsesTheSameCode() {
    Harness h = new Harness(Losses.sumsqOfProduct(), a -> sumsq(mul((Matrix) a[0], (Matrix) a[1])));
    Matrix a = Numeric.random(5, 3, rnd);
    Matrix x = Numeric.random(3, 1, rnd);
    Object result = h.verify(a, x);
    Numeric.assertClose(scale(2, mul(mul(a, x), t(x))),
        (Matrix) CompiledClass.component(result, "dA"), 1e-12, "2(Ax)x^T");
  }

  @Test
  void handValueOfSumsqOfProduct() {
    Harness h = new Harness(Losses.sumsqOfProduct(), a -> sumsq(mul((Matrix) a[0], (Matrix) a[1])));
    // A = [[1, 2], [3, 4]], x = [1, 1]^T: Ax = [3, 7], f = 9 + 49 = 58, df/dA = 2 [3, 7]^T [1, 1].
    Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
    Matrix x = Matrix.column(1, 1);
    Object result = h.gradient(a, x);
    Numeric.assertClose(58, (double) CompiledClass.component(result, "value"), 0, "value");
    Numeric.assertClose(Matrix.of(2, 2, 6, 6, 14, 14), (Matrix) CompiledClass.component(result, "dA"), 0, "dA");
  }

  @Test
  void softmaxCrossEntropyHasTheGeneralGradient() {
    Harness h = new Harness(Losses.softmaxCrossEntropy(),
        a -> -dot((Matrix) a[2], logSoftmax(mul((Matrix) a[0], (Matrix) a[1]))));
    Matrix w = Numeric.random(4, 3, rnd);
    Matrix x = Numeric.random(3, 5, rnd);
    Matrix y = Numeric.positiveColumns(4, 5, rnd);
    Object result = h.verify(w, x, y);
    // (softmax(WX) diag(1^T Y) - Y) X^T: 1^T Y is not 1 here, so the familiar P - Y would be wrong.
    Matrix p = softmax(mul(w, x));
    Matrix ones = colSums(y);
    Matrix g = Matrix.zeros(4, 5);
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 5; c++) {
        g.set(r, c, p.get(r, c) * ones.get(0, c) - y.get(r, c));
      }
    }
    Numeric.assertClose(mul(g, t(x)), (Matrix) CompiledClass.component(result, "dW"), 1e-12, "closed form");
  }

  @Test
  void softmaxCrossEntropyIsFiniteForHugeLogits() {
    Harness h = new Harness(Losses.softmaxCrossEntropy(),
        a -> -dot((Matrix) a[2], logSoftmax(mul((Matrix) a[0], (Matrix) a[1]))));
    Matrix w = Matrix.of(2, 1, 1000, -1000);
    Matrix x = Matrix.of(1, 1, 1);
    Matrix y = Matrix.column(0, 1);
    // logSoftmax([1000, -1000]) = [0, -2000]: f = 2000, dW = (softmax - y) x^T = [1, -1]^T.
    Object result = h.gradient(w, x, y);
    Numeric.assertClose(2000, (double) CompiledClass.component(result, "value"), 0, "value");
    Numeric.assertClose(Matrix.column(1, -1), (Matrix) CompiledClass.component(result, "dW"), 0, "dW");
  }

  @Test
  void logdetPlusTraceOfInverseHasGradientSinvTMinusSinvTMTSinvT() {
    Harness h = new Harness(Losses.logdetPlusTrace(),
        a -> logdet((Matrix) a[0]) + tr(mul(inv((Matrix) a[0]), (Matrix) a[1])));
    Matrix s = Numeric.wellConditioned(4, rnd);
    Matrix m = Numeric.random(4, 4, rnd);
    Object result = h.verify(s, m);
    Matrix sinvT = t(inv(s));
    Matrix closed = sub(sinvT, mul(mul(sinvT, t(m)), sinvT));
    Numeric.assertClose(closed, (Matrix) CompiledClass.component(result, "dS"), 1e-10, "closed form");
  }

  @Test
  void solveFormOfTheSameGradientAgrees() {
    Harness h = new Harness(Losses.logdetPlusTraceWithSolves(),
        a -> logdet((Matrix) a[0]) + tr(mul(inv((Matrix) a[0]), (Matrix) a[1])));
    Matrix s = Numeric.wellConditioned(5, rnd);
    Matrix m = Numeric.random(5, 5, rnd);
    Object result = h.verify(s, m);
    Matrix sinvT = t(inv(s));
    Matrix closed = sub(sinvT, mul(mul(sinvT, t(m)), sinvT));
    Numeric.assertClose(closed, (Matrix) CompiledClass.component(result, "dS"), 1e-10, "closed form");
  }

  @Test
  void determinantHasGradientDetTimesInverseTransposed() {
    Harness h = new Harness(Losses.determinant(), a -> det((Matrix) a[0]));
    Matrix a = Numeric.random(3, 3, rnd);
    Object result = h.verify(a);
    Numeric.assertClose(scale(det(a), t(inv(a))), (Matrix) CompiledClass.component(result, "dA"), 1e-12, "closed form");
  }

  @Test
  void handValueOfDeterminant() {
    Harness h = new Harness(Losses.determinant(), a -> det((Matrix) a[0]));
    // det [[2, 1], [1, 3]] = 5; d det / dA = adj(A)^T = [[3, -1], [-1, 2]].
    Object result = h.gradient(Matrix.of(2, 2, 2, 1, 1, 3));
    Numeric.assertClose(5, (double) CompiledClass.component(result, "value"), 1e-15, "value");
    Numeric.assertClose(Matrix.of(2, 2, 3, -1, -1, 2), (Matrix) CompiledClass.component(result, "dA"), 1e-15, "dA");
  }

  @Test
  void doubleParameterGetsAScalarGradient() {
    Harness h = new Harness(Losses.scaledSigmoid(),
        a -> sum(scale((double) a[1], sigmoid((Matrix) a[0]))) + (double) a[1] * (double) a[1]);
    Matrix a = Numeric.random(3, 2, rnd);
    double s = 0.75;
    Object result = h.verify(a, s);
    Matrix sig = sigmoid(a);
    Matrix ones = Matrix.of(3, 2, 1, 1, 1, 1, 1, 1);
    Matrix closedA = scale(s, hadamard(sig, sub(ones, sig)));
    Numeric.assertClose(closedA, (Matrix) CompiledClass.component(result, "dA"), 1e-12, "dA");
    Numeric.assertClose(sum(sig) + 2 * s, (double) CompiledClass.component(result, "ds"), 1e-12, "ds");
  }

  @Test
  void twoLayerNetworkMatchesBackpropagation() {
    Harness h = new Harness(Losses.twoLayer(), a -> -dot((Matrix) a[4], logSoftmax(addColumn(
        mul((Matrix) a[1], sigmoid(mul((Matrix) a[0], (Matrix) a[3]))), (Matrix) a[2]))));
    Matrix w1 = Numeric.random(4, 3, rnd);
    Matrix w2 = Numeric.random(2, 4, rnd);
    Matrix b2 = Numeric.random(2, 1, rnd);
    Matrix x = Numeric.random(3, 6, rnd);
    Matrix y = Numeric.positiveColumns(2, 6, rnd);
    h.verify(w1, w2, b2, x, y);
  }

  @Test
  void twoLayerNetworkOnASingleSample() {
    Harness h = new Harness(Losses.twoLayer(), a -> -dot((Matrix) a[4], logSoftmax(addColumn(
        mul((Matrix) a[1], sigmoid(mul((Matrix) a[0], (Matrix) a[3]))), (Matrix) a[2]))));
    h.verify(Numeric.random(3, 2, rnd), Numeric.random(4, 3, rnd), Numeric.random(4, 1, rnd),
        Numeric.random(2, 1, rnd), Numeric.positiveColumns(4, 1, rnd));
  }

  @Test
  void sameInstanceHandlesChangingShapes() {
    Harness h = new Harness(Losses.sumsqOfProduct(), a -> sumsq(mul((Matrix) a[0], (Matrix) a[1])));
    h.verify(Numeric.random(3, 4, rnd), Numeric.random(4, 2, rnd));
    h.verify(Numeric.random(6, 2, rnd), Numeric.random(2, 7, rnd));
    h.verify(Numeric.random(3, 4, rnd), Numeric.random(4, 2, rnd));
  }

  @Test
  void emptyMatricesGiveZeroLossAndEmptyGradients() {
    Harness h = new Harness(Losses.sumsqOfProduct(), a -> sumsq(mul((Matrix) a[0], (Matrix) a[1])));
    Object result = h.gradient(Matrix.zeros(0, 3), Matrix.zeros(3, 2));
    Numeric.assertClose(0, (double) CompiledClass.component(result, "value"), 0, "value");
    Numeric.assertClose(Matrix.zeros(0, 3), (Matrix) CompiledClass.component(result, "dA"), 0, "dA");
  }
}
