package dev.tracegrad.processor.fuzz;

import dev.tracegrad.processor.fuzz.Expr.Bin;
import dev.tracegrad.processor.fuzz.Expr.MathCall;
import dev.tracegrad.processor.fuzz.Expr.Num;
import dev.tracegrad.processor.fuzz.Expr.Ref;
import dev.tracegrad.processor.fuzz.Param.Role;
import dev.tracegrad.processor.fuzz.Shapes.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Generates random, well-shaped DSL programs from a seed. Shapes hold by construction: every
 * expression is grown towards a target shape of dimension variables (a product picks a random
 * inner dimension, a transpose asks for the swapped shape, and so on), and leaves reuse locals and
 * parameters of that shape, which gives DAG sharing, repeated and transposed parameters.
 *
 * <p>Inputs are kept smooth by construction where that is cheap (log, sqrt and pow of exp(tanh ·)
 * or softmax; inverses and determinants of near-identity parameters) and by rejection otherwise:
 * a method whose inputs {@link Evaluator} finds near a kink, a singularity or an overflow is drawn
 * again.
 *
 * <p>Two modes now and then: a <em>big</em> method ({@link #BIG_RATE}) is a stack of 25 to 30
 * layers hᵢ = φ(Wᵢ hᵢ₋₁ + bᵢ) (two new parameters each, so 51 to 61 parameters and more from the
 * chain, some layers residual) plus a product chain of 12 to 20 factors; an <em>ill-conditioned</em> method
 * ({@link #ILL_RATE}) adds terms that invert, solve with or take det/logdet of parameters drawn
 * with condition numbers up to 10⁸ ({@link Param.Role#ILL_CONDITIONED}), which {@link Checker}
 * judges with a tolerance that follows κ.
 */
final class ProgramGenerator {
  /** Share of methods drawn big (50+ parameters, long chains). */
  static final double BIG_RATE = 0.005;
  /** Share of methods with ill-conditioned inverse, solve, det or logdet terms. */
  static final double ILL_RATE = 0.12;

  private static final String[] MATRIX_NAMES = {"A", "B", "C", "W", "W1", "W2", "X", "Y", "x", "y", "b",
      "S", "M", "P", "Q", "U", "V", "Z", "H", "K"};
  /**
   * Names a careless generated class might also use for its own variables, fields, methods or
   * types (loop indices, temporaries, array views "AData", gradient outputs "dA", the Result
   * record, the runtime's types), names of Ops methods, and the package roots and simple type
   * names generated code mentions, which a variable of that name obscures. Not {@code Math} or
   * {@code Ops}: the generated bodies call {@code Math.log} and {@code Ops.mul} themselves.
   */
  private static final String[] CLASH_NAMES = {"i", "j", "n", "m", "k", "value", "result", "out",
      "tmp", "lu", "piv", "sign", "grad", "rows", "cols", "data", "forward", "backward", "dA", "t",
      "sq", "sq2", "e", "ai", "AData", "xData", "loss", "sum", "max", "DERIVATION", "Result", "Matrix",
      "Lu", "Fn", "ArrayFunctions", "Checks", "dx", "exp", "inv", "dev", "java", "javax", "com", "Gemm", "Workspace",
      "Arrays", "Double", "String", "Object", "System", "Integer", "SingularMatrixException",
      "IllegalArgumentException", "Generated", "GeneratedGradient", "Differentiable", "DERIVATION_ASCII",
      "Objective", "Variables", "variables", "gradients", "names"};
  private static final String[] SCALAR_NAMES = {"s", "alpha", "beta", "lambda", "p", "q", "c", "mu", "eps"};
  private static final double[] EXPONENTS = {2, 3, 0.5, 1.5, -1, -0.5, 2.5, 4};
  private static final double[] LITERALS = {0.5, 2, 1.5, 3, 0.25, -1, 0.1};
  private static final String[] SMOOTH = {"sigmoid", "tanh", "softplus", "square", "sin", "cos", "normCdf", "logNormCdf"};
  private static final String[] BOUNDING = {"tanh", "sin", "cos", "sigmoid"};
  /** Functions that must stay finite and exact for large arguments (API.md, numerical stability). */
  private static final String[] SATURATING = {"softmax", "logSoftmax", "sigmoid", "softplus", "tanh"};

  private final Random rnd;
  /** Methods drawn again because their inputs were out of the smooth domain. */
  int rejected;

  private int[] dims;
  private int dimVars;
  private List<Param> params;
  private List<FuzzMethod.Local> locals;
  private Map<String, Shape> localShapes;
  private Set<String> exponentOnly;
  private Set<String> names;
  /** Subtrees built so far in this method, by shape, for verbatim repetition. */
  private Map<Shape, List<Expr>> built;

  ProgramGenerator(long seed) {
    this.rnd = new Random(seed);
  }

  /** A class of one to three methods. */
  FuzzClass generateClass(String className) {
    int count = 1 + rnd.nextInt(3);
    List<FuzzMethod> methods = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String generatedName = rnd.nextDouble() < 0.15 ? className + "Grad" + i : null;
      methods.add(generateMethod("loss" + i, generatedName));
    }
    return new FuzzClass(className, methods);
  }

  /** A method whose inputs are in {@link Evaluator}'s domain. */
  FuzzMethod generateMethod(String name, String generatedName) {
    // The mode is drawn once, so that rejection does not drift away from big or ill methods.
    boolean big = rnd.nextDouble() < BIG_RATE;
    boolean ill = rnd.nextDouble() < ILL_RATE;
    for (int attempt = 0; ; attempt++) {
      FuzzMethod m = draw(name, generatedName, big, ill);
      if (Evaluator.domainProblem(m) == null) {
        return m;
      }
      rejected++;
      if (attempt > 500) {
        throw new AssertionError("no method in the domain after 500 draws: " + m.render());
      }
    }
  }

  /**
   * One method: dimension values, then locals (each may use the ones before), then the result,
   * which also absorbs most locals nothing else used (so that they matter to the gradient).
   */
  private FuzzMethod draw(String name, String generatedName, boolean big, boolean ill) {
    // Distinct extents where possible, so that a rows/cols mix-up in the generated code shows;
    // sometimes 1, which makes vectors and 1×1 matrices.
    dimVars = 2 + rnd.nextInt(3);
    dims = new int[dimVars + 1];
    dims[0] = 1;
    List<Integer> pool = new ArrayList<>(List.of(2, 3, 4, 5));
    Collections.shuffle(pool, rnd);
    for (int v = 1; v <= dimVars; v++) {
      dims[v] = rnd.nextDouble() < 0.2 ? 1 : pool.get((v - 1) % pool.size());
    }
    params = new ArrayList<>();
    locals = new ArrayList<>();
    localShapes = new HashMap<>();
    exponentOnly = new HashSet<>();
    names = new HashSet<>();
    built = new HashMap<>();

    if (big) {
      return bigMethod(name, generatedName, ill);
    }
    // Mostly short bodies; now and then a long one.
    int localCount = rnd.nextDouble() < 0.1 ? 5 + rnd.nextInt(4) : rnd.nextInt(5);
    for (int i = 0; i < localCount; i++) {
      boolean matrix = rnd.nextDouble() < 0.7;
      Shape shape = matrix ? randomShape() : Shapes.SCALAR;
      // A local is an operation, not a bare leaf: that is where sharing gets interesting.
      Expr value = matrix ? matOp(shape, 2 + rnd.nextInt(3)) : scaOp(1 + rnd.nextInt(3));
      String local = freshName(matrix ? "h" : "s", true);
      int style = rnd.nextInt(4);
      if (!matrix && style >= 2 && (intTyped(value)
          || value.nodes().stream().anyMatch(n -> n instanceof Expr.IntData))) {
        // var would declare an int local, or a local of data, whose type must be declared
        style = 0;
      }
      locals.add(new FuzzMethod.Local(local, matrix, style, value));
      localShapes.put(local, shape);
    }
    Expr result = scaOp(2 + rnd.nextInt(3));
    for (int i = 0; i < locals.size(); i++) {
      if (!usedAfter(i, result) && rnd.nextDouble() < 0.85) {
        result = new Bin('+', result, scalarize(locals.get(i).name(), localShapes.get(locals.get(i).name())));
      }
    }
    if (ill) {
      result = withIllTerms(result);
    }
    if (params.stream().noneMatch(Param::matrix)) {
      result = new Bin('+', result, Expr.call("sumsq", newParam(randomShape(), Role.GENERAL)));
    }
    if (rnd.nextDouble() < 0.08) {
      // Declared but never used: it has no graph node, yet may be in wrt (gradient zero).
      if (rnd.nextBoolean()) {
        newParam(randomShape(), Role.GENERAL);
      } else {
        scalarParam();
      }
    }
    List<Param> order = new ArrayList<>(params);
    Collections.shuffle(order, rnd);
    return new FuzzMethod(name, dims, order, locals, result, chooseWrt(order), generatedName);
  }

  /**
   * A deep network and a long product chain: layers hᵢ = φ(Wᵢ hᵢ₋₁ + bᵢ), residual now and then
   * (hᵢ₋₁ + ½ tanh(…)), each with a new weight and bias, then a loss over the last layer, a
   * chain of 12 to 20 factors (new parameters mostly, in a random association) and a short random
   * part that may reuse any of them.
   */
  private FuzzMethod bigMethod(String name, String generatedName, boolean ill) {
    int rows = 1 + rnd.nextInt(dimVars);
    int cols = rnd.nextDouble() < 0.3 ? 0 : 1 + rnd.nextInt(dimVars);
    Shape hs = new Shape(rows, cols);
    Expr h = newParam(hs, Role.GENERAL);
    int layers = 25 + rnd.nextInt(6);
    for (int i = 0; i < layers; i++) {
      Expr w = newParam(new Shape(rows, rows), Role.GENERAL);
      Expr pre = rnd.nextDouble() < 0.3 && cols != 0
          ? call("addColumn", call("mul", w, h), newParam(new Shape(rows, 0), Role.GENERAL))
          : call("add", call("mul", w, h), newParam(hs, Role.GENERAL));
      Expr value = switch (rnd.nextInt(4)) {
        case 0 -> call("add", h, call("scale", new Num(0.5, false), call("tanh", pre)));
        case 1 -> call("sigmoid", pre);
        case 2 -> call("sin", pre);
        default -> call("tanh", pre);
      };
      String local = freshName("h", true);
      locals.add(new FuzzMethod.Local(local, true, rnd.nextInt(4), value));
      localShapes.put(local, hs);
      h = new Ref(local);
    }
    Shape cs = new Shape(1 + rnd.nextInt(dimVars), 1 + rnd.nextInt(dimVars));
    Expr chainTerm = call("sum", call("tanh", chain(cs, 1, 12 + rnd.nextInt(9), 0.85)));
    Expr result = new Bin('+', new Bin('+', scaOp(2), scalarize(((Ref) h).name(), hs)), chainTerm);
    if (ill) {
      result = withIllTerms(result);
    }
    List<Param> order = new ArrayList<>(params);
    Collections.shuffle(order, rnd);
    return new FuzzMethod(name, dims, order, locals, result, chooseWrt(order), generatedName);
  }

  /** The result plus one or two ill-conditioned terms. */
  private Expr withIllTerms(Expr result) {
    int terms = 1 + rnd.nextInt(2);
    for (int i = 0; i < terms; i++) {
      result = new Bin(rnd.nextDouble() < 0.8 ? '+' : '-', result, illTerm());
    }
    return result;
  }

  /**
   * A term through an ill-conditioned matrix A (or Aᵀ): logdet, det, ⟨A⁻¹, B⟩, tr(A⁻¹B), or a
   * solve cᵀA⁻¹b written as dot(c, mul(inv(A), b)). Nothing else is applied to A or to the
   * term, so the checker knows the conditioning of what is inverted.
   */
  private Expr illTerm() {
    int n = 1 + rnd.nextInt(dimVars);
    Role role = rnd.nextBoolean() ? Role.ILL_CONDITIONED : Role.ILL_CONDITIONED_SPD;
    Expr a = null;
    for (Param p : params) {
      if (p.role() == role && p.rows() == n && rnd.nextDouble() < 0.5) {
        a = new Ref(p.name());
      }
    }
    if (a == null) {
      a = newParam(new Shape(n, n), role);
    }
    Expr operand = rnd.nextDouble() < 0.3 ? call("t", a) : a;
    Shape square = new Shape(n, n);
    Choice c = new Choice();
    c.add(1, () -> call("logdet", operand));
    c.add(1, () -> call("det", operand));
    c.add(1, () -> call("dot", call("inv", operand), leaf(square)));
    c.add(0.7, () -> call("tr", call("mul", call("inv", operand), leaf(square))));
    c.add(1.5, () -> {
      Shape rhs = new Shape(n, randomDim());
      return call("dot", leaf(rhs), call("mul", call("inv", operand), leaf(rhs)));
    });
    return c.pick();
  }

  /** Whether Java types the expression as int (as {@link Expr#render} prints it). */
  private static boolean intTyped(Expr e) {
    if (e instanceof Num n) {
      return n.intStyle() && n.value() == Math.rint(n.value());
    }
    if (e instanceof Expr.Neg n) {
      return intTyped(n.operand());
    }
    return false;
  }

  private boolean usedAfter(int local, Expr result) {
    String n = locals.get(local).name();
    for (int j = local + 1; j < locals.size(); j++) {
      if (locals.get(j).value().mentions(n)) {
        return true;
      }
    }
    return result.mentions(n);
  }

  /**
   * Null (the default: every matrix parameter) about a third of the time, otherwise a random
   * non-empty subset in random order, double parameters included unless used in an exponent.
   */
  private List<String> chooseWrt(List<Param> order) {
    List<String> candidates = new ArrayList<>();
    for (Param p : order) {
      if (!exponentOnly.contains(p.name()) && !p.isData()) {
        candidates.add(p.name());
      }
    }
    if (candidates.isEmpty() || rnd.nextDouble() < 0.35) {
      return null;
    }
    List<String> wrt = new ArrayList<>();
    for (String c : candidates) {
      if (rnd.nextDouble() < 0.6) {
        wrt.add(c);
      }
    }
    if (wrt.isEmpty()) {
      wrt.add(candidates.get(rnd.nextInt(candidates.size())));
    }
    Collections.shuffle(wrt, rnd);
    return wrt;
  }

  // ---------------------------------------------------------------- matrices

  /** A matrix expression of shape s and at most the given depth; sometimes a leaf or a repeat. */
  private Expr mat(Shape s, int depth) {
    List<Expr> same = built.getOrDefault(s, List.of());
    if (!same.isEmpty() && rnd.nextDouble() < 0.06) {
      // The same subtree again, not through a local: the front end's hash-consing must share it.
      return same.get(rnd.nextInt(same.size()));
    }
    Expr e = depth <= 0 || rnd.nextDouble() < 0.15 ? leaf(s) : matOp(s, depth);
    if (e.size() > 2) {
      built.computeIfAbsent(s, k -> new ArrayList<>()).add(e);
    }
    return e;
  }

  /** An operation (not a leaf) of shape s, with operands of depth below {@code depth}. */
  private Expr matOp(Shape s, int depth) {
    int d = depth - 1;
    // Weights favour products and elementwise maps, where the trace method does the most work.
    Choice c = new Choice();
    c.add(2, () -> call("add", mat(s, d), mat(s, d)));
    c.add(1.5, () -> call("sub", mat(s, d), mat(s, d)));
    c.add(0.5, () -> call("neg", mat(s, d)));
    c.add(3, () -> {
      int k = randomDim();
      return call("mul", mat(new Shape(s.rows(), k), d), mat(new Shape(k, s.cols()), d));
    });
    c.add(1, () -> call("t", mat(s.transposed(), d)));
    c.add(0.7, () -> chain(s, d));
    c.add(1.5, () -> call("scale", scaleFactor(d), mat(s, d)));
    c.add(1.5, () -> call("hadamard", mat(s, d), mat(s, d)));
    c.add(1, () -> call("div", mat(s, d), positive(s, d)));
    c.add(3, () -> call(pick(SMOOTH), mat(s, d)));
    c.add(0.6, () -> call(pick(SATURATING), steep(s, d)));
    c.add(1, () -> call("exp", bounded(s, d)));
    c.add(1, () -> call(rnd.nextBoolean() ? "relu" : "abs", mat(s, d)));
    c.add(1, () -> call(rnd.nextBoolean() ? "log" : "sqrt", positive(s, d)));
    c.add(0.7, () -> call("pow", positive(s, d), exponent()));
    // Integer powers of matrices with negative entries: x² and x³ are smooth everywhere.
    c.add(0.4, () -> call("pow", mat(s, d), new Num(2 + rnd.nextInt(2), rnd.nextBoolean())));
    c.add(1.2, () -> call(rnd.nextBoolean() ? "softmax" : "logSoftmax", mat(s, d)));
    // a helper of the class, inlined (sigmoid(A) ⊙ B)
    c.add(0.6, () -> new Expr.Helper("fuzzMix", List.of(mat(s, d), mat(s, d))));
    if (s.rows() == s.cols()) {
      c.add(1.5, () -> call("inv", wellConditioned(s.rows(), d)));
    }
    c.add(1, () -> call("addColumn", mat(s, d), mat(new Shape(s.rows(), 0), d)));
    if (s.cols() == 0) {
      c.add(1, () -> call("rowSums", mat(new Shape(s.rows(), randomDim()), d)));
    }
    if (s.rows() == 0) {
      c.add(1, () -> call("colSums", mat(new Shape(randomDim(), s.cols()), d)));
      c.add(0.5, () -> call("colLogSumExp", mat(new Shape(randomDim(), s.cols()), d)));
    }
    // the ops of 0.2: a double on either side, log1p and expm1, repeats sized by rows(A)/cols(A),
    // diag of a column
    c.add(0.5, () -> call("add", mat(s, d), scaleFactor(d)));
    c.add(0.5, () -> call("sub", scaleFactor(d), mat(s, d)));
    c.add(0.4, () -> call("div", mat(s, d), positiveScalar(d)));
    c.add(0.5, () -> call("log1p", positive(s, d)));
    c.add(0.4, () -> call("logGamma", positive(s, d)));
    c.add(0.5, () -> call("expm1", bounded(s, d)));
    c.add(0.4, () -> call("repeatRows", mat(new Shape(0, s.cols()), d), call("rows", leaf(new Shape(s.rows(), 0)))));
    c.add(0.4, () -> call("repeatCols", mat(new Shape(s.rows(), 0), d), call("cols", leaf(new Shape(0, s.cols())))));
    if (s.rows() == s.cols()) {
      c.add(0.4, () -> call("diag", mat(new Shape(s.rows(), 0), d)));
    }
    // the index ops, with int[] data of valid indices: a row of picked entries, gathered columns
    if (s.rows() == 0) {
      c.add(0.4, () -> {
        int k = randomDim();
        return call("pick", mat(new Shape(k, s.cols()), d), indexParam(k, s.cols()));
      });
    }
    c.add(0.4, () -> {
      int v = randomDim();
      return call("gatherCols", mat(new Shape(s.rows(), v), d), indexParam(v, s.cols()));
    });
    return c.pick();
  }

  /** A product of three to five factors of random inner dimensions, in a random association. */
  private Expr chain(Shape s, int d) {
    return chain(s, d, 3 + rnd.nextInt(3), 0.7);
  }

  /**
   * A product of n factors of random inner dimensions, in a random association; each factor is a
   * leaf with probability {@code leaves}, otherwise an expression of depth at most min(d, 1).
   */
  private Expr chain(Shape s, int d, int n, double leaves) {
    int[] dimsAt = new int[n + 1];
    dimsAt[0] = s.rows();
    dimsAt[n] = s.cols();
    for (int i = 1; i < n; i++) {
      dimsAt[i] = randomDim();
    }
    List<Expr> factors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Shape f = new Shape(dimsAt[i], dimsAt[i + 1]);
      factors.add(rnd.nextDouble() < leaves ? leaf(f) : mat(f, Math.min(d, 1)));
    }
    while (factors.size() > 1) {
      int at = rnd.nextInt(factors.size() - 1);
      factors.set(at, call("mul", factors.get(at), factors.get(at + 1)));
      factors.remove(at + 1);
    }
    return factors.get(0);
  }

  /** A local, a parameter, a transposed one, or a new parameter, of shape s. */
  private Expr leaf(Shape s) {
    // Reuse is weighted over novelty: sharing is what makes the adjoints accumulate.
    Choice c = new Choice();
    for (Map.Entry<String, Shape> l : localShapes.entrySet()) {
      if (l.getValue().equals(s)) {
        c.add(3, () -> new Ref(l.getKey()));
      } else if (l.getValue().equals(s.transposed())) {
        c.add(0.7, () -> call("t", new Ref(l.getKey())));
      }
    }
    for (Param p : params) {
      if (!p.matrix()) {
        continue;
      }
      Shape ps = new Shape(p.rows(), p.cols());
      if (ps.equals(s)) {
        c.add(2, () -> new Ref(p.name()));
      } else if (ps.equals(s.transposed())) {
        c.add(1, () -> call("t", new Ref(p.name())));
      }
    }
    c.add(c.isEmpty() ? 1 : 0.8, () -> newParam(s, Role.GENERAL));
    return c.pick();
  }

  /** Entries of magnitude up to about 100: deep in the saturated range of sigmoid or softmax. */
  private Expr steep(Shape s, int d) {
    return call("scale", new Num(rnd.nextBoolean() ? 20 : 60, true), mat(s, d));
  }

  /** Entries of magnitude at most about 1. */
  private Expr bounded(Shape s, int d) {
    return rnd.nextDouble() < 0.8 ? call(pick(BOUNDING), mat(s, d)) : call("scale", new Num(0.3, false), mat(s, d));
  }

  /** Entries bounded away from 0 (checked again by the evaluator). */
  private Expr positive(Shape s, int d) {
    Choice c = new Choice();
    c.add(3, () -> call("exp", call("tanh", mat(s, d))));
    c.add(1, () -> call("exp", call("scale", new Num(0.3, false), mat(s, d))));
    c.add(1, () -> call("softmax", mat(s, d)));
    c.add(1, () -> call("sigmoid", mat(s, d)));
    c.add(1, () -> call("add", call("exp", bounded(s, d)), call("square", mat(s, d))));
    c.add(0.5, () -> call("softplus", call("exp", bounded(s, d))));
    return c.pick();
  }

  /** An n×n matrix far from singular: built from near-identity parameters. */
  private Expr wellConditioned(int n, int d) {
    Choice c = new Choice();
    c.add(2, () -> nearIdentity(n));
    c.add(1, () -> call("t", nearIdentity(n)));
    c.add(2, () -> call("add", nearIdentity(n), call("scale", new Num(0.1, false), bounded(new Shape(n, n), d))));
    c.add(1, () -> call("mul", nearIdentity(n), nearIdentity(n)));
    c.add(0.5, () -> call("inv", nearIdentity(n)));
    // Negative determinants for odd n: logdet must use |det|, its gradient is still A⁻ᵀ.
    c.add(1, () -> call("neg", nearIdentity(n)));
    c.add(1, () -> {
      Shape rect = new Shape(n, randomDim());
      Expr b = bounded(rect, d);
      return call("add", nearIdentity(n), call("scale", new Num(0.05, false), call("mul", b, call("t", b))));
    });
    return c.pick();
  }

  private Expr nearIdentity(int n) {
    List<Param> existing = new ArrayList<>();
    for (Param p : params) {
      if (p.role() == Role.NEAR_IDENTITY && p.rows() == n) {
        existing.add(p);
      }
    }
    if (!existing.isEmpty() && rnd.nextDouble() < 0.6) {
      return new Ref(existing.get(rnd.nextInt(existing.size())).name());
    }
    return newParam(new Shape(n, n), Role.NEAR_IDENTITY);
  }

  /** An index array of this length below this bound (dimension variables): reused or new. */
  private Expr indexParam(int bound, int length) {
    for (Param p : params) {
      if (p.role() == Role.INDEX && p.rows() == bound && p.cols() == length && rnd.nextBoolean()) {
        return new Ref(p.name());
      }
    }
    String name = freshName(null, false);
    params.add(Param.index(name, bound, length, rnd.nextLong()));
    return new Ref(name);
  }

  private Expr newParam(Shape s, Role role) {
    String name = freshName(null, false);
    params.add(Param.matrix(name, s.rows(), s.cols(), role, rnd.nextLong()));
    return new Ref(name);
  }

  // ---------------------------------------------------------------- scalars

  /** A scalar expression of at most the given depth. */
  private Expr sca(int depth) {
    return depth <= 0 || rnd.nextDouble() < 0.2 ? scalarLeaf() : scaOp(depth);
  }

  private Expr scaOp(int depth) {
    int d = depth - 1;
    Choice c = new Choice();
    c.add(1.5, () -> {
      int n = randomDim();
      return call("tr", mat(new Shape(n, n), d));
    });
    c.add(0.8, () -> call("det", wellConditioned(randomDim(), d)));
    c.add(1, () -> call("logdet", wellConditioned(randomDim(), d)));
    c.add(2, () -> call("sum", mat(randomShape(), d)));
    c.add(1.5, () -> {
      Shape s = randomShape();
      return call("dot", mat(s, d), mat(s, d));
    });
    c.add(1.5, () -> call("sumsq", mat(randomShape(), d)));
    c.add(1, () -> call("scalar", mat(new Shape(0, 0), d)));
    c.add(0.6, () -> call("mean", mat(randomShape(), d)));
    c.add(0.6, () -> call("logSumExp", mat(randomShape(), d)));
    c.add(0.6, () -> call("norm", mat(randomShape(), d)));
    c.add(3, () -> new Bin("+-*".charAt(rnd.nextInt(3)), sca(d), sca(d)));
    c.add(1, () -> new Bin('/', sca(d), positiveScalar(d)));
    c.add(0.5, () -> new Expr.Neg(sca(d)));
    // a helper taking a matrix and a double (s‖A‖²), and data: an int parameter, a shape, a length
    c.add(0.6, () -> new Expr.Helper("fuzzEnergy", List.of(mat(randomShape(), d), sca(d))));
    c.add(0.8, () -> {
      Expr left = sca(d);
      if (intTyped(left)) {
        left = new Num(pick(LITERALS), false);
      }
      return new Bin(rnd.nextBoolean() ? '*' : '/', left, intData());
    });
    c.add(0.7, () -> new MathCall("log", List.of(positiveScalar(d))));
    c.add(0.7, () -> new MathCall("exp", List.of(boundedScalar(d))));
    c.add(0.7, () -> new MathCall("sqrt", List.of(positiveScalar(d))));
    c.add(0.7, () -> new MathCall("pow", List.of(positiveScalar(d), exponent())));
    c.add(0.3, () -> new MathCall("pow", List.of(sca(d), new Num(2 + rnd.nextInt(2), rnd.nextBoolean()))));
    return c.pick();
  }

  /** A literal, a double parameter or a scalar local. */
  private Expr scalarLeaf() {
    Choice c = new Choice();
    c.add(1, () -> new Num(pick(LITERALS), rnd.nextBoolean()));
    c.add(1.5, this::scalarParam);
    for (Map.Entry<String, Shape> l : localShapes.entrySet()) {
      if (l.getValue().scalar()) {
        c.add(2, () -> new Ref(l.getKey()));
      }
    }
    return c.pick();
  }

  /**
   * An int data value, at least 1: a shape query of a matrix parameter (wrt or not), an int
   * parameter, or the length of an int[] parameter (existing or new).
   */
  private Expr intData() {
    Choice c = new Choice();
    for (Param p : params) {
      if (p.matrix()) {
        c.add(1, () -> new Expr.IntData(p.name(), rnd.nextBoolean() ? "#.rows()" : "#.cols()"));
      } else if (p.role() == Role.INT) {
        c.add(1, () -> new Expr.IntData(p.name(), "#"));
      } else if (p.role() == Role.INT_ARRAY) {
        c.add(1, () -> new Expr.IntData(p.name(), "#.length"));
      }
    }
    c.add(0.7, () -> {
      String name = freshName("scalar", false);
      params.add(Param.integer(name, 1 + rnd.nextInt(4)));
      return new Expr.IntData(name, "#");
    });
    c.add(0.5, () -> {
      String name = freshName("scalar", false);
      params.add(Param.intArray(name, 1 + rnd.nextInt(4)));
      return new Expr.IntData(name, "#.length");
    });
    return c.pick();
  }

  /** An existing double parameter or a new one, with a value in [-1.2, 1.2] (three decimals). */
  private Expr scalarParam() {
    List<Param> existing = params.stream().filter(Param::isDouble).toList();
    if (!existing.isEmpty() && rnd.nextDouble() < 0.5) {
      return new Ref(existing.get(rnd.nextInt(existing.size())).name());
    }
    String name = freshName("scalar", false);
    params.add(Param.scalar(name, Math.round((rnd.nextDouble() * 2.4 - 1.2) * 1000) / 1000.0));
    return new Ref(name);
  }

  /** The s of scale(s, A): a literal (int or double) or any scalar expression. */
  private Expr scaleFactor(int d) {
    return rnd.nextBoolean() ? new Num(pick(LITERALS), rnd.nextBoolean()) : sca(d);
  }

  /** A scalar bounded away from 0, for Math.log, Math.sqrt, Math.pow and divisors. */
  private Expr positiveScalar(int d) {
    Choice c = new Choice();
    c.add(1, () -> new MathCall("exp", List.of(boundedScalar(d))));
    c.add(1, () -> new Bin('+', call("sumsq", mat(randomShape(), d)), new Num(1, false)));
    c.add(1, () -> call("sum", call("exp", call("tanh", mat(randomShape(), d)))));
    c.add(1, () -> {
      Expr s = sca(d);
      return new Bin('+', new Bin('*', s, s), new Num(0.5, false));
    });
    return c.pick();
  }

  /** A scalar of modest size, for Math.exp. */
  private Expr boundedScalar(int d) {
    Choice c = new Choice();
    c.add(1, () -> new Bin('*', new Num(0.1, false), sca(d)));
    c.add(1, () -> new Bin('*', new Num(0.2, false), call("sum", call("tanh", mat(randomShape(), d)))));
    c.add(0.5, this::scalarParam);
    return c.pick();
  }

  /**
   * A literal, or an expression of double parameters that are then never differentiated (API.md:
   * an exponent must not depend on a wrt parameter).
   */
  private Expr exponent() {
    double p = pick(EXPONENTS);
    double r = rnd.nextDouble();
    if (r < 0.65) {
      return new Num(p, rnd.nextBoolean());
    }
    if (r < 0.75) {
      return new Bin('+', exponentParam(p), new Num(0.5, false));
    }
    return exponentParam(p);
  }

  private Expr exponentParam(double p) {
    for (Param q : params) {
      if (exponentOnly.contains(q.name()) && rnd.nextBoolean()) {
        return new Ref(q.name());
      }
    }
    String name = freshName("scalar", false);
    params.add(Param.scalar(name, p));
    exponentOnly.add(name);
    return new Ref(name);
  }

  /** A scalar that depends on the local, to fold an otherwise unused local into the result. */
  private Expr scalarize(String local, Shape s) {
    Ref r = new Ref(local);
    if (s.scalar()) {
      return rnd.nextBoolean() ? r : new Bin('*', new Num(0.5, false), r);
    }
    Choice c = new Choice();
    c.add(1, () -> call("sum", r));
    c.add(1, () -> call("sumsq", r));
    c.add(1, () -> call("dot", r, r));
    if (s.rows() == s.cols()) {
      c.add(1, () -> call("tr", r));
    }
    return c.pick();
  }

  // ---------------------------------------------------------------- helpers

  private Expr call(String op, Expr... args) {
    return new Expr.Call(op, List.of(args), rnd.nextDouble() < 0.1);
  }

  private int randomDim() {
    return rnd.nextDouble() < 0.15 ? 0 : 1 + rnd.nextInt(dimVars);
  }

  private Shape randomShape() {
    return new Shape(randomDim(), randomDim());
  }

  /**
   * A name not yet used in the method: now and then a clash-prone one, otherwise a local's
   * h1/s2 style name or a parameter name from the usual pools.
   */
  private String freshName(String prefix, boolean local) {
    for (int attempt = 0; ; attempt++) {
      String n;
      if (rnd.nextDouble() < 0.12) {
        n = pick(CLASH_NAMES);
      } else if (local) {
        n = prefix + (locals.size() + 1);
      } else if ("scalar".equals(prefix)) {
        n = pick(SCALAR_NAMES);
      } else {
        n = pick(MATRIX_NAMES);
      }
      if (attempt > 20) {
        n = n + attempt;
      }
      if (names.add(n)) {
        return n;
      }
    }
  }

  private String pick(String[] xs) {
    return xs[rnd.nextInt(xs.length)];
  }

  private double pick(double[] xs) {
    return xs[rnd.nextInt(xs.length)];
  }

  /** A weighted choice among lazily built alternatives. */
  private final class Choice {
    private final List<Double> weights = new ArrayList<>();
    private final List<Supplier<Expr>> options = new ArrayList<>();

    void add(double weight, Supplier<Expr> option) {
      weights.add(weight);
      options.add(option);
    }

    boolean isEmpty() {
      return options.isEmpty();
    }

    Expr pick() {
      double total = 0;
      for (double w : weights) {
        total += w;
      }
      double x = rnd.nextDouble() * total;
      for (int i = 0; i < options.size(); i++) {
        x -= weights.get(i);
        if (x < 0) {
          return options.get(i).get();
        }
      }
      return options.get(options.size() - 1).get();
    }
  }
}
