package dev.tracegrad.processor.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of one call, named as the user's parameters are, in declaration order: the names
 * say which argument a wrt parameter is, since compiled methods do not keep parameter names.
 */
final class Args {
  private final List<String> names = new ArrayList<>();
  private final Object[] values;

  private Args(Object... nameValuePairs) {
    values = new Object[nameValuePairs.length / 2];
    for (int i = 0; i < values.length; i++) {
      names.add((String) nameValuePairs[2 * i]);
      values[i] = nameValuePairs[2 * i + 1];
    }
  }

  /** {@code args("A", a, "s", 0.5)}: a {@link Matrix} or a {@code double} per parameter. */
  static Args args(Object... nameValuePairs) {
    if (nameValuePairs.length % 2 != 0) {
      throw new IllegalArgumentException("name, value pairs expected");
    }
    return new Args(nameValuePairs);
  }

  /** The argument array itself (finite differences perturb it in place and restore it). */
  Object[] values() {
    return values;
  }

  int index(String name) {
    int i = names.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no argument " + name + " in " + names);
    }
    return i;
  }

  /** Copies of the matrices (doubles are immutable). */
  static Object[] deepCopy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Matrix m) {
        out[i] = m.copy();
      }
    }
    return out;
  }

  /** Every argument holds the same numbers, bit for bit, as its copy taken before. */
  static void assertUnchanged(Object[] before, Object[] after) {
    for (int i = 0; i < before.length; i++) {
      if (before[i] instanceof Matrix m) {
        Matrix now = (Matrix) after[i];
        assertEquals(m.rows(), now.rows(), "argument " + i + " rows");
        assertArrayEquals(m.data(), now.data(), 0.0, "argument " + i + " was modified");
      } else {
        assertEquals(before[i], after[i], "argument " + i + " was modified");
      }
    }
  }
}
