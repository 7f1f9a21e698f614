package dev.tracegrad.processor;

import java.util.Locale;

/**
 * Every diagnostic the processor can print, with its id and text. Rendered as
 * {@code [TraceGradId] text}; texts say what is wrong and what is allowed. Format arguments are
 * {@link String#format} arguments, formatted with {@link Locale#ROOT}.
 */
public enum Message {
  INTERNAL_ERROR("InternalError",
      "TraceGrad failed on this method; please report it with this trace:\n%s"),
  NEEDS_JAVAC("NeedsJavac",
      "TraceGrad reads method bodies through javac's Tree API and needs javac's own annotation"
          + " processing environment; this one is %s"),
  DUPLICATE_CLASS_NAME("DuplicateClassName",
      "another @Differentiable method already generates %s; give one of them a distinct"
          + " @Differentiable(name = \"...\")"),
  DEBUG_STAGE("Debug", "%s:\n%s");

  private final String id;
  private final String format;

  Message(String id, String format) {
    this.id = id;
    this.format = format;
  }

  /** The id as printed, e.g. {@code TraceGradInternalError}. */
  public String id() {
    return "TraceGrad" + id;
  }

  /** The full text with its id prefix. */
  public String render(Object... args) {
    return "[" + id() + "] " + String.format(Locale.ROOT, format, args);
  }
}
