package dev.tracegrad.processor.derive;

import static dev.tracegrad.processor.derive.ProgramBuilder.POSITIVE;
import static dev.tracegrad.processor.derive.ProgramBuilder.PROBABILITIES;
import static dev.tracegrad.processor.derive.ProgramBuilder.WELL_CONDITIONED;

import dev.tracegrad.processor.derive.ProgramBuilder.TestProgram;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hand-built programs, one per op and one per textbook example, shared by the derive, simplify and
 * text tests. A matrix-valued op M is tested through l = dot(C, M) with a random C, so its adjoint
 * is a general matrix and not all ones.
 */
public final class Examples {
  private Examples() {}

  /** Every example by name, in a fixed order. */
  public static Map<String, Supplier<TestProgram>> all() {
    Map<String, Supplier<TestProgram>> m = new LinkedHashMap<>();
    m.put("xent", Examples::xent);
    m.put("twoLayer", Examples::twoLayer);
    m.put("twoLayerSum", Examples::twoLayerSum);
    m.put("add", () -> binary(Node.Add::new, ProgramBuilder.GAUSSIAN));
    m.put("sub", () -> binary(Node.Sub::new, ProgramBuilder.GAUSSIAN));
    m.put("hadamard", () -> binary(Node.Hadamard::new, ProgramBuilder.GAUSSIAN));
    m.put("div", () -> binary(Node.Div::new, POSITIVE));
    m.put("matMul", Examples::matMul);
    m.put("matMulSelf", Examples::matMulSelf);
    m.put("neg", () -> unary(Node.Neg::new, ProgramBuilder.GAUSSIAN, false));
    m.put("transpose", () -> unary(Node.Transpose::new, ProgramBuilder.GAUSSIAN, false));
    m.put("inv", () -> unary(Node.Inv::new, WELL_CONDITIONED, true));
    m.put("softmax", () -> unary(Node.Softmax::new, ProgramBuilder.GAUSSIAN, false));
    m.put("logSoftmax", () -> unary(Node.LogSoftmax::new, ProgramBuilder.GAUSSIAN, false));
    m.put("rowSums", () -> unary(Node.RowSums::new, ProgramBuilder.GAUSSIAN, false));
    m.put("colSums", () -> unary(Node.ColSums::new, ProgramBuilder.GAUSSIAN, false));
    for (EntrywiseFunction fn : EntrywiseFunction.values()) {
      if (fn.inDsl()) {
        boolean positive = fn == EntrywiseFunction.LOG || fn == EntrywiseFunction.SQRT
            || fn == EntrywiseFunction.LOG1P || fn == EntrywiseFunction.LOG_GAMMA;
        m.put("map_" + fn.displayName(), () -> unary(a -> new Node.Entrywise(fn, a), positive ? POSITIVE : ProgramBuilder.GAUSSIAN, false));
      }
    }
    // σ′ as an op of its own: its derivative σ″ is what Hessian-vector products need. As an op of
    // a loss, its gradient needs σ″ and its Hessian-vector products σ‴: only where the table's
    // chain of derivatives goes that far (not for log Φ or ln Γ, whose third derivatives no
    // loss needs).
    for (EntrywiseFunction fn : EntrywiseFunction.values()) {
      if (!differentiable(fn, 3)) {
        continue;
      }
      boolean positive = fn == EntrywiseFunction.LOG || fn == EntrywiseFunction.SQRT
          || fn == EntrywiseFunction.LOG1P || fn == EntrywiseFunction.RECIPROCAL;
      m.put("derivative_" + fn.displayName(),
          () -> unary(a -> new Node.EntrywiseDerivative(fn, a), positive ? POSITIVE : ProgramBuilder.GAUSSIAN, false));
    }
    m.put("norm", Examples::norm);
    m.put("negativeBinomial", Examples::negativeBinomial);
    m.put("logSumExp", Examples::logSumExp);
    m.put("colLogSumExp", () -> unary(Node.ColLogSumExp::new, ProgramBuilder.GAUSSIAN, false));
    m.put("max", () -> binary(Node.Max::new, ProgramBuilder.GAUSSIAN));
    m.put("min", () -> binary(Node.Min::new, ProgramBuilder.GAUSSIAN));
    m.put("diagonal", () -> unary(Node.DiagonalOf::new, ProgramBuilder.GAUSSIAN, true));
    m.put("diagOfColumn", () -> diag(false));
    m.put("diagOfRow", () -> diag(true));
    m.put("mean", Examples::mean);
    m.put("powInteger", () -> pow(3));
    m.put("powFractional", () -> pow(1.5));
    m.put("scaleByConstant", Examples::scaleByConstant);
    m.put("scaleByWrtScalar", Examples::scaleByWrtScalar);
    m.put("scaleByDoubleParam", Examples::scaleByDoubleParam);
    m.put("addColumn", Examples::addColumn);
    m.put("trace", Examples::traceAX);
    m.put("det", Examples::det);
    m.put("logdet", Examples::logdet);
    m.put("sum", Examples::sum);
    m.put("dot", Examples::dot);
    m.put("dotSelf", Examples::dotSelf);
    m.put("sumsq", Examples::sumsq);
    m.put("scalarOf", Examples::quadraticForm);
    m.put("scalarArithmetic", Examples::scalarArithmetic);
    m.put("scalarFunctions", Examples::scalarFunctions);
    m.put("doubleParam", Examples::doubleParam);
    m.put("lossIsWrtScalar", Examples::lossIsWrtScalar);
    m.put("leastSquares", Examples::leastSquares);
    m.put("logisticRegression", Examples::logisticRegression);
    m.put("gaussianNll", Examples::gaussianNll);
    m.put("batchedTwoLayer", Examples::batchedTwoLayer);
    m.put("softmaxCrossEntropy", Examples::softmaxCrossEntropy);
    m.put("transposedAndRepeated", Examples::transposedAndRepeated);
    m.put("unusedParam", Examples::unusedParam);
    m.put("lossIndependentOfWrt", Examples::lossIndependentOfWrt);
    m.put("fill", Examples::fill);
    m.put("eye", Examples::eye);
    m.put("broadcastCols", Examples::broadcastCols);
    m.put("broadcastRows", Examples::broadcastRows);
    m.put("scaleColumns", Examples::scaleColumns);
    m.put("solve", Examples::solve);
    m.put("digits", Examples::digits);
    m.put("regularisedLogistic", Examples::regularisedLogistic);
    m.put("covariance", Examples::covariance);
    m.put("sumOfLogs", Examples::sumOfLogs);
    m.put("pick", Examples::pick);
    m.put("pickCrossEntropy", Examples::pickCrossEntropy);
    m.put("gatherCols", Examples::gatherCols);
    m.put("scatter", Examples::scatter);
    m.put("scatterAdd", Examples::scatterAdd);
    return m;
  }

  /** dot(C, pick(A, idx)) wrt A: A k×n, idx n entries in [0, k). */
  private static TestProgram pick() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A");
    String idx = p.index("idx", p.shape(a).rows(), p.shape(a).cols());
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Pick(a, idx)))), "A");
  }

  /** −sum(pick(logSoftmax(Z), labels)): cross-entropy with class indices, wrt Z. */
  public static TestProgram pickCrossEntropy() {
    ProgramBuilder p = new ProgramBuilder();
    int z = p.matrix("Z");
    String labels = p.index("labels", p.shape(z).rows(), p.shape(z).cols());
    int picked = p.op(new Node.Pick(p.op(new Node.LogSoftmax(z)), labels));
    return p.build(p.op(new Node.ScalarNeg(p.op(new Node.Sum(picked)))), "Z");
  }

  /** dot(C, gatherCols(E, ids)) wrt E: E m×V, ids of any length, entries in [0, V), repeats. */
  private static TestProgram gatherCols() {
    ProgramBuilder p = new ProgramBuilder();
    int e = p.matrix("E");
    String ids = p.index("ids", p.shape(e).cols(), new dev.tracegrad.processor.ir.Dim.Length("ids"));
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.GatherCols(e, ids)))), "E");
  }

  /** dot(C, scatter(v, idx)) wrt v: v 1×n, C k×n, idx in [0, k). */
  private static TestProgram scatter() {
    ProgramBuilder p = new ProgramBuilder();
    int v = p.matrix("v");
    int c = p.matrix("C");
    String idx = p.index("idx", p.shape(c).rows(), p.shape(v).cols());
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Scatter(v, idx, p.shape(c).rows())))), "v");
  }

  /** dot(C, scatterAdd(V, ids)) wrt V: V m×n, C m×K, ids n entries in [0, K). */
  private static TestProgram scatterAdd() {
    ProgramBuilder p = new ProgramBuilder();
    int v = p.matrix("V");
    int c = p.matrix("C");
    String ids = p.index("ids", p.shape(c).cols(), p.shape(v).cols());
    return p.build(p.op(new Node.Dot(c, p.op(new Node.ScatterAdd(v, ids, p.shape(c).cols())))), "V");
  }

  /** Example 1: {@code -dot(y, logSoftmax(a))} wrt a. */
  public static TestProgram xent() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("a");
    int y = p.matrix("y");
    int loss = p.op(new Node.ScalarNeg(p.op(new Node.Dot(y, p.op(new Node.LogSoftmax(a))))));
    return p.build(loss, "a");
  }

  /** Example 2: a1 = W1 x, h1 = σ(a1), a2 = W2 h1, l = −dot(y, logSoftmax(a2)), wrt W1, W2. */
  public static TestProgram twoLayer() {
    return twoLayer(false);
  }

  /** Example 2 with the loss written {@code -sum(hadamard(y, logSoftmax(a2)))}. */
  public static TestProgram twoLayerSum() {
    return twoLayer(true);
  }

  private static TestProgram twoLayer(boolean viaSum) {
    ProgramBuilder p = new ProgramBuilder();
    int w1 = p.matrix("W1");
    int w2 = p.matrix("W2");
    int x = p.matrix("x");
    int y = p.matrix("y", PROBABILITIES);
    int a1 = p.let("a1", new Node.MatMul(w1, x));
    int h1 = p.let("h1", new Node.Entrywise(EntrywiseFunction.SIGMOID, a1));
    int a2 = p.let("a2", new Node.MatMul(w2, h1));
    int ls = p.op(new Node.LogSoftmax(a2));
    int inner = viaSum ? p.op(new Node.Sum(p.op(new Node.Hadamard(y, ls)))) : p.op(new Node.Dot(y, ls));
    return p.build(p.op(new Node.ScalarNeg(inner)), "W1", "W2");
  }

  private interface Binary {
    Node make(int a, int b);
  }

  private interface Unary {
    Node make(int a);
  }

  /** dot(C, op(X, Y)) wrt X, Y. */
  private static TestProgram binary(Binary op, ProgramBuilder.Gen gen) {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X", gen);
    int y = p.matrix("Y", gen);
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(op.make(x, y)))), "X", "Y");
  }

  /** dot(C, op(X)) wrt X. */
  private static TestProgram unary(Unary op, ProgramBuilder.Gen gen, boolean square) {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X", gen);
    int c = p.matrix("C");
    int z = p.op(op.make(x));
    if (square) {
      p.op(new Node.Trace(x)); // only records X square, like the front end would for inv(X)
    }
    return p.build(p.op(new Node.Dot(c, z)), "X");
  }

  /**
   * Whether the table writes f and its derivatives up to order k: every entry that the first k − 1
   * derivatives apply has a derivative of its own.
   */
  private static boolean differentiable(EntrywiseFunction f, int k) {
    if (k == 0) {
      return true;
    }
    if (f.order() == EntrywiseFunction.Order.SECOND_DERIVATIVE) {
      return false;
    }
    return dev.tracegrad.processor.ir.Numbers.appliedByDerivative(f).stream()
        .allMatch(g -> differentiable(g, k - 1));
  }


  /**
   * A negative binomial log-likelihood (without the terms in Y alone) wrt the log-means X and the
   * shape r, with μ = exp(X): Σ ln Γ(Y + r) − Σ ln Γ(r) + Σ r log r + Σ Y ⊙ X − Σ (Y + r) ⊙ log(r + μ).
   */
  private static TestProgram negativeBinomial() {
    ProgramBuilder p = new ProgramBuilder();
    int y = p.matrix("Y", POSITIVE);
    int x = p.matrix("X");
    int r = p.scalar("r", 1.3);
    int filledR = p.op(new Node.Fill(r, p.shape(y)));
    int yPlusR = p.op(new Node.Add(y, filledR));
    int counts = p.op(new Node.Sum(p.op(new Node.Entrywise(EntrywiseFunction.LOG_GAMMA, yPlusR))));
    int shapeTerm = p.op(new Node.ScalarSub(
        p.op(new Node.ScalarMul(r, p.op(new Node.ScalarFunction(EntrywiseFunction.LOG, r)))),
        p.op(new Node.ScalarFunction(EntrywiseFunction.LOG_GAMMA, r))));
    int perEntry = p.op(new Node.Sum(p.op(new Node.Fill(shapeTerm, p.shape(y)))));
    int logRPlusMu = p.op(new Node.Entrywise(EntrywiseFunction.LOG,
        p.op(new Node.Add(filledR, p.op(new Node.Entrywise(EntrywiseFunction.EXP, x))))));
    int rest = p.op(new Node.ScalarSub(p.op(new Node.Dot(y, x)), p.op(new Node.Dot(yPlusR, logRPlusMu))));
    return p.build(p.op(new Node.ScalarAdd(p.op(new Node.ScalarAdd(counts, perEntry)), rest)), "X", "r");
  }

  /** norm(X) · s wrt X and s. */
  private static TestProgram norm() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int s = p.scalar("s", 1.3);
    return p.build(p.op(new Node.ScalarMul(p.op(new Node.Norm(x)), s)), "X", "s");
  }

  /** logSumExp(X Y) wrt X, Y. */
  private static TestProgram logSumExp() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int y = p.matrix("Y");
    return p.build(p.op(new Node.LogSumExp(p.op(new Node.MatMul(x, y)))), "X", "Y");
  }

  /** dot(C, diag(v)) wrt v, v a column or a row. */
  private static TestProgram diag(boolean row) {
    ProgramBuilder p = new ProgramBuilder();
    int v = p.matrix("v");
    int d = p.op(new Node.Diag(v, row));
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, d)), "v");
  }

  /** sum(X)/(rows(X) cols(X)): the mean, with the extents as scalars. */
  private static TestProgram mean() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int n = p.op(new Node.ScalarMul(p.op(new Node.Extent(p.shape(x).rows())), p.op(new Node.Extent(p.shape(x).cols()))));
    return p.build(p.op(new Node.ScalarDiv(p.op(new Node.Sum(x)), n)), "X");
  }

  private static TestProgram matMul() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int y = p.matrix("Y");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.MatMul(x, y)))), "X", "Y");
  }

  /** dot(C, X X): X used twice by one op. */
  private static TestProgram matMulSelf() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.MatMul(x, x)))), "X");
  }

  private static TestProgram pow(double exponent) {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X", POSITIVE);
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Pow(x, p.c(exponent))))), "X");
  }

  private static TestProgram scaleByConstant() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Scale(p.c(2.5), x)))), "X");
  }

  /** dot(C, scale(dot(w, w), X)): the scale factor depends on a wrt parameter. */
  public static TestProgram scaleByWrtScalar() {
    ProgramBuilder p = new ProgramBuilder();
    int w = p.matrix("w");
    int x = p.matrix("X");
    int c = p.matrix("C");
    int s = p.op(new Node.Dot(w, w));
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Scale(s, x)))), "w", "X");
  }

  private static TestProgram scaleByDoubleParam() {
    ProgramBuilder p = new ProgramBuilder();
    int s = p.scalar("s", 0.7);
    int x = p.matrix("X");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Scale(s, x)))), "s", "X");
  }

  private static TestProgram addColumn() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int b = p.matrix("b");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.AddColumn(x, b)))), "X", "b");
  }

  /** tr(A X) wrt X; ∂/∂X = Aᵀ. */
  public static TestProgram traceAX() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A");
    int x = p.matrix("X");
    return p.build(p.op(new Node.Trace(p.op(new Node.MatMul(a, x)))), "X");
  }

  private static TestProgram det() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X", WELL_CONDITIONED);
    return p.build(p.op(new Node.Det(x)), "X");
  }

  /** logdet(X) wrt X; ∂/∂X = X⁻ᵀ. */
  public static TestProgram logdet() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X", WELL_CONDITIONED);
    return p.build(p.op(new Node.LogDet(x)), "X");
  }

  private static TestProgram sum() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int y = p.matrix("Y");
    return p.build(p.op(new Node.Sum(p.op(new Node.MatMul(x, y)))), "X", "Y");
  }

  private static TestProgram dot() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int y = p.matrix("Y");
    return p.build(p.op(new Node.Dot(x, y)), "X", "Y");
  }

  private static TestProgram dotSelf() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    return p.build(p.op(new Node.Dot(x, x)), "X");
  }

  private static TestProgram sumsq() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    return p.build(p.op(new Node.SumSq(x)), "X");
  }

  /** scalar(xᵀ A x) wrt x; ∂/∂x = (A + Aᵀ)x. */
  public static TestProgram quadraticForm() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.column("x");
    int a = p.matrix("A");
    int xt = p.op(new Node.Transpose(x));
    return p.build(p.op(new Node.ScalarOf(p.op(new Node.MatMul(p.op(new Node.MatMul(xt, a)), x)))), "x");
  }

  /** (u + v)·(u − v) / (u·v) − (−u), with u = dot(C, X), v = sumsq(X). */
  private static TestProgram scalarArithmetic() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int c = p.matrix("C");
    int u = p.op(new Node.Dot(c, x));
    int v = p.op(new Node.ScalarAdd(p.op(new Node.SumSq(x)), p.c(1)));
    int num = p.op(new Node.ScalarMul(p.op(new Node.ScalarAdd(u, v)), p.op(new Node.ScalarSub(u, v))));
    int q = p.op(new Node.ScalarDiv(num, p.op(new Node.ScalarMul(u, v))));
    return p.build(p.op(new Node.ScalarSub(q, p.op(new Node.ScalarNeg(u)))), "X");
  }

  /** log(v) + exp(u/10) + sqrt(v) + v^1.5 with u = dot(C, X), v = 1 + sumsq(X). */
  private static TestProgram scalarFunctions() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int c = p.matrix("C");
    int u = p.op(new Node.Dot(c, x));
    int v = p.op(new Node.ScalarAdd(p.c(1), p.op(new Node.SumSq(x))));
    int t1 = p.op(new Node.ScalarFunction(EntrywiseFunction.LOG, v));
    int t2 = p.op(new Node.ScalarFunction(EntrywiseFunction.EXP, p.op(new Node.ScalarDiv(u, p.c(10)))));
    int t3 = p.op(new Node.ScalarFunction(EntrywiseFunction.SQRT, v));
    int t4 = p.op(new Node.ScalarPow(v, p.c(1.5)));
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.ScalarAdd(t1, t2)), p.op(new Node.ScalarAdd(t3, t4))));
    return p.build(loss, "X");
  }

  /** s·s·sum(X) + log(s) wrt s (a double) and X. */
  public static TestProgram doubleParam() {
    ProgramBuilder p = new ProgramBuilder();
    int s = p.scalar("s", 1.3);
    int x = p.matrix("X");
    int ss = p.op(new Node.ScalarMul(s, s));
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.ScalarMul(ss, p.op(new Node.Sum(x)))), p.op(new Node.ScalarFunction(EntrywiseFunction.LOG, s))));
    return p.build(loss, "s", "X");
  }

  /** {@code return s;} wrt s: the gradient is 1. */
  private static TestProgram lossIsWrtScalar() {
    ProgramBuilder p = new ProgramBuilder();
    int s = p.scalar("s", 0.4);
    return p.build(s, "s");
  }

  /** ‖Ax − b‖² wrt x; ∂/∂x = 2Aᵀ(Ax − b). */
  public static TestProgram leastSquares() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A");
    int x = p.column("x");
    int b = p.column("b");
    int r = p.let("r", new Node.Sub(p.op(new Node.MatMul(a, x)), b));
    return p.build(p.op(new Node.SumSq(r)), "x");
  }

  /**
   * Logistic regression over a batch: z = wᵀX (1×n), l = sum(softplus(z)) − dot(y, z);
   * ∂/∂w = X(σ(z) − y)ᵀ.
   */
  public static TestProgram logisticRegression() {
    ProgramBuilder p = new ProgramBuilder();
    int w = p.column("w");
    int x = p.matrix("X");
    int y = p.matrix("y", POSITIVE);
    int z = p.let("z", new Node.MatMul(p.op(new Node.Transpose(w)), x));
    int loss = p.op(new Node.ScalarSub(p.op(new Node.Sum(p.op(new Node.Entrywise(EntrywiseFunction.SOFTPLUS, z)))), p.op(new Node.Dot(y, z))));
    return p.build(loss, "w");
  }

  /** Gaussian NLL: log|Σ| + tr(Σ⁻¹S) wrt Σ; ∂/∂Σ = Σ⁻ᵀ − Σ⁻ᵀSᵀΣ⁻ᵀ. */
  public static TestProgram gaussianNll() {
    ProgramBuilder p = new ProgramBuilder();
    int sigma = p.matrix("Sigma", WELL_CONDITIONED);
    int s = p.matrix("S");
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.LogDet(sigma)), p.op(new Node.Trace(p.op(new Node.MatMul(p.op(new Node.Inv(sigma)), s))))));
    return p.build(loss, "Sigma");
  }

  /** H = σ(W1X + b1𝟏ᵀ), Z = W2H + b2𝟏ᵀ, l = −dot(Y, logSoftmax(Z)) wrt W1, b1, W2, b2. */
  public static TestProgram batchedTwoLayer() {
    ProgramBuilder p = new ProgramBuilder();
    int w1 = p.matrix("W1");
    int b1 = p.matrix("b1");
    int w2 = p.matrix("W2");
    int b2 = p.matrix("b2");
    int x = p.matrix("X");
    int y = p.matrix("Y", PROBABILITIES);
    int h = p.let("H", new Node.Entrywise(EntrywiseFunction.SIGMOID, p.op(new Node.AddColumn(p.op(new Node.MatMul(w1, x)), b1))));
    int z = p.let("Z", new Node.AddColumn(p.op(new Node.MatMul(w2, h)), b2));
    int loss = p.op(new Node.ScalarNeg(p.op(new Node.Dot(y, p.op(new Node.LogSoftmax(z))))));
    return p.build(loss, "W1", "b1", "W2", "b2");
  }

  /** −dot(y, log(softmax(a))) wrt a: softmax, not logSoftmax. */
  public static TestProgram softmaxCrossEntropy() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("a");
    int y = p.matrix("y", PROBABILITIES);
    int loss = p.op(new Node.ScalarNeg(p.op(new Node.Dot(y, p.op(new Node.Entrywise(EntrywiseFunction.LOG, p.op(new Node.Softmax(a))))))));
    return p.build(loss, "a");
  }

  /** sum(X Xᵀ) + tr(Xᵀ C): X appears transposed and several times. */
  public static TestProgram transposedAndRepeated() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int c = p.matrix("C");
    int xt = p.op(new Node.Transpose(x));
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.Sum(p.op(new Node.MatMul(x, xt)))), p.op(new Node.Trace(p.op(new Node.MatMul(xt, c))))));
    return p.build(loss, "X");
  }

  /** sumsq(X) wrt X, U and t, where U and the double t are not used: zero gradients. */
  public static TestProgram unusedParam() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int u = p.matrix("U");
    p.scalar("t", 2.0);
    p.let("dead", new Node.Transpose(u)); // U occurs, but not on a path to the loss
    return p.build(p.op(new Node.SumSq(x)), "X", "U", "t");
  }

  /** sum(C) wrt X: the loss does not depend on X at all. */
  private static TestProgram lossIndependentOfWrt() {
    ProgramBuilder p = new ProgramBuilder();
    p.matrix("X");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Sum(c)), "X");
  }

  private static TestProgram fill() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int d = p.matrix("D");
    int c = p.matrix("C");
    int s = p.op(new Node.Dot(x, d));
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Fill(s, p.shape(c))))), "X");
  }

  private static TestProgram eye() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int c = p.matrix("C");
    p.op(new Node.Trace(c)); // C square
    int s = p.op(new Node.SumSq(x));
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Eye(s, p.shape(c).rows())))), "X");
  }

  private static TestProgram broadcastCols() {
    ProgramBuilder p = new ProgramBuilder();
    int v = p.column("v");
    int c = p.matrix("C");
    int bc = p.op(new Node.BroadcastCols(v, p.shape(c).cols()));
    return p.build(p.op(new Node.Dot(c, bc)), "v");
  }

  private static TestProgram broadcastRows() {
    ProgramBuilder p = new ProgramBuilder();
    int r = p.matrix("r");
    int c = p.matrix("C");
    int rt = p.op(new Node.Transpose(p.op(new Node.Transpose(r))));
    int br = p.op(new Node.BroadcastRows(rt, p.shape(c).rows()));
    return p.build(p.op(new Node.Dot(c, br)), "r");
  }

  private static TestProgram scaleColumns() {
    ProgramBuilder p = new ProgramBuilder();
    int x = p.matrix("X");
    int r = p.matrix("r");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.ScaleColumns(x, r)))), "X", "r");
  }

  private static TestProgram solve() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A", WELL_CONDITIONED);
    int b = p.matrix("B");
    int c = p.matrix("C");
    return p.build(p.op(new Node.Dot(c, p.op(new Node.Solve(a, b)))), "A", "B");
  }

  // ---------------------------------------------------------------- the sample's losses

  /**
   * The sample's digits classifier: hidden = tanh(W1 X + b1𝟏ᵀ) (its argument unnamed),
   * logits = W2 hidden + b2𝟏ᵀ, l = −dot(Y, logSoftmax(logits)) / batchSize.
   */
  public static TestProgram digits() {
    ProgramBuilder p = new ProgramBuilder();
    int w1 = p.matrix("W1");
    int b1 = p.column("b1");
    int w2 = p.matrix("W2");
    int b2 = p.column("b2");
    int x = p.matrix("X");
    int y = p.matrix("Y", PROBABILITIES);
    int batch = p.scalar("batchSize", 4);
    int hidden = p.let("hidden", new Node.Entrywise(EntrywiseFunction.TANH,
        p.op(new Node.AddColumn(p.op(new Node.MatMul(w1, x)), b1))));
    int logits = p.let("logits", new Node.AddColumn(p.op(new Node.MatMul(w2, hidden)), b2));
    int nll = p.op(new Node.ScalarNeg(p.op(new Node.Dot(y, p.op(new Node.LogSoftmax(logits))))));
    return p.build(p.op(new Node.ScalarDiv(nll, batch)), "W1", "b1", "W2", "b2");
  }

  /**
   * The sample's regularised logistic regression: margins = y ⊙ (Xᵀw + b ones),
   * l = sum(softplus(−margins)) / n + 0.5 lambda ‖w‖², wrt w and the double b.
   */
  public static TestProgram regularisedLogistic() {
    ProgramBuilder p = new ProgramBuilder();
    int w = p.column("w");
    int b = p.scalar("b", 0.3);
    int x = p.matrix("X");
    int y = p.column("y");
    int ones = p.column("ones", POSITIVE);
    int n = p.scalar("n", 5);
    int lambda = p.scalar("lambda", 0.1);
    int margins = p.let("margins", new Node.Hadamard(y,
        p.op(new Node.Add(p.op(new Node.MatMul(p.op(new Node.Transpose(x)), w)), p.op(new Node.Scale(b, ones))))));
    int data = p.op(new Node.ScalarDiv(p.op(new Node.Sum(p.op(new Node.Entrywise(EntrywiseFunction.SOFTPLUS,
        p.op(new Node.Neg(margins)))))), n));
    int penalty = p.op(new Node.ScalarMul(p.op(new Node.ScalarMul(p.c(0.5), lambda)), p.op(new Node.SumSq(w))));
    return p.build(p.op(new Node.ScalarAdd(data, penalty)), "w", "b");
  }

  /** The sample's covariance fit: sigma = L Lᵀ + eps I (positive definite), l = log|sigma| + tr(sigma⁻¹ S) wrt L. */
  public static TestProgram covariance() {
    ProgramBuilder p = new ProgramBuilder();
    int l = p.matrix("L");
    int s = p.matrix("S");
    int eps = p.scalar("eps", 0.5);
    int lLt = p.op(new Node.MatMul(l, p.op(new Node.Transpose(l))));
    int sigma = p.let("sigma", new Node.Add(lLt, p.op(new Node.Eye(eps, p.shape(lLt).rows()))));
    int loss = p.op(new Node.ScalarAdd(p.op(new Node.LogDet(sigma)),
        p.op(new Node.Trace(p.op(new Node.MatMul(p.op(new Node.Inv(sigma)), s))))));
    return p.build(loss, "L");
  }

  /** sum(log(A)) wrt A: ∂l/∂A = 𝟏𝟏ᵀ / A. */
  public static TestProgram sumOfLogs() {
    ProgramBuilder p = new ProgramBuilder();
    int a = p.matrix("A", POSITIVE);
    return p.build(p.op(new Node.Sum(p.op(new Node.Entrywise(EntrywiseFunction.LOG, a)))), "A");
  }
}
