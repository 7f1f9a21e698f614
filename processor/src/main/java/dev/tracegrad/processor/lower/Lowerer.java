package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Program;

/**
 * Lower stage: from the prepared gradient graph to a {@link LoopProgram}. Decides what is stored
 * ({@link Storage}), schedules the forward and backward passes in topological order ({@link
 * Scheduler}), and fuses loops over the same index space ({@link LoopFusion}).
 */
public final class Lowerer {
  private Lowerer() {}

  public static LoopProgram lower(Program program, Derivation derivation) {
    DimensionGuard.verify(program, derivation.graph());
    return new Scheduler(program, derivation).run();
  }
}
