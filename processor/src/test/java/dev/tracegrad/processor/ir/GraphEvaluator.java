package dev.tracegrad.processor.ir;

import java.util.Map;

/**
 * Evaluates any {@link Graph} numerically, for tests: plain {@code double[][]} matrices (row-major
 * {@code [row][col]}) and {@code Double} scalars, every node type including the derivative-only
 * ones. Written straightforwardly from each node's definition, independently of the code under
 * test. Every matrix value is checked against its node's symbolic shape (resolved from the
 * parameters' actual sizes), so a wrong shape in a derived graph fails loudly.
 */
public final class GraphEvaluator {
  private final Graph graph;
  private final Map<String, Object> params;
  private final Object[] values;

  private GraphEvaluator(Graph graph, Map<String, Object> params) {
    this.graph = graph;
    this.params = params;
    this.values = new Object[graph.size()];
  }

  /**
   * The value of every node: {@code double[][]} for a matrix node, {@code Double} for a scalar.
   *
   * @param params parameter name → {@code double[][]} (a {@code Matrix} parameter) or
   *     {@code Double} (a {@code double} parameter)
   */
  public static Object[] evaluate(Graph graph, Map<String, Object> params) {
    GraphEvaluator e = new GraphEvaluator(graph, params);
    for (int id = 0; id < graph.size(); id++) {
      e.values[id] = e.eval(graph.node(id));
      if (e.values[id] instanceof double[][] m) {
        e.checkShape(id, m);
      }
    }
    return e.values;
  }

  /** The value of one scalar node. */
  public static double scalar(Graph graph, int id, Map<String, Object> params) {
    return (Double) evaluate(graph, params)[id];
  }

  /** The value of one matrix node. */
  public static double[][] matrix(Graph graph, int id, Map<String, Object> params) {
    return (double[][]) evaluate(graph, params)[id];
  }

  private void checkShape(int id, double[][] m) {
    Shape s = graph.shape(id);
    int r = size(s.rows());
    int c = size(s.cols());
    if (m.length != r || m[0].length != c) {
      throw new IllegalStateException("%" + id + " = " + graph.node(id) + " is " + m.length + "×"
          + m[0].length + " but its shape " + s + " says " + r + "×" + c);
    }
  }

  /** The run-time size of a symbolic dimension: the extent of the parameter it names. */
  private int size(Dim d) {
    if (d instanceof Dim.Of o) {
      double[][] p = (double[][]) params.get(o.param());
      if (p == null) {
        throw new IllegalStateException("no value for parameter " + o.param());
      }
      return o.axis() == Axis.ROWS ? p.length : p[0].length;
    }
    if (d instanceof Dim.Fixed f) {
      return f.n();
    }
    if (d instanceof Dim.DataValue v) {
      return (int) (double) (Double) require(v.name());
    }
    if (d instanceof Dim.Length v) {
      return ((int[]) require(v.array())).length;
    }
    return 1;
  }

  private double[][] m(int id) {
    return (double[][]) values[id];
  }

  private double s(int id) {
    return (Double) values[id];
  }

  private Object eval(Node n) {
    return n.accept(new Rules());
  }

  /** The value of each kind of node from its operands' values. */
  private final class Rules implements Node.Visitor<Object> {
    @Override
    public Object visit(Node.Param p) {
        return copy((double[][]) require(p.name()));
    }

    @Override
    public Object visit(Node.ScalarParam p) {
        return (Double) require(p.name());
    }

    @Override
    public Object visit(Node.Const c) {
        return c.value();
    }

    @Override
    public Object visit(Node.Add x) {
        return zip(m(x.a()), m(x.b()), (u, v) -> u + v);
    }

    @Override
    public Object visit(Node.Sub x) {
        return zip(m(x.a()), m(x.b()), (u, v) -> u - v);
    }

    @Override
    public Object visit(Node.Neg x) {
        return each(m(x.a()), u -> -u);
    }

    @Override
    public Object visit(Node.MatMul x) {
        return matmul(m(x.a()), m(x.b()));
    }

    @Override
    public Object visit(Node.Transpose x) {
        return transpose(m(x.a()));
    }

    @Override
    public Object visit(Node.Scale x) {
        double s = s(x.s());
        return each(m(x.a()), u -> s * u);
    }

    @Override
    public Object visit(Node.Hadamard x) {
        return zip(m(x.a()), m(x.b()), (u, v) -> u * v);
    }

    @Override
    public Object visit(Node.Div x) {
        return zip(m(x.a()), m(x.b()), (u, v) -> u / v);
    }

    @Override
    public Object visit(Node.Inv x) {
        return inverse(m(x.a()));
    }

    @Override
    public Object visit(Node.Entrywise x) {
        return each(m(x.a()), u -> fn(x.fn(), u));
    }

    @Override
    public Object visit(Node.Pow x) {
        double p = s(x.p());
        return each(m(x.a()), u -> Math.pow(u, p));
    }

    @Override
    public Object visit(Node.Softmax x) {
        return softmax(m(x.a()), false);
    }

    @Override
    public Object visit(Node.LogSoftmax x) {
        return softmax(m(x.a()), true);
    }

    @Override
    public Object visit(Node.AddColumn x) {
        double[][] a = m(x.a());
        double[][] b = m(x.b());
        requireSize(b.length == a.length && b[0].length == 1, "addColumn");
        double[][] r = copy(a);
        for (int i = 0; i < a.length; i++) {
          for (int j = 0; j < a[0].length; j++) {
            r[i][j] += b[i][0];
          }
        }
        return r;
    }

    @Override
    public Object visit(Node.RowSums x) {
        double[][] a = m(x.a());
        double[][] r = new double[a.length][1];
        for (int i = 0; i < a.length; i++) {
          for (double v : a[i]) {
            r[i][0] += v;
          }
        }
        return r;
    }

    @Override
    public Object visit(Node.ColSums x) {
        double[][] a = m(x.a());
        double[][] r = new double[1][a[0].length];
        for (double[] row : a) {
          for (int j = 0; j < row.length; j++) {
            r[0][j] += row[j];
          }
        }
        return r;
    }

    @Override
    public Object visit(Node.Trace x) {
        double[][] a = m(x.a());
        requireSize(a.length == a[0].length, "trace of a non-square matrix");
        double t = 0;
        for (int i = 0; i < a.length; i++) {
          t += a[i][i];
        }
        return t;
    }

    @Override
    public Object visit(Node.Det x) {
        return det(m(x.a()));
    }

    @Override
    public Object visit(Node.LogDet x) {
        return Math.log(Math.abs(det(m(x.a()))));
    }

    @Override
    public Object visit(Node.Sum x) {
        double t = 0;
        for (double[] row : m(x.a())) {
          for (double v : row) {
            t += v;
          }
        }
        return t;
    }

    @Override
    public Object visit(Node.Dot x) {
        double[][] a = m(x.a());
        double[][] b = m(x.b());
        sameSize(a, b, "dot");
        double t = 0;
        for (int i = 0; i < a.length; i++) {
          for (int j = 0; j < a[0].length; j++) {
            t += a[i][j] * b[i][j];
          }
        }
        return t;
    }

    @Override
    public Object visit(Node.SumSq x) {
        double t = 0;
        for (double[] row : m(x.a())) {
          for (double v : row) {
            t += v * v;
          }
        }
        return t;
    }

    @Override
    public Object visit(Node.ScalarOf x) {
        double[][] a = m(x.a());
        requireSize(a.length == 1 && a[0].length == 1, "scalar of a matrix that is not 1×1");
        return a[0][0];
    }

    @Override
    public Object visit(Node.ScalarAdd x) {
        return s(x.a()) + s(x.b());
    }

    @Override
    public Object visit(Node.ScalarSub x) {
        return s(x.a()) - s(x.b());
    }

    @Override
    public Object visit(Node.ScalarMul x) {
        return s(x.a()) * s(x.b());
    }

    @Override
    public Object visit(Node.ScalarDiv x) {
        return s(x.a()) / s(x.b());
    }

    @Override
    public Object visit(Node.ScalarNeg x) {
        return -s(x.a());
    }

    @Override
    public Object visit(Node.ScalarFunction x) {
        return fn(x.fn(), s(x.a()));
    }

    @Override
    public Object visit(Node.ScalarPow x) {
        return Math.pow(s(x.a()), s(x.p()));
    }

    @Override
    public Object visit(Node.Fill x) {
        double[][] r = new double[size(x.shape().rows())][size(x.shape().cols())];
        double s = s(x.s());
        for (double[] row : r) {
          java.util.Arrays.fill(row, s);
        }
        return r;
    }

    @Override
    public Object visit(Node.Eye x) {
        int k = size(x.n());
        double[][] r = new double[k][k];
        for (int i = 0; i < k; i++) {
          r[i][i] = s(x.s());
        }
        return r;
    }

    @Override
    public Object visit(Node.BroadcastCols x) {
        double[][] v = m(x.v());
        requireSize(v[0].length == 1, "broadcastCols of a non-column");
        double[][] r = new double[v.length][size(x.cols())];
        for (int i = 0; i < v.length; i++) {
          java.util.Arrays.fill(r[i], v[i][0]);
        }
        return r;
    }

    @Override
    public Object visit(Node.BroadcastRows x) {
        double[][] v = m(x.r());
        requireSize(v.length == 1, "broadcastRows of a non-row");
        double[][] r = new double[size(x.rows())][];
        for (int i = 0; i < r.length; i++) {
          r[i] = v[0].clone();
        }
        return r;
    }

    @Override
    public Object visit(Node.ScaleColumns x) {
        double[][] a = m(x.a());
        double[][] v = m(x.r());
        requireSize(v.length == 1 && v[0].length == a[0].length, "scaleColumns");
        double[][] r = copy(a);
        for (double[] row : r) {
          for (int j = 0; j < row.length; j++) {
            row[j] *= v[0][j];
          }
        }
        return r;
    }

    @Override
    public Object visit(Node.EntrywiseDerivative x) {
        return each(m(x.a()), u -> derivative(x.fn(), u));
    }

    @Override
    public Object visit(Node.Solve x) {
        return matmul(inverse(m(x.a())), m(x.b()));
    }

    @Override
    public Object visit(Node.Extent x) {
        return (double) size(x.d());
    }

    @Override
    public Object visit(Node.Norm x) {
        double t = 0;
        for (double[] row : m(x.a())) {
          for (double v : row) {
            t += v * v;
          }
        }
        return Math.sqrt(t);
    }

    @Override
    public Object visit(Node.LogSumExp x) {
        // straight from the definition, shifted by the largest entry
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : m(x.a())) {
          for (double v : row) {
            max = Math.max(max, v);
          }
        }
        double t = 0;
        for (double[] row : m(x.a())) {
          for (double v : row) {
            t += Math.exp(v - max);
          }
        }
        return max + Math.log(t);
    }

    @Override
    public Object visit(Node.ColLogSumExp x) {
        double[][] a = m(x.a());
        double[][] r = new double[1][a[0].length];
        for (int j = 0; j < a[0].length; j++) {
          double max = Double.NEGATIVE_INFINITY;
          for (double[] row : a) {
            max = Math.max(max, row[j]);
          }
          double t = 0;
          for (double[] row : a) {
            t += Math.exp(row[j] - max);
          }
          r[0][j] = max + Math.log(t);
        }
        return r;
    }

    @Override
    public Object visit(Node.Max x) {
        return zip(m(x.a()), m(x.b()), "max", Math::max);
    }

    @Override
    public Object visit(Node.Min x) {
        return zip(m(x.a()), m(x.b()), "min", Math::min);
    }

    @Override
    public Object visit(Node.Diag x) {
        double[][] v = m(x.v());
        requireSize(x.row() ? v.length == 1 : v[0].length == 1, "diag of a non-vector");
        int k = x.row() ? v[0].length : v.length;
        double[][] r = new double[k][k];
        for (int i = 0; i < k; i++) {
          r[i][i] = x.row() ? v[0][i] : v[i][0];
        }
        return r;
    }

    // The index ops straight from their definitions, each entry checked against its bound.
    @Override
    public Object visit(Node.Pick x) {
        double[][] a = m(x.a());
        int[] idx = (int[]) require(x.idx());
        requireSize(idx.length == a[0].length, "pick with an index array of the wrong length");
        double[][] r = new double[1][idx.length];
        for (int j = 0; j < idx.length; j++) {
          r[0][j] = a[idx[j]][j];
        }
        return r;
    }

    @Override
    public Object visit(Node.GatherCols x) {
        double[][] e = m(x.e());
        int[] idx = (int[]) require(x.idx());
        double[][] r = new double[e.length][idx.length];
        for (int i = 0; i < e.length; i++) {
          for (int j = 0; j < idx.length; j++) {
            r[i][j] = e[i][idx[j]];
          }
        }
        return r;
    }

    @Override
    public Object visit(Node.Scatter x) {
        double[][] g = m(x.g());
        int[] idx = (int[]) require(x.idx());
        requireSize(g.length == 1 && idx.length == g[0].length, "scatter of a non-row");
        double[][] r = new double[size(x.rows())][idx.length];
        for (int j = 0; j < idx.length; j++) {
          r[idx[j]][j] = g[0][j];
        }
        return r;
    }

    @Override
    public Object visit(Node.ScatterAdd x) {
        double[][] g = m(x.g());
        int[] idx = (int[]) require(x.idx());
        requireSize(idx.length == g[0].length, "scatterAdd with an index array of the wrong length");
        double[][] r = new double[g.length][size(x.cols())];
        for (int i = 0; i < g.length; i++) {
          for (int j = 0; j < idx.length; j++) {
            r[i][idx[j]] += g[i][j];
          }
        }
        return r;
    }

    @Override
    public Object visit(Node.DiagonalOf x) {
        double[][] a = m(x.a());
        requireSize(a.length == a[0].length, "diagonal of a non-square matrix");
        double[][] r = new double[a.length][1];
        for (int i = 0; i < a.length; i++) {
          r[i][0] = a[i][i];
        }
        return r;
    }
  }

  private static double[][] zip(double[][] a, double[][] b, String op, Op2 f) {
    sameSize(a, b, op);
    double[][] r = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = f.apply(a[i][j], b[i][j]);
      }
    }
    return r;
  }

  private Object require(String name) {
    Object v = params.get(name);
    if (v == null) {
      throw new IllegalStateException("no value for parameter " + name);
    }
    return v;
  }

  // ---------------------------------------------------------------- scalar functions

  static double fn(EntrywiseFunction f, double x) {
    return Numbers.value(f, x);
  }

  static double derivative(EntrywiseFunction f, double x) {
    return Numbers.derivative(f, x);
  }

  // ---------------------------------------------------------------- matrix helpers

  private interface Op2 {
    double apply(double u, double v);
  }

  private interface Op1 {
    double apply(double u);
  }

  private static void requireSize(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("size mismatch: " + what);
    }
  }

  private static void sameSize(double[][] a, double[][] b, String op) {
    requireSize(a.length == b.length && a[0].length == b[0].length,
        op + " of " + a.length + "×" + a[0].length + " and " + b.length + "×" + b[0].length);
  }

  private static double[][] copy(double[][] a) {
    double[][] r = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i].clone();
    }
    return r;
  }

  private static double[][] zip(double[][] a, double[][] b, Op2 f) {
    sameSize(a, b, "elementwise op");
    double[][] r = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = f.apply(a[i][j], b[i][j]);
      }
    }
    return r;
  }

  private static double[][] each(double[][] a, Op1 f) {
    double[][] r = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = f.apply(a[i][j]);
      }
    }
    return r;
  }

  public static double[][] matmul(double[][] a, double[][] b) {
    requireSize(a[0].length == b.length, "product of " + a.length + "×" + a[0].length + " and "
        + b.length + "×" + b[0].length);
    double[][] r = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        double t = 0;
        for (int k = 0; k < b.length; k++) {
          t += a[i][k] * b[k][j];
        }
        r[i][j] = t;
      }
    }
    return r;
  }

  public static double[][] transpose(double[][] a) {
    double[][] r = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[j][i] = a[i][j];
      }
    }
    return r;
  }

  private static double[][] softmax(double[][] a, boolean log) {
    double[][] r = new double[a.length][a[0].length];
    for (int j = 0; j < a[0].length; j++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double[] row : a) {
        max = Math.max(max, row[j]);
      }
      double z = 0;
      for (double[] row : a) {
        z += Math.exp(row[j] - max);
      }
      for (int i = 0; i < a.length; i++) {
        r[i][j] = log ? a[i][j] - max - Math.log(z) : Math.exp(a[i][j] - max) / z;
      }
    }
    return r;
  }

  /** Gauss–Jordan elimination with partial pivoting. */
  public static double[][] inverse(double[][] a) {
    int n = a.length;
    requireSize(n == a[0].length, "inverse of a non-square matrix");
    double[][] w = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, w[i], 0, n);
      w[i][n + i] = 1;
    }
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) {
        if (Math.abs(w[i][c]) > Math.abs(w[p][c])) {
          p = i;
        }
      }
      if (w[p][c] == 0) {
        throw new ArithmeticException("singular matrix");
      }
      double[] tmp = w[p];
      w[p] = w[c];
      w[c] = tmp;
      double pivot = w[c][c];
      for (int j = 0; j < 2 * n; j++) {
        w[c][j] /= pivot;
      }
      for (int i = 0; i < n; i++) {
        if (i != c && w[i][c] != 0) {
          double f = w[i][c];
          for (int j = 0; j < 2 * n; j++) {
            w[i][j] -= f * w[c][j];
          }
        }
      }
    }
    double[][] r = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w[i], n, r[i], 0, n);
    }
    return r;
  }

  /** The determinant by Gaussian elimination with partial pivoting. */
  public static double det(double[][] a) {
    int n = a.length;
    requireSize(n == a[0].length, "determinant of a non-square matrix");
    double[][] w = copy(a);
    double det = 1;
    for (int c = 0; c < n; c++) {
      int p = c;
      for (int i = c + 1; i < n; i++) {
        if (Math.abs(w[i][c]) > Math.abs(w[p][c])) {
          p = i;
        }
      }
      if (w[p][c] == 0) {
        return 0;
      }
      if (p != c) {
        double[] tmp = w[p];
        w[p] = w[c];
        w[c] = tmp;
        det = -det;
      }
      det *= w[c][c];
      for (int i = c + 1; i < n; i++) {
        double f = w[i][c] / w[c][c];
        for (int j = c; j < n; j++) {
          w[i][j] -= f * w[c][j];
        }
      }
    }
    return det;
  }
}
