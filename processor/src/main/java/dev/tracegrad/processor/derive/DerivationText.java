package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Program;

/**
 * The derivation as text: {@code unicode} for the generated {@code DERIVATION} constant,
 * {@code ascii} for the generated class's Javadoc (so the generated source is pure ASCII). Both
 * are printed from one layout, from the derivation's {@link DerivationLog}: what is differentiated
 * with respect to what, one line per step of the trace method with the rule numbers it used, then
 * the closed form of every gradient.
 */
public record DerivationText(String unicode, String ascii) {

  public static DerivationText render(Program program, Derivation derivation) {
    return new DerivationWriter(program, derivation.log()).write();
  }
}
