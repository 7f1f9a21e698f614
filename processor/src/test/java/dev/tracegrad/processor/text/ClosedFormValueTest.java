package dev.tracegrad.processor.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.derive.Examples;
import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.derive.SymCompiler;
import dev.tracegrad.processor.ir.Node;
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

  /**
   * Each rewrite of the text's normaliser on its own: the expression before and after, compiled
   * into one graph, have the same value (numbers folded, scalar factors moved out of sums, column
   * and row sums, broadcasts, A(r) and tr(AᵀB), common factors taken out, signs of sums).
   */
  @TestFactory
  Stream<DynamicTest> everyDisplayRewriteIsAnIdentity() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A");
    int bb = p.matrix("B");
    int v = p.column("v");
    int s = p.scalar("s", 0.7);
    int t = p.scalar("t", -1.3);
    p.op(new Node.Trace(a)); // A square
    p.op(new Node.Add(a, bb)); // B the shape of A
    int loss = p.op(new Node.SumSq(p.op(new Node.MatMul(a, v)))); // v a column of A's height
    TestProgram program = p.build(loss, "A");
    Sym sa = Sym.ref(a);
    Sym sb = Sym.ref(bb);
    Sym sv = Sym.ref(v);
    Sym ss = Sym.ref(s);
    Sym st = Sym.ref(t);
    Map<String, Sym> cases = new java.util.LinkedHashMap<>();
    cases.put("2(0.5 s) = s", Sym.smul(Sym.num(2), Sym.smul(Sym.num(0.5), ss)));
    cases.put("3(0.25 / t) = 0.75 / t", Sym.smul(Sym.num(3), Sym.sdiv(Sym.num(0.25), st)));
    cases.put("2((0.5 / t) s)", Sym.smul(Sym.num(2), Sym.smul(Sym.sdiv(Sym.num(0.5), st), ss)));
    cases.put("s(2t) = 2(st)", Sym.smul(ss, Sym.smul(Sym.num(2), st)));
    cases.put("(2s)t = 2(st)", Sym.smul(Sym.smul(Sym.num(2), ss), st));
    cases.put("2(0.5 sA)", Sym.scale(Sym.num(2), Sym.scale(Sym.smul(Sym.num(0.5), ss), sa)));
    cases.put("colSums(sA)", Sym.colSums(Sym.scale(ss, sa)));
    cases.put("rowSums(sA)", Sym.rowSums(Sym.scale(ss, sa)));
    cases.put("(sv)1ᵀ", Sym.broadcastCols(Sym.scale(ss, sv), p.shape(a).cols()));
    cases.put("1(s 1ᵀA)", Sym.broadcastRows(Sym.scale(ss, Sym.colSums(sa)), p.shape(a).rows()));
    cases.put("(sA)(t 1ᵀB)", Sym.scaleColumns(Sym.scale(ss, sa), Sym.scale(st, Sym.colSums(sb))));
    cases.put("tr((sA)ᵀ(tB))", Sym.dot(Sym.scale(ss, sa), Sym.scale(st, sb)));
    cases.put("sA − sB", Sym.sub(Sym.scale(ss, sa), Sym.scale(ss, sb)));
    cases.put("sA + sB", Sym.add(Sym.scale(ss, sa), Sym.scale(ss, sb)));
    cases.put("st − s", Sym.ssub(Sym.smul(ss, st), Sym.smul(ss, ss)));
    cases.put("−A + −B", Sym.add(Sym.neg(sa), Sym.neg(sb)));
    cases.put("−A − −B", Sym.sub(Sym.neg(sa), Sym.neg(sb)));
    cases.put("A + −B", Sym.add(sa, Sym.neg(sb)));
    cases.put("A − −B", Sym.sub(sa, Sym.neg(sb)));
    cases.put("−A + B", Sym.add(Sym.neg(sa), sb));
    cases.put("−A − B", Sym.sub(Sym.neg(sa), sb));
    cases.put("−s + −t", Sym.sadd(Sym.sneg(ss), Sym.sneg(st)));
    cases.put("s − (−t)", Sym.ssub(ss, Sym.sneg(st)));
    cases.put("−(sA) − (−(sB))", Sym.sub(Sym.neg(Sym.scale(ss, sa)), Sym.neg(Sym.scale(ss, sb))));
    cases.put("sA − s(A + B)", Sym.sub(Sym.scale(ss, sa), Sym.scale(ss, Sym.add(sa, sb))));
    SymNormalizer normalizer = new SymNormalizer(program.program().graph());
    return cases.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Sym tidy = normalizer.normalize(e.getValue());
      Graph.Builder b = program.program().graph().toBuilder();
      int before = SymCompiler.compile(e.getValue(), b, x -> {
        throw new AssertionError();
      });
      int after = SymCompiler.compile(tidy, b, x -> {
        throw new AssertionError();
      });
      Graph g = b.build();
      for (long seed = 1; seed <= 3; seed++) {
        Object[] values = GraphEvaluator.evaluate(g, program.inputs(seed));
        assertClose(values[before], values[after], e.getKey() + " → " + tidy);
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
