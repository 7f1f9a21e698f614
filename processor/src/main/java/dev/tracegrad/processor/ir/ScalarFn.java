package dev.tracegrad.processor.ir;

/** Functions of scalars the DSL allows through {@code java.lang.Math}. */
public enum ScalarFn {
  LOG("log"),
  EXP("exp"),
  SQRT("sqrt");

  private final String mathName;

  ScalarFn(String mathName) {
    this.mathName = mathName;
  }

  /** The {@code java.lang.Math} method name. */
  public String mathName() {
    return mathName;
  }

  /** The function with this {@code Math} name, or null. */
  public static ScalarFn forMathName(String name) {
    for (ScalarFn f : values()) {
      if (f.mathName.equals(name)) {
        return f;
      }
    }
    return null;
  }
}
