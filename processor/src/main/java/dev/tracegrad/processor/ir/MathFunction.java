package dev.tracegrad.processor.ir;

/** Functions of scalars the DSL allows through {@code java.lang.Math}. */
public enum MathFunction {
  LOG("log"),
  EXP("exp"),
  SQRT("sqrt");

  private final String mathName;

  MathFunction(String mathName) {
    this.mathName = mathName;
  }

  /** The {@code java.lang.Math} method name. */
  public String mathName() {
    return mathName;
  }

  /** The function with this {@code Math} name, or null. */
  public static MathFunction forMathName(String name) {
    for (MathFunction f : values()) {
      if (f.mathName.equals(name)) {
        return f;
      }
    }
    return null;
  }
}
