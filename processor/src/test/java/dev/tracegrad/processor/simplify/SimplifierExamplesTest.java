package dev.tracegrad.processor.simplify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.Examples;
import dev.tracegrad.processor.derive.FiniteDifferences;
import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.GraphEvaluator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Paranoid checks over every example program: simplify and prepareForLowering keep the loss and
 * every gradient equal to the derived ones (value for value, on random inputs), the gradients
 * still match central differences, and no σ′ node survives preparation.
 */
class SimplifierExamplesTest {

  @TestFactory
  Stream<DynamicTest> simplifiedAndPreparedGradientsEqualDerivedOnes() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      TestProgram t = e.getValue().get();
      Derivation derived = Deriver.derive(t.program());
      Derivation simplified = Simplifier.simplify(derived);
      Derivation prepared = Simplifier.prepareForLowering(simplified);
      FiniteDifferences.assertNoDeriv(prepared);
      assertTrue(simplified.graph().size() <= derived.graph().size(), "simplify does not grow the graph");
      for (long seed = 1; seed <= 3; seed++) {
        Map<String, Object> in = t.inputs(seed);
        assertSameValues(derived, simplified, in);
        assertSameValues(derived, prepared, in);
        FiniteDifferences.assertGradientsMatch(t.program(), simplified, in);
        FiniteDifferences.assertGradientsMatch(t.program(), prepared, in);
      }
    }));
  }

  @TestFactory
  Stream<DynamicTest> simplifyIsIdempotent() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Derivation once = Simplifier.simplify(Deriver.derive(e.getValue().get().program()));
      Derivation twice = Simplifier.simplify(once);
      assertEquals(once.graph().toString(), twice.graph().toString());
      assertEquals(once.gradients(), twice.gradients());
    }));
  }

  static void assertSameValues(Derivation expected, Derivation actual, Map<String, Object> in) {
    Object[] ev = GraphEvaluator.evaluate(expected.graph(), in);
    Object[] av = GraphEvaluator.evaluate(actual.graph(), in);
    assertClose(ev[expected.loss()], av[actual.loss()], "loss");
    for (int k = 0; k < expected.gradients().size(); k++) {
      assertClose(ev[expected.gradients().get(k)], av[actual.gradients().get(k)], "gradient " + k);
    }
  }

  static void assertClose(Object expected, Object actual, String what) {
    if (expected instanceof Double e) {
      assertEquals(e, (Double) actual, 1e-10 * Math.max(1, Math.abs(e)), what);
      return;
    }
    double[][] e = (double[][]) expected;
    double[][] a = (double[][]) actual;
    assertEquals(e.length, a.length, what + " rows");
    assertEquals(e[0].length, a[0].length, what + " cols");
    for (int i = 0; i < e.length; i++) {
      for (int j = 0; j < e[0].length; j++) {
        assertEquals(e[i][j], a[i][j], 1e-10 * Math.max(1, Math.abs(e[i][j])), what + "[" + i + "][" + j + "]");
      }
    }
  }
}
