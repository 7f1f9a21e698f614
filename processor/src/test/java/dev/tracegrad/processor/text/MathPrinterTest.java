package dev.tracegrad.processor.text;

import static dev.tracegrad.processor.derive.Sym.colSums;
import static dev.tracegrad.processor.derive.Sym.deriv;
import static dev.tracegrad.processor.derive.Sym.had;
import static dev.tracegrad.processor.derive.Sym.inv;
import static dev.tracegrad.processor.derive.Sym.mul;
import static dev.tracegrad.processor.derive.Sym.neg;
import static dev.tracegrad.processor.derive.Sym.ref;
import static dev.tracegrad.processor.derive.Sym.scaleColumns;
import static dev.tracegrad.processor.derive.Sym.softmax;
import static dev.tracegrad.processor.derive.Sym.sub;
import static dev.tracegrad.processor.derive.Sym.t;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.derive.Sym;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Graph;
import org.junit.jupiter.api.Test;

/** Minimal parentheses by precedence, and the notation table, in both renderings. */
class MathPrinterTest {
  private final ProgramBuilder p = new ProgramBuilder();
  private final Sym a = ref(p.matrix("A"));
  private final Sym b = ref(p.matrix("B"));
  private final Sym c = ref(p.matrix("C"));
  private final Graph graph = p.build(0).program().graph();

  private String u(Sym s) {
    return new MathPrinter(graph, Notation.UNICODE, "l").print(s);
  }

  private String ascii(Sym s) {
    return new MathPrinter(graph, Notation.ASCII, "l").print(s);
  }

  @Test
  void productsOfNamesAreSpacedAndParenthesisedFactorsAreNot() {
    assertEquals("A Bᵀ", u(mul(a, t(b))));
    assertEquals("Aᵀ(B − C)", u(mul(t(a), sub(b, c))));
    assertEquals("(B − C) Aᵀ", u(mul(sub(b, c), t(a))));
  }

  @Test
  void aProductInsideAHadamardIsParenthesisedAndViceVersa() {
    assertEquals("(A B) ⊙ C", u(had(mul(a, b), c)));
    assertEquals("(A ⊙ B) C", u(mul(had(a, b), c)));
    assertEquals("A ⊙ B ⊙ C", u(had(had(a, b), c)));
  }

  @Test
  void sigmoidDerivativeIsSplicedIntoAHadamardChain() {
    assertEquals("A ⊙ σ(B) ⊙ (1 − σ(B))", u(had(a, deriv(EntrywiseFunction.SIGMOID, b))));
    assertEquals("A .* sigma(B) .* (1 - sigma(B))", ascii(had(a, deriv(EntrywiseFunction.SIGMOID, b))));
  }

  @Test
  void aSumStartsWithAPositiveTerm() {
    assertEquals("B − A", u(sub(neg(a), neg(b))));
    assertEquals("−A − B", u(sub(neg(a), b)));
  }

  @Test
  void scaleColumnsAndColumnSums() {
    Sym s = scaleColumns(softmax(a), colSums(b));
    assertEquals("softmax(A)(𝟏ᵀB)", u(s));
    assertEquals("softmax(A)(1^T B)", ascii(s));
  }

  @Test
  void inverseTransposes() {
    assertEquals("A⁻ᵀ C A⁻¹", u(mul(t(inv(a)), c, inv(a))));
    assertEquals("inv(A)^T C inv(A)", ascii(mul(t(inv(a)), c, inv(a))));
    assertEquals("(A B)⁻¹", u(inv(mul(a, b))));
  }

  @Test
  void adjointsAndDifferentials() {
    Sym term = Sym.tr(mul(t(Sym.adj(0)), Sym.d(1), b));
    assertEquals("tr(∂l/∂Aᵀ dB B)", u(term));
    assertEquals("tr(dl/dA^T dB B)", ascii(term));
  }
}
