package dev.tracegrad.processor.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.derive.Examples;
import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.SymCompiler;
import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.GraphEvaluator;
import dev.tracegrad.processor.ir.Parameter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The printed closed forms compute the gradient: each one, fully inlined and tidied as the text
 * prints it, is compiled back into a graph and evaluated against the derived gradient. This checks
 * the text's substitutions and every display rewrite (signs, unit factors, transposes, A ⊙ (B / A)).
 */
class ClosedFormValueTest {

  @TestFactory
  Stream<DynamicTest> printedClosedFormsEvaluateToTheGradients() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      TestProgram t = e.getValue().get();
      DerivationLog d = Deriver.trace(t.program());
      DerivationWriter writer = new DerivationWriter(t.program(), d);
      Graph.Builder b = d.graph().toBuilder();
      List<Parameter> wrt = t.program().wrtParams();
      int[] forms = new int[wrt.size()];
      for (int k = 0; k < wrt.size(); k++) {
        int param = d.graph().find(wrt.get(k).node()).orElse(-1);
        forms[k] = param < 0 ? -1 : SymCompiler.compile(writer.inlinedGradient(param), b, x -> {
          throw new AssertionError("a closed form still mentions ∂l/∂%" + x);
        });
      }
      Graph g = b.build();
      for (long seed = 1; seed <= 3; seed++) {
        Map<String, Object> in = t.inputs(seed);
        Object[] values = GraphEvaluator.evaluate(g, in);
        for (int k = 0; k < wrt.size(); k++) {
          Object expected = values[d.gradients().get(k)];
          if (forms[k] < 0 || g.node(forms[k]) instanceof dev.tracegrad.processor.ir.Node.Const c && c.value() == 0) {
            assertAllZero(expected, wrt.get(k).name());
          } else {
            assertClose(expected, values[forms[k]], wrt.get(k).name());
          }
        }
      }
    }));
  }

  private static void assertAllZero(Object v, String what) {
    if (v instanceof Double s) {
      assertEquals(0, s, 0, what);
      return;
    }
    for (double[] row : (double[][]) v) {
      for (double x : row) {
        assertEquals(0, x, 0, what);
      }
    }
  }

  private static void assertClose(Object expected, Object actual, String what) {
    if (expected instanceof Double e) {
      assertEquals(e, (Double) actual, 1e-9 * Math.max(1, Math.abs(e)), what);
      return;
    }
    double[][] e = (double[][]) expected;
    double[][] a = (double[][]) actual;
    assertEquals(e.length, a.length, what + " rows");
    assertEquals(e[0].length, a[0].length, what + " cols");
    for (int i = 0; i < e.length; i++) {
      for (int j = 0; j < e[0].length; j++) {
        assertEquals(e[i][j], a[i][j], 1e-9 * Math.max(1, Math.abs(e[i][j])), what + "[" + i + "][" + j + "]");
      }
    }
  }
}
