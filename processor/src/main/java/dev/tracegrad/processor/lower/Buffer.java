package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Shape;

/**
 * Lower stage: the storage of one matrix value, a row-major array of {@code shape.rows() ×
 * shape.cols()} entries. Parameters and output buffers are the caller's arrays ({@code
 * Matrix.data()}); scratch buffers are instance fields of the generated class, allocated by the
 * pass that first writes them and reused across calls.
 *
 * @param name the Java name (the parameter, the output parameter, or the field)
 * @param shape canonical dimensions (representatives of the graph's dimension classes)
 * @param kind who owns the array
 * @param type the element type ({@code int} only for LU pivots)
 */
public record Buffer(String name, Shape shape, Role kind, Type type) implements Stored {

  /** Who owns the array, and for scratch buffers which pass allocates it. */
  public enum Role {
    /** A {@code Matrix} argument's {@code data()}: read only. */
    PARAM,
    /** A caller's gradient buffer's {@code data()}: written once by the backward pass. */
    OUTPUT,
    /** An instance field allocated by the forward pass (and read by the backward pass). */
    FORWARD,
    /** An instance field allocated by the backward pass. */
    BACKWARD,
    /** An instance field allocated by the tangent pass (Hessian-vector products). */
    TANGENT,
    /** An instance field allocated by the rest of the backward pass (what only gradients need). */
    REST;

    /** Whether the array is an instance field. */
    public boolean scratch() {
      return this != PARAM && this != OUTPUT;
    }
  }

  /** The element type. */
  public enum Type {
    DOUBLE,
    INT
  }

  /** A {@code double[]} buffer. */
  public static Buffer of(String name, Shape shape, Role kind) {
    return new Buffer(name, shape, kind, Type.DOUBLE);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Name, shape and ownership, for the program listing. */
  public String describe() {
    String t = type == Type.INT ? "int" : "double";
    return name + " : " + t + "[" + shape + "] " + kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
