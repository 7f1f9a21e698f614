package dev.tracegrad.processor.lower;

/**
 * Lower stage: a named {@code double} of the generated code. A {@link Origin#SHARED} value is
 * computed by the forward pass and read by the backward pass, so it also lives in an instance
 * field.
 *
 * @param name the Java name (a local, and for a shared value also the field)
 */
public record ScalarVar(String name, Origin kind) implements Stored {

  /** Where the value comes from and where it lives. */
  public enum Origin {
    /** A {@code double} parameter of the annotated method. */
    PARAM,
    /** A local of the pass that computes it. */
    LOCAL,
    /** A local of the forward pass, stored in a field for the backward pass. */
    SHARED
  }

  @Override
  public String toString() {
    return name;
  }
}
