package dev.tracegrad.processor.emit;

import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.Expr;
import dev.tracegrad.processor.lower.LoopOutput;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.LuFactors;
import dev.tracegrad.processor.lower.ScalarVar;
import dev.tracegrad.processor.lower.Step;
import dev.tracegrad.processor.lower.Stored;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Emit stage: every name the loop program already uses (parameters, outputs, buffers, scalars,
 * factorisation signs). Generated locals must avoid all of them.
 */
final class ProgramNames {
  private ProgramNames() {}

  /** The loop program's names, and the declared parameters and data locals of the program. */
  static List<String> of(Program program, LoopProgram loops) {
    Set<String> names = new LinkedHashSet<>(of(loops));
    program.declared().forEach(p -> names.add(p.name()));
    names.addAll(DataCode.prologueNames(program));
    return new ArrayList<>(names);
  }

  static List<String> of(LoopProgram loops) {
    Set<String> names = new LinkedHashSet<>();
    for (Parameter p : loops.params()) {
      names.add(p.name());
    }
    for (LoopProgram.Gradient g : loops.gradients()) {
      names.add(g.name());
    }
    for (Parameter p : loops.directions()) {
      names.add(p.name());
    }
    for (LoopProgram.Gradient g : loops.products()) {
      names.add(g.name());
    }
    for (Buffer b : loops.scratch()) {
      names.add(b.name());
    }
    for (LuFactors lu : loops.factorisations()) {
      names.add(lu.sign());
    }
    // Scalars appear only in steps: those that compute them, and loops that read them.
    for (List<Step> pass : loops.passes()) {
      for (Step s : pass) {
        for (Stored o : s.writes()) {
          if (o instanceof ScalarVar v) {
            names.add(v.name());
          }
        }
        if (s instanceof Step.Loop l) {
          for (LoopOutput o : l.outputs()) {
            scalars(o.value(), names);
          }
        }
      }
    }
    scalars(loops.loss(), names);
    return new ArrayList<>(names);
  }

  private static void scalars(Expr e, Set<String> names) {
    for (ScalarVar v : e.scalars()) {
      names.add(v.name());
    }
  }
}
