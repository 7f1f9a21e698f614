package dev.tracegrad.processor.lower;

/**
 * Lower stage: what one fused loop produces at each index: an entry of a buffer, or a term of a
 * running sum or maximum. Sums accumulate in the loop's row-major order, which is the order of the
 * reference {@code Ops} methods, so fused reductions round exactly like them.
 */
public sealed interface LoopOutput {

  /** The computed entry or term. */
  Expr value();

  /** A comment naming the result as the user would write it ({@code h1 = sigmoid(a1)}). */
  String comment();

  /** {@code target[i, j] = value}. */
  record Store(Buffer target, Expr value, String comment) implements LoopOutput {
    @Override
    public String toString() {
      return target.name() + "[i,j] = " + value;
    }
  }

  /** {@code target = Σ value} over the domain (target starts at 0). */
  record FullSum(ScalarVar target, Expr value, String comment) implements LoopOutput {
    @Override
    public String toString() {
      return target.name() + " += " + value;
    }
  }

  /** {@code target[i] = Σ_j value}: row sums into an m×1 buffer. */
  record RowSum(Buffer target, Expr value, String comment) implements LoopOutput {
    @Override
    public String toString() {
      return target.name() + "[i] += " + value;
    }
  }

  /** {@code target[j] = Σ_i value}: column sums into a 1×n buffer. */
  record ColSum(Buffer target, Expr value, String comment) implements LoopOutput {
    @Override
    public String toString() {
      return target.name() + "[j] += " + value;
    }
  }

  /** {@code target = max value} over the domain (target starts at −∞; NaN propagates). */
  record FullMax(ScalarVar target, Expr value, String comment) implements LoopOutput {
    @Override
    public String toString() {
      return target.name() + " max= " + value;
    }
  }

  /** {@code target[j] = max_i value}: column maxima into a 1×n buffer (starting at −∞). */
  record ColMax(Buffer target, Expr value, String comment) implements LoopOutput {
    @Override
    public String toString() {
      return target.name() + "[j] max= " + value;
    }
  }
}
