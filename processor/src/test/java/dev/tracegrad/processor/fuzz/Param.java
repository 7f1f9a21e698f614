package dev.tracegrad.processor.fuzz;

import dev.tracegrad.Matrix;
import java.util.Random;

/**
 * A parameter of a fuzzed method and how its input value is drawn. A matrix's shape is a pair of
 * dimension variables of the method (so shrinking a dimension reshapes every parameter that
 * shares it); its entries come from its own seed, so they are reproducible for any shape.
 *
 * @param rows dimension variable of the rows (matrices only)
 * @param cols dimension variable of the columns (matrices only)
 * @param value the input of a {@code double} parameter
 */
record Param(String name, boolean matrix, int rows, int cols, Role role, long seed, double value) {

  /** How a matrix input is drawn. */
  enum Role {
    /** Entries 0.6·N(0, 1): smooth functions of them stay O(1). */
    GENERAL,
    /** 2I + 0.3·N(0, 1) (square): well-conditioned, safe to invert, det and logdet of. */
    NEAR_IDENTITY
  }

  static Param matrix(String name, int rows, int cols, Role role, long seed) {
    return new Param(name, true, rows, cols, role, seed, 0);
  }

  static Param scalar(String name, double value) {
    return new Param(name, false, 0, 0, Role.GENERAL, 0, value);
  }

  /** The input for this parameter under the method's dimension values. */
  Object input(int[] dims) {
    if (!matrix) {
      return value;
    }
    int r = dims[rows];
    int c = dims[cols];
    Random rnd = new Random(seed);
    Matrix m = Matrix.zeros(r, c);
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        double noise = rnd.nextGaussian();
        m.set(i, j, role == Role.NEAR_IDENTITY ? (i == j ? 2 : 0) + 0.3 * noise : 0.6 * noise);
      }
    }
    return m;
  }

  String javaType() {
    return matrix ? "Matrix" : "double";
  }
}
