package dev.tracegrad.processor.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracegrad.processor.derive.Examples;
import dev.tracegrad.processor.derive.ProgramBuilder;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.simplify.Simplifier;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The derivation text: required closed forms, rule citations, notation, determinism. */
class DerivationTextTest {

  static DerivationText text(TestProgram t) {
    return DerivationText.render(t.program(), Deriver.trace(t.program()));
  }

  static List<String> lines(String text) {
    return Arrays.asList(text.split("\n"));
  }

  /** A step line with its padding before the rule numbers collapsed to one space. */
  static List<String> collapsed(String text) {
    return lines(text).stream().map(l -> l.strip().replaceAll(" {2,}\\[", " [")).toList();
  }

  // ---------------------------------------------------------------- required closed forms

  @Test
  void example1ClosedFormIsTheGeneralSoftmaxCrossEntropyGradient() {
    assertTrue(lines(text(Examples.xent()).unicode()).contains("∂l/∂a = softmax(a)(𝟏ᵀy) − y"));
  }

  @Test
  void example2ClosedFormsMatchTheTextbook() {
    List<String> lines = lines(text(Examples.twoLayer()).unicode());
    assertTrue(lines.contains("∂l/∂W2 = (softmax(a2)(𝟏ᵀy) − y) h1ᵀ"), String.join("\n", lines));
    assertTrue(lines.contains("∂l/∂W1 = ((W2ᵀ(softmax(a2)(𝟏ᵀy) − y)) ⊙ σ(a1) ⊙ (1 − σ(a1))) xᵀ"), String.join("\n", lines));
  }

  @Test
  void example2WrittenWithSumOfHadamardReachesTheSameClosedForms() {
    List<String> lines = lines(text(Examples.twoLayerSum()).unicode());
    assertTrue(lines.contains("∂l/∂W2 = (softmax(a2)(𝟏ᵀy) − y) h1ᵀ"));
    assertTrue(lines.contains("∂l/∂W1 = ((W2ᵀ(softmax(a2)(𝟏ᵀy) − y)) ⊙ σ(a1) ⊙ (1 − σ(a1))) xᵀ"));
  }

  @Test
  void example2AsciiClosedForms() {
    List<String> lines = lines(text(Examples.twoLayer()).ascii());
    assertTrue(lines.contains("dl/dW2 = (softmax(a2)(1^T y) - y) h1^T"));
    assertTrue(lines.contains("dl/dW1 = ((W2^T(softmax(a2)(1^T y) - y)) .* sigma(a1) .* (1 - sigma(a1))) x^T"));
  }

  // ---------------------------------------------------------------- the steps

  @Test
  void stepLinesCiteTheRulesTheyUse() {
    List<String> steps = collapsed(text(Examples.twoLayer()).unicode());
    for (String expected : List.of(
        "dl = −d tr(yᵀ logSoftmax(a2)) [1]",
        "= −tr(yᵀ d logSoftmax(a2)) [2, 4]",
        "= −tr(yᵀ da2) + tr(yᵀ𝟏𝟏ᵀ(softmax(a2) ⊙ da2)) [1, 8, 11]",
        "= tr((softmax(a2)(𝟏ᵀy) − y)ᵀ da2) [11, 12, 13]",
        "⇒ ∂l/∂a2 = softmax(a2)(𝟏ᵀy) − y",
        "tr(∂l/∂a2ᵀ da2) = tr(∂l/∂a2ᵀ dW2 h1) + tr(∂l/∂a2ᵀ W2 dh1) [2, 11]",
        "= tr(h1 ∂l/∂a2ᵀ dW2) + tr((W2ᵀ ∂l/∂a2)ᵀ dh1) [12]",
        "⇒ ∂l/∂W2 = ∂l/∂a2 h1ᵀ,  ∂l/∂h1 = W2ᵀ ∂l/∂a2",
        "tr(∂l/∂h1ᵀ dh1) = tr(∂l/∂h1ᵀ(σ(a1) ⊙ (1 − σ(a1)) ⊙ da1)) [8]",
        "= tr((∂l/∂h1 ⊙ σ(a1) ⊙ (1 − σ(a1)))ᵀ da1) [13]",
        "⇒ ∂l/∂a1 = ∂l/∂h1 ⊙ σ(a1) ⊙ (1 − σ(a1))",
        "tr(∂l/∂a1ᵀ da1) = tr(∂l/∂a1ᵀ dW1 x) [2]",
        "= tr(x ∂l/∂a1ᵀ dW1) [12]",
        "⇒ ∂l/∂W1 = ∂l/∂a1 xᵀ")) {
      assertTrue(steps.contains(expected), "missing step: " + expected + "\n" + String.join("\n", steps));
    }
  }

  @Test
  void everyStepLineOfTheNetworkCitesARule() {
    // the steps lie between the header (ending with a blank line) and the closed forms
    List<String> all = collapsed(text(Examples.twoLayer()).unicode());
    List<String> steps = all.subList(all.indexOf("") + 1, all.indexOf("∂l/∂W1 = ((W2ᵀ(softmax(a2)(𝟏ᵀy) − y)) ⊙ σ(a1) ⊙ (1 − σ(a1))) xᵀ"));
    Pattern cited = Pattern.compile(".* \\[\\d+(, \\d+)*]$");
    int checked = 0;
    for (String line : steps) {
      if (!line.isEmpty() && !line.startsWith("⇒")) {
        assertTrue(cited.matcher(line).matches(), "no rule cited: " + line);
        checked++;
      }
    }
    assertEquals(10, checked, String.join("\n", steps));
  }

  @Test
  void headerSaysWhatIsDifferentiatedWithRespectToWhat() {
    List<String> lines = lines(text(Examples.twoLayer()).unicode());
    assertEquals("l = −tr(yᵀ logSoftmax(a2)), differentiated with respect to W1, W2", lines.get(0));
    assertEquals("where a1 = W1 x, h1 = σ(a1), a2 = W2 h1", lines.get(1));
    assertTrue(lines.get(2).contains("A(r) = A·diag(r)"), lines.get(2));
  }

  @Test
  void legendMentionsOnlyTheNotationUsed() {
    String trace = text(Examples.traceAX()).unicode();
    assertFalse(trace.contains("diag"), trace);
    assertFalse(trace.contains("⊙"), trace);
    assertTrue(lines(trace).contains("∂l/∂X = Aᵀ"), trace);
  }

  // ---------------------------------------------------------------- notation

  @Test
  void tanhDerivativeIsWrittenInTermsOfTheInput() {
    ProgramBuilder p = new ProgramBuilder();
    int w = p.matrix("W");
    int x = p.matrix("x");
    int a = p.let("a", new Node.MatMul(w, x));
    int h = p.let("h", new Node.Entrywise(EntrywiseFunction.TANH, a));
    String text = text(p.build(p.op(new Node.Sum(h)), "W")).unicode();
    assertTrue(lines(text).contains("∂l/∂W = (1 − tanh(a)²) xᵀ"), text);
  }

  @Test
  void inverseAndDeterminantNotation() {
    assertTrue(lines(text(Examples.logdet()).unicode()).contains("∂l/∂X = X⁻ᵀ"));
    assertTrue(lines(text(Examples.logdet()).ascii()).contains("dl/dX = inv(X)^T"));
    String nll = text(Examples.gaussianNll()).unicode();
    assertTrue(lines(nll).contains("∂l/∂Sigma = Sigma⁻ᵀ − Sigma⁻ᵀ Sᵀ Sigma⁻ᵀ"), nll);
    assertTrue(nll.startsWith("l = log|Sigma| + tr(Sigma⁻¹ S), differentiated with respect to Sigma"), nll);
  }

  @Test
  void textbookClosedForms() {
    assertTrue(lines(text(Examples.quadraticForm()).unicode()).contains("∂l/∂x = A x + Aᵀ x"));
    assertTrue(lines(text(Examples.leastSquares()).unicode()).contains("∂l/∂x = 2Aᵀ r"));
    assertTrue(lines(text(Examples.logisticRegression()).unicode()).contains("∂l/∂w = X(σ(z) − y)ᵀ"));
    assertTrue(lines(text(Examples.transposedAndRepeated()).unicode()).contains("∂l/∂X = 2𝟏𝟏ᵀX + C"));
  }

  @Test
  void unusedParametersHaveZeroGradients() {
    List<String> lines = lines(text(Examples.unusedParam()).unicode());
    assertTrue(lines.contains("∂l/∂X = 2X"));
    assertTrue(lines.contains("∂l/∂U = 0"));
    assertTrue(lines.contains("∂l/∂t = 0"));
  }

  @Test
  void lossIsCalledFWhenTheUserHasAnL() {
    ProgramBuilder p = new ProgramBuilder();
    int l = p.matrix("l");
    String text = text(p.build(p.op(new Node.SumSq(l)), "l")).unicode();
    assertTrue(lines(text).contains("∂f/∂l = 2l"), text);
    assertTrue(text.startsWith("f = ‖l‖², differentiated with respect to l"), text);
  }

  @Test
  void aLongInlinedFormKeepsAnIntermediateAsASymbol() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("x");
    int y = p.matrix("y");
    int h = x;
    String[] names = {"1", "2", "3", "4"};
    for (String k : names) {
      int w = p.matrix("W" + k);
      int a = p.let("a" + k, new Node.MatMul(w, h));
      h = p.let("h" + k, new Node.Entrywise(EntrywiseFunction.SIGMOID, a));
    }
    String text = text(p.build(p.op(new Node.ScalarNeg(p.op(new Node.Dot(y, p.op(new Node.LogSoftmax(h)))))), "W1")).unicode();
    List<String> lines = lines(text);
    String w1 = lines.stream().filter(s -> s.startsWith("∂l/∂W1 = ")).findFirst().orElseThrow();
    assertTrue(w1.codePointCount(0, w1.length()) <= DerivationWriter.INLINE_LIMIT + "∂l/∂W1 = ".length(), w1);
    java.util.regex.Matcher m = Pattern.compile("∂l/∂(a\\d|h\\d)").matcher(w1.substring("∂l/∂W1 = ".length()));
    assertTrue(m.find(), "an intermediate is kept as a symbol: " + w1);
    String kept = m.group();
    int keptLine = lines.indexOf(lines.stream().filter(s -> s.startsWith(kept + " = ")).findFirst().orElseThrow());
    assertTrue(keptLine < lines.indexOf(w1), "the kept symbol's own closed form comes first\n" + text);
  }

  // ---------------------------------------------------------------- both renderings

  @TestFactory
  Stream<DynamicTest> asciiRenderingIsPureAscii() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      String ascii = text(e.getValue().get()).ascii();
      ascii.chars().filter(c -> c >= 128).findFirst().ifPresent(c -> fail("non-ASCII " + (char) c + " in\n" + ascii));
    }));
  }

  @Test
  void asciiEscapesANonAsciiName() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("χ");
    String ascii = text(p.build(p.op(new Node.SumSq(x)), "χ")).ascii();
    assertTrue(lines(ascii).contains("dl/d\\u03c7 = 2\\u03c7"), ascii);
  }

  @TestFactory
  Stream<DynamicTest> renderingIsDeterministic() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      DerivationText first = text(e.getValue().get());
      DerivationText second = text(e.getValue().get());
      assertEquals(first, second);
    }));
  }

  @TestFactory
  Stream<DynamicTest> unicodeAndAsciiHaveTheSameLayout() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      DerivationText t = text(e.getValue().get());
      List<String> u = lines(t.unicode());
      List<String> a = lines(t.ascii());
      assertEquals(u.size(), a.size());
      for (int i = 0; i < u.size(); i++) {
        assertEquals(u.get(i).isEmpty(), a.get(i).isEmpty(), "line " + i);
        assertEquals(u.get(i).endsWith("]"), a.get(i).endsWith("]"), "line " + i);
      }
    }));
  }
}
