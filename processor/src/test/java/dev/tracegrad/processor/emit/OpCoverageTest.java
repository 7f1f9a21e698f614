package dev.tracegrad.processor.emit;

import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.det;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.rowSums;
import static dev.tracegrad.Ops.scalar;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tr;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Numbers;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import dev.tracegrad.processor.lower.fixtures.ProgramBuilder;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every op lowers to code that computes what {@code Ops} computes, and the less common loop shapes
 * (diagonals, broadcasts, outer and 1×1 products, AᵀBᵀ) give correct gradients.
 */
class OpCoverageTest {
  private final Random rnd = new Random(13);

  /** f = sum(σ(A)), wrt A with the gradient σ′ written by hand. */
  private static Losses.Case sumOfMap(dev.tracegrad.processor.ir.EntrywiseFunction fn) {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int f = b.add(new Node.Sum(b.add(new Node.Entrywise(fn, a))));
    Program p = b.program("T#map", "TMapGradient", f);
    return new Losses.Case(p, ProgramBuilder.derivation(p, a));
  }

  @ParameterizedTest
  @EnumSource(dev.tracegrad.processor.ir.EntrywiseFunction.class)
  void everyElementwiseFunctionMatchesOps(dev.tracegrad.processor.ir.EntrywiseFunction fn) throws Exception {
    DoubleUnaryOperator reference = x -> Numbers.value(fn, x); // the runtime call the table names
    Harness h = new Harness(sumOfMap(fn), a -> 0);
    Matrix a = Numeric.random(3, 4, rnd);
    if (fn == dev.tracegrad.processor.ir.EntrywiseFunction.LOG || fn == dev.tracegrad.processor.ir.EntrywiseFunction.SQRT) {
      a = Ops.abs(a);
    }
    a.set(0, 0, 0.0);
    double expected = 0;
    for (double v : a.data()) {
      expected += reference.applyAsDouble(v);
    }
    assertEquals(expected, h.value(a), 0.0, fn.name());
    if (fn.inDsl()) {
      java.lang.reflect.Method ops = Ops.class.getMethod(fn.opsName(), Matrix.class);
      UnaryOperator<Matrix> op = m -> {
        try {
          return (Matrix) ops.invoke(null, m);
        } catch (ReflectiveOperationException e) {
          throw new AssertionError(e);
        }
      };
      assertEquals(sum(op.apply(a)), h.value(a), 0.0, fn.name() + " against Ops");
    }
  }

  @Test
  void elementwiseArithmeticPowAndScalarFunctionsMatchOps() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    int s = b.scalar("s");
    b.sameShape(a, c, "div(A, B)", "A", "B");
    // sum(scale(log(s) / sqrt(s) - exp(s), div(pow(A, 3), neg(B)))) + Math.pow(s, 2.5)
    int k = b.add(new Node.ScalarSub(
        b.add(new Node.ScalarDiv(b.add(new Node.ScalarFunction(EntrywiseFunction.LOG, s)), b.add(new Node.ScalarFunction(EntrywiseFunction.SQRT, s)))),
        b.add(new Node.ScalarFunction(EntrywiseFunction.EXP, s))));
    int e = b.add(new Node.Scale(k, b.add(new Node.Div(b.add(new Node.Pow(a, b.constant(3))), b.add(new Node.Neg(c))))));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.Sum(e)), b.add(new Node.ScalarPow(s, b.constant(2.5)))));
    Program p = b.program("T#arith", "TArithGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, a)), x -> 0);
    Matrix am = Numeric.random(3, 3, rnd);
    Matrix bm = Numeric.positiveColumns(3, 3, rnd);
    double sv = 1.7;
    double kv = Math.log(sv) / Math.sqrt(sv) - Math.exp(sv);
    double expected = sum(Ops.scale(kv, Ops.div(Ops.pow(am, 3), Ops.neg(bm)))) + Math.pow(sv, 2.5);
    assertEquals(expected, h.value(am, bm, sv), 0.0);
  }

  @Test
  void softmaxRowAndColumnSumsMatchOps() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.sameShape(a, c, "hadamard(softmax(A), B)", "softmax(A)", "B");
    int sm = b.add(new Node.Sum(b.add(new Node.Hadamard(b.add(new Node.Softmax(a)), c))));
    int rs = b.add(new Node.SumSq(b.add(new Node.RowSums(a))));
    int cs = b.add(new Node.SumSq(b.add(new Node.ColSums(c))));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.ScalarAdd(sm, rs)), cs));
    Program p = b.program("T#softmax", "TSoftmaxGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, a)), x -> 0);
    for (int[] shape : new int[][] {{4, 5}, {4, 1}, {1, 3}}) {
      Matrix am = Numeric.random(shape[0], shape[1], rnd);
      Matrix bm = Numeric.random(shape[0], shape[1], rnd);
      double expected = sum(hadamard(softmax(am), bm)) + sumsq(rowSums(am)) + sumsq(colSums(bm));
      assertEquals(expected, h.value(am, bm), 0.0);
    }
  }

  @Test
  void traceOfAFusedTransposeAndItsEyeGradient() {
    // f = tr(A + Aᵀ) wrt A: ∂f/∂A = 2I.
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    b.square(a, "add(A, t(A))", "A");
    int f = b.add(new Node.Trace(b.add(new Node.Add(a, b.add(new Node.Transpose(a))))));
    int grad = b.add(new Node.Eye(b.constant(2), b.shape(a).rows()));
    Program p = b.program("T#trace", "TTraceGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, grad)),
        x -> tr(Ops.add((Matrix) x[0], t((Matrix) x[0]))));
    Object r = h.verify(Numeric.random(4, 4, rnd));
    Numeric.assertClose(Ops.scale(2, Matrix.identity(4)), (Matrix) CompiledClass.component(r, "dA"), 0, "2I");
  }

  @Test
  void quadraticFormNeedsOuterAndOneByOneProducts() {
    // f = scalar(mul(mul(t(x), A), x)) wrt A and x: ∂f/∂A = xxᵀ, ∂f/∂x = (A + Aᵀ)x.
    ProgramBuilder b = new ProgramBuilder().wrt("A", "x");
    int a = b.matrix("A");
    int x = b.matrix("x");
    b.check(b.shape(x).rows(), b.shape(a).rows(), "mul(t(x), A)", "t(x)", x, "A", a, "rule");
    b.mulCheck(a, x, "mul(mul(t(x), A), x)", "mul(t(x), A)", "x");
    b.unary(b.shape(x).cols(), Dim.ONE, "scalar", "x", x, "x must be a column");
    int xt = b.add(new Node.Transpose(x));
    int f = b.add(new Node.ScalarOf(b.add(new Node.MatMul(b.add(new Node.MatMul(xt, a)), x))));
    int gA = b.add(new Node.MatMul(x, xt));
    int gx = b.add(new Node.MatMul(b.add(new Node.Add(a, b.add(new Node.Transpose(a)))), x));
    Program p = b.program("T#quad", "TQuadGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, gA, gx)),
        v -> scalar(mul(mul(t((Matrix) v[1]), (Matrix) v[0]), (Matrix) v[1])));
    Matrix am = Numeric.random(3, 3, rnd);
    Matrix xm = Numeric.random(3, 1, rnd);
    Object r = h.verify(am, xm);
    Numeric.assertClose(mul(xm, t(xm)), (Matrix) CompiledClass.component(r, "dA"), 1e-15, "xx^T");
    Numeric.assertClose(mul(Ops.add(am, t(am)), xm), (Matrix) CompiledClass.component(r, "dx"), 1e-14, "(A + A^T)x");
  }

  @Test
  void broadcastGradientsOfRowAndColumnSums() {
    // f = sumsq(rowSums(A)) + sumsq(colSums(A)): ∂f/∂A = 2(A𝟏)𝟏ᵀ + 2𝟏(𝟏ᵀA).
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int rs = b.add(new Node.RowSums(a));
    int cs = b.add(new Node.ColSums(a));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.SumSq(rs)), b.add(new Node.SumSq(cs))));
    int two = b.constant(2);
    int grad = b.add(new Node.Add(
        b.add(new Node.Scale(two, b.add(new Node.BroadcastCols(rs, b.shape(a).cols())))),
        b.add(new Node.Scale(two, b.add(new Node.BroadcastRows(cs, b.shape(a).rows()))))));
    Program p = b.program("T#sums", "TSumsGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, grad)),
        x -> sumsq(rowSums((Matrix) x[0])) + sumsq(colSums((Matrix) x[0])));
    h.verify(Numeric.random(3, 5, rnd));
    h.verify(Numeric.random(1, 4, rnd));
  }

  @Test
  void productOfTwoTransposesAndInverseInTheForwardPass() {
    // f = dot(C, mul(t(A), t(B))) + sum(inv(D)) + det(D), value only.
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int bb = b.matrix("B");
    int c = b.matrix("C");
    int d = b.matrix("D");
    b.check(b.shape(a).rows(), b.shape(bb).cols(), "mul(t(A), t(B))", "t(A)", a, "t(B)", bb, "rule");
    b.check(b.shape(c).rows(), b.shape(a).cols(), "dot", "C", c, "A", a, "rule");
    b.check(b.shape(c).cols(), b.shape(bb).rows(), "dot", "C", c, "B", bb, "rule");
    b.square(d, "inv", "D");
    int prod = b.add(new Node.MatMul(b.add(new Node.Transpose(a)), b.add(new Node.Transpose(bb))));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.ScalarAdd(b.add(new Node.Dot(c, prod)),
        b.add(new Node.Sum(b.add(new Node.Inv(d)))))), b.add(new Node.Det(d))));
    Program p = b.program("T#tt", "TTtGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, a)), x -> 0);
    Matrix am = Numeric.random(4, 3, rnd);
    Matrix bm = Numeric.random(2, 4, rnd);
    Matrix cm = Numeric.random(3, 2, rnd);
    Matrix dm = Numeric.wellConditioned(3, rnd);
    double expected = Ops.dot(cm, mul(t(am), t(bm))) + sum(inv(dm)) + det(dm);
    Numeric.assertClose(expected, h.value(am, bm, cm, dm), 1e-13, "value");
  }

  @Test
  void foldedScalarFactorsInEveryProductVariant() {
    // f = sum(mul(neg(A), scale(s, B))) + sum(mul(t(scale(s, A)), C)) + sum(mul(A, neg(t(D))))
    //   + sum(mul(scale(s, u), t(u))): AB, AᵀB, ABᵀ and an outer product, each with its α.
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int bb = b.matrix("B");
    int c = b.matrix("C");
    int d = b.matrix("D");
    int u = b.matrix("u");
    int s = b.scalar("s");
    b.mulCheck(a, bb, "mul(neg(A), scale(s, B))", "A", "B");
    b.check(b.shape(a).rows(), b.shape(c).rows(), "mul(t(A), C)", "t(A)", a, "C", c, "rule");
    b.check(b.shape(a).cols(), b.shape(d).cols(), "mul(A, t(D))", "A", a, "t(D)", d, "rule");
    b.unary(b.shape(u).cols(), Dim.ONE, "mul(u, t(u))", "u", u, "u must be a column");
    int p1 = b.add(new Node.MatMul(b.add(new Node.Neg(a)), b.add(new Node.Scale(s, bb))));
    int p2 = b.add(new Node.MatMul(b.add(new Node.Transpose(b.add(new Node.Scale(s, a)))), c));
    int p3 = b.add(new Node.MatMul(a, b.add(new Node.Neg(b.add(new Node.Transpose(d))))));
    int p4 = b.add(new Node.MatMul(b.add(new Node.Scale(s, u)), b.add(new Node.Transpose(u))));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.ScalarAdd(b.add(new Node.Sum(p1)), b.add(new Node.Sum(p2)))),
        b.add(new Node.ScalarAdd(b.add(new Node.Sum(p3)), b.add(new Node.Sum(p4))))));
    Program p = b.program("T#folded", "TFoldedGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, a)), x -> 0);
    Matrix am = Numeric.random(3, 4, rnd);
    Matrix bm = Numeric.random(4, 2, rnd);
    Matrix cm = Numeric.random(3, 5, rnd);
    Matrix dm = Numeric.random(2, 4, rnd);
    Matrix um = Numeric.random(3, 1, rnd);
    double sv = -0.7;
    double expected = sum(mul(Ops.neg(am), Ops.scale(sv, bm))) + sum(mul(t(Ops.scale(sv, am)), cm))
        + sum(mul(am, Ops.neg(t(dm)))) + sum(mul(Ops.scale(sv, um), t(um)));
    Numeric.assertClose(expected, h.value(am, bm, cm, dm, um, sv), 1e-14, "value");
  }
}
