package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Shape;

/**
 * The entrywise functions' derivative expressions ({@link EntrywiseFunction#derivative}) read as
 * {@link Sym}s, in the three forms the derive stage and the text need.
 */
public final class Syms {
  private Syms() {}

  /**
   * On matrices of the given shape, ready to compile into graph nodes: a constant c is c𝟏𝟏ᵀ
   * ({@code Fill}), products are ⊙, quotients entrywise.
   */
  public static EntrywiseFunction.Algebra<Sym> matrix(Shape shape) {
    return new Matrices() {
      @Override
      public Sym constant(double c) {
        return Sym.fill(Sym.num(c), shape);
      }
    };
  }

  /**
   * On matrices, for display: a constant c prints as the number, standing for the matrix of c's as
   * textbooks write 1 − σ(x). Not for compiling.
   */
  public static EntrywiseFunction.Algebra<Sym> display() {
    return new Matrices() {
      @Override
      public Sym constant(double c) {
        return Sym.num(c);
      }
    };
  }

  /** On scalars: {@code Math} functions and the scalar arithmetic. */
  public static EntrywiseFunction.Algebra<Sym> scalar() {
    return new EntrywiseFunction.Algebra<>() {
      @Override
      public Sym constant(double c) {
        return Sym.num(c);
      }

      @Override
      public Sym apply(EntrywiseFunction f, Sym x) {
        return Sym.smap(f, x);
      }

      @Override
      public Sym subtract(Sym a, Sym b) {
        return Sym.ssub(a, b);
      }

      @Override
      public Sym add(Sym a, Sym b) {
        return Sym.sadd(a, b);
      }

      @Override
      public Sym multiply(Sym a, Sym b) {
        return Sym.smul(a, b);
      }

      @Override
      public Sym divide(Sym a, Sym b) {
        return Sym.sdiv(a, b);
      }

      @Override
      public Sym negate(Sym a) {
        return Sym.sneg(a);
      }

      @Override
      public Sym scale(double c, Sym a) {
        return Sym.smul(Sym.num(c), a);
      }
    };
  }

  /** Everything but the constants, which depend on the use. */
  private abstract static class Matrices implements EntrywiseFunction.Algebra<Sym> {
    @Override
    public Sym apply(EntrywiseFunction f, Sym x) {
      return Sym.map(f, x);
    }

    @Override
    public Sym subtract(Sym a, Sym b) {
      return Sym.sub(a, b);
    }

    @Override
    public Sym add(Sym a, Sym b) {
      return Sym.add(a, b);
    }

    @Override
    public Sym multiply(Sym a, Sym b) {
      return Sym.had(a, b);
    }

    @Override
    public Sym divide(Sym a, Sym b) {
      return Sym.div(a, b);
    }

    @Override
    public Sym negate(Sym a) {
      return Sym.neg(a);
    }

    @Override
    public Sym scale(double c, Sym a) {
      return Sym.scale(Sym.num(c), a);
    }
  }
}
