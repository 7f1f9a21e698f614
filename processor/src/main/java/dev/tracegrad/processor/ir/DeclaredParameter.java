package dev.tracegrad.processor.ir;

/**
 * A parameter of the annotated method as declared, which every public method of the generated
 * class takes in the same position with the same type.
 *
 * @param name its name
 * @param type its type, as the generated code writes it
 * @param matrix whether it is a {@code dev.tracegrad.Matrix} (checked for null)
 */
public record DeclaredParameter(String name, JavaCode type, boolean matrix) {

  /** The declaration of a {@code Matrix} or {@code double} parameter. */
  public static DeclaredParameter of(Parameter p) {
    return new DeclaredParameter(p.name(),
        p.matrix() ? JavaCode.type(JavaCode.MATRIX) : JavaCode.text("double"), p.matrix());
  }
}
