package dev.tracegrad.processor.simplify;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Shape;

/**
 * An entrywise function's derivative expression read as nodes of the graph a {@link Rewriter}
 * builds, on matrices of one shape: a constant c is c𝟏𝟏ᵀ, products are ⊙.
 */
final class GraphAlgebra implements EntrywiseFunction.Algebra<Integer> {
  private final Rewriter r;
  private final Shape shape;

  GraphAlgebra(Rewriter r, Shape shape) {
    this.r = r;
    this.shape = shape;
  }

  @Override
  public Integer constant(double c) {
    return r.add(new Node.Fill(r.constant(c), shape));
  }

  @Override
  public Integer apply(EntrywiseFunction f, Integer x) {
    return r.add(new Node.Entrywise(f, x));
  }

  @Override
  public Integer subtract(Integer a, Integer b) {
    return r.add(new Node.Sub(a, b));
  }

  @Override
  public Integer add(Integer a, Integer b) {
    return r.add(new Node.Add(a, b));
  }

  @Override
  public Integer multiply(Integer a, Integer b) {
    return r.add(new Node.Hadamard(a, b));
  }

  @Override
  public Integer divide(Integer a, Integer b) {
    return r.add(new Node.Div(a, b));
  }

  @Override
  public Integer negate(Integer a) {
    return r.negate(a);
  }

  @Override
  public Integer scale(double c, Integer a) {
    return r.add(new Node.Scale(r.constant(c), a));
  }
}
