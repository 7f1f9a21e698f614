package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.ShapeCheck;
import java.util.List;

/**
 * Lower stage: makes sure that every dimension equality the loops rely on (the graph's {@link
 * Dims}) is one the generated code checks at run time (the program's {@link ShapeCheck}s).
 * Loops index with the representative of each class of equal dimensions, so an unchecked
 * equality would read the wrong entries instead of failing.
 */
final class DimensionGuard {
  private DimensionGuard() {}

  static void verify(Program program, Graph graph) {
    verify(program, List.of(), graph);
  }

  /** {@link #verify(Program, Graph)} with further equalities the generated code checks. */
  static void verify(Program program, List<Dim[]> alsoChecked, Graph graph) {
    Dims checked = new Dims();
    for (Dim[] e : alsoChecked) {
      checked.unify(e[0], e[1]);
    }
    for (ShapeCheck c : program.checks()) {
      checked.unify(c.a(), c.b());
    }
    Dims assumed = graph.dims();
    for (Dim d : assumed.all()) {
      Dim rep = assumed.find(d);
      if (!checked.same(d, rep)) {
        throw new IllegalStateException("the gradient graph assumes " + d + " = " + rep
            + " but no shape check of " + program.sourceName() + " ensures it");
      }
    }
  }
}
