package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Graph;
import java.util.function.IntUnaryOperator;

/**
 * Turns a {@link Sym} into graph nodes: a {@link Sym.Ref} is its node, an adjoint ∂l/∂X is the
 * node that {@code adjoints} gives for X, an op is added (hash-consed) over its compiled operands.
 * A differential dX has no value and cannot be compiled.
 */
public final class SymCompiler {
  private SymCompiler() {}

  /** The id of the node computing {@code s} in {@code b}. */
  public static int compile(Sym s, Graph.Builder b, IntUnaryOperator adjoints) {
    if (s instanceof Sym.Ref r) {
      return r.id();
    }
    if (s instanceof Sym.Adjoint a) {
      return adjoints.applyAsInt(a.id());
    }
    if (s instanceof Sym.Applied a) {
      int[] ids = new int[a.args().size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = compile(a.args().get(i), b, adjoints);
      }
      return b.add(a.op().withInputs(ids));
    }
    throw new IllegalArgumentException("a differential has no value: " + s);
  }
}
