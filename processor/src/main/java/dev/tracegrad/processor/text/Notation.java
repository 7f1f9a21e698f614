package dev.tracegrad.processor.text;

/**
 * The two spellings of the derivation text. One printer writes both from the same structure;
 * only the tokens differ, so the Unicode and ASCII renderings stay in step. The ASCII one is for
 * the generated class's Javadoc (the generated source is pure ASCII).
 */
enum Notation {
  UNICODE,
  ASCII;

  /** A token of the text in both spellings. */
  enum Token {
    MINUS("−", "-"),
    IMPLIES("⇒", "=>"),
    PARTIAL("∂", "d"),
    DIFFERENTIAL("d", "d"),
    TRANSPOSE("ᵀ", "^T"),
    HADAMARD(" ⊙ ", " .* "),
    ONES("𝟏", "1"),
    ONES_T("𝟏ᵀ", "1^T"),
    /** Between a ones vector and its neighbour in a product. */
    ONES_JOIN("", " "),
    IDENTITY("I", "I"),
    SQUARED("²", "^2"),
    NORM_OPEN("‖", "||"),
    NORM_CLOSE("‖²", "||^2"),
    /** The end of ‖A‖ itself (norm, not its square). */
    NORM_END("‖", "||"),
    DIAG_DOT("·", "*"),
    /** Terms carried unchanged from the line above. */
    ELLIPSIS("…", "...");

    private final String unicode;
    private final String ascii;

    Token(String unicode, String ascii) {
      this.unicode = unicode;
      this.ascii = ascii;
    }
  }

  String t(Token token) {
    return this == UNICODE ? token.unicode : token.ascii;
  }

  /** A user's name; non-ASCII letters (legal in Java identifiers) are escaped in ASCII. */
  String name(String name) {
    if (this == UNICODE) {
      return name;
    }
    StringBuilder sb = new StringBuilder();
    name.codePoints().forEach(cp -> {
      if (cp < 128) {
        sb.appendCodePoint(cp);
      } else {
        for (char c : Character.toChars(cp)) {
          sb.append(String.format("\\u%04x", (int) c));
        }
      }
    });
    return sb.toString();
  }

  /** A⁻¹ / inv(A): {@code base} is A printed, {@code atomic} whether it needs no parentheses. */
  String inverse(String base, boolean atomic) {
    return this == UNICODE ? (atomic ? base : "(" + base + ")") + "⁻¹" : "inv(" + base + ")";
  }

  /** A⁻ᵀ / inv(A)^T. */
  String inverseTranspose(String base, boolean atomic) {
    return this == UNICODE ? (atomic ? base : "(" + base + ")") + "⁻ᵀ" : "inv(" + base + ")^T";
  }

  /** |A| / det(A). */
  String det(String a) {
    return this == UNICODE ? "|" + a + "|" : "det(" + a + ")";
  }

  /** log|A| / logdet(A). */
  String logDet(String a) {
    return this == UNICODE ? "log|" + a + "|" : "logdet(" + a + ")";
  }
}
