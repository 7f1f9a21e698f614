package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.exp;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.ones;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A flat loop that only applies sigmoid or exp is one call of the runtime's pass over the whole
 * array ({@code ArrayFunctions}, vector code with the Vector API): the call is made, on a plain
 * JVM the value keeps the reference's bits, the gradients match closed forms and central
 * differences, and a parameter named like the runtime class does not break the generated code.
 */
class ArrayPassE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.compileClass("Passes", """
        /** A hidden layer read by a product, the parameter named like the runtime class. */
        @Differentiable(wrt = "W")
        static double weighted(Matrix W, Matrix X, Matrix ArrayFunctions) {
          return sum(mul(ArrayFunctions, sigmoid(mul(W, X))));
        }

        /** exp of a product, read by a product. */
        @Differentiable(wrt = "W")
        static double exponential(Matrix W, Matrix X, Matrix V) {
          return sum(mul(V, exp(mul(W, X))));
        }

        /** sigmoid of a sum: the loop does more than apply the function, so it stays a loop. */
        @Differentiable(wrt = "W")
        static double shifted(Matrix W, Matrix X, Matrix B) {
          return sum(sigmoid(add(mul(W, X), B)));
        }
      """);
  private final Random rnd = new Random(17);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Passes", method);
  }

  private static String forward(String generated) {
    return RUN.forwardSource(generated);
  }

  @Test
  void sigmoidPassWithAParameterNamedLikeTheRuntimeClass() {
    Matrix w = Numeric.random(4, 3, rnd);
    Matrix x = Numeric.random(3, 6, rnd);
    Matrix y = Numeric.random(2, 4, rnd);
    // sum(Y S) = tr(𝟏ᵀ Y dS) for S = σ(WX): ∂/∂W = (Yᵀ𝟏𝟏ᵀ ⊙ S ⊙ (1 − S)) Xᵀ
    loss("weighted").verify(args("W", w, "X", x, "ArrayFunctions", y), grad("W", () -> {
      Matrix s = sigmoid(mul(w, x));
      Matrix g = mul(t(y), ones(2, 6));
      return mul(hadamard(g, hadamard(s, sub(ones(4, 6), s))), t(x));
    }));
    assertEquals(loss("weighted").reference(w, x, y), loss("weighted").value(w, x, y), 0.0);
    String forward = forward("PassesWeightedGradient");
    assertTrue(forward.contains("dev.tracegrad.kernel.ArrayFunctions.sigmoid("), forward);
    assertFalse(forward.contains("Fn.sigmoid("), forward);
  }

  @Test
  void exponentialPass() {
    Matrix w = Numeric.random(2, 5, rnd);
    Matrix x = Numeric.random(5, 3, rnd);
    Matrix v = Numeric.random(4, 2, rnd);
    // sum(V E) for E = exp(WX): ∂/∂W = (Vᵀ𝟏𝟏ᵀ ⊙ E) Xᵀ
    loss("exponential").verify(args("W", w, "X", x, "V", v),
        grad("W", () -> mul(hadamard(mul(t(v), ones(4, 3)), exp(mul(w, x))), t(x))));
    assertEquals(loss("exponential").reference(w, x, v), loss("exponential").value(w, x, v), 0.0);
    String forward = forward("PassesExponentialGradient");
    assertTrue(forward.contains("ArrayFunctions.exp("), forward);
    assertFalse(forward.contains("Math.exp("), forward);
  }

  @Test
  void aLoopThatDoesMoreStaysALoop() {
    Matrix w = Numeric.random(3, 2, rnd);
    Matrix x = Numeric.random(2, 4, rnd);
    Matrix b = Numeric.random(3, 4, rnd);
    loss("shifted").verify(args("W", w, "X", x, "B", b), grad("W", () -> {
      Matrix s = sigmoid(dev.tracegrad.Ops.add(mul(w, x), b));
      return mul(hadamard(s, sub(ones(3, 4), s)), t(x));
    }));
    String forward = forward("PassesShiftedGradient");
    assertFalse(forward.contains("ArrayFunctions."), forward);
    assertTrue(forward.contains("Fn.sigmoid("), forward);
  }
}
