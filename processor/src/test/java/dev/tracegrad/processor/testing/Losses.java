package dev.tracegrad.processor.testing;

import dev.tracegrad.processor.derive.Derivation;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Fn;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;

/**
 * Hand-built programs with their prepared gradient graphs, for losses whose gradients have known
 * closed forms. Each graph is what derive + simplify + prepareForLowering are meant to produce.
 */
public final class Losses {
  private Losses() {}

  /** A program and its derivation. */
  public record Case(Program program, Derivation derivation) {}

  /** f = sumsq(mul(A, x)) wrt A; ∂f/∂A = 2(Ax)xᵀ. */
  public static Case sumsqOfProduct() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int x = b.matrix("x");
    b.mulCheck(a, x, "mul(A, x)", "A", "x");
    int ax = b.local("y", new Node.MatMul(a, x));
    int f = b.add(new Node.SumSq(ax));
    int grad = b.add(new Node.MatMul(b.add(new Node.Scale(b.constant(2), ax)), b.add(new Node.Transpose(x))));
    Program p = b.program("Losses#sumsqOfProduct", "LossesSumsqOfProductGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, grad));
  }

  /**
   * f = −dot(Y, logSoftmax(mul(W, X))) wrt W; ∂f/∂W = (softmax(WX)(𝟏ᵀY) − Y)Xᵀ, with the softmax
   * read back from the forward log-softmax as exp.
   */
  public static Case softmaxCrossEntropy() {
    ProgramBuilder b = new ProgramBuilder().wrt("W");
    int w = b.matrix("W");
    int x = b.matrix("X");
    int y = b.matrix("Y");
    b.mulCheck(w, x, "mul(W, X)", "W", "X");
    int logits = b.local("logits", new Node.MatMul(w, x));
    int ls = b.local("logp", new Node.LogSoftmax(logits));
    b.sameShape(y, ls, "dot(Y, logp)", "Y", "logp");
    int dot = b.add(new Node.Dot(y, ls));
    int f = b.add(new Node.ScalarNeg(dot));
    int p = b.add(new Node.Map(Fn.EXP, ls));
    int g = b.add(new Node.Sub(b.add(new Node.ScaleColumns(p, b.add(new Node.ColSums(y)))), y));
    int grad = b.add(new Node.MatMul(g, b.add(new Node.Transpose(x))));
    Program prog = b.program("Losses#crossEntropy", "LossesCrossEntropyGradient", f);
    return new Case(prog, ProgramBuilder.derivation(prog, grad));
  }

  /** f = logdet(S) + tr(mul(inv(S), M)) wrt S; ∂f/∂S = S⁻ᵀ − S⁻ᵀMᵀS⁻ᵀ. */
  public static Case logdetPlusTrace() {
    ProgramBuilder b = new ProgramBuilder().wrt("S");
    int s = b.matrix("S");
    int m = b.matrix("M");
    b.square(s, "logdet", "S");
    int ld = b.add(new Node.LogDet(s));
    int inv = b.local("Sinv", new Node.Inv(s));
    b.mulCheck(inv, m, "mul(inv(S), M)", "inv(S)", "M");
    int prod = b.add(new Node.MatMul(inv, m));
    b.square(prod, "tr", "mul(inv(S), M)");
    int tr = b.add(new Node.Trace(prod));
    int f = b.add(new Node.ScalarAdd(ld, tr));
    int invT = b.add(new Node.Transpose(inv));
    int inner = b.add(new Node.MatMul(b.add(new Node.MatMul(invT, b.add(new Node.Transpose(m)))), invT));
    int grad = b.add(new Node.Sub(invT, inner));
    Program p = b.program("Losses#logdetTrace", "LossesLogdetTraceGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, grad));
  }

  /**
   * The same loss with the gradient in the solve form prepareForLowering produces:
   * ∂f/∂S = S⁻ᵀ(I − (S⁻¹M)ᵀ), with S⁻ᵀ(·) a transposed solve.
   */
  public static Case logdetPlusTraceWithSolves() {
    ProgramBuilder b = new ProgramBuilder().wrt("S");
    int s = b.matrix("S");
    int m = b.matrix("M");
    b.square(s, "logdet", "S");
    int ld = b.add(new Node.LogDet(s));
    b.mulCheck(s, m, "mul(inv(S), M)", "inv(S)", "M");
    int sm = b.add(new Node.Solve(s, m));
    b.square(sm, "tr", "mul(inv(S), M)");
    int tr = b.add(new Node.Trace(sm));
    int f = b.add(new Node.ScalarAdd(ld, tr));
    int one = b.constant(1);
    int eye = b.add(new Node.Eye(one, b.shape(s).rows()));
    int rhs = b.add(new Node.Sub(eye, b.add(new Node.Transpose(sm))));
    int grad = b.add(new Node.Solve(b.add(new Node.Transpose(s)), rhs));
    Program p = b.program("Losses#logdetTraceSolve", "LossesLogdetTraceSolveGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, grad));
  }

  /** f = det(A) wrt A; ∂f/∂A = det(A)·A⁻ᵀ (needs A invertible; det itself does not). */
  public static Case determinant() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    b.square(a, "det", "A");
    int det = b.add(new Node.Det(a));
    int grad = b.add(new Node.Scale(det, b.add(new Node.Transpose(b.add(new Node.Inv(a))))));
    Program p = b.program("Losses#det", "LossesDetGradient", det);
    return new Case(p, ProgramBuilder.derivation(p, grad));
  }

  /**
   * f = sum(scale(s, sigmoid(A))) + s·s wrt A and the double s:
   * ∂f/∂A = s·σ(A)⊙(1 − σ(A)), ∂f/∂s = sum(σ(A)) + 2s.
   */
  public static Case scaledSigmoid() {
    ProgramBuilder b = new ProgramBuilder().wrt("A", "s");
    int a = b.matrix("A");
    int s = b.scalar("s");
    int sig = b.local("h", new Node.Map(Fn.SIGMOID, a));
    int sum = b.add(new Node.Sum(b.add(new Node.Scale(s, sig))));
    int f = b.add(new Node.ScalarAdd(sum, b.add(new Node.ScalarMul(s, s))));
    int oneMinus = b.add(new Node.Sub(b.add(new Node.Fill(b.constant(1), b.shape(a))), sig));
    int gradA = b.add(new Node.Scale(s, b.add(new Node.Hadamard(sig, oneMinus))));
    int gradS = b.add(new Node.ScalarAdd(b.add(new Node.Sum(sig)),
        b.add(new Node.ScalarMul(b.constant(2), s))));
    Program p = b.program("Losses#scaledSigmoid", "LossesScaledSigmoidGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, gradA, gradS));
  }

  /**
   * A two-layer network: a1 = W1 x, h1 = sigmoid(a1), a2 = addColumn(W2 h1, b2),
   * f = −dot(y, logSoftmax(a2)) wrt W1, W2, b2.
   */
  public static Case twoLayer() {
    ProgramBuilder b = new ProgramBuilder().wrt("W1", "W2", "b2");
    int w1 = b.matrix("W1");
    int w2 = b.matrix("W2");
    int b2 = b.matrix("b2");
    int x = b.matrix("x");
    int y = b.matrix("y");
    b.mulCheck(w1, x, "mul(W1, x)", "W1", "x");
    int a1 = b.local("a1", new Node.MatMul(w1, x));
    int h1 = b.local("h1", new Node.Map(Fn.SIGMOID, a1));
    b.mulCheck(w2, h1, "mul(W2, h1)", "W2", "h1");
    int z2 = b.add(new Node.MatMul(w2, h1));
    b.check(b.shape(b2).rows(), b.shape(z2).rows(), "addColumn(mul(W2, h1), b2)", "mul(W2, h1)", z2,
        "b2", b2, "b2 must be (rows of mul(W2, h1))x1");
    b.unary(b.shape(b2).cols(), Dim.ONE, "addColumn(mul(W2, h1), b2)", "b2", b2, "b2 must be a column");
    int a2 = b.local("a2", new Node.AddColumn(z2, b2));
    int ls = b.add(new Node.LogSoftmax(a2));
    b.sameShape(y, ls, "dot(y, logSoftmax(a2))", "y", "logSoftmax(a2)");
    int f = b.add(new Node.ScalarNeg(b.add(new Node.Dot(y, ls))));
    int g2 = b.add(new Node.Sub(
        b.add(new Node.ScaleColumns(b.add(new Node.Map(Fn.EXP, ls)), b.add(new Node.ColSums(y)))), y));
    int gW2 = b.add(new Node.MatMul(g2, b.add(new Node.Transpose(h1))));
    int gb2 = b.add(new Node.RowSums(g2));
    int gh1 = b.add(new Node.MatMul(b.add(new Node.Transpose(w2)), g2));
    int oneMinus = b.add(new Node.Sub(b.add(new Node.Fill(b.constant(1), b.shape(h1))), h1));
    int ga1 = b.add(new Node.Hadamard(gh1, b.add(new Node.Hadamard(h1, oneMinus))));
    int gW1 = b.add(new Node.MatMul(ga1, b.add(new Node.Transpose(x))));
    Program p = b.program("Losses#twoLayer", "LossesTwoLayerGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, gW1, gW2, gb2));
  }

  /** f = dot(A, B) wrt A and B: ∂f/∂A = B, ∂f/∂B = A (gradients that are parameters, copied out). */
  public static Case dotOfParameters() {
    ProgramBuilder b = new ProgramBuilder().wrt("A", "B");
    int a = b.matrix("A");
    int bb = b.matrix("B");
    b.sameShape(a, bb, "dot(A, B)", "A", "B");
    int f = b.add(new Node.Dot(a, bb));
    Program p = b.program("Losses#dot", "LossesDotGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, bb, a));
  }

  /**
   * Parameters and locals named like generated code: W, i, j, n, result, dW, value, Math, Matrix;
   * locals "row" and "k". f = sumsq(mul(W, i)) + value·dot(j, n) + sum(hadamard(result, dW))
   * + Math·sum(exp(Matrix)) wrt W, dW, value, Math, Matrix.
   */
  public static Case nameClashes() {
    ProgramBuilder b = new ProgramBuilder().wrt("W", "dW", "value", "Math", "Matrix");
    int w = b.matrix("W");
    int i = b.matrix("i");
    int j = b.matrix("j");
    int n = b.matrix("n");
    int result = b.matrix("result");
    int dw = b.matrix("dW");
    int value = b.scalar("value");
    int math = b.scalar("Math");
    int matrix = b.matrix("Matrix");
    b.mulCheck(w, i, "mul(W, i)", "W", "i");
    int row = b.local("row", new Node.MatMul(w, i));
    int t1 = b.add(new Node.SumSq(row));
    b.sameShape(j, n, "dot(j, n)", "j", "n");
    int dot = b.add(new Node.Dot(j, n));
    int t2 = b.add(new Node.ScalarMul(value, dot));
    b.sameShape(result, dw, "hadamard(result, dW)", "result", "dW");
    int t3 = b.add(new Node.Sum(b.add(new Node.Hadamard(result, dw))));
    int k = b.local("k", new Node.Map(Fn.EXP, matrix));
    int t4 = b.add(new Node.ScalarMul(math, b.add(new Node.Sum(k))));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.ScalarAdd(b.add(new Node.ScalarAdd(t1, t2)), t3)), t4));
    int gw = b.add(new Node.MatMul(b.add(new Node.Scale(b.constant(2), row)), b.add(new Node.Transpose(i))));
    int gm = b.add(new Node.Sum(k));
    int gMatrix = b.add(new Node.Scale(math, k));
    Program p = b.program("Losses#clash", "LossesClashGradient", f);
    return new Case(p, ProgramBuilder.derivation(p, gw, result, dot, gm, gMatrix));
  }
}
