package dev.tracegrad.processor.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of Java source that the generated class evaluates as written (a data expression, a
 * type), with every type reference kept apart so that the emit stage can write it through its
 * own imports: a type written as text could be obscured by a variable of the generated code.
 *
 * @param parts text and type references, in order
 */
public record JavaCode(List<Part> parts) {

  /** Text or a type reference. */
  public sealed interface Part permits Text, TypeRef {}

  /** Source text, copied as is. */
  public record Text(String text) implements Part {}

  /**
   * A reference to a class: its package and its simple names from the top-level class down.
   *
   * @param packageName "" for the unnamed package
   * @param simpleNames {@code ["Outer", "Inner"]}
   */
  public record TypeRef(String packageName, List<String> simpleNames) implements Part {
    public TypeRef {
      simpleNames = List.copyOf(simpleNames);
    }

    /** {@code dev.tracegrad.Matrix}. */
    public String canonicalName() {
      String simple = String.join(".", simpleNames);
      return packageName.isEmpty() ? simple : packageName + "." + simple;
    }
  }

  /** {@code dev.tracegrad.Matrix}. */
  public static final TypeRef MATRIX = new TypeRef("dev.tracegrad", List.of("Matrix"));

  public JavaCode {
    parts = List.copyOf(parts);
  }

  /** Plain text. */
  public static JavaCode text(String text) {
    return new JavaCode(List.of(new Text(text)));
  }

  /** A type alone. */
  public static JavaCode type(TypeRef type) {
    return new JavaCode(List.of(type));
  }

  /** This code followed by that. */
  public JavaCode plus(JavaCode more) {
    List<Part> all = new ArrayList<>(parts);
    all.addAll(more.parts);
    return new JavaCode(all);
  }

  /** The code with types written by their canonical names (for messages and tests). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Part p : parts) {
      sb.append(p instanceof Text t ? t.text() : ((TypeRef) p).canonicalName());
    }
    return sb.toString();
  }
}
