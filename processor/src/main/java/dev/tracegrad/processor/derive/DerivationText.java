package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Program;

/**
 * The derivation as text: {@code unicode} for the generated {@code DERIVATION} constant,
 * {@code ascii} for the generated class's Javadoc (so the generated source is pure ASCII).
 */
public record DerivationText(String unicode, String ascii) {

  public static DerivationText render(Program program, Derivation derivation) {
    throw new UnsupportedOperationException("derivation text not written yet: " + program + derivation);
  }
}
