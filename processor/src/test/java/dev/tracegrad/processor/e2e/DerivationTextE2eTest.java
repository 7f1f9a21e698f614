package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The derivation text of the sample application's losses ({@code e2e/losses/example/Readable.java}),
 * as a user reading it by hand found it: numbers folded, coefficients apart from longer names,
 * every step citing its rules, named locals by name, carried terms written once, lines of at most
 * 100 characters, and an ASCII rendering as a constant of its own.
 */
class DerivationTextE2eTest {
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Readable");
  private static final List<String> CLASSES = List.of("ReadableDigitsGradient", "ReadableLogisticGradient",
      "ReadableCovarianceGradient", "ReadableSumOfLogsGradient", "ReadableAsciiNamedLocalGradient");
  private static final Pattern CITED = Pattern.compile(".* \\[\\d+(, \\d+)*]$");

  private static String field(String cls, String name) throws ReflectiveOperationException {
    return (String) RUN.load(cls).getField(name).get(null);
  }

  private static List<String> lines(String text) {
    return Arrays.asList(text.split("\n", -1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ReadableDigitsGradient", "ReadableLogisticGradient", "ReadableCovarianceGradient",
      "ReadableSumOfLogsGradient"})
  void everyStepCitesItsRulesAndNoLineIsWiderThan100(String cls) throws Exception {
    for (String text : List.of(field(cls, "DERIVATION"), field(cls, "DERIVATION_ASCII"))) {
      List<String> lines = lines(text);
      int first = lines.indexOf("");
      int last = lines.subList(0, lines.size() - 1).lastIndexOf("");
      for (String line : lines) {
        assertTrue(line.codePointCount(0, line.length()) <= 100, "too wide: " + line + "\n" + text);
      }
      // a step with its continuation lines (indented, not starting with "=" or "⇒") joined
      String step = null;
      boolean readOff = false;
      for (String line : lines.subList(first + 1, last)) {
        String t = line.strip();
        boolean continuation = line.startsWith(" ") && !t.startsWith("= ") && !t.startsWith("\u21d2 ")
            && !t.startsWith("=> ");
        if (continuation) {
          step = step == null ? null : step + " " + t;
          continue;
        }
        checkStep(step, readOff, text);
        readOff = line.contains("\u21d2") || line.contains("=>");
        step = line.isEmpty() ? null : line;
      }
      checkStep(step, readOff, text);
    }
  }

  private static void checkStep(String step, boolean readOff, String text) {
    if (step != null && !readOff) {
      assertTrue(CITED.matcher(step).matches(), "no rule cited: " + step + "\n" + text);
    }
  }

  @Test
  void numbersFoldAndCoefficientsStandApart() throws Exception {
    String text = field("ReadableLogisticGradient", "DERIVATION");
    assertThat(text).doesNotContain("2 0.5");
    assertThat(text).doesNotContain("0.5lambda");
    assertThat(text).contains("0.5 lambda \u2016w\u2016\u00b2");
    assertThat(lines(text)).contains("\u2202l/\u2202w = lambda w \u2212 (1 / n) X(\u03c3(\u2212margins) \u2299 y)");
    String covariance = field("ReadableCovarianceGradient", "DERIVATION");
    assertThat(covariance).doesNotContainMatch("\\d\\p{L}[\\p{Ll}\\p{Lu}\\d]");
  }

  @Test
  void namedLocalsStayNames() throws Exception {
    List<String> lines = lines(field("ReadableDigitsGradient", "DERIVATION"));
    assertThat(lines.get(1)).startsWith("where hidden = tanh(W1 X + b1\ud835\udfcf\u1d40)");
    assertThat(String.join("\n", lines.subList(2, lines.size()))).doesNotContain("tanh(");
    assertThat(lines).contains("\u2202l/\u2202W1 = (1 / batchSize)((W2\u1d40(softmax(logits)(\ud835\udfcf\u1d40Y) \u2212 Y))"
        + " \u2299 (1 \u2212 hidden\u00b2)) X\u1d40");
  }

  @Test
  void aCarriedTermIsWrittenOnce() throws Exception {
    String text = field("ReadableLogisticGradient", "DERIVATION");
    long full = lines(text).stream().filter(l -> l.contains("tr(lambda w\u1d40 dw)")).count();
    assertTrue(full <= 2, text);
    assertThat(text).contains(" + \u2026 ");
  }

  @Test
  void aLoneOnesMatrixIsNotParenthesised() throws Exception {
    assertThat(lines(field("ReadableSumOfLogsGradient", "DERIVATION")))
        .contains("\u2202l/\u2202A = \ud835\udfcf\ud835\udfcf\u1d40 / A");
    assertThat(lines(field("ReadableSumOfLogsGradient", "DERIVATION_ASCII"))).contains("dl/dA = 1 1^T / A");
  }

  @Test
  void localsNamedLikeTheConstantsDoNotClashWithThem() throws Exception {
    Class<?> c = RUN.load("ReadableAsciiNamedLocalGradient");
    assertThat(field("ReadableAsciiNamedLocalGradient", "DERIVATION_ASCII"))
        .contains("where DERIVATION_ASCII = A B, DERIVATION = tanh(DERIVATION_ASCII)");
    Object value = c.getMethod("value", dev.tracegrad.Matrix.class, dev.tracegrad.Matrix.class)
        .invoke(c.getConstructor().newInstance(), dev.tracegrad.Matrix.of(1, 1, 0.5), dev.tracegrad.Matrix.of(1, 1, 2.0));
    assertEquals(Math.pow(Math.tanh(1.0) * 1.0, 2), (double) value, 1e-12);
  }

  @Test
  void asciiConstantIsTheClassCommentsRendering() throws Exception {
    for (String cls : CLASSES) {
      String ascii = field(cls, "DERIVATION_ASCII");
      ascii.chars().filter(c -> c >= 128).findFirst().ifPresent(c -> fail("non-ASCII " + c + " in\n" + ascii));
      assertEquals(lines(field(cls, "DERIVATION")).size(), lines(ascii).size(), cls);
      String source = new String(RUN.generatedSourceBytes(cls), StandardCharsets.US_ASCII);
      StringBuilder javadoc = new StringBuilder(" * <pre>\n");
      for (String line : ascii.substring(0, ascii.length() - 1).split("\n", -1)) {
        javadoc.append((" * " + line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).stripTrailing())
            .append("\n");
      }
      assertThat(source).contains(javadoc + " * </pre>");
    }
  }
}
