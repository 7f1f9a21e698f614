package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Emit stage: how long generated methods may be, and how a long one is cut. The JVM refuses a
 * method of more than 65535 bytes of code, and HotSpot does not JIT-compile one of more than 8000
 * ({@code -XX:HugeMethodLimit}), so a long pass runs interpreted. Generated statements are
 * therefore grouped into parts whose estimated bytecode stays within {@link #BOUND}, each part a
 * private method of its own. (Locals past slot 255 take wide instructions of twice the length;
 * {@link PassWriter} keeps the locals of a part below that, and the checks declare none.)
 *
 * <p>The estimate reads the statements' text, with comments removed: about two bytes per name or
 * literal (a local load, a constant), three for a member after a dot (a field or method
 * reference), one per operator, and nothing for punctuation. It over-counts qualified type names
 * and keywords, which makes it err on the safe side; the tests measure the real sizes of large
 * generated classes against the 8000-byte limit.
 */
final class CodeSize {
  private CodeSize() {}

  /**
   * The estimated bytes of code a method may have. The estimate runs about 15% above the real
   * size of generated methods, so this keeps them well below 8000.
   */
  static final int BOUND = 6000;


  private static final String OPERATORS = "+-*/%=<>!&|^~?:";

  /** Words that compile to no instruction of their own. */
  private static final Set<String> FREE = Set.of("int", "double", "if", "else", "final",
      "throw", "return", "new", "void", "boolean", "long", "true", "false");

  /** Estimated bytes of code of these statements. */
  static int estimate(CodeBlock code) {
    return estimate(code.toString());
  }

  static int estimate(String text) {
    int bytes = 0;
    int n = text.length();
    int at = 0;
    boolean afterDot = false;
    while (at < n) {
      char c = text.charAt(at);
      if (c == '/' && at + 1 < n && text.charAt(at + 1) == '/') {
        while (at < n && text.charAt(at) != '\n') {
          at++;
        }
      } else if (c == '"' || c == '\'') {
        at = endOfLiteral(text, at, c);
        bytes += 3;
        afterDot = false;
      } else if (Character.isJavaIdentifierStart(c)) {
        int start = at;
        while (at < n && Character.isJavaIdentifierPart(text.charAt(at))) {
          at++;
        }
        String word = text.substring(start, at);
        bytes += afterDot ? 3 : FREE.contains(word) ? 0 : 2;
        afterDot = false;
      } else if (Character.isDigit(c)) {
        while (at < n && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '.')) {
          at++;
        }
        bytes += 2;
        afterDot = false;
      } else if (c == '.') {
        afterDot = true;
        at++;
      } else if (c == '[') {
        // An array load or store.
        bytes += 1;
        at++;
      } else if (OPERATORS.indexOf(c) >= 0) {
        // A run such as "+=", "<=" or "++" is one operator; a comparison also branches.
        int start = at;
        while (at < n && OPERATORS.indexOf(text.charAt(at)) >= 0) {
          at++;
        }
        boolean branches = false;
        for (int k = start; k < at; k++) {
          branches |= "<>!?&|".indexOf(text.charAt(k)) >= 0;
        }
        bytes += branches ? 3 : 1;
        afterDot = false;
      } else {
        at++;
      }
    }
    return bytes;
  }

  /** The index after a string or char literal starting at {@code start}. */
  private static int endOfLiteral(String text, int start, char quote) {
    int at = start + 1;
    while (at < text.length() && text.charAt(at) != quote) {
      at += text.charAt(at) == '\\' ? 2 : 1;
    }
    return at + 1;
  }

  /**
   * Consecutive units grouped so that each group's estimated size stays within {@code bound};
   * a unit larger than the bound on its own is a group of its own. Order is kept, and the
   * grouping depends only on the sizes.
   */
  static <T> List<List<T>> group(List<T> units, ToIntFunction<T> size, int bound) {
    List<List<T>> groups = new ArrayList<>();
    List<T> current = new ArrayList<>();
    int total = 0;
    for (T u : units) {
      int s = size.applyAsInt(u);
      if (!current.isEmpty() && total + s > bound) {
        groups.add(current);
        current = new ArrayList<>();
        total = 0;
      }
      current.add(u);
      total += s;
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  /**
   * A private method that runs these statements in order: one method when they fit the bound,
   * else the method calling its parts {@code namePart1}, {@code namePart2}, ... with its own
   * arguments, each part a method of the same signature holding a bounded share of them.
   *
   * @param signature a new builder for a method of this name with the modifiers and parameters
   *     the method and its parts share, and no body
   * @param arguments the parameters' names, comma-separated, to pass them on
   * @param doc the method's Javadoc, one or more complete lines
   * @param tags the {@code @param} tags of the parameters, for the method and each part
   */
  static List<MethodSpec> split(String name, Function<String, MethodSpec.Builder> signature,
      String arguments, CodeBlock doc, CodeBlock tags, List<CodeBlock> statements) {
    List<List<CodeBlock>> parts = group(statements, CodeSize::estimate, BOUND);
    MethodSpec.Builder m = signature.apply(name).addJavadoc(doc);
    if (parts.size() <= 1) {
      statements.forEach(m::addCode);
      return List.of(m.addJavadoc(tags.isEmpty() ? "" : "\n").addJavadoc(tags).build());
    }
    m.addJavadoc("In $L parts of bounded size.\n", parts.size())
        .addJavadoc(tags.isEmpty() ? "" : "\n").addJavadoc(tags);
    List<MethodSpec> out = new ArrayList<>();
    out.add(null);
    for (int p = 0; p < parts.size(); p++) {
      String part = name + "Part" + (p + 1);
      m.addStatement("$L($L)", part, arguments);
      MethodSpec.Builder pm = signature.apply(part)
          .addJavadoc("Part $L of $L of {@code $L}.\n", p + 1, parts.size(), name)
          .addJavadoc(tags.isEmpty() ? "" : "\n").addJavadoc(tags);
      parts.get(p).forEach(pm::addCode);
      out.add(pm.build());
    }
    out.set(0, m.build());
    return out;
  }
}
