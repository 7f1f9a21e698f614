package dev.tracegrad.processor.lower;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.lower.fixtures.Losses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One LU factorisation per matrix, shared; singularity checked only where an inverse is needed. */
class FactorisationTest {

  @Test
  void logdetAndInverseShareOneFactorisation() {
    LoopProgram lp = Programs.lower(Losses.logdetPlusTrace());
    Step.Factor f = Programs.only(lp.forward(), Step.Factor.class);
    assertEquals("S", f.lu().matrix().name());
    assertEquals(f.lu(), Programs.only(lp.forward(), Step.LogDeterminant.class).lu());
    assertEquals(f.lu(), Programs.only(lp.forward(), Step.Inverse.class).lu());
    Step.RequireNonSingular r = Programs.only(lp.forward(), Step.RequireNonSingular.class);
    assertEquals("logdet: S", r.what());
    assertThat(lp.forward().indexOf(r)).isLessThan(lp.forward().indexOf(Programs.only(lp.forward(), Step.LogDeterminant.class)));
    assertEquals(List.of(), Programs.steps(lp.backward(), Step.Factor.class));
  }

  @Test
  void determinantDoesNotCheckButItsGradientDoes() {
    LoopProgram lp = Programs.lower(Losses.determinant());
    assertEquals(List.of(), Programs.steps(lp.forward(), Step.RequireNonSingular.class));
    Step.RequireNonSingular r = Programs.only(lp.backward(), Step.RequireNonSingular.class);
    assertEquals("det gradient: A", r.what());
    assertEquals(0, lp.backward().indexOf(r));
    Step.Factor f = Programs.only(lp.forward(), Step.Factor.class);
    assertThat(f.lu().shared()).isTrue();
    assertEquals(f.lu(), Programs.only(lp.backward(), Step.Inverse.class).lu());
    assertEquals(List.of("loss"), Programs.map(lp.shared(), ScalarVar::name));
  }

  @Test
  void transposedSolveReusesTheForwardFactorisation() {
    LoopProgram lp = Programs.lower(Losses.logdetPlusTraceWithSolves());
    Step.Factor f = Programs.only(lp.forward(), Step.Factor.class);
    Step.LuSolve forward = Programs.only(lp.forward(), Step.LuSolve.class);
    Step.LuSolve backward = Programs.only(lp.backward(), Step.LuSolve.class);
    assertEquals(f.lu(), forward.lu());
    assertEquals(f.lu(), backward.lu());
    assertThat(forward.transposed()).isFalse();
    assertThat(backward.transposed()).isTrue();
    assertEquals("dS", backward.out().name());
    // Checked once, in the forward pass, which always runs first.
    assertEquals(List.of(), Programs.steps(lp.backward(), Step.RequireNonSingular.class));
  }
}
