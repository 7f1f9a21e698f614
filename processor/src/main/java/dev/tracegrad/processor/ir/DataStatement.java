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
 */
public record DataStatement(JavaCode type, String name, JavaCode init, boolean matrixLeaf) {
  private static final Pattern LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern IDENTIFIER =
      Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");

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
