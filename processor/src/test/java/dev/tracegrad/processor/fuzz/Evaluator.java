package dev.tracegrad.processor.fuzz;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.SingularMatrixException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a fuzzed method with {@code Ops} and judges whether its inputs lie where the loss is
 * smooth and finite differences are trustworthy: the generator and the shrinker keep only methods
 * that pass. The thresholds leave room for the ±2·10⁻⁴ steps of {@link Checker}'s stencils.
 */
final class Evaluator {
  /** Least distance of a relu/abs argument from its kink, and of a log/sqrt/pow/division operand from 0. */
  static final double MARGIN = 0.05;
  /** Largest magnitude allowed anywhere, to keep rounding noise far below the tolerances. */
  static final double BOUND = 1e4;
  /** Largest 1-norm condition number of a matrix that is inverted or has its determinant taken. */
  static final double MAX_CONDITION = 1e3;

  /** Thrown when the inputs are outside the smooth, well-conditioned domain. */
  static final class OutOfDomain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfDomain(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * Largest magnitude allowed in an expression that mentions an ill-conditioned parameter: an
   * inverse of one has entries up to √κ ≤ 10⁴, products and sums of those go beyond; the checker's
   * tolerances there follow κ rather than assume the rounding noise of {@link #BOUND}.
   */
  static final double ILL_BOUND = 1e8;

  private final Map<String, Object> env = new HashMap<>();
  /** Parameters drawn ill-conditioned on purpose ({@link Param.Role#ill()}). */
  private final Set<String> ill = new HashSet<>();

  private Evaluator() {}

  /** The loss, or an {@link OutOfDomain} explaining why the inputs are unsuitable. */
  static double evaluate(FuzzMethod m, Object[] inputs) {
    Evaluator ev = new Evaluator();
    for (int i = 0; i < inputs.length; i++) {
      ev.env.put(m.params().get(i).name(), inputs[i]);
      if (m.params().get(i).matrix() && m.params().get(i).role().ill()) {
        ev.ill.add(m.params().get(i).name());
      }
    }
    for (FuzzMethod.Local l : m.locals()) {
      ev.env.put(l.name(), ev.eval(l.value()));
    }
    return (double) ev.eval(m.result());
  }

  /** Null if the method is in the domain at its inputs, otherwise the reason. */
  static String domainProblem(FuzzMethod m) {
    return domainProblem(m, 0);
  }

  /** Null if the method is in the domain at the given input point, otherwise the reason. */
  static String domainProblem(FuzzMethod m, int point) {
    try {
      evaluate(m, m.inputs(point));
      return null;
    } catch (OutOfDomain e) {
      return e.getMessage();
    }
  }

  /** Evaluates e and rejects any entry beyond {@link #BOUND} (or NaN) at any node. */
  private Object eval(Expr e) {
    Object v = evalRaw(e);
    if (v instanceof int[]) {
      // a shrunk candidate may read an index array where a value goes
      throw new OutOfDomain("an index array as a value: " + e.render());
    }
    double bound = mentionsIll(e) ? ILL_BOUND : BOUND;
    if (v instanceof Matrix m) {
      for (double x : m.data()) {
        bounded(x, e, bound);
      }
    } else {
      bounded((double) v, e, bound);
    }
    return v;
  }

  private boolean mentionsIll(Expr e) {
    for (String name : ill) {
      if (e.mentions(name)) {
        return true;
      }
    }
    return false;
  }

  private static void bounded(double x, Expr e, double bound) {
    if (!(Math.abs(x) <= bound)) {
      throw new OutOfDomain("magnitude " + x + " at " + e.render());
    }
  }

  /**
   * The value of e with the reference {@code Ops}; operands with a restricted domain pass through
   * a check first (positive, away from zero, well-conditioned).
   */
  private Object evalRaw(Expr e) {
    if (e instanceof Expr.Ref r) {
      return env.get(r.name());
    } else if (e instanceof Expr.Num n) {
      return n.value();
    } else if (e instanceof Expr.IntData d) {
      Object v = env.get(d.name());
      return switch (d.form()) {
        case "#.rows()" -> (double) ((Matrix) v).rows();
        case "#.cols()" -> (double) ((Matrix) v).cols();
        case "#.length" -> (double) ((int[]) v).length;
        default -> (double) (Integer) v;
      };
    } else if (e instanceof Expr.Helper h) {
      return eval(h.expansion());
    } else if (e instanceof Expr.Neg n) {
      return -scalar(n.operand());
    } else if (e instanceof Expr.Bin b) {
      double l = scalar(b.left());
      double r = scalar(b.right());
      return switch (b.op()) {
        case '+' -> l + r;
        case '-' -> l - r;
        case '*' -> l * r;
        default -> l / awayFromZero(r, b);
      };
    } else if (e instanceof Expr.MathCall c) {
      double a = scalar(c.args().get(0));
      return switch (c.fn()) {
        case "log" -> Math.log(positive(a, c));
        case "exp" -> Math.exp(a);
        case "sqrt" -> Math.sqrt(positive(a, c));
        default -> {
          double p = scalar(c.args().get(1));
          yield Math.pow(powerBase(a, p, c), p);
        }
      };
    }
    Expr.Call c = (Expr.Call) e;
    List<Expr> args = c.args();
    if (c.op().equals("scale")) {
      return Ops.scale(scalar(args.get(0)), matrix(args.get(1)));
    }
    if (c.op().equals("pick") || c.op().equals("gatherCols")) {
      Matrix a = matrix(args.get(0));
      // a shrunk candidate may have put something else where the index array goes
      if (!(args.get(1) instanceof Expr.Ref r && env.get(r.name()) instanceof int[] idx)) {
        throw new OutOfDomain("not an index array: " + args.get(1).render());
      }
      return c.op().equals("pick") ? Ops.pick(a, idx) : Ops.gatherCols(a, idx);
    }
    if (c.op().equals("pow")) {
      Matrix a = matrix(args.get(0));
      double p = scalar(args.get(1));
      powerBase(a, p, c);
      return Ops.pow(a, p);
    }
    Object first = eval(args.get(0));
    Object second = args.size() > 1 ? eval(args.get(1)) : null;
    if (first instanceof Double s) {
      Matrix m = (Matrix) second;
      return switch (c.op()) {
        case "add" -> Ops.add(s, m);
        case "sub" -> Ops.sub(s, m);
        default -> throw new AssertionError(c.op());
      };
    }
    Matrix a = (Matrix) first;
    if (second instanceof Double s) {
      return switch (c.op()) {
        case "add" -> Ops.add(a, s);
        case "div" -> Ops.div(a, awayFromZero(s, c));
        case "repeatRows" -> Ops.repeatRows(a, s);
        case "repeatCols" -> Ops.repeatCols(a, s);
        default -> throw new AssertionError(c.op());
      };
    }
    Matrix b = (Matrix) second;
    return switch (c.op()) {
      case "log1p" -> Ops.log1p(positive(a, c));
      case "logGamma" -> Ops.logGamma(positive(a, c));
      case "expm1" -> Ops.expm1(a);
      case "normCdf" -> Ops.normCdf(a);
      case "logNormCdf" -> Ops.logNormCdf(a);
      case "colLogSumExp" -> Ops.colLogSumExp(a);
      case "diag" -> Ops.diag(a);
      case "rows" -> Ops.rows(a);
      case "cols" -> Ops.cols(a);
      case "mean" -> Ops.mean(a);
      case "logSumExp" -> Ops.logSumExp(a);
      case "norm" -> Ops.norm(a);
      case "add" -> Ops.add(a, b);
      case "sub" -> Ops.sub(a, b);
      case "neg" -> Ops.neg(a);
      case "mul" -> Ops.mul(a, b);
      case "t" -> Ops.t(a);
      case "hadamard" -> Ops.hadamard(a, b);
      case "div" -> Ops.div(a, awayFromZero(b, c));
      case "inv" -> Ops.inv(conditioned(a, args.get(0), c));
      case "exp" -> Ops.exp(a);
      case "log" -> Ops.log(positive(a, c));
      case "sigmoid" -> Ops.sigmoid(a);
      case "tanh" -> Ops.tanh(a);
      case "relu" -> Ops.relu(awayFromZero(a, c));
      case "softplus" -> Ops.softplus(a);
      case "square" -> Ops.square(a);
      case "sqrt" -> Ops.sqrt(positive(a, c));
      case "abs" -> Ops.abs(awayFromZero(a, c));
      case "sin" -> Ops.sin(a);
      case "cos" -> Ops.cos(a);
      case "softmax" -> Ops.softmax(a);
      case "logSoftmax" -> Ops.logSoftmax(a);
      case "addColumn" -> Ops.addColumn(a, b);
      case "rowSums" -> Ops.rowSums(a);
      case "colSums" -> Ops.colSums(a);
      case "tr" -> Ops.tr(a);
      case "det" -> Ops.det(conditioned(a, args.get(0), c));
      case "logdet" -> Ops.logdet(conditioned(a, args.get(0), c));
      case "sum" -> Ops.sum(a);
      case "dot" -> Ops.dot(a, b);
      case "sumsq" -> Ops.sumsq(a);
      case "scalar" -> Ops.scalar(a);
      default -> throw new AssertionError(c.op());
    };
  }

  private double scalar(Expr e) {
    return (double) eval(e);
  }

  private Matrix matrix(Expr e) {
    return (Matrix) eval(e);
  }

  private static double awayFromZero(double x, Expr at) {
    if (!(Math.abs(x) >= MARGIN)) {
      throw new OutOfDomain("near zero: " + x + " in " + at.render());
    }
    return x;
  }

  private static Matrix awayFromZero(Matrix m, Expr at) {
    for (double x : m.data()) {
      awayFromZero(x, at);
    }
    return m;
  }

  private static double positive(double x, Expr at) {
    if (!(x >= MARGIN)) {
      throw new OutOfDomain("not positive: " + x + " in " + at.render());
    }
    return x;
  }

  private static Matrix positive(Matrix m, Expr at) {
    for (double x : m.data()) {
      positive(x, at);
    }
    return m;
  }

  /**
   * xᵖ is smooth for every x when p is a positive integer, away from 0 for a negative integer,
   * and only for x &gt; 0 otherwise.
   */
  private static double powerBase(double x, double p, Expr at) {
    if (p == Math.rint(p)) {
      return p >= 1 ? x : awayFromZero(x, at);
    }
    return positive(x, at);
  }

  private static Matrix powerBase(Matrix m, double p, Expr at) {
    for (double x : m.data()) {
      powerBase(x, p, at);
    }
    return m;
  }

  /**
   * An ill-conditioned parameter (or its transpose) is inverted as drawn: its condition number is
   * the point of it, and the checker's tolerance follows it. Anything else must be well-conditioned.
   */
  private Matrix conditioned(Matrix a, Expr operand, Expr at) {
    Expr inner = operand instanceof Expr.Call t && t.op().equals("t") ? t.args().get(0) : operand;
    if (inner instanceof Expr.Ref r && ill.contains(r.name())) {
      if (a.rows() != a.cols()) {
        throw new OutOfDomain("not square: " + at.render());
      }
      return a;
    }
    return wellConditioned(a, at);
  }

  /**
   * Rejects a matrix whose condition number exceeds {@link #MAX_CONDITION}: finite differences of
   * an inverse or determinant lose about log10(κ) digits, and the checks must keep six.
   */
  private static Matrix wellConditioned(Matrix a, Expr at) {
    if (a.rows() != a.cols()) {
      throw new OutOfDomain("not square: " + at.render());
    }
    Matrix inverse;
    try {
      inverse = Ops.inv(a);
    } catch (SingularMatrixException e) {
      throw new OutOfDomain("singular: " + at.render());
    }
    double condition = norm1(a) * norm1(inverse);
    if (!(condition <= MAX_CONDITION)) {
      throw new OutOfDomain("condition " + condition + " of " + at.render());
    }
    return a;
  }

  /** The 1-norm (largest column sum of magnitudes): cheap, and within n of the 2-norm. */
  private static double norm1(Matrix a) {
    double max = 0;
    for (int j = 0; j < a.cols(); j++) {
      double s = 0;
      for (int i = 0; i < a.rows(); i++) {
        s += Math.abs(a.get(i, j));
      }
      max = Math.max(max, s);
    }
    return max;
  }
}
