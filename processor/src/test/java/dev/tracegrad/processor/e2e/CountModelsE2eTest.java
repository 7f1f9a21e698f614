package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Gamma;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * logGamma through the processor, in the log-likelihoods of {@code e2e/losses/example/Counts.java}:
 * each gradient against its closed form written here by hand with digamma ψ (the runtime kernel,
 * itself checked against a high-precision reference) and against central differences of the
 * annotated method.
 */
class CountModelsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Counts");
  private final Random rnd = new Random(7);

  private static LossCheck loss(String method) {
    return LossCheck.of(RUN, "Counts", method);
  }

  /** Counts 0..12 in a 3×4 matrix (integers, as a count model's data are). */
  private Matrix counts() {
    return Mats.build(3, 4, (i, j) -> rnd.nextInt(13));
  }

  @Test
  void negativeBinomialGradientInTheLogMeansAndTheShape() {
    Matrix y = counts();
    Matrix x = Mats.uniform(3, 4, -1, 2, rnd);
    for (double r : new double[] {0.4, 2.5, 30}) {
      // ∂/∂x = y − (r + y) μ/(r + μ), μ = eˣ
      // ∂/∂r = Σ [ψ(y + r) − ψ(r) + log r + 1 − log(r + μ) − (r + y)/(r + μ)]
      double dr = 0;
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          double mu = Math.exp(x.get(i, j));
          double yy = y.get(i, j);
          dr += Gamma.digamma(yy + r) - Gamma.digamma(r) + Math.log(r) + 1 - Math.log(r + mu) - (r + yy) / (r + mu);
        }
      }
      double expected = dr;
      loss("negativeBinomial").verify(args("X", x, "r", r, "Y", y),
          grad("X", () -> Mats.build(3, 4, (i, j) -> {
            double mu = Math.exp(x.get(i, j));
            return y.get(i, j) - (r + y.get(i, j)) * mu / (r + mu);
          })),
          grad("r", () -> expected));
    }
  }

  @Test
  void perEntryShapesGetTheirOwnDigammaTerms() {
    Matrix y = counts();
    Matrix shape = Mats.uniform(3, 4, 0.2, 8, rnd);
    Matrix mu = Mats.uniform(3, 4, 0.5, 6, rnd);
    // ∂/∂R = ψ(Y + R) − ψ(R) + log R + 1 − log(Mu + R) − (Y + R)/(Mu + R)
    loss("perEntryShape").verify(args("R", shape, "Y", y, "Mu", mu),
        grad("R", () -> Mats.build(3, 4, (i, j) -> {
          double r = shape.get(i, j);
          double m = mu.get(i, j);
          double c = y.get(i, j);
          return Gamma.digamma(c + r) - Gamma.digamma(r) + Math.log(r) + 1 - Math.log(m + r) - (c + r) / (m + r);
        })));
  }

  @Test
  void theDerivationNamesDigamma() throws Exception {
    String derivation = (String) RUN.load("CountsPerEntryShapeGradient").getField("DERIVATION").get(null);
    assertTrue(derivation.contains("ψ("), derivation);
  }
}
