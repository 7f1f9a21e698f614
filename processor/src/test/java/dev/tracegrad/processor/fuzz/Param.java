package dev.tracegrad.processor.fuzz;

import dev.tracegrad.Matrix;
import java.util.Random;

/**
 * A parameter of a fuzzed method and how its input value is drawn. A matrix's shape is a pair of
 * dimension variables of the method (so shrinking a dimension reshapes every parameter that
 * shares it); its entries come from its own seed, so they are reproducible for any shape.
 *
 * <p>A method is checked at several input points ({@link FuzzMethod#checkPoints()}). Point 0 is
 * the parameter's own seed and value; point k &gt; 0 draws the matrix from a seed derived from
 * (seed, k), and a {@code double} from (value, k) in the same range [-1.2, 1.2], except that a
 * value that is one of the generator's exponents keeps it at every point (an exponent parameter
 * must stay what the domain check accepted, and nothing outside the body says which are).
 *
 * @param rows dimension variable of the rows (matrices only)
 * @param cols dimension variable of the columns (matrices only)
 * @param value the input of a {@code double} parameter
 */
record Param(String name, boolean matrix, int rows, int cols, Role role, long seed, double value) {

  /** Values a {@code double} parameter keeps at every input point (the generator's exponents). */
  static final double[] FIXED_VALUES = {2, 3, 0.5, 1.5, -1, -0.5, 2.5, 4};
  /** Condition numbers of {@link Role#ILL_CONDITIONED} and {@link Role#ILL_CONDITIONED_SPD} inputs. */
  static final double MIN_ILL_CONDITION = 1e2;
  static final double MAX_ILL_CONDITION = 1e8;

  /** How a matrix input is drawn. */
  enum Role {
    /** Entries 0.6·N(0, 1): smooth functions of them stay O(1). */
    GENERAL,
    /** 2I + 0.3·N(0, 1) (square): well-conditioned, safe to invert, det and logdet of. */
    NEAR_IDENTITY,
    /**
     * U·diag(σ)·Vᵀ (square) with random orthogonal U, V and singular values spaced evenly in log
     * from √κ down to 1/√κ, κ drawn log-uniformly in [10², 10⁸] (10⁸ itself a fifth of the time):
     * the determinant is ±1 and both A and A⁻¹ have 2-norm √κ ≤ 10⁴.
     */
    ILL_CONDITIONED,
    /** Q·diag(σ)·Qᵀ with σ as for {@link #ILL_CONDITIONED}: symmetric positive definite. */
    ILL_CONDITIONED_SPD,
    /** Not a matrix: an {@code int} parameter (data), {@code value} at every point. */
    INT,
    /** Not a matrix: an {@code int[]} parameter (data) of length {@code value}, entries 0, 1, .... */
    INT_ARRAY,
    /**
     * Not a matrix: an {@code int[]} of indices (data) for {@code pick} and {@code gatherCols},
     * its length the dimension variable {@code cols}, its entries drawn from its seed and the
     * input point in [0, the dimension variable {@code rows}), so valid for any dimensions.
     */
    INDEX;

    boolean ill() {
      return this == ILL_CONDITIONED || this == ILL_CONDITIONED_SPD;
    }
  }

  static Param matrix(String name, int rows, int cols, Role role, long seed) {
    return new Param(name, true, rows, cols, role, seed, 0);
  }

  static Param scalar(String name, double value) {
    return new Param(name, false, 0, 0, Role.GENERAL, 0, value);
  }

  /** An {@code int} parameter: data of the loss, never in wrt. */
  static Param integer(String name, int value) {
    return new Param(name, false, 0, 0, Role.INT, 0, value);
  }

  /** An {@code int[]} parameter of this length: data of the loss, never in wrt. */
  static Param intArray(String name, int length) {
    return new Param(name, false, 0, 0, Role.INT_ARRAY, 0, length);
  }

  /** An {@code int[]} of {@code length} indices below {@code bound} (dimension variables): data. */
  static Param index(String name, int bound, int length, long seed) {
    return new Param(name, false, bound, length, Role.INDEX, seed, 0);
  }

  /** Whether this is a {@code double} parameter. */
  boolean isDouble() {
    return !matrix && !isData();
  }

  /** Whether this is an {@code int} or {@code int[]} parameter (data, never differentiated). */
  boolean isData() {
    return role == Role.INT || role == Role.INT_ARRAY || role == Role.INDEX;
  }

  /** The seed of the matrix at input point {@code point}. */
  private long seedAt(int point) {
    return point == 0 ? seed : seed ^ (0x9E3779B97F4A7C15L * point + 0x632BE59BD9B4E019L);
  }

  /** The input for this parameter under the method's dimension values, at input point 0. */
  Object input(int[] dims) {
    return input(dims, 0);
  }

  /** The input for this parameter under the method's dimension values, at the given input point. */
  Object input(int[] dims, int point) {
    if (role == Role.INT) {
      return (int) value;
    }
    if (role == Role.INDEX) {
      Random r = new Random(seed * 31 + point);
      int[] a = new int[dims[cols]];
      for (int i = 0; i < a.length; i++) {
        a[i] = r.nextInt(dims[rows]);
      }
      return a;
    }
    if (role == Role.INT_ARRAY) {
      int[] a = new int[(int) value];
      for (int i = 0; i < a.length; i++) {
        a[i] = i;
      }
      return a;
    }
    if (!matrix) {
      if (point == 0) {
        return value;
      }
      for (double v : FIXED_VALUES) {
        if (v == value) {
          return value;
        }
      }
      Random r = new Random(Double.doubleToLongBits(value) * 31 + point);
      return Math.round((r.nextDouble() * 2.4 - 1.2) * 1000) / 1000.0;
    }
    int r = dims[rows];
    int c = dims[cols];
    Random rnd = new Random(seedAt(point));
    if (role.ill() && r == c) {
      return illConditioned(r, conditionFrom(seedAt(point)), rnd);
    }
    Matrix m = Matrix.zeros(r, c);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        double noise = rnd.nextGaussian();
        m.set(i, j, role != Role.GENERAL ? (i == j ? 2 : 0) + 0.3 * noise : 0.6 * noise);
      }
    }
    return m;
  }

  /**
   * The condition number (2-norm) of this ill-conditioned parameter at the given point, 0 for any
   * other parameter; its smallest singular value is 1/√κ.
   */
  double condition(int[] dims, int point) {
    if (!matrix || !role.ill() || dims[rows] != dims[cols] || dims[rows] < 2) {
      return 0;
    }
    return conditionFrom(seedAt(point));
  }

  /**
   * κ from the point's seed, mixed first (SplitMix64's finaliser): the first draws of
   * {@link Random}s with nearby seeds are nearly equal.
   */
  private static double conditionFrom(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    double u = (z >>> 11) * 0x1.0p-53;
    return u < 0.2 ? MAX_ILL_CONDITION
        : Math.pow(10, Math.log10(MIN_ILL_CONDITION) + (u - 0.2) / 0.8 * Math.log10(MAX_ILL_CONDITION / MIN_ILL_CONDITION));
  }

  private Matrix illConditioned(int n, double kappa, Random rnd) {
    double[] sigma = new double[n];
    for (int i = 0; i < n; i++) {
      // log σ_i from +½ log κ to −½ log κ; a 1×1 matrix is just 1.
      sigma[i] = n == 1 ? 1 : Math.pow(kappa, 0.5 - (double) i / (n - 1));
    }
    double[][] u = orthogonal(n, rnd);
    double[][] v = role == Role.ILL_CONDITIONED_SPD ? u : orthogonal(n, rnd);
    Matrix m = Matrix.zeros(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < n; k++) {
          s += u[i][k] * sigma[k] * v[j][k];
        }
        m.set(i, j, s);
      }
    }
    if (role == Role.ILL_CONDITIONED_SPD) {
      // Exactly symmetric, as a user's covariance would be.
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double s = 0.5 * (m.get(i, j) + m.get(j, i));
          m.set(i, j, s);
          m.set(j, i, s);
        }
      }
    }
    return m;
  }

  /**
   * A random orthogonal matrix: modified Gram–Schmidt, applied twice, on Gaussian columns (columns
   * in the second index: q[i][k] is entry i of column k).
   */
  private static double[][] orthogonal(int n, Random rnd) {
    double[][] q = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        q[i][k] = rnd.nextGaussian();
      }
    }
    for (int k = 0; k < n; k++) {
      for (int pass = 0; pass < 2; pass++) {
        for (int j = 0; j < k; j++) {
          double d = 0;
          for (int i = 0; i < n; i++) {
            d += q[i][j] * q[i][k];
          }
          for (int i = 0; i < n; i++) {
            q[i][k] -= d * q[i][j];
          }
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += q[i][k] * q[i][k];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        q[i][k] /= norm;
      }
    }
    return q;
  }

  String javaType() {
    return role == Role.INT ? "int" : role == Role.INT_ARRAY || role == Role.INDEX ? "int[]"
        : matrix ? "Matrix" : "double";
  }

  /** The Java class of the parameter. */
  Class<?> javaClass() {
    return role == Role.INT ? int.class : role == Role.INT_ARRAY || role == Role.INDEX ? int[].class
        : matrix ? dev.tracegrad.Matrix.class : double.class;
  }
}
