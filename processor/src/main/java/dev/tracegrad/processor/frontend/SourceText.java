package dev.tracegrad.processor.frontend;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import java.io.IOException;
import javax.tools.Diagnostic;

/**
 * The source text of body trees as the user wrote them, for shape-check messages and
 * diagnostics (front end): comments dropped, whitespace normalised ({@code mul( W2 ,h1 )} →
 * {@code mul(W2, h1)}), long texts shortened. Falls back to javac's rendering of the tree when
 * the source or the positions are unavailable.
 */
final class SourceText {
  /** Longer texts are cut to this many characters, ending in "...". */
  static final int MAX_LENGTH = 80;

  private final SourcePositions positions;
  private final CompilationUnitTree unit;
  private final CharSequence source;

  SourceText(Trees trees, CompilationUnitTree unit) {
    this.positions = trees.getSourcePositions();
    this.unit = unit;
    this.source = read(unit);
  }

  /** The tree's source as written, or null when the source or positions are unavailable. */
  String raw(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    if (source == null || start == Diagnostic.NOPOS || end == Diagnostic.NOPOS || end < start
        || end > source.length()) {
      return null;
    }
    return source.subSequence((int) start, (int) end).toString();
  }

  /** The tree's start offset in the file, or -1. */
  long start(Tree tree) {
    return positions.getStartPosition(unit, tree);
  }

  /** The tree's end offset in the file, or -1. */
  long end(Tree tree) {
    return positions.getEndPosition(unit, tree);
  }

  /** The normalised text of a tree. */
  String of(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    if (source == null || start == Diagnostic.NOPOS || end == Diagnostic.NOPOS || end < start
        || end > source.length()) {
      return shorten(normalise(tree.toString()));
    }
    return shorten(normalise(source.subSequence((int) start, (int) end)));
  }

  /**
   * Drops comments and puts whitespace the way the examples are written: single spaces, none
   * just inside parentheses or before a comma, one after a comma. Strings never reach this
   * (string literals are not part of the DSL), so comment markers need no lexing of quotes.
   */
  static String normalise(CharSequence raw) {
    StringBuilder out = new StringBuilder(raw.length());
    boolean pendingSpace = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '/' && i + 1 < raw.length() && raw.charAt(i + 1) == '*') {
        int close = indexOf(raw, "*/", i + 2);
        i = close < 0 ? raw.length() : close + 1;
        pendingSpace = true;
        continue;
      }
      if (c == '/' && i + 1 < raw.length() && raw.charAt(i + 1) == '/') {
        int newline = indexOf(raw, "\n", i + 2);
        i = newline < 0 ? raw.length() : newline;
        pendingSpace = true;
        continue;
      }
      if (Character.isWhitespace(c)) {
        pendingSpace = true;
        continue;
      }
      char last = out.length() == 0 ? '(' : out.charAt(out.length() - 1);
      if (last == ',') {
        out.append(' ');
      } else if (pendingSpace && last != '(' && c != ')' && c != ',') {
        out.append(' ');
      }
      pendingSpace = false;
      out.append(c);
    }
    return out.toString();
  }

  /** Cuts a text longer than {@link #MAX_LENGTH}, keeping its start (which names the op). */
  static String shorten(String text) {
    if (text.length() <= MAX_LENGTH) {
      return text;
    }
    return text.substring(0, MAX_LENGTH - 3) + "...";
  }

  private static int indexOf(CharSequence s, String what, int from) {
    return s.toString().indexOf(what, from);
  }

  private static CharSequence read(CompilationUnitTree unit) {
    try {
      return unit.getSourceFile().getCharContent(true);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
