package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.det;
import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.rowSums;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tr;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of API.md in at least one compiled loss, each against its textbook derivative:
 * the losses are in {@code e2e/losses/example/Coverage.java}.
 */
class OpCoverageE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Coverage");
  private final Random rnd = new Random(23);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Coverage", method);
  }

  @Test
  void addAndSub() {
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix b = Numeric.random(3, 4, rnd);
    Matrix c = Numeric.random(3, 4, rnd);
    Matrix r = sub(add(a, b), c);
    loss("addSub").verify(args("A", a, "B", b, "C", c),
        grad("A", () -> scale(2, r)), grad("B", () -> scale(2, r)), grad("C", () -> scale(-2, r)));
  }

  @Test
  void negAndScaleByADoubleParameter() {
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix c = Numeric.random(2, 3, rnd);
    double s = 1.75;
    loss("negScale").verify(args("A", a, "C", c, "s", s),
        grad("A", () -> scale(-s, c)), grad("s", () -> -dot(c, a)));
  }

  @Test
  void productWithATransposedOperand() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix b = Numeric.random(4, 2, rnd);
    Matrix r = mul(t(a), b);
    loss("productOfTransposed").verify(args("A", a, "B", b),
        grad("A", () -> scale(2, mul(b, t(r)))), grad("B", () -> scale(2, mul(a, r))));
  }

  @Test
  void hadamardAndDiv() {
    Matrix a = Numeric.random(3, 3, rnd);
    Matrix b = Mats.uniform(3, 3, 0.5, 2, rnd);
    loss("hadamardDiv").verify(args("A", a, "B", b),
        grad("A", () -> scale(2, hadamard(a, Mats.map(b, v -> 1 / v)))),
        grad("B", () -> scale(-1, hadamard(hadamard(a, a), Mats.map(b, v -> 1 / (v * v))))));
  }

  /** Method, σ′ written by hand, and inputs inside σ's domain away from its kinks. */
  static Stream<Arguments> elementwise() {
    DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
    return Stream.of(
        Arguments.of("exps", (DoubleUnaryOperator) Math::exp, false),
        Arguments.of("logs", (DoubleUnaryOperator) v -> 1 / v, true),
        Arguments.of("sigmoids", (DoubleUnaryOperator) v -> sigmoid.applyAsDouble(v) * (1 - sigmoid.applyAsDouble(v)), false),
        Arguments.of("tanhs", (DoubleUnaryOperator) v -> 1 / (Math.cosh(v) * Math.cosh(v)), false),
        Arguments.of("relus", (DoubleUnaryOperator) v -> v > 0 ? 1 : 0, false),
        Arguments.of("softpluses", sigmoid, false),
        Arguments.of("squares", (DoubleUnaryOperator) v -> 2 * v, false),
        Arguments.of("sqrts", (DoubleUnaryOperator) v -> 0.5 / Math.sqrt(v), true),
        Arguments.of("abses", (DoubleUnaryOperator) Math::signum, false),
        Arguments.of("sines", (DoubleUnaryOperator) Math::cos, false),
        Arguments.of("cosines", (DoubleUnaryOperator) v -> -Math.sin(v), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("elementwise")
  void elementwiseFunction(String method, DoubleUnaryOperator derivative, boolean positive) {
    Matrix a = positive ? Mats.uniform(3, 4, 0.2, 3, rnd) : Mats.awayFromZero(3, 4, 0.1, rnd);
    Matrix c = Numeric.random(3, 4, rnd);
    loss(method).verify(args("A", a, "C", c),
        grad("A", () -> hadamard(c, Mats.map(a, derivative))));
  }

  @Test
  void powerWithAConstantExponentParameter() {
    Matrix a = Mats.uniform(2, 3, 0.3, 2, rnd);
    Matrix c = Numeric.random(2, 3, rnd);
    for (double p : new double[] {2.5, -1.5, 1}) {
      loss("powers").verify(args("A", a, "C", c, "p", p),
          grad("A", () -> hadamard(c, Mats.map(a, v -> p * Math.pow(v, p - 1)))));
    }
  }

  @Test
  void softmaxPerColumn() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix c = Numeric.random(4, 3, rnd);
    Matrix s = softmax(a);
    // ∂/∂a of cᵀsoftmax(a) = s ⊙ (c − 𝟏(sᵀc)), column by column.
    loss("softmaxes").verify(args("A", a, "C", c),
        grad("A", () -> hadamard(s, sub(c, mul(Mats.ones(4, 1), colSums(hadamard(s, c)))))));
  }

  @Test
  void logSoftmaxPerColumn() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix c = Numeric.random(4, 3, rnd);
    loss("logSoftmaxes").verify(args("A", a, "C", c),
        grad("A", () -> sub(c, Mats.scaleColumns(softmax(a), colSums(c)))));
  }

  @Test
  void addColumnBias() {
    Matrix a = Numeric.random(3, 5, rnd);
    Matrix b = Numeric.random(3, 1, rnd);
    Matrix r = add(a, mul(b, Mats.ones(1, 5)));
    loss("bias").verify(args("A", a, "b", b),
        grad("A", () -> scale(2, r)), grad("b", () -> scale(2, rowSums(r))));
  }

  @Test
  void rowSumsAndColSums() {
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix u = Numeric.random(3, 1, rnd);
    Matrix v = Numeric.random(1, 4, rnd);
    loss("rowAndColumnSums").verify(args("A", a, "u", u, "v", v),
        grad("A", () -> add(mul(u, Mats.ones(1, 4)), scale(3, mul(Mats.ones(3, 1), v)))));
  }

  @Test
  void inverse() {
    Matrix a = Numeric.wellConditioned(3, rnd);
    Matrix b = Numeric.random(3, 3, rnd);
    Matrix invT = t(inv(a));
    loss("traceOfInverseTimes").verify(args("A", a, "B", b),
        grad("A", () -> scale(-1, mul(mul(invT, t(b)), invT))), grad("B", () -> invT));
  }

  @Test
  void determinant() {
    Matrix a = Numeric.wellConditioned(3, rnd);
    loss("determinant").verify(args("A", a), grad("A", () -> scale(det(a), t(inv(a)))));
    // Hand-computed: det [[2, 1], [1, 3]] = 5, gradient = cofactors [[3, -1], [-1, 2]].
    Object r = loss("determinant").gradient(Matrix.of(2, 2, 2, 1, 1, 3));
    LossCheck.assertClose(5, (double) LossCheck.component(r, "value"), 1e-15, "det");
    Numeric.assertClose(Matrix.of(2, 2, 3, -1, -1, 2), (Matrix) LossCheck.component(r, "dA"), 1e-15, "dA");
  }

  @Test
  void logDeterminantOfPositiveAndNegativeDeterminants() {
    Matrix a = Numeric.wellConditioned(4, rnd);
    loss("logDeterminant").verify(args("A", a), grad("A", () -> t(inv(a))));
    Matrix negative = Matrix.of(2, 2, 1, 2, 3, 4);  // det = −2: log|det| = log 2
    loss("logDeterminant").verify(args("A", negative), grad("A", () -> t(inv(negative))));
    LossCheck.assertClose(Math.log(2), loss("logDeterminant").value(negative), 1e-15, "log|det|");
  }

  @Test
  void traceSumAndScalarArithmetic() {
    Matrix a = Numeric.random(3, 3, rnd);
    Matrix b = Numeric.random(2, 4, rnd);
    loss("traceAndSum").verify(args("A", a, "B", b),
        grad("A", () -> scale(2, Matrix.identity(3))), grad("B", () -> Mats.fill(2, 4, -0.25)));
  }

  @Test
  void quadraticFormThroughScalar() {
    Matrix x = Numeric.random(4, 1, rnd);
    Matrix a = Numeric.random(4, 4, rnd);
    loss("quadraticForm").verify(args("x", x, "A", a),
        grad("x", () -> mul(add(a, t(a)), x)), grad("A", () -> mul(x, t(x))));
  }

  @Test
  void scalarOperatorsAndMathFunctions() {
    Matrix a = Numeric.random(3, 3, rnd);
    Matrix b = Numeric.random(2, 2, rnd);
    double c = 0.6;
    double sa = sumsq(a);
    double sb = sum(b);
    double e = Math.exp(-tr(a) / 3);
    loss("scalarExpressions").verify(args("A", a, "B", b, "c", c),
        grad("A", () -> add(scale(2 / (1 + sa) + 2 * c * c, a), scale(-c * e / 3, Matrix.identity(3)))),
        grad("B", () -> Mats.fill(2, 2, -sb / Math.sqrt(2 + sb * sb) + 0.75 * sb * sb)),
        grad("c", () -> e + 2 * sa * c));
  }
}
