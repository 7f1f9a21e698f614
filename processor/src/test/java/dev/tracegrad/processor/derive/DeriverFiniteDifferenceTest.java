package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.Derivation;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every example's derived gradients agree with central finite differences of its loss. */
class DeriverFiniteDifferenceTest {

  @TestFactory
  Stream<DynamicTest> derivedGradientsMatchCentralDifferences() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      TestProgram t = e.getValue().get();
      Derivation d = Deriver.derive(t.program());
      for (long seed = 1; seed <= 3; seed++) {
        FiniteDifferences.assertGradientsMatch(t.program(), d, t.inputs(seed));
      }
    }));
  }
}
