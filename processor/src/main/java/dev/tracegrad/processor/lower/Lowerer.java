package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.HvpDerivation;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * Lower stage: from the prepared gradient graph to a {@link LoopProgram}. Decides what is stored
 * ({@link Storage}), schedules the forward and backward passes in topological order ({@link
 * Scheduler}), and fuses loops over the same index space ({@link LoopFusion}). With
 * Hessian-vector products the products form a third group of outputs, written by a tangent pass
 * that runs after the backward pass, and the directions are further inputs.
 */
public final class Lowerer {
  private Lowerer() {}

  public static LoopProgram lower(Program program, Derivation derivation) {
    DimensionGuard.verify(program, derivation.graph());
    return new Scheduler(program, derivation).run();
  }

  /**
   * The loop program of a derivation with Hessian-vector products. Each direction has its
   * parameter's shape, which the generated code checks with the output buffers.
   */
  public static LoopProgram lower(Program program, HvpDerivation derivation) {
    List<Dim[]> directionShapes = new ArrayList<>();
    List<Parameter> wrt = program.wrtParams();
    for (int k = 0; k < wrt.size(); k++) {
      Parameter p = wrt.get(k);
      Parameter v = derivation.directions().get(k);
      if (p.matrix()) {
        for (Axis axis : Axis.values()) {
          directionShapes.add(new Dim[] {Dim.of(v.name(), axis), Dim.of(p.name(), axis)});
        }
      }
    }
    DimensionGuard.verify(program, directionShapes, derivation.graph());
    return new Scheduler(program, derivation.graph(), derivation.loss(), derivation.gradients(),
        derivation.products(), derivation.directions()).run();
  }
}
