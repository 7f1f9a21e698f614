package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.DataStatement;
import dev.tracegrad.processor.ir.JavaCode;
import dev.tracegrad.processor.ir.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The data prologue being read (front end): the declarations the generated public methods run
 * before the forward pass, in source order, and the data leaves of the graph (the prologue's
 * values the differentiable path reads). Names it makes up avoid every name the body uses.
 */
final class DataPrologue {
  private final List<DataStatement> statements = new ArrayList<>();
  private final Map<String, Parameter> leaves = new LinkedHashMap<>();
  private final Set<String> taken;

  /** @param taken every name the body and its parameters use (added to as names are made) */
  DataPrologue(Set<String> taken) {
    this.taken = taken;
  }

  List<DataStatement> statements() {
    return List.copyOf(statements);
  }

  /** The data leaves, in the order the differentiable path first read them. */
  List<Parameter> leaves() {
    return List.copyOf(leaves.values());
  }

  /** Declares {@code type name = init;} at the end of the prologue. */
  void declare(JavaCode type, String name, JavaCode init) {
    statements.add(new DataStatement(type, name, init, false));
  }

  /**
   * Declares {@code type name = init;} at the end of the prologue for an expression the user did
   * not name: the derivation text shows its source instead of the made-up name.
   */
  void declareUnnamed(JavaCode type, String name, JavaCode init) {
    statements.add(new DataStatement(type, name, init, false, DataStatement.shownText(init)));
  }

  /** The leaf for a prologue value of this name, made on first use. */
  Parameter leaf(String name, boolean matrix) {
    Parameter p = leaves.computeIfAbsent(name, n -> new Parameter(n, matrix));
    if (matrix) {
      for (int i = 0; i < statements.size(); i++) {
        DataStatement s = statements.get(i);
        if (s.name().equals(name) && !s.matrixLeaf()) {
          statements.set(i, new DataStatement(s.type(), s.name(), s.init(), true, s.shown()));
        }
      }
    }
    return p;
  }

  /** The leaf for an {@code int[]} index array of this name, made on first use. */
  Parameter indexLeaf(String name) {
    return leaves.computeIfAbsent(name, Parameter::index);
  }

  /** Takes a name: {@code preferred} when free, else it with the first free number 2, 3, .... */
  String fresh(String preferred) {
    String name = preferred;
    for (int k = 2; taken.contains(name); k++) {
      name = preferred + k;
    }
    taken.add(name);
    return name;
  }

  /** Marks a name as used. */
  void take(String name) {
    taken.add(name);
  }

  /** A readable identifier for an expression's code, from its text (the types left out). */
  static String nameFor(JavaCode code) {
    StringBuilder sb = new StringBuilder();
    for (JavaCode.Part p : code.parts()) {
      if (p instanceof JavaCode.Text t) {
        sb.append(t.text());
      }
    }
    return nameFor(sb.toString());
  }

  /**
   * A readable identifier for an expression's text: its identifiers joined in camel case
   * ({@code X.cols()} → {@code XCols}, {@code labels.length} → {@code labelsLength}).
   */
  static String nameFor(String text) {
    StringBuilder sb = new StringBuilder();
    for (String word : text.split("[^\\p{javaJavaIdentifierPart}]+")) {
      if (word.isEmpty() || !Character.isJavaIdentifierStart(word.codePointAt(0))
          && sb.length() == 0) {
        continue;
      }
      sb.append(sb.length() == 0 ? word
          : Character.toUpperCase(word.charAt(0)) + word.substring(1));
      if (sb.length() > 24) {
        break;
      }
    }
    String name = sb.toString();
    return name.isEmpty() || !SourceVersion.isName(name) ? "data" : name;
  }
}
