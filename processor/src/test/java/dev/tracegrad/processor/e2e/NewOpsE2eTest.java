package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The ops of the loss language 0.2, compiled through the processor from
 * {@code e2e/losses/example/NewOps.java}: each gradient against a closed form written here by
 * hand and against central differences of the annotated method, on shapes that are not all equal.
 */
class NewOpsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("NewOps");
  private final Random rnd = new Random(41);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "NewOps", method);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  @Test
  void log1pAndExpm1() {
    Matrix a = Mats.uniform(3, 4, -0.5, 2, rnd);
    Matrix c = Numeric.random(3, 4, rnd);
    loss("log1ps").verify(args("A", a, "C", c), grad("A", () -> hadamard(c, Mats.map(a, v -> 1 / (1 + v)))));
    loss("expm1s").verify(args("A", a, "C", c), grad("A", () -> hadamard(c, Mats.map(a, Math::exp))));
  }

  @Test
  void scalarOverloadsAndMathFunctions() {
    for (double s : new double[] {0.7, -1.3}) {
      double sg = sigmoid(s);
      double expected = sg * (1 - sg) + (s > 0 ? 1 : 0) + 2 * sigmoid(2 * s) + 2 * s
          + 2 * s / (1 + s * s) + Math.exp(s) + Math.signum(s) + 1 - Math.tanh(s) * Math.tanh(s)
          + Math.cos(s) - Math.sin(s);
      loss("scalarFunctions").verify(args("s", s), grad("s", () -> expected));
    }
  }

  @Test
  void scalarFunctionsOfReductions() {
    Matrix a = Numeric.random(2, 3, rnd).copy();
    double t = sum(a);
    double q = dot(a, a);
    // d[σ(t) q²] = σ′(t) q² 𝟏𝟏ᵀ + σ(t) 2q · 2A
    Matrix ones = Mats.ones(2, 3);
    loss("scalarFunctionsOfReductions").verify(args("A", a), grad("A", () -> Ops2.add(
        scale(sigmoid(t) * (1 - sigmoid(t)) * q * q, ones), scale(sigmoid(t) * 4 * q, a))));
  }

  /** Ops calls that would clash with this class's static imports. */
  private static final class Ops2 {
    static Matrix add(Matrix a, Matrix b) {
      return dev.tracegrad.Ops.add(a, b);
    }
  }
}
