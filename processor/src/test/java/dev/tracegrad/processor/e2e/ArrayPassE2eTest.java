package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.addColumn;
import static dev.tracegrad.Ops.exp;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.ones;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tanh;
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
 * A flat loop that only applies sigmoid, exp or tanh is one call of the runtime's pass over the
 * whole array ({@code ArrayFunctions}, vector code with the Vector API); a loop (nest) that
 * stores f of a computed value into a whole buffer stores the value and is followed by the pass
 * in place. The calls are made, on a plain JVM the value keeps the reference's bits, the
 * gradients match closed forms and central differences, a parameter named like the runtime
 * class does not break the generated code, and loops that do more stay loops.
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

        /** sigmoid of a sum, summed: the loop also sums, so it stays a loop. */
        @Differentiable(wrt = "W")
        static double shifted(Matrix W, Matrix X, Matrix B) {
          return sum(sigmoid(add(mul(W, X), B)));
        }

        /** A tanh layer as digits has it: a loop nest storing tanh(prod + b), read by a product. */
        @Differentiable(wrt = {"W", "b"})
        static double tanhLayer(Matrix W, Matrix X, Matrix b, Matrix V) {
          return sum(mul(V, tanh(addColumn(mul(W, X), b))));
        }

        /** An mlp's layer sigmoid(W X + B), flat, read by a product. */
        @Differentiable(wrt = {"W", "B"})
        static double sigmoidLayer(Matrix W, Matrix X, Matrix B, Matrix V) {
          return sum(mul(V, sigmoid(add(mul(W, X), B))));
        }

        /** tanh of a product: the flat loop is the pass itself. */
        @Differentiable(wrt = "W")
        static double tanhOfProduct(Matrix W, Matrix X, Matrix V) {
          return sum(mul(V, tanh(mul(W, X))));
        }

        /**
         * A variable named dev obscures the package in a qualified name: the file imports the
         * runtime's members statically, and the pass is called by its simple name.
         */
        @Differentiable(wrt = "W")
        static double obscured(Matrix W, Matrix X, Matrix dev, Matrix ArrayFunctions) {
          return sum(mul(dev, tanh(add(mul(W, X), ArrayFunctions))));
        }

        /** tanh(W X + b) stored and summed in one loop: it does more, so it stays a loop. */
        @Differentiable(wrt = "W")
        static double storedAndSummed(Matrix W, Matrix X, Matrix b, Matrix V) {
          Matrix H = tanh(addColumn(mul(W, X), b));
          return sum(mul(V, H)) + sum(H);
        }
      """);
  private final Random rnd = new Random(17);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Passes", method);
  }

  /**
   * The generated value equals the method's own (the reference, run through Ops): on the plain
   * JVM a pass applies the same function to the same stored doubles.
   */
  private static void sameValue(String method, Object... args) {
    LossCheck check = loss(method);
    assertEquals(check.reference(args), check.value(args), 0.0, method);
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
    sameValue("weighted", w, x, y);
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
    sameValue("exponential", w, x, v);
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

  @Test
  void tanhLayerStoresTheSumThenAppliesThePassInPlace() {
    Matrix w = Numeric.random(4, 3, rnd);
    Matrix x = Numeric.random(3, 6, rnd);
    Matrix b = Numeric.random(4, 1, rnd);
    Matrix v = Numeric.random(2, 4, rnd);
    // sum(V T) for T = tanh(WX + b𝟏ᵀ): with G = (Vᵀ𝟏𝟏ᵀ) ⊙ (1 − T ⊙ T), ∂/∂W = G Xᵀ and ∂/∂b = G𝟏.
    loss("tanhLayer").verify(args("W", w, "X", x, "b", b, "V", v),
        grad("W", () -> mul(tanhLayerFactor(w, x, b, v), t(x))),
        grad("b", () -> mul(tanhLayerFactor(w, x, b, v), ones(6, 1))));
    // Bit for bit the reference's value: the pass applies Fn.tanh to the stored sums.
    sameValue("tanhLayer", w, x, b, v);
    String forward = forward("PassesTanhLayerGradient");
    assertTrue(forward.matches("(?s).*for \\(int i = 0;.*for \\(int j = 0;.*\\[row \\+ j\\] = prod\\[row \\+ j\\] \\+ bData\\[i\\];\\s*}\\s*}\\s*"
        + "ArrayFunctions\\.tanh\\((\\w+), \\1, \\1\\.length\\);.*"), forward);
    assertFalse(forward.contains("Fn.tanh("), forward);
  }

  private static Matrix tanhLayerFactor(Matrix w, Matrix x, Matrix b, Matrix v) {
    Matrix h = tanh(addColumn(mul(w, x), b));
    return hadamard(mul(t(v), ones(2, 6)), sub(ones(4, 6), hadamard(h, h)));
  }

  @Test
  void sigmoidLayerFlatLoopThenThePass() {
    Matrix w = Numeric.random(3, 5, rnd);
    Matrix x = Numeric.random(5, 4, rnd);
    Matrix bias = Numeric.random(3, 4, rnd);
    Matrix v = Numeric.random(2, 3, rnd);
    // sum(V S) for S = σ(WX + B): with G = (Vᵀ𝟏𝟏ᵀ) ⊙ S ⊙ (1 − S), ∂/∂W = G Xᵀ and ∂/∂B = G.
    loss("sigmoidLayer").verify(args("W", w, "X", x, "B", bias, "V", v),
        grad("W", () -> mul(sigmoidLayerFactor(w, x, bias, v), t(x))),
        grad("B", () -> sigmoidLayerFactor(w, x, bias, v)));
    sameValue("sigmoidLayer", w, x, bias, v);
    String forward = forward("PassesSigmoidLayerGradient");
    assertTrue(forward.matches("(?s).*for \\(int k = 0; k < (\\w+)\\.length; k\\+\\+\\) \\{\\s*\\1\\[k\\] = prod\\[k\\] \\+ BData\\[k\\];\\s*}\\s*"
        + "ArrayFunctions\\.sigmoid\\(\\1, \\1, \\1\\.length\\);.*"), forward);
    assertFalse(forward.contains("Fn.sigmoid("), forward);
  }

  private static Matrix sigmoidLayerFactor(Matrix w, Matrix x, Matrix bias, Matrix v) {
    Matrix s = sigmoid(add(mul(w, x), bias));
    return hadamard(mul(t(v), ones(2, 4)), hadamard(s, sub(ones(3, 4), s)));
  }

  @Test
  void tanhPassOfAProduct() {
    Matrix w = Numeric.random(3, 2, rnd);
    Matrix x = Numeric.random(2, 5, rnd);
    Matrix v = Numeric.random(4, 3, rnd);
    loss("tanhOfProduct").verify(args("W", w, "X", x, "V", v), grad("W", () -> {
      Matrix h = tanh(mul(w, x));
      return mul(hadamard(mul(t(v), ones(4, 5)), sub(ones(3, 5), hadamard(h, h))), t(x));
    }));
    sameValue("tanhOfProduct", w, x, v);
    String forward = forward("PassesTanhOfProductGradient");
    assertTrue(forward.matches("(?s).*ArrayFunctions\\.tanh\\(prod, (\\w+), \\1\\.length\\);.*"),
        forward);
    assertFalse(forward.contains("Fn.tanh("), forward);
  }

  @Test
  void aLoopThatStoresAndSumsStaysALoop() {
    Matrix w = Numeric.random(3, 2, rnd);
    Matrix x = Numeric.random(2, 4, rnd);
    Matrix b = Numeric.random(3, 1, rnd);
    Matrix v = Numeric.random(2, 3, rnd);
    // sum(V H) + sum(H) for H = tanh(WX + b𝟏ᵀ): ∂/∂W = ((Vᵀ𝟏𝟏ᵀ + 𝟏𝟏ᵀ) ⊙ (1 − H ⊙ H)) Xᵀ
    loss("storedAndSummed").verify(args("W", w, "X", x, "b", b, "V", v), grad("W", () -> {
      Matrix h = tanh(addColumn(mul(w, x), b));
      Matrix g = add(mul(t(v), ones(2, 4)), ones(3, 4));
      return mul(hadamard(g, sub(ones(3, 4), hadamard(h, h))), t(x));
    }));
    sameValue("storedAndSummed", w, x, b, v);
    String forward = forward("PassesStoredAndSummedGradient");
    assertFalse(forward.contains("ArrayFunctions."), forward);
    assertTrue(forward.contains("Fn.tanh("), forward);
  }

  @Test
  void aVariableNamedDevObscuringTheQualifiedName() {
    Matrix w = Numeric.random(3, 2, rnd);
    Matrix x = Numeric.random(2, 4, rnd);
    Matrix dev = Numeric.random(2, 3, rnd);
    Matrix shift = Numeric.random(3, 4, rnd);
    loss("obscured").verify(args("W", w, "X", x, "dev", dev, "ArrayFunctions", shift), grad("W", () -> {
      Matrix h = tanh(add(mul(w, x), shift));
      return mul(hadamard(mul(t(dev), ones(2, 4)), sub(ones(3, 4), hadamard(h, h))), t(x));
    }));
    sameValue("obscured", w, x, dev, shift);
    String forward = forward("PassesObscuredGradient");
    assertTrue(forward.matches("(?s).*\\n\\s*tanh\\((\\w+), \\1, \\1\\.length\\);.*"), forward);
    assertFalse(forward.contains("dev.tracegrad"), forward);
  }
}
