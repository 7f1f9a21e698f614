package dev.tracegrad.processor.ir;

import dev.tracegrad.processor.ir.EntrywiseFunction.Algebra;

/**
 * σ″ from σ′'s expression: forward-mode differentiation of that expression, i.e. reading it in an
 * algebra of pairs (value, derivative) over the caller's algebra. The rules are the scalar ones
 * behind rule 8 — sum, product, quotient, chain (f(u))′ = f′(u)·u′ with f′ the derivative
 * expression of f from the table — so σ″ needs no table of its own and is right for any σ′ the
 * table holds. A zero derivative is tracked as such, so constants add no terms.
 */
final class SecondDerivative {
  private SecondDerivative() {}

  /** A value and its derivative; {@code d == null} means the derivative is 0, {@code one} that it is 1. */
  private record Dual<T>(T v, T d, boolean one) {}

  static <T> T of(EntrywiseFunction f, Algebra<T> a, T x) {
    Dual<T> d = f.derivative(new Duals<>(a), new Dual<>(x, null, true));
    return d.d() != null ? d.d() : a.constant(0);
  }

  private static final class Duals<T> implements Algebra<Dual<T>> {
    private final Algebra<T> a;

    Duals(Algebra<T> a) {
      this.a = a;
    }

    /** The derivative as a value of the algebra (1 made explicit). */
    private T d(Dual<T> u) {
      return u.one() ? a.constant(1) : u.d();
    }

    private boolean zero(Dual<T> u) {
      return u.d() == null && !u.one();
    }

    /** k·u′ for a factor k: k itself when u′ = 1. */
    private T times(T k, Dual<T> u) {
      return u.one() ? k : a.multiply(k, u.d());
    }

    private Dual<T> of(T v, T d) {
      return new Dual<>(v, d, false);
    }

    @Override
    public Dual<T> constant(double c) {
      return of(a.constant(c), null);
    }

    // (f(u))′ = f′(u) u′
    @Override
    public Dual<T> apply(EntrywiseFunction f, Dual<T> u) {
      T v = a.apply(f, u.v());
      return of(v, zero(u) ? null : times(f.derivative(a, u.v()), u));
    }

    @Override
    public Dual<T> subtract(Dual<T> u, Dual<T> w) {
      T v = a.subtract(u.v(), w.v());
      if (zero(w)) {
        return new Dual<>(v, u.d(), u.one());
      }
      return of(v, zero(u) ? a.negate(d(w)) : a.subtract(d(u), d(w)));
    }

    @Override
    public Dual<T> add(Dual<T> u, Dual<T> w) {
      T v = a.add(u.v(), w.v());
      if (zero(w)) {
        return new Dual<>(v, u.d(), u.one());
      }
      if (zero(u)) {
        return new Dual<>(v, w.d(), w.one());
      }
      return of(v, a.add(d(u), d(w)));
    }

    // (uw)′ = u′w + uw′
    @Override
    public Dual<T> multiply(Dual<T> u, Dual<T> w) {
      T v = a.multiply(u.v(), w.v());
      T left = zero(u) ? null : times(w.v(), u);
      T right = zero(w) ? null : times(u.v(), w);
      return of(v, left == null ? right : right == null ? left : a.add(left, right));
    }

    // (u/w)′ = u′/w − (u/w) w′/w
    @Override
    public Dual<T> divide(Dual<T> u, Dual<T> w) {
      T v = a.divide(u.v(), w.v());
      T left = zero(u) ? null : a.divide(d(u), w.v());
      T right = zero(w) ? null : a.divide(times(v, w), w.v());
      return of(v, right == null ? left : left == null ? a.negate(right) : a.subtract(left, right));
    }

    @Override
    public Dual<T> negate(Dual<T> u) {
      return of(a.negate(u.v()), zero(u) ? null : a.negate(d(u)));
    }

    @Override
    public Dual<T> scale(double c, Dual<T> u) {
      return of(a.scale(c, u.v()), zero(u) ? null : a.scale(c, d(u)));
    }
  }
}
