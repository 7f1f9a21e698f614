package dev.tracegrad.processor.ir;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One declaration of the data prologue: {@code type name = init;}, which the generated class's
 * public methods run, in order, before the forward pass (a data local of the body, or a data
 * expression the differentiable path reads, given a name).
 *
 * @param type the declared type, as written or {@code double}/{@code Matrix} for a named
 *     expression
 * @param name the local's name in the generated methods
 * @param init the initializer, copied from the source with every name made unambiguous
 * @param matrixLeaf whether the value is a Matrix the differentiable path reads (so it is
 *     checked for null like a Matrix argument)
 * @param shown how the derivation text shows the value when the user did not name it (its
 *     source, readably: {@code cols(X)} for {@code X.cols()}), or null when {@code name} is the
 *     user's
 */
public record DataStatement(JavaCode type, String name, JavaCode init, boolean matrixLeaf,
    String shown) {
  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern IDENTIFIER =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");
  /** A shape query on a name, which the derivation writes as its dimensions: rows(X), len(ids). */
  private static final Pattern SHAPE_QUERY = Pattern.compile(
      "(?<![\\p{javaJavaIdentifierPart}.])(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)"
          + "\\s*\\.\\s*(?:(rows|cols)\\s*\\(\\s*\\)|(length)(?!\\s*\\())");

  /** A statement declaring a local the user named. */
  public DataStatement(JavaCode type, String name, JavaCode init, boolean matrixLeaf) {
    this(type, name, init, matrixLeaf, null);
  }

  /**
   * The readable form of an expression the user did not name, as the derivation text shows it:
   * its code with types by their simple names and shape queries as the text writes dimensions
   * ({@code X.cols()} is {@code cols(X)}, {@code labels.length} is {@code len(labels)}), in
   * parentheses unless it reads as one term.
   */
  public static String shownText(JavaCode code) {
    StringBuilder text = new StringBuilder();
    for (JavaCode.Part p : code.parts()) {
      text.append(p instanceof JavaCode.Text t ? t.text()
          : String.join(".", ((JavaCode.TypeRef) p).simpleNames()));
    }
    Matcher m = SHAPE_QUERY.matcher(text.toString().strip());
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String what = m.group(2) != null ? m.group(2) : "len";
      m.appendReplacement(out, Matcher.quoteReplacement(what + "(" + m.group(1) + ")"));
    }
    m.appendTail(out);
    String shown = out.toString();
    return oneTerm(shown) ? shown : "(" + shown + ")";
  }

  /** Whether no operator or space stands outside parentheses, brackets and literals. */
  private static boolean oneTerm(String text) {
    String code = LITERAL.matcher(text).replaceAll("\"\"");
    int depth = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && (Character.isWhitespace(c) || "+-*/%?:<>=!&|^~".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the initializer reads a variable of one of these names. The copied source names
   * every member through its class ({@code Losses.W}), so a simple name not selected by a dot,
   * outside a literal, is a parameter or a local; a name that only looks like one (a method
   * {@code W(...)}) errs on the side of reading.
   */
  public boolean reads(Set<String> names) {
    StringBuilder text = new StringBuilder();
    for (JavaCode.Part p : init.parts()) {
      // a type stands for itself: what follows its dot is a member, not a variable
      text.append(p instanceof JavaCode.Text t ? t.text() : " Type");
    }
    String code = LITERAL.matcher(text).replaceAll("\"\"");
    Matcher m = IDENTIFIER.matcher(code);
    while (m.find()) {
      int before = m.start() - 1;
      while (before >= 0 && Character.isWhitespace(code.charAt(before))) {
        before--;
      }
      boolean selected = before >= 0 && code.charAt(before) == '.';
      if (!selected && names.contains(m.group())) {
        return true;
      }
    }
    return false;
  }
}
