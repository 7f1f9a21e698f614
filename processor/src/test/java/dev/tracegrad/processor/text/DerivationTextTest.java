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

  @Test
  void pickCitesItsRuleAndScattersTheAdjoint() {
    String text = text(Examples.pickCrossEntropy()).unicode();
    List<String> steps = collapsed(text);
    assertTrue(steps.contains("= −tr(𝟏𝟏ᵀpick(d logSoftmax(Z), labels)) [19]"), text);
    assertTrue(lines(text).contains(
        "∂l/∂Z = scatter(−𝟏ᵀ, labels) + softmax(Z)"), text);
  }

  @Test
  void gatherColsCitesItsRuleAndScatterAddsTheAdjoint() {
    String text = text(Examples.all().get("gatherCols").get()).unicode();
    List<String> steps = collapsed(text);
    assertTrue(steps.contains("= tr(Cᵀ gatherCols(dE, ids)) [20]"), text);
    assertTrue(lines(text).contains("∂l/∂E = scatterAdd(C, ids)"), text);
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
    // the legend, wrapped at the line limit
    assertTrue(lines.get(2).startsWith("dl = tr(Gᵀ dX) ⇒ ∂l/∂X = G; [n] cites rule n"), lines.get(2));
    assertTrue(lines.get(3).startsWith("    ") && lines.get(3).contains("A(r) = A·diag(r)"), lines.get(3));
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

  // ---------------------------------------------------------------- read by hand

  /** The lines with each continuation line (indented, not starting with "=" or "⇒") joined to its line. */
  static List<String> logicalLines(String text) {
    List<String> out = new java.util.ArrayList<>();
    for (String line : lines(text)) {
      String t = line.strip();
      boolean continuation = line.startsWith(" ") && !t.startsWith("= ") && !t.startsWith("⇒ ")
          && !t.startsWith("=> ") && !out.isEmpty() && !out.get(out.size() - 1).isEmpty();
      if (continuation) {
        out.set(out.size() - 1, out.get(out.size() - 1).replaceAll(" {2,}\\[[\\d, ]+]$", "") + " " + t);
      } else {
        out.add(line);
      }
    }
    return out;
  }

  /** The logical step lines: between the header and the closed forms, read-offs (⇒) excluded. */
  static List<String> stepLines(String text) {
    List<String> all = logicalLines(text);
    int first = all.indexOf("");
    int last = all.lastIndexOf("");
    return all.subList(first + 1, last).stream()
        .filter(l -> !l.isEmpty() && !l.contains("⇒") && !l.contains("=>")).toList();
  }

  private static final Pattern CITED = Pattern.compile(".* \\[\\d+(, \\d+)*]$");

  @TestFactory
  Stream<DynamicTest> everyStepCitesItsRules() {
    return Examples.all().entrySet().stream()
        .filter(e -> !e.getKey().equals("lossIndependentOfWrt") && !e.getKey().equals("lossIsWrtScalar"))
        .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
          DerivationText t = text(e.getValue().get());
          for (String text : List.of(t.unicode(), t.ascii())) {
            for (String line : stepLines(text)) {
              assertTrue(CITED.matcher(line).matches(), "no rule cited: " + line + "\n" + text);
            }
          }
        }));
  }

  @TestFactory
  Stream<DynamicTest> noLineIsWiderThanTheLimit() {
    return Examples.all().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      DerivationText t = text(e.getValue().get());
      for (String text : List.of(t.unicode(), t.ascii())) {
        for (String line : lines(text)) {
          assertTrue(line.codePointCount(0, line.length()) <= DerivationWriter.LINE_LIMIT, "too wide: " + line + "\n" + text);
        }
      }
    }));
  }

  @Test
  void wrappedStepsKeepTheRuleColumn() {
    String text = text(Examples.digits()).unicode();
    List<String> lines = lines(text);
    assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("+ ")), "a step is wrapped before a term\n" + text);
    // within a group, every citation starts in the same column
    int column = -1;
    for (String line : lines) {
      if (line.isEmpty()) {
        column = -1;
      } else if (line.endsWith("]")) {
        int at = line.codePointCount(0, line.lastIndexOf('['));
        assertTrue(column < 0 || column == at, "rule column moved: " + line + "\n" + text);
        column = at;
      }
    }
  }

  @Test
  void constantsFoldAndCoefficientsStandApartFromLongerNames() {
    String text = text(Examples.regularisedLogistic()).unicode();
    assertFalse(text.contains("2 0.5"), text);
    assertFalse(Pattern.compile("\\d\\p{L}[\\p{Ll}\\p{Lu}\\d]").matcher(text).find(), "a coefficient glued to a name\n" + text);
    assertTrue(text.startsWith("l = 𝟏ᵀsoftplus(−margins)𝟏 / n + 0.5 lambda ‖w‖²,"), text);
    assertTrue(lines(text).contains("∂l/∂w = lambda w − (1 / n) X(σ(−margins) ⊙ y)"), text);
    assertTrue(lines(text).contains("∂l/∂b = −(1 / n) tr((σ(−margins) ⊙ y)ᵀ ones)"), text);
    // a whole number next to a one-letter name stays glued
    assertTrue(lines(text(Examples.leastSquares()).unicode()).contains("∂l/∂x = 2Aᵀ r"));
  }

  @Test
  void aScalarFactorCommonToASumIsTakenOut() {
    List<String> lines = lines(text(Examples.digits()).unicode());
    assertTrue(lines.contains("∂l/∂W2 = (1 / batchSize)(softmax(logits)(𝟏ᵀY) − Y) hiddenᵀ"), String.join("\n", lines));
    assertTrue(lines.contains("∂l/∂b2 = (1 / batchSize)(softmax(logits)(𝟏ᵀY) − Y)𝟏"), String.join("\n", lines));
  }

  @Test
  void namedLocalsAreNotWrittenOutAgain() {
    String text = text(Examples.digits()).unicode();
    List<String> lines = lines(text);
    assertTrue(lines.get(1).startsWith("where hidden = tanh(W1 X + b1𝟏ᵀ), "), text);
    assertFalse(String.join("\n", lines.subList(2, lines.size())).contains("tanh("), text);
    assertTrue(lines.contains("∂l/∂W1 = (1 / batchSize)((W2ᵀ(softmax(logits)(𝟏ᵀY) − Y)) ⊙ (1 − hidden²)) Xᵀ"), text);
    // σ′ of a named input keeps the textbook form
    assertTrue(lines(text(Examples.twoLayer()).unicode())
        .contains("∂l/∂W1 = ((W2ᵀ(softmax(a2)(𝟏ᵀy) − y)) ⊙ σ(a1) ⊙ (1 − σ(a1))) xᵀ"));
  }

  @Test
  void aTermCarriedUnchangedIsWrittenOnce() {
    String text = text(Examples.regularisedLogistic()).unicode();
    List<String> lines = lines(text);
    long full = lines.stream().filter(l -> l.contains("tr(lambda wᵀ dw)")).count();
    assertTrue(full <= 2, "carried in full on " + full + " lines\n" + text);
    assertTrue(lines.stream().anyMatch(l -> l.contains(" + …")), text);
    assertTrue(text.contains("… stands for terms unchanged from the line above"), text);
    assertTrue(text(Examples.regularisedLogistic()).ascii().contains("... stands for terms unchanged"));
  }

  @Test
  void aLoneOnesMatrixNeedsNoParentheses() {
    DerivationText t = text(Examples.sumOfLogs());
    assertTrue(lines(t.unicode()).contains("∂l/∂A = 𝟏𝟏ᵀ / A"), t.unicode());
    assertTrue(lines(t.ascii()).contains("dl/dA = 1 1^T / A"), t.ascii());
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
