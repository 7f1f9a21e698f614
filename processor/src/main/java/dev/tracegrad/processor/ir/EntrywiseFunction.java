package dev.tracegrad.processor.ir;

/**
 * Elementwise functions of matrices (rule 8: d σ(X) = σ′(X) ⊙ dX). The first group are the DSL's
 * {@code Ops} methods of the same name; {@link #STEP} and {@link #SIGN} only arise as derivatives
 * (of relu and abs).
 */
public enum EntrywiseFunction {
  EXP("exp"),
  LOG("log"),
  SIGMOID("sigmoid"),
  TANH("tanh"),
  RELU("relu"),
  SOFTPLUS("softplus"),
  SQUARE("square"),
  SQRT("sqrt"),
  ABS("abs"),
  SIN("sin"),
  COS("cos"),
  /** x &gt; 0 ? 1 : 0, the derivative of relu (taken as 0 at the kink). */
  STEP("step"),
  /** signum(x), the derivative of abs (taken as 0 at the kink). */
  SIGN("sign");

  private final String opsName;

  EntrywiseFunction(String opsName) {
    this.opsName = opsName;
  }

  /** The DSL method name ({@code Ops.exp}), or the derivative's own name for STEP and SIGN. */
  public String opsName() {
    return opsName;
  }

  /** Whether the DSL has this function (STEP and SIGN are derivative-only). */
  public boolean inDsl() {
    return this != STEP && this != SIGN;
  }

  /** The DSL function with this name, or null. */
  public static EntrywiseFunction forOpsName(String name) {
    for (EntrywiseFunction f : values()) {
      if (f.inDsl() && f.opsName.equals(name)) {
        return f;
      }
    }
    return null;
  }
}
