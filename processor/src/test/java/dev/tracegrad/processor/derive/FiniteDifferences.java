package dev.tracegrad.processor.derive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.ir.GraphEvaluator;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Compares derived gradients with central finite differences of the loss, both evaluated. */
public final class FiniteDifferences {
  private static final double H = 1e-6;

  private FiniteDifferences() {}

  /** Asserts every gradient of {@code d} matches central differences of the program's loss. */
  public static void assertGradientsMatch(Program program, Derivation d, Map<String, Object> inputs) {
    Object[] values = GraphEvaluator.evaluate(d.graph(), inputs);
    double lossValue = (Double) values[d.loss()];
    double expectedLoss = GraphEvaluator.scalar(program.graph(), program.loss(), inputs);
    assertEquals(expectedLoss, lossValue, 1e-12 * Math.max(1, Math.abs(expectedLoss)), "loss value");
    List<Parameter> wrt = program.wrtParams();
    for (int k = 0; k < wrt.size(); k++) {
      Parameter p = wrt.get(k);
      Object g = values[d.gradients().get(k)];
      if (p.matrix()) {
        if (!(g instanceof double[][] grad)) {
          fail("gradient of " + p.name() + " is not a matrix: " + g);
          return;
        }
        double[][] x = (double[][]) inputs.get(p.name());
        for (int i = 0; i < x.length; i++) {
          for (int j = 0; j < x[0].length; j++) {
            double fd = centralDifference(program, inputs, p.name(), i, j);
            check(fd, grad[i][j], p.name() + "[" + i + "][" + j + "]");
          }
        }
      } else {
        if (!(g instanceof Double grad)) {
          fail("gradient of " + p.name() + " is not a scalar: " + g);
          return;
        }
        check(centralDifference(program, inputs, p.name(), -1, -1), grad, p.name());
      }
    }
  }

  /** The derivation's gradient of the k-th wrt parameter, evaluated. */
  public static Object gradient(Derivation d, int k, Map<String, Object> inputs) {
    return GraphEvaluator.evaluate(d.graph(), inputs)[d.gradients().get(k)];
  }

  /** Asserts no node of the derivation's graph is a {@link Node.EntrywiseDerivative}. */
  public static void assertNoDeriv(Derivation d) {
    for (Node n : d.graph().nodes()) {
      if (n instanceof Node.EntrywiseDerivative) {
        fail("Deriv left after prepareForLowering: " + n + "\n" + d.graph());
      }
    }
  }

  private static void check(double fd, double grad, String what) {
    double tol = 1e-5 * Math.max(1, Math.abs(fd));
    if (!(Math.abs(fd - grad) <= tol)) {
      fail("∂l/∂" + what + ": derived " + grad + ", central difference " + fd);
    }
  }

  private static double centralDifference(Program p, Map<String, Object> inputs, String name, int i, int j) {
    return (perturbed(p, inputs, name, i, j, H) - perturbed(p, inputs, name, i, j, -H)) / (2 * H);
  }

  private static double perturbed(Program p, Map<String, Object> inputs, String name, int i, int j, double h) {
    Map<String, Object> in = new LinkedHashMap<>(inputs);
    Object v = inputs.get(name);
    if (v instanceof double[][] m) {
      double[][] c = new double[m.length][];
      for (int r = 0; r < m.length; r++) {
        c[r] = m[r].clone();
      }
      c[i][j] += h;
      in.put(name, c);
    } else {
      in.put(name, (Double) v + h);
    }
    return GraphEvaluator.scalar(p.graph(), p.loss(), in);
  }
}
