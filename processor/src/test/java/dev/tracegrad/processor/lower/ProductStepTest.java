package dev.tracegrad.processor.lower;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.lower.fixtures.ProgramBuilder;
import org.junit.jupiter.api.Test;

/**
 * Each product gets its variant (which operands are read transposed) and extents, with
 * transposes, scalings and negations folded in instead of copied.
 */
class ProductStepTest {

  private static Step.Product forwardProduct(LoopProgram lp) {
    return Programs.only(lp.forward(), Step.Product.class);
  }

  @Test
  void abReadsBothAsStored() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.mulCheck(a, c, "mul(A, B)", "A", "B");
    Step.Product p = forwardProduct(Programs.lowerSumOf(b, b.add(new Node.MatMul(a, c))));
    assertEquals("AB", p.variant());
    assertEquals("A", p.a().name());
    assertEquals("B", p.b().name());
    assertEquals(Dim.of("A", dev.tracegrad.processor.ir.Axis.ROWS), p.m());
    assertEquals(Dim.of("B", dev.tracegrad.processor.ir.Axis.COLS), p.n());
  }

  @Test
  void atbFoldsTheTranspose() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.check(b.shape(a).rows(), b.shape(c).rows(), "mul(t(A), B)", "t(A)", a, "B", c, "rule");
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.MatMul(b.add(new Node.Transpose(a)), c)));
    Step.Product p = forwardProduct(lp);
    assertEquals("AtB", p.variant());
    assertEquals(Buffer.Role.PARAM, p.a().kind());
    assertEquals(Dim.of("A", dev.tracegrad.processor.ir.Axis.ROWS), p.p());
    // Only the product's result is a scratch buffer: no transposed copy of A.
    assertEquals(1, lp.scratch().size());
  }

  @Test
  void abtFoldsTheTranspose() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.check(b.shape(a).cols(), b.shape(c).cols(), "mul(A, t(B))", "A", a, "t(B)", c, "rule");
    Step.Product p = forwardProduct(Programs.lowerSumOf(b, b.add(new Node.MatMul(a, b.add(new Node.Transpose(c))))));
    assertEquals("ABt", p.variant());
  }

  @Test
  void atbtFoldsBothTransposes() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.check(b.shape(a).rows(), b.shape(c).cols(), "mul(t(A), t(B))", "t(A)", a, "t(B)", c, "rule");
    Step.Product p = forwardProduct(Programs.lowerSumOf(b,
        b.add(new Node.MatMul(b.add(new Node.Transpose(a)), b.add(new Node.Transpose(c))))));
    assertEquals("AtBt", p.variant());
  }

  @Test
  void doubleTransposeCancels() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.mulCheck(a, c, "mul(A, B)", "A", "B");
    int tt = b.add(new Node.Transpose(b.add(new Node.Transpose(a))));
    Step.Product p = forwardProduct(Programs.lowerSumOf(b, b.add(new Node.MatMul(tt, c))));
    assertEquals("AB", p.variant());
    assertEquals("A", p.a().name());
  }

  @Test
  void matrixTimesColumnHasOneColumn() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int x = b.matrix("x");
    b.mulCheck(a, x, "mul(A, x)", "A", "x");
    b.unary(b.shape(x).cols(), Dim.ONE, "mul(A, x)", "x", x, "x must be a column");
    Step.Product p = forwardProduct(Programs.lowerSumOf(b, b.add(new Node.MatMul(a, x))));
    assertEquals(Dim.ONE, p.n());
  }

  @Test
  void columnTimesRowHasInnerDimensionOne() {
    ProgramBuilder b = new ProgramBuilder().wrt("u");
    int u = b.matrix("u");
    int v = b.matrix("v");
    b.unary(b.shape(u).cols(), Dim.ONE, "mul(u, t(v))", "u", u, "u must be a column");
    b.unary(b.shape(v).cols(), Dim.ONE, "mul(u, t(v))", "v", v, "v must be a column");
    Step.Product p = forwardProduct(Programs.lowerSumOf(b, b.add(new Node.MatMul(u, b.add(new Node.Transpose(v))))));
    assertEquals(Dim.ONE, p.p());
  }

  @Test
  void transposedExpressionOperandIsStoredUntransposed() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    int d = b.matrix("C");
    b.sameShape(c, d, "sub(B, C)", "B", "C");
    b.check(b.shape(a).cols(), b.shape(c).cols(), "mul(A, t(sub(B, C)))", "A", a, "t(sub(B, C))", c, "rule");
    int diff = b.add(new Node.Sub(c, d));
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.MatMul(a, b.add(new Node.Transpose(diff)))));
    Step.Product p = forwardProduct(lp);
    assertEquals("ABt", p.variant());
    // The difference is written row-major in B's own shape, once, and read by the product.
    Step.Loop producer = (Step.Loop) lp.forward().get(0);
    LoopOutput.Store store = (LoopOutput.Store) producer.outputs().get(0);
    assertEquals(p.b(), store.target());
    assertEquals(b.shape(c).rows(), store.target().shape().rows());
    assertThat(producer.flat()).isTrue();
  }

  @Test
  void scalarFactorsAndNegationsFoldIntoTheProduct() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    int s = b.scalar("s");
    b.check(b.shape(a).cols(), b.shape(c).cols(), "mul", "A", a, "t(B)", c, "rule");
    int left = b.add(new Node.Neg(b.add(new Node.Scale(s, a))));
    int right = b.add(new Node.Transpose(b.add(new Node.Scale(b.constant(2), c))));
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.MatMul(left, right)));
    Step.Product p = forwardProduct(lp);
    assertEquals("ABt", p.variant());
    assertEquals("A", p.a().name());
    assertEquals("B", p.b().name());
    assertEquals("-((s * 2))", p.alpha().toString());
    assertEquals(1, lp.scratch().size(), "no scaled or negated copy");
  }

  @Test
  void scaledOperandUsedTwiceIsStoredAndNotFolded() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    b.square(a, "mul", "A");
    int scaled = b.add(new Node.Scale(b.constant(3), a));
    int prod = b.add(new Node.MatMul(scaled, a));
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.Add(prod, scaled)));
    Step.Product p = forwardProduct(lp);
    assertEquals(null, p.alpha());
    assertEquals(Buffer.Role.FORWARD, p.a().kind());
  }
}
