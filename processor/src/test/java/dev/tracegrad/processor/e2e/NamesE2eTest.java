package dev.tracegrad.processor.e2e;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A user's names never clash with the generated code's own: parameters and locals named like
 * loop indices, product temporaries, the Result record's parts, scratch buffers, or not ASCII at
 * all ({@code e2e/losses/example/Names.java}).
 */
class NamesE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Names");
  private final Random rnd = new Random(83);

  @Test
  void loopIndexNames() {
    Matrix i = Numeric.random(3, 4, rnd);
    Matrix k = Numeric.random(2, 4, rnd);
    Matrix ci = Numeric.random(2, 2, rnd);
    double s = 0.8;
    Matrix p = mul(i, t(k));
    LossCheck.of(RUN, "Names", "indices").verify(args("i", i, "k", k, "s", s, "ci", ci),
        grad("i", () -> scale(2 * s, mul(p, k))), grad("k", () -> scale(2 * s, mul(t(p), i))),
        grad("s", () -> sumsq(p)), grad("ci", () -> Mats.ones(2, 2)));
  }

  @Test
  void resultAndScratchNames() {
    Matrix value = Numeric.random(3, 2, rnd);
    Matrix result = Numeric.random(2, 4, rnd);
    double n = 0.5;
    Matrix z = mul(value, result);
    // Σᵢⱼ logSoftmax(Z)ᵢⱼ has gradient 𝟏𝟏ᵀ − m·softmax(Z) for m rows; ‖Z‖² has 2Z.
    Matrix dz = add(scale(2, z), scale(n, sub(Mats.ones(3, 4), scale(3, softmax(z)))));
    LossCheck.of(RUN, "Names", "generatedWords").verify(args("value", value, "result", result, "n", n),
        grad("value", () -> mul(dz, t(result))), grad("result", () -> mul(t(value), dz)));
  }

  @Test
  void nonAsciiNames() {
    Matrix sigma = Mats.spd(3, rnd);
    Matrix mu = Numeric.random(3, 1, rnd);
    Matrix sit = t(inv(sigma));
    LossCheck.of(RUN, "Names", "greek").verify(args("\u03a3", sigma, "\u03bc", mu),
        grad("\u03a3", () -> scale(-1, mul(mul(sit, mul(mu, t(mu))), sit))),
        grad("\u03bc", () -> mul(add(inv(sigma), sit), mu)));
    for (byte b : RUN.generatedSourceBytes("NamesGreekGradient")) {
      if (b < 0) {
        fail("non-ASCII byte in the generated source");
      }
    }
  }
}
