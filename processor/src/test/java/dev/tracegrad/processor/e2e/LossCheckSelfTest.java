package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end checker can fail: run against hand-written classes with one defect each
 * ({@code e2e/drivers/example/Fakes.java}), every defect is caught, and the defect-free one passes.
 */
class LossCheckSelfTest {
  private static ProcessorRun run;
  private final Matrix a = Matrix.of(2, 3, 0.5, -1, 2, 0.25, 3, -0.75);

  @BeforeAll
  static void compile() {
    run = ProcessorRun.compile(List.of(), ProcessorRun.driver("Fakes"));
    assertThat(run.compilation).succeededWithoutWarnings();
  }

  private void verify(String fake, Matrix closedForm) {
    LossCheck.of(run, "Fakes", "squares", "Fakes$" + fake)
        .verify(args("A", a), grad("A", () -> closedForm));
  }

  private String failure(String fake) {
    return assertThrows(AssertionError.class, () -> verify(fake, Ops.scale(2, a))).getMessage();
  }

  @Test
  void theCorrectClassPasses() {
    verify("Correct", Ops.scale(2, a));
  }

  @Test
  void aWrongClosedFormIsCaught() {
    String message = assertThrows(AssertionError.class, () -> verify("Correct", Ops.scale(2.001, a)))
        .getMessage();
    assertThat(message).contains("dA vs closed form");
  }

  @Test
  void aWrongGradientIsCaught() {
    // The closed form says 2A, so the first check to fail is the closed form; differences agree.
    assertThat(failure("WrongGradient")).contains("dA vs closed form");
    String againstDifferences = assertThrows(AssertionError.class, () -> verify("WrongGradient", a))
        .getMessage();
    assertThat(againstDifferences).contains("dA vs finite differences");
  }

  @Test
  void anAccumulatingBufferOverloadIsCaught() {
    assertThat(failure("Accumulates")).contains("buffer overload dA");
  }

  @Test
  void aModifiedArgumentIsCaught() {
    assertThat(failure("ModifiesArgument")).contains("was modified");
  }

  @Test
  void aValueBeyondTheToleranceIsCaught() {
    assertThat(failure("ValueOff")).startsWith("value: expected ");
  }
}
