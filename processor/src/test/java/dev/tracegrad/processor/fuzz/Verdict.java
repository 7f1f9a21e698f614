package dev.tracegrad.processor.fuzz;

/** What checking one method found. */
record Verdict(Kind kind, String detail) {
  enum Kind {
    /** Value and every gradient agree. */
    PASS,
    /** javac reported an error or warning, or the processor threw. */
    COMPILE,
    /** The generated code threw, or a class or method it should have is missing. */
    CRASH,
    /** The generated class differs from API.md's contract (names or number of Result components). */
    CONTRACT,
    /** value() or Result.value differs from the annotated method. */
    VALUE,
    /** A gradient differs from finite differences of the annotated method. */
    GRADIENT,
    /**
     * The buffer overload differs from the allocating one, an argument was modified, or an
     * instance carries state from one call into the next.
     */
    BUFFER,
    /** Finite differences at two step sizes disagree: nothing can be concluded. */
    UNRELIABLE;

    boolean failure() {
      return this != PASS && this != UNRELIABLE;
    }
  }

  static final Verdict PASS = new Verdict(Kind.PASS, "");

  boolean failure() {
    return kind.failure();
  }

  @Override
  public String toString() {
    return kind + (detail.isEmpty() ? "" : ": " + detail);
  }
}
