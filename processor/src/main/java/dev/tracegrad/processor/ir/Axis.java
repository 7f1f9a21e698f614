package dev.tracegrad.processor.ir;

/** Which extent of a matrix a {@link Dim} stands for. */
public enum Axis {
  ROWS("rows"),
  COLS("cols");

  private final String accessor;

  Axis(String accessor) {
    this.accessor = accessor;
  }

  /** The name of the {@code Matrix} accessor that reads this extent at run time. */
  public String accessor() {
    return accessor;
  }
}
