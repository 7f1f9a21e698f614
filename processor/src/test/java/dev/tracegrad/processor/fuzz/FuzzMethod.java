package dev.tracegrad.processor.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code @Differentiable} method: parameters, locals in order, the returned scalar, the
 * {@code wrt} list and the concrete value of every dimension variable ({@code dims[0]} is the
 * literal 1 that {@code rowSums}, {@code colSums} and {@code scalar} need).
 *
 * @param wrt the names in {@code wrt}, or null for the default (every matrix parameter)
 * @param generatedName the {@code name} attribute, or null for the default class name
 * @param points the input points to check at (see {@link Param}), or null for the first
 *     {@link #POINTS} of points 0..{@link #CANDIDATE_POINTS}−1 that {@link Evaluator} accepts
 */
record FuzzMethod(String name, int[] dims, List<Param> params, List<Local> locals, Expr result,
    List<String> wrt, String generatedName, List<Integer> points) {
  /** Input points each method is checked at, where that many are in the domain. */
  static final int POINTS = 3;
  /** Points tried to find them (point 0 is always in the domain: the generator draws so). */
  static final int CANDIDATE_POINTS = 10;

  FuzzMethod {
    dims = dims.clone();
    params = List.copyOf(params);
    locals = List.copyOf(locals);
    wrt = wrt == null ? null : List.copyOf(wrt);
    points = points == null ? null : List.copyOf(points);
  }

  FuzzMethod(String name, int[] dims, List<Param> params, List<Local> locals, Expr result,
      List<String> wrt, String generatedName) {
    this(name, dims, params, locals, result, wrt, generatedName, null);
  }

  /**
   * The input points to check: the given ones, else point 0 (if in the domain) and the next
   * in-domain points up to {@link #POINTS} in all. Independent draws of every input, so a bug that
   * shows only for some values (a sign, a branch, a saturated softmax) is three times as likely to
   * be hit by the same compilation.
   */
  List<Integer> checkPoints() {
    if (points != null) {
      return points;
    }
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < CANDIDATE_POINTS && out.size() < POINTS; k++) {
      if (Evaluator.domainProblem(this, k) == null) {
        out.add(k);
      }
    }
    return out;
  }

  /** The same method, checked at exactly these points. */
  FuzzMethod withPoints(List<Integer> ps) {
    return new FuzzMethod(name, dims, params, locals, result, wrt, generatedName, ps);
  }

  /**
   * A local declaration; {@code style} picks among {@code Matrix x}, {@code final Matrix x},
   * {@code var x} and {@code final var x}.
   */
  record Local(String name, boolean matrix, int style, Expr value) {
    String render() {
      String type = matrix ? "Matrix" : "double";
      // "var x = 3" declares an int, which the DSL rejects: an int-typed value keeps its type.
      int style = !matrix && intTyped(value) ? this.style & 1 : this.style;
      String decl = switch (style) {
        case 1 -> "final " + type;
        case 2 -> "var";
        case 3 -> "final var";
        default -> type;
      };
      return decl + " " + name + " = " + value.render() + ";";
    }
  }

  /** Whether Java types the rendered expression as int (an int literal, possibly negated). */
  static boolean intTyped(Expr e) {
    if (e instanceof Expr.Num n) {
      return n.intStyle() && n.value() == Math.rint(n.value()) && Math.abs(n.value()) < 1e6;
    }
    return e instanceof Expr.Neg neg && intTyped(neg.operand());
  }

  /** The wrt parameter names in gradient order. */
  List<String> wrtNames() {
    if (wrt != null) {
      return wrt;
    }
    return params.stream().filter(Param::matrix).map(Param::name).toList();
  }

  Param param(String name) {
    for (Param p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Inputs in parameter order, at input point 0. */
  Object[] inputs() {
    return inputs(0);
  }

  /** Inputs in parameter order, at the given input point. */
  Object[] inputs(int point) {
    Object[] out = new Object[params.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = params.get(i).input(dims, point);
    }
    return out;
  }

  /**
   * The largest condition number of an ill-conditioned parameter at the point (0 if none), and
   * the order of that matrix, as {κ, n}.
   */
  double[] illCondition(int point) {
    double kappa = 0;
    double n = 0;
    for (Param p : params) {
      double k = p.condition(dims, point);
      if (k > kappa) {
        kappa = k;
        n = dims[p.rows()];
      }
    }
    return new double[] {kappa, n};
  }

  /** The simple name of the class the processor generates, given the enclosing class. */
  String generatedClass(String enclosing) {
    if (generatedName != null) {
      return generatedName;
    }
    return enclosing + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Gradient";
  }

  /** Total node count of all expressions, plus one per local. */
  int size() {
    int n = result.size();
    for (Local l : locals) {
      n += 1 + l.value().size();
    }
    return n;
  }

  String render() {
    return render(false);
  }

  /**
   * The parameter slots the buffer-taking hvp would take: {@code this}, the parameters and one
   * direction per wrt parameter (a double counting twice), and one output per wrt parameter.
   */
  int hvpSlots() {
    int slots = 1;
    for (Param p : params) {
      slots += p.matrix() ? 1 : 2;
    }
    for (String w : wrtNames()) {
      slots += (param(w).matrix() ? 1 : 2) + 1;
    }
    return slots;
  }

  /** The method's source, with {@code hvp = true} in its annotation when {@code hvp}. */
  String render(boolean hvp) {
    StringBuilder sb = new StringBuilder("  @Differentiable");
    List<String> attrs = new ArrayList<>();
    if (wrt != null) {
      attrs.add(wrt.size() == 1 && generatedName == null
          ? "wrt = \"" + wrt.get(0) + "\""
          : "wrt = {" + String.join(", ", wrt.stream().map(w -> "\"" + w + "\"").toList()) + "}");
    }
    if (generatedName != null) {
      attrs.add("name = \"" + generatedName + "\"");
    }
    if (hvp) {
      attrs.add("hvp = true");
    }
    if (!attrs.isEmpty()) {
      sb.append("(").append(String.join(", ", attrs)).append(")");
    }
    sb.append("\n  static double ").append(name).append("(");
    sb.append(String.join(", ", params.stream().map(p -> p.javaType() + " " + p.name()).toList()));
    sb.append(") {\n");
    for (Local l : locals) {
      sb.append("    ").append(l.render()).append("\n");
    }
    sb.append("    return ").append(result.render()).append(";\n  }\n");
    return sb.toString();
  }

  FuzzMethod withDims(int[] d) {
    return new FuzzMethod(name, d, params, locals, result, wrt, generatedName);
  }

  FuzzMethod withBody(List<Param> ps, List<Local> ls, Expr r, List<String> w) {
    return new FuzzMethod(name, dims, ps, ls, r, w, generatedName);
  }
}
