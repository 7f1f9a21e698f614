package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.derive.Derivation;

/** Simplify stage: algebraic rewrites, then the rewrites that prepare the graph for lowering. */
public final class Simplifier {
  private Simplifier() {}

  public static Derivation simplify(Derivation d) {
    throw new UnsupportedOperationException("simplify not written yet: " + d);
  }

  public static Derivation prepareForLowering(Derivation d) {
    throw new UnsupportedOperationException("simplify not written yet: " + d);
  }
}
