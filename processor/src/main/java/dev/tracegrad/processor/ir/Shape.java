package dev.tracegrad.processor.ir;

/** The symbolic shape of a matrix-valued node: rows × cols. */
public record Shape(Dim rows, Dim cols) {

  /** The 1×1 shape. */
  public static final Shape SCALAR_MATRIX = new Shape(Dim.ONE, Dim.ONE);

  /** The shape of a matrix parameter: its own rows and cols. */
  public static Shape ofParam(String name) {
    return new Shape(Dim.of(name, Axis.ROWS), Dim.of(name, Axis.COLS));
  }

  /** cols × rows. */
  public Shape transposed() {
    return new Shape(cols, rows);
  }

  @Override
  public String toString() {
    return rows + "×" + cols;
  }
}
