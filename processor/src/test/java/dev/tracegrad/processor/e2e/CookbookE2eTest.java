package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.det;
import static dev.tracegrad.Ops.exp;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tanh;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Losses the processor's tests never saw, from The Matrix Cookbook and textbooks
 * ({@code e2e/losses/example/Cookbook.java}), against the closed forms printed there.
 */
class CookbookE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Cookbook");
  private final Random rnd = new Random(47);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Cookbook", method);
  }

  @Test
  void traceOfAXB() {
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix x = Numeric.random(3, 4, rnd);
    Matrix b = Numeric.random(4, 2, rnd);
    loss("traceAXB").verify(args("A", a, "X", x, "B", b), grad("X", () -> mul(t(a), t(b))));
  }

  @Test
  void traceOfXBXt() {
    Matrix x = Numeric.random(3, 4, rnd);
    Matrix b = Numeric.random(4, 4, rnd);
    loss("traceXBXt").verify(args("X", x, "B", b), grad("X", () -> add(mul(x, t(b)), mul(x, b))));
  }

  @Test
  void logDeterminantOfTheGramMatrix() {
    Matrix x = Numeric.random(5, 3, rnd);
    for (int i = 0; i < 3; i++) {
      x.set(i, i, x.get(i, i) + 2);  // full column rank, well conditioned
    }
    loss("logDetGram").verify(args("X", x), grad("X", () -> scale(2, mul(x, inv(mul(t(x), x))))));
  }

  @Test
  void ridgeInMatrixForm() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix x = Numeric.random(3, 2, rnd);
    Matrix b = Numeric.random(4, 2, rnd);
    double lambda = 0.05;
    loss("ridgeMatrix").verify(args("A", a, "X", x, "B", b, "lambda", lambda),
        grad("X", () -> add(scale(2, mul(t(a), sub(mul(a, x), b))), scale(2 * lambda, x))));
  }

  @Test
  void traceOfAXinverseB() {
    Matrix a = Numeric.random(2, 3, rnd);
    Matrix x = Numeric.wellConditioned(3, rnd);
    Matrix b = Numeric.random(3, 2, rnd);
    Matrix xit = t(inv(x));
    loss("traceAXinvB").verify(args("A", a, "X", x, "B", b),
        grad("X", () -> scale(-1, mul(mul(xit, mul(t(a), t(b))), xit))));
  }

  @Test
  void determinantOfAXB() {
    Matrix a = Numeric.wellConditioned(3, rnd);
    Matrix x = Numeric.wellConditioned(3, rnd);
    Matrix b = Numeric.wellConditioned(3, rnd);
    double d = det(mul(a, mul(x, b)));
    loss("detAXB").verify(args("A", a, "X", x, "B", b), grad("X", () -> scale(d, t(inv(x)))));
  }

  @Test
  void softmaxRegressionWithL2() {
    Matrix w = Numeric.random(3, 4, rnd);
    Matrix x = Numeric.random(4, 6, rnd);
    Matrix y = Mats.oneHot(3, 6);
    double lambda = 0.2;
    Matrix p = softmax(mul(w, x));
    loss("softmaxRegression").verify(args("W", w, "X", x, "Y", y, "lambda", lambda),
        grad("W", () -> add(mul(sub(Mats.scaleColumns(p, colSums(y)), y), t(x)), scale(lambda, w))));
  }

  @Test
  void pseudoHuber() {
    Matrix a = Numeric.random(5, 3, rnd);
    Matrix x = Numeric.random(3, 1, rnd);
    Matrix b = Numeric.random(5, 1, rnd);
    double delta = 0.5;
    Matrix rho = scale(1 / delta, sub(mul(a, x), b));
    loss("pseudoHuber").verify(args("A", a, "x", x, "b", b, "J", Mats.ones(5, 1), "delta", delta),
        grad("x", () -> scale(delta, mul(t(a), Mats.map(rho, v -> v / Math.sqrt(1 + v * v))))));
  }

  @Test
  void mahalanobisDistance() {
    Matrix x = Numeric.random(3, 1, rnd);
    Matrix mu = Numeric.random(3, 1, rnd);
    Matrix s = Numeric.wellConditioned(3, rnd);  // not symmetric: the general forms apply
    Matrix d = sub(x, mu);
    Matrix si = inv(s);
    Matrix dx = mul(add(si, t(si)), d);
    loss("mahalanobis").verify(args("x", x, "mu", mu, "S", s),
        grad("x", () -> dx), grad("mu", () -> scale(-1, dx)),
        grad("S", () -> scale(-1, mul(mul(t(si), mul(d, t(d))), t(si)))));
  }

  @Test
  void traceOfTheSquare() {
    Matrix x = Numeric.random(4, 4, rnd);
    loss("traceOfSquare").verify(args("X", x), grad("X", () -> scale(2, t(x))));
  }

  @Test
  void linearForms() {
    Matrix a = Numeric.random(3, 1, rnd);
    Matrix x = Numeric.random(3, 4, rnd);
    Matrix b = Numeric.random(4, 1, rnd);
    Matrix c = Numeric.random(4, 1, rnd);
    loss("linearForms").verify(args("a", a, "X", x, "b", b, "c", c),
        grad("X", () -> add(mul(a, t(b)), mul(a, t(c)))));
  }

  @Test
  void bXtDXc() {
    Matrix b = Numeric.random(2, 1, rnd);
    Matrix x = Numeric.random(3, 2, rnd);
    Matrix d = Numeric.random(3, 3, rnd);
    Matrix c = Numeric.random(2, 1, rnd);
    loss("bXtDXc").verify(args("b", b, "X", x, "D", d, "c", c),
        grad("X", () -> add(mul(mul(t(d), x), mul(b, t(c))), mul(mul(d, x), mul(c, t(b))))));
  }

  @Test
  void euclideanNorm() {
    Matrix x = Numeric.random(4, 1, rnd);
    loss("euclideanNorm").verify(args("x", x), grad("x", () -> scale(1 / Math.sqrt(sumsq(x)), x)));
    LossCheck.assertClose(5, loss("euclideanNorm").value(Matrix.column(3, 4)), 0, "‖(3, 4)‖");
  }

  @Test
  void logSumExp() {
    Matrix x = Numeric.random(3, 2, rnd);
    loss("logSumExp").verify(args("x", x), grad("x", () -> scale(1 / sum(exp(x)), exp(x))));
  }

  @Test
  void symmetricFactorisation() {
    Matrix x = Numeric.random(4, 2, rnd);
    Matrix c = Numeric.random(4, 4, rnd);
    Matrix r = sub(mul(x, t(x)), c);
    loss("symmetricFactorisation").verify(args("X", x, "C", c),
        grad("X", () -> scale(2, mul(add(r, t(r)), x))));
  }

  @Test
  void gaussianKullbackLeibler() {
    Matrix m1 = Numeric.random(3, 1, rnd);
    Matrix s1 = Mats.spd(3, rnd);
    Matrix m2 = Numeric.random(3, 1, rnd);
    Matrix s2 = Mats.spd(3, rnd);
    Matrix p2 = inv(s2);
    loss("gaussianKl").verify(args("m1", m1, "S1", s1, "m2", m2, "S2", s2, "k", 3.0),
        grad("m1", () -> scale(-0.5, mul(add(p2, t(p2)), sub(m2, m1)))),
        grad("S1", () -> scale(0.5, sub(t(p2), t(inv(s1))))));
    // KL of a distribution with itself is 0.
    LossCheck.assertClose(0, loss("gaussianKl").value(m1, s1, m1, s1, 3.0), 1e-14, "KL(p ‖ p)");
  }

  @Test
  void logCosh() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix x = Numeric.random(3, 1, rnd);
    Matrix b = Numeric.random(4, 1, rnd);
    loss("logCosh").verify(args("A", a, "x", x, "b", b),
        grad("x", () -> mul(t(a), tanh(sub(mul(a, x), b)))));
  }

  @Test
  void lasso() {
    Matrix a = Numeric.random(4, 3, rnd);
    Matrix x = Mats.awayFromZero(3, 1, 0.2, rnd);
    Matrix b = Numeric.random(4, 1, rnd);
    double lambda = 0.4;
    loss("lasso").verify(args("A", a, "x", x, "b", b, "lambda", lambda),
        grad("x", () -> add(mul(t(a), sub(mul(a, x), b)), scale(lambda, Mats.map(x, Math::signum)))));
  }
}
