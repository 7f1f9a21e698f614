package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.neg;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A flat loop that takes softplus and sigmoid of one x computes their shared e^−|x| in a pass of
 * its own, held in the array of a buffer the second pass then writes (emit's ExponentialPass):
 * the split happens, the value keeps the bits of the reference (same functions, same order of
 * summation), and the gradients match their closed forms and central differences.
 */
class ExponentialPassE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.compileClass("Exponentials", """
        /** Logistic regression with labels ±1, the operand stored by the first pass. */
        @Differentiable(wrt = "w")
        static double plusMinus(Matrix w, Matrix X, Matrix y) {
          return sum(softplus(neg(hadamard(y, mul(t(X), w)))));
        }

        /** Two operands, A and −A, each with its own exponential and holder. */
        @Differentiable(wrt = "A")
        static double bothSigns(Matrix A) {
          return sum(softplus(A)) + sum(softplus(neg(A)));
        }
      """);
  private final Random rnd = new Random(13);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Exponentials", method);
  }

  private static String forward(String generated) {
    return RUN.forwardSource(generated);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  private static Matrix plusMinusLabels(int n, Random rnd) {
    Matrix y = Matrix.zeros(n, 1);
    for (int i = 0; i < n; i++) {
      y.set(i, 0, rnd.nextBoolean() ? 1 : -1);
    }
    return y;
  }

  @Test
  void logisticRegressionWithPlusMinusLabels() {
    Matrix w = Numeric.random(3, 1, rnd);
    Matrix x = Numeric.random(3, 9, rnd);
    Matrix y = plusMinusLabels(9, rnd);
    // ∂/∂w Σ softplus(−y ⊙ Xᵀw) = −X (y ⊙ σ(−y ⊙ Xᵀw))
    loss("plusMinus").verify(args("w", w, "X", x, "y", y),
        grad("w", () -> neg(mul(x, hadamard(y, sigmoid(neg(hadamard(y, mul(t(x), w)))))))));
    // Same functions, same order: the split changes no bit of the value.
    assertEquals(loss("plusMinus").reference(w, x, y), loss("plusMinus").value(w, x, y), 0.0);
    // Far out, where a textbook log(1 + eˣ) overflows: still the reference's (finite) value.
    Matrix far = Matrix.of(1, 1, 1000);
    Matrix xs = Matrix.of(1, 2, 1, -1);
    Matrix ys = Matrix.of(2, 1, 1, 1);
    assertEquals(1000, loss("plusMinus").value(far, xs, ys), 0.0);

    String forward = forward("ExponentialsPlusMinusGradient");
    assertTrue(forward.contains("in a pass of its own"), forward);
    assertEquals(1, occurrences(forward, "Fn.expNegAbs("), forward);
    assertEquals(1, occurrences(forward, "double e = "), forward);
  }

  @Test
  void everySharedOperandHasItsOwnHolder() {
    Matrix a = Numeric.random(4, 5, rnd);
    a.set(0, 0, 40);
    a.set(1, 1, -40);
    // σ(A) − σ(−A)
    loss("bothSigns").verify(args("A", a), grad("A", () -> sub(sigmoid(a), sigmoid(neg(a)))));
    assertEquals(loss("bothSigns").reference(a), loss("bothSigns").value(a), 0.0);

    String forward = forward("ExponentialsBothSignsGradient");
    assertTrue(forward.contains("in a pass of its own"), forward);
    assertEquals(2, occurrences(forward, "Fn.expNegAbs("), forward);
    assertEquals(1, occurrences(forward, "double e = "), forward);
    assertEquals(1, occurrences(forward, "double e2 = "), forward);
  }
}
