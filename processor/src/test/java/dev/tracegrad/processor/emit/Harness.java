package dev.tracegrad.processor.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.text.DerivationText;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.Lowerer;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Runs a generated class against a reference loss written with {@code Ops}: value, both gradient
 * overloads, finite differences, untouched arguments.
 */
final class Harness {
  static final DerivationText TEXT = new DerivationText("df = tr(G\u1d40 dX)\n", "df = tr(G^T dX)\n");

  final Program program;
  final CompiledClass generated;
  private final ToDoubleFunction<Object[]> reference;

  Harness(Losses.Case c, ToDoubleFunction<Object[]> reference) {
    this.program = c.program();
    this.generated = CompiledClass.compile(
        ClassWriter.write(c.program(), Lowerer.lower(c.program(), c.derivation()), TEXT));
    this.reference = reference;
  }

  double value(Object... args) {
    return (double) generated.call("value", args);
  }

  Object gradient(Object... args) {
    return generated.call("gradient", args);
  }

  /**
   * Checks value against the reference (1e-12), every gradient against central differences of
   * the reference, the buffer overload against the allocating one (bit for bit, into buffers
   * pre-filled with garbage), and that no argument was modified. Returns the Result.
   */
  Object verify(Object... args) {
    Object[] before = copies(args);
    double expected = reference.applyAsDouble(args);
    Numeric.assertClose(expected, value(args), 1e-12, "value");
    Object result = gradient(args);
    Numeric.assertClose(expected, (double) CompiledClass.component(result, "value"), 1e-12, "Result.value");

    List<Parameter> wrt = program.wrtParams();
    List<Object> buffers = new ArrayList<>();
    for (int w = 0; w < wrt.size(); w++) {
      Parameter p = wrt.get(w);
      int index = program.wrt().get(w);
      Object component = CompiledClass.component(result, outputName(w));
      if (p.matrix()) {
        Matrix x = (Matrix) args[index];
        Matrix fd = Numeric.finiteDifferences(m -> reference.applyAsDouble(args), x);
        Numeric.assertClose(fd, (Matrix) component, 1e-6, "d" + p.name() + " vs finite differences");
        Matrix buffer = Matrix.zeros(x.rows(), x.cols());
        java.util.Arrays.fill(buffer.data(), Double.NaN);
        buffers.add(buffer);
      } else {
        double s = (double) args[index];
        double fd = Numeric.finiteDifference(v -> {
          args[index] = v;
          double f = reference.applyAsDouble(args);
          args[index] = s;
          return f;
        }, s);
        Numeric.assertClose(fd, (double) component, 1e-6, "d" + p.name() + " vs finite differences");
        buffers.add(new double[] {Double.NaN, 42});
      }
    }
    Object[] all = new Object[args.length + buffers.size()];
    System.arraycopy(args, 0, all, 0, args.length);
    for (int w = 0; w < buffers.size(); w++) {
      all[args.length + w] = buffers.get(w);
    }
    double v = (double) generated.call("gradient", all);
    assertEquals((double) CompiledClass.component(result, "value"), v, 0.0, "buffer overload value");
    for (int w = 0; w < buffers.size(); w++) {
      Object component = CompiledClass.component(result, outputName(w));
      if (buffers.get(w) instanceof Matrix m) {
        assertArrayEquals(((Matrix) component).data(), m.data(), 0.0, "buffer overload " + outputName(w));
      } else {
        double[] d = (double[]) buffers.get(w);
        assertEquals((double) component, d[0], 0.0, "buffer overload " + outputName(w));
        assertEquals(42, d[1], 0.0, "element 1 of a double[] output is not touched");
      }
    }
    assertArgumentsUnchanged(before, args);
    return result;
  }

  /** The Result component of the w-th gradient: the record's (w + 1)-th component. */
  String outputName(int w) {
    return generated.type().getDeclaredClasses()[0].getRecordComponents()[w + 1].getName();
  }

  static Object[] copies(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Matrix m) {
        out[i] = m.copy();
      }
    }
    return out;
  }

  static void assertArgumentsUnchanged(Object[] before, Object[] after) {
    for (int i = 0; i < before.length; i++) {
      assertEquals(before[i], after[i], "argument " + i + " was modified");
    }
  }
}
