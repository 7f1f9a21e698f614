package dev.tracegrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Escaping of text that goes into generated source. */
class JavaTextTest {

  @Test
  void stringLiteralEscapesQuotesBackslashesAndNonAscii() {
    assertEquals("\"a\\\"b\\\\c\\n\"", JavaText.stringLiteral("a\"b\\c\n"));
    assertEquals("\"2\\u00d73\"", JavaText.stringLiteral("2\u00d73"));
    // A supplementary character is a surrogate pair: two escapes.
    assertEquals("\"\\ud835\\udfcf\"", JavaText.stringLiteral("\ud835\udfcf"));
  }

  @Test
  void controlCharactersBecomeOctalNeverUnicodeEscapes() {
    // A unicode escape of a line feed inside a literal would be a line break to javac.
    assertEquals("\"\\001\\037\\177\"", JavaText.stringLiteral("\u0001\u001f\u007f"));
  }


  @Test
  void javadocTextCannotEndTheCommentOrStartATag() {
    assertEquals("a *&#47; b &#64;param &lt;pre&gt; &amp; &#123;x&#125; &#92;u0041",
        JavaText.javadoc("a */ b @param <pre> & {x} \\u0041"));
    assertEquals("x/y */", JavaText.javadoc("x/y */").replace("&#47;", "/"));
    assertEquals("&#x2202; &#x1d7cf;", JavaText.javadoc("\u2202 \ud835\udfcf"));
  }

  @Test
  void doubleLiterals() {
    assertEquals("2.0", JavaText.doubleLiteral(2));
    assertEquals("-0.5", JavaText.doubleLiteral(-0.5));
    assertEquals("1.0E-12", JavaText.doubleLiteral(1e-12));
    assertEquals("Double.NaN", JavaText.doubleLiteral(Double.NaN));
    assertEquals("Double.NEGATIVE_INFINITY", JavaText.doubleLiteral(Double.NEGATIVE_INFINITY));
  }
}
