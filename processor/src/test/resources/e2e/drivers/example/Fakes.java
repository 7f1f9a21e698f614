package example;

import static dev.tracegrad.Ops.sumsq;

import dev.tracegrad.Matrix;

/**
 * Hand-written stand-ins for a generated class of {@code squares}, each with one defect, so that
 * the end-to-end checker can be shown to catch it.
 */
public final class Fakes {
  private Fakes() {}

  /** The "annotated" method: ‖A‖², gradient 2A. */
  static double squares(Matrix A) {
    return sumsq(A);
  }

  /** The gradient record, as generated. */
  public record Result(double value, Matrix dA) {}

  /** Right in every respect. */
  public static class Correct {
    public double value(Matrix A) {
      return sumsq(A);
    }

    public Result gradient(Matrix A) {
      Matrix dA = Matrix.zeros(A.rows(), A.cols());
      double v = gradient(A, dA);
      return new Result(v, dA);
    }

    public double gradient(Matrix A, Matrix dA) {
      write(A.data(), dA.data());
      return value(A);
    }

    void write(double[] a, double[] out) {
      for (int k = 0; k < a.length; k++) {
        out[k] = 2 * a[k];
      }
    }
  }

  /** Forgets the factor 2. */
  public static final class WrongGradient extends Correct {
    @Override
    void write(double[] a, double[] out) {
      System.arraycopy(a, 0, out, 0, a.length);
    }
  }

  /** Adds into the output buffer instead of overwriting it. */
  public static final class Accumulates extends Correct {
    @Override
    void write(double[] a, double[] out) {
      for (int k = 0; k < a.length; k++) {
        out[k] += 2 * a[k];
      }
    }
  }

  /** Leaves its argument changed. */
  public static final class ModifiesArgument extends Correct {
    @Override
    public double gradient(Matrix A, Matrix dA) {
      double v = super.gradient(A, dA);
      A.data()[0] = -A.data()[0];
      return v;
    }
  }

  /** A value off by 1e-10 relative: beyond the contract's 1e-12. */
  public static final class ValueOff extends Correct {
    @Override
    public double value(Matrix A) {
      return sumsq(A) * (1 + 1e-10);
    }
  }
}
