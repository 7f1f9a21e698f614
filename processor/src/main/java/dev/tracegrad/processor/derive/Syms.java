package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.NodeAlgebra;
import dev.tracegrad.processor.ir.Shape;
import java.util.List;

/**
 * The entrywise functions' derivative expressions ({@link EntrywiseFunction#derivative}) read as
 * {@link Sym}s, in the three forms the derive stage and the text need ({@link NodeAlgebra} maps
 * the algebra to the IR's ops).
 */
public final class Syms {
  private Syms() {}

  private static final NodeAlgebra.Maker<Sym> SYMS = new NodeAlgebra.Maker<>() {
    @Override
    public Sym apply(Node template, List<Sym> operands) {
      return new Sym.Applied(template, operands);
    }

    @Override
    public Sym number(double c) {
      return Sym.num(c);
    }
  };

  /** On matrices of the given shape, ready to compile into graph nodes (a constant is c𝟏𝟏ᵀ). */
  public static EntrywiseFunction.Algebra<Sym> matrix(Shape shape) {
    return NodeAlgebra.matrix(SYMS, shape);
  }

  /** On matrices, for display: a constant prints as the number. Not for compiling. */
  public static EntrywiseFunction.Algebra<Sym> display() {
    return NodeAlgebra.display(SYMS);
  }

  /** On scalars: {@code Math} functions and the scalar arithmetic. */
  public static EntrywiseFunction.Algebra<Sym> scalar() {
    return NodeAlgebra.scalar(SYMS);
  }
}
