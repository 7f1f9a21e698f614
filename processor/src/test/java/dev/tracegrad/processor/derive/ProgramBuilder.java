package dev.tracegrad.processor.derive;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.Graph;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a {@link Program} by hand, the way the front end would: parameters and locals carry their
 * names, and each op records the dimension equalities it implies (mul(A, B): A.cols = B.rows), so
 * shapes and {@link Dims} look like real front-end output. Each parameter has an input generator
 * so tests can draw valid random inputs (positive for log, well conditioned for inv, ...).
 */
public final class ProgramBuilder {

  /** Draws a value for a matrix parameter of the given size. */
  public interface Gen {
    double[][] make(int rows, int cols, Random random);
  }

  /** Standard normal entries. */
  public static final Gen GAUSSIAN = (r, c, rnd) -> fill(r, c, rnd::nextGaussian);

  /** Entries in [0.5, 2]. */
  public static final Gen POSITIVE = (r, c, rnd) -> fill(r, c, () -> 0.5 + 1.5 * rnd.nextDouble());

  /** Entries in [0, 1] that sum to 1 in each column (a probability vector per column). */
  public static final Gen PROBABILITIES = (r, c, rnd) -> {
    double[][] m = fill(r, c, rnd::nextDouble);
    for (int j = 0; j < c; j++) {
      double s = 0;
      for (int i = 0; i < r; i++) {
        s += m[i][j];
      }
      for (int i = 0; i < r; i++) {
        m[i][j] /= s;
      }
    }
    return m;
  };

  /** A square matrix close to 2I: invertible and well conditioned, positive determinant. */
  public static final Gen WELL_CONDITIONED = (r, c, rnd) -> {
    double[][] m = fill(r, c, () -> 0.3 * rnd.nextGaussian());
    for (int i = 0; i < Math.min(r, c); i++) {
      m[i][i] += 2;
    }
    return m;
  };

  private final Graph.Builder b = Graph.builder(new Dims());
  private final List<Parameter> params = new ArrayList<>();
  private final Map<String, Gen> gens = new LinkedHashMap<>();
  private final Map<String, Double> scalarValues = new LinkedHashMap<>();
  private final Map<String, IndexArray> indices = new LinkedHashMap<>();

  /**
   * An {@code int[]} data value ({@code pick}, {@code gatherCols}): its entries are drawn in
   * [0, bound), with repeats, and it has {@code length} entries.
   */
  public record IndexArray(Dim bound, Dim length) {}

  /**
   * An index array named {@code name}, entries below {@code bound}, of length {@code length}
   * ({@code new Dim.Length(name)} for a length of its own).
   */
  public String index(String name, Dim bound, Dim length) {
    indices.put(name, new IndexArray(bound, length));
    return name;
  }

  /** A matrix parameter with Gaussian inputs. */
  public int matrix(String name) {
    return matrix(name, GAUSSIAN);
  }

  public int matrix(String name, Gen gen) {
    params.add(new Parameter(name, true));
    gens.put(name, gen);
    int id = b.add(new Node.Param(name));
    b.name(id, name);
    return id;
  }

  /** A matrix parameter known to be a column vector (the front end would infer it from use). */
  public int column(String name, Gen gen) {
    int id = matrix(name, gen);
    b.dims().unify(b.shape(id).cols(), Dim.ONE);
    return id;
  }

  public int column(String name) {
    return column(name, GAUSSIAN);
  }

  /** A {@code double} parameter with the given value in every input draw. */
  public int scalar(String name, double value) {
    params.add(new Parameter(name, false));
    scalarValues.put(name, value);
    int id = b.add(new Node.ScalarParam(name));
    b.name(id, name);
    return id;
  }

  public int c(double v) {
    return b.constant(v);
  }

  /** A local: the node with the user's name. */
  public int let(String name, Node n) {
    int id = op(n);
    b.name(id, name);
    return id;
  }

  /** Adds an op and records the dimension equalities it implies. */
  public int op(Node n) {
    if (n instanceof Node.Add x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.Sub x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.Hadamard x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.Div x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.Dot x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.MatMul x) {
      unify(shape(x.a()).cols(), shape(x.b()).rows());
    } else if (n instanceof Node.Solve x) {
      square(x.a());
      unify(shape(x.a()).rows(), shape(x.b()).rows());
    } else if (n instanceof Node.Inv x) {
      square(x.a());
    } else if (n instanceof Node.Det x) {
      square(x.a());
    } else if (n instanceof Node.LogDet x) {
      square(x.a());
    } else if (n instanceof Node.Trace x) {
      square(x.a());
    } else if (n instanceof Node.AddColumn x) {
      unify(shape(x.a()).rows(), shape(x.b()).rows());
      unify(shape(x.b()).cols(), Dim.ONE);
    } else if (n instanceof Node.ScalarOf x) {
      unify(shape(x.a()).rows(), Dim.ONE);
      unify(shape(x.a()).cols(), Dim.ONE);
    } else if (n instanceof Node.ScaleColumns x) {
      unify(shape(x.r()).rows(), Dim.ONE);
      unify(shape(x.r()).cols(), shape(x.a()).cols());
    } else if (n instanceof Node.BroadcastCols x) {
      unify(shape(x.v()).cols(), Dim.ONE);
    } else if (n instanceof Node.BroadcastRows x) {
      unify(shape(x.r()).rows(), Dim.ONE);
    } else if (n instanceof Node.Max x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.Min x) {
      same(x.a(), x.b());
    } else if (n instanceof Node.DiagonalOf x) {
      square(x.a());
    } else if (n instanceof Node.Scatter x) {
      unify(shape(x.g()).rows(), Dim.ONE);
    } else if (n instanceof Node.Diag x) {
      unify(x.row() ? shape(x.v()).rows() : shape(x.v()).cols(), Dim.ONE);
    }
    return b.add(n);
  }

  public Shape shape(int id) {
    return b.shape(id);
  }

  private void same(int a, int bb) {
    unify(shape(a).rows(), shape(bb).rows());
    unify(shape(a).cols(), shape(bb).cols());
  }

  private void square(int a) {
    unify(shape(a).rows(), shape(a).cols());
  }

  private void unify(Dim x, Dim y) {
    b.dims().unify(x, y);
  }

  /** The program returning {@code loss}, differentiated with respect to {@code wrt} (in order). */
  public TestProgram build(int loss, String... wrt) {
    List<Integer> wrtIndices = new ArrayList<>();
    for (String w : wrt) {
      int index = -1;
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i).name().equals(w)) {
          index = i;
        }
      }
      if (index < 0) {
        throw new IllegalArgumentException("no parameter " + w);
      }
      wrtIndices.add(index);
    }
    Graph graph = b.build();
    Program p = new Program("test", "Losses#loss", "LossesLossGradient", params, wrtIndices, graph, loss, List.of());
    return new TestProgram(p, gens, scalarValues, indices);
  }

  private static double[][] fill(int r, int c, java.util.function.DoubleSupplier s) {
    double[][] m = new double[r][c];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) {
        m[i][j] = s.getAsDouble();
      }
    }
    return m;
  }

  /** A program with its input generators. */
  public record TestProgram(Program program, Map<String, Gen> gens, Map<String, Double> scalars,
      Map<String, IndexArray> indices) {

    public TestProgram(Program program, Map<String, Gen> gens, Map<String, Double> scalars) {
      this(program, gens, scalars, Map.of());
    }

    /**
     * Random inputs: every class of equal dimensions gets one size in 2..4 (1 for the class of
     * the constant 1), then each matrix parameter is drawn at its size.
     */
    public Map<String, Object> inputs(long seed) {
      Random rnd = new Random(seed);
      Dims dims = program.graph().dims();
      Map<Dim, Integer> sizes = new HashMap<>();
      Map<String, Object> in = new LinkedHashMap<>();
      for (Parameter p : program.params()) {
        if (p.matrix()) {
          Shape s = Shape.ofParam(p.name());
          int r = sizes.computeIfAbsent(dims.find(s.rows()), d -> d.equals(Dim.ONE) ? 1 : 2 + rnd.nextInt(3));
          int c = sizes.computeIfAbsent(dims.find(s.cols()), d -> d.equals(Dim.ONE) ? 1 : 2 + rnd.nextInt(3));
          in.put(p.name(), gens.get(p.name()).make(r, c, rnd));
        } else {
          in.put(p.name(), scalars.get(p.name()));
        }
      }
      // Index arrays last: their bounds and lengths are the sizes just drawn (or new ones).
      for (Map.Entry<String, IndexArray> e : indices.entrySet()) {
        int bound = sizes.computeIfAbsent(dims.find(e.getValue().bound()), d -> d.equals(Dim.ONE) ? 1 : 2 + rnd.nextInt(3));
        int length = sizes.computeIfAbsent(dims.find(e.getValue().length()), d -> d.equals(Dim.ONE) ? 1 : 3 + rnd.nextInt(3));
        int[] idx = new int[length];
        for (int j = 0; j < length; j++) {
          idx[j] = rnd.nextInt(bound);
        }
        in.put(e.getKey(), idx);
      }
      return in;
    }
  }
}
