package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.derive.Derivation;
import dev.tracegrad.processor.ir.Program;

/** Lower stage: from the gradient graph to a loop program. */
public final class Lowerer {
  private Lowerer() {}

  public static LoopProgram lower(Program program, Derivation derivation) {
    throw new UnsupportedOperationException("lower not written yet: " + program + derivation);
  }
}
