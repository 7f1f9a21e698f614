package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Program;

/** Derive stage: the trace method over the program's DAG, from the loss back to the wrt parameters. */
public final class Deriver {
  private Deriver() {}

  public static Derivation derive(Program program) {
    throw new UnsupportedOperationException("derive not written yet: " + program.sourceName());
  }
}
