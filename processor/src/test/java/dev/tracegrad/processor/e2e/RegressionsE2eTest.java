package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.SingularMatrixException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bugs the end-to-end suite found, kept as regressions. */
class RegressionsE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Regressions");

  @Test
  void resultComponentIsDPlusTheParameterNameEvenWhenAnotherParameterHasThatName() {
    Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
    Matrix da = Matrix.of(2, 2, 5, 6, 7, 8);
    // API.md: Result components are "d" + parameter name; here that is da(), the gradient wrt a.
    LossCheck.of(RUN, "Regressions", "shadowedGradientName").verify(args("a", a, "da", da), grad("a", () -> da));
  }

  @Test
  void singularDeterminantGradientLeavesOutputBuffersUntouched() {
    Matrix singular = Matrix.of(2, 2, 1, 2, 2, 4);
    Matrix b = Matrix.of(1, 2, 3, 4);
    Matrix dA = Matrix.zeros(2, 2);
    Matrix dB = Matrix.zeros(1, 2);
    Arrays.fill(dA.data(), -1);
    Arrays.fill(dB.data(), -1);
    LossCheck loss = LossCheck.of(RUN, "Regressions", "detAndSquares");
    assertThrows(SingularMatrixException.class, () -> loss.call("gradient", singular, b, dA, dB));
    assertEquals(Matrix.of(2, 2, -1, -1, -1, -1), dA);
    assertEquals(Matrix.of(1, 2, -1, -1), dB);  // once written (2B) before the throw
  }
}
