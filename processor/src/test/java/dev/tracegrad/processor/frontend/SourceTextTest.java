package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

/** The op and operand texts of shape checks: the source as written, tidied. */
class SourceTextTest {

  @Test
  void whitespaceIsNormalisedTheWayTheExamplesAreWritten() {
    assertThat(SourceText.normalise("mul( W2 ,\n\t   h1 )")).isEqualTo("mul(W2, h1)");
    assertThat(SourceText.normalise("mul(W2,h1)")).isEqualTo("mul(W2, h1)");
    assertThat(SourceText.normalise("  add(A,  B)  ")).isEqualTo("add(A, B)");
    assertThat(SourceText.normalise("s  *  sum( A )")).isEqualTo("s * sum(A)");
    assertThat(SourceText.normalise("a-b")).isEqualTo("a-b");
  }

  @Test
  void commentsAreDropped() {
    assertThat(SourceText.normalise("mul(W /* weights */, x)")).isEqualTo("mul(W, x)");
    assertThat(SourceText.normalise("add(A, // first\n    B)")).isEqualTo("add(A, B)");
    assertThat(SourceText.normalise("t(/* unterminated")).isEqualTo("t(");
  }

  @Test
  void longTextsKeepTheirStart() {
    String longText = "add(" + "A, ".repeat(40) + "B)";
    String shortened = SourceText.shorten(longText);
    assertThat(shortened).hasLength(SourceText.MAX_LENGTH);
    assertThat(shortened).startsWith("add(A, A, ");
    assertThat(shortened).endsWith("...");
    String exact = "x".repeat(SourceText.MAX_LENGTH);
    assertThat(SourceText.shorten(exact)).isSameInstanceAs(exact);
  }
}
