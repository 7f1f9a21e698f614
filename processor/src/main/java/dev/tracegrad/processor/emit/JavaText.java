package dev.tracegrad.processor.emit;

import java.util.Locale;

/**
 * Emit stage: text that goes into generated source verbatim. Everything it returns is pure ASCII,
 * so the generated file's bytes do not depend on the charset javac reads it with.
 */
final class JavaText {
  private JavaText() {}

  /**
   * A Java string literal, quotes included. Non-ASCII characters become {@code \}{@code uXXXX}
   * escapes (a surrogate pair becomes two); control characters become octal escapes, never
   * {@code \}{@code u000a}, which javac would turn into a line break before lexing.
   */
  static String stringLiteral(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        case '\r' -> sb.append("\\r");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format(Locale.ROOT, "\\%03o", (int) c));
          } else if (c < 0x80) {
            sb.append(c);
          } else {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /**
   * Text for a Javadoc comment, shown as written: HTML-significant characters, '@' (which would
   * start a tag), '*' followed by '/' (which would end the comment) and backslashes (javac reads
   * {@code \}{@code u} in comments as an escape) become character references; so does any
   * non-ASCII character.
   */
  static String javadoc(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '@' -> sb.append("&#64;");
        case '\\' -> sb.append("&#92;");
        case '{' -> sb.append("&#123;");
        case '}' -> sb.append("&#125;");
        case '/' -> sb.append(i > 0 && s.charAt(i - 1) == '*' ? "&#47;" : "/");
        case '\r' -> { }
        default -> {
          if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
            sb.append(c);
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
            sb.append("&#x").append(Integer.toHexString(s.codePointAt(i))).append(';');
            i++;
          } else {
            sb.append("&#x").append(Integer.toHexString(c)).append(';');
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * Every non-ASCII character as a {@code \}{@code uXXXX} escape (surrogate pairs as two); ASCII
   * is unchanged. Safe anywhere in Java source because javac translates the escapes first.
   */
  static String escapeNonAscii(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        sb.append(c);
      } else {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /** A double literal: {@code 2.0}, {@code 1.0E-5}, {@code Double.NaN}, .... */
  static String doubleLiteral(double v) {
    if (Double.isNaN(v)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    return Double.toString(v);
  }
}
