package dev.tracegrad.processor.lower;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.ProgramBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which nodes get buffers, and which fuse into their consumer's loop. */
class MaterialisationTest {

  @Test
  void singleUseElementwiseChainFusesIntoOneLoop() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.sameShape(a, c, "sub(A, B)", "A", "B");
    int e = b.add(new Node.Entrywise(EntrywiseFunction.TANH, b.add(new Node.Hadamard(b.add(new Node.Sub(a, c)), a))));
    LoopProgram lp = Programs.lowerSumOf(b, e);
    assertEquals(List.of(), lp.scratch(), "nothing stored");
    Step.Loop loop = Programs.only(lp.forward(), Step.Loop.class);
    LoopOutput.FullSum sum = (LoopOutput.FullSum) loop.outputs().get(0);
    assertEquals("tanh(((A[i,j] - B[i,j]) * A[i,j]))", sum.value().toString());
    assertThat(loop.flat()).isTrue();
  }

  @Test
  void elementwiseNodeReadTwiceIsStoredOnce() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.sameShape(a, c, "sub(A, B)", "A", "B");
    int diff = b.local("d", new Node.Entrywise(EntrywiseFunction.EXP, b.add(new Node.Sub(a, c))));
    int both = b.add(new Node.Hadamard(diff, diff));
    LoopProgram lp = Programs.lowerSumOf(b, both);
    assertEquals(List.of("d"), Programs.names(lp.scratch()));
  }

  @Test
  void forwardValueReadByBackwardIsKept() {
    LoopProgram lp = Programs.lower(Losses.twoLayer());
    Buffer h1 = lp.scratch().stream().filter(x -> x.name().equals("h1")).findFirst().orElseThrow();
    assertEquals(Buffer.Role.FORWARD, h1.kind());
    assertThat(lp.backward().stream().anyMatch(s -> s.reads().contains(h1))).isTrue();
    // It is not recomputed: no backward step writes it, and sigmoid appears only in the forward pass.
    assertThat(lp.backward().stream().noneMatch(s -> s.writes().contains(h1))).isTrue();
    assertThat(lp.backward().toString()).doesNotContain("sigmoid");
  }

  @Test
  void sigmoidDerivativeChainIsFusedIntoTheProductOperand() {
    LoopProgram lp = Programs.lower(Losses.twoLayer());
    // dW1 = (W2^T g ⊙ h1 ⊙ (1 − h1)) x^T: one loop stores the operand, fill(1) and 1 − h1 inline.
    Step.Product dW1 = Programs.steps(lp.backward(), Step.Product.class).stream()
        .filter(p -> p.c().name().equals("dW1")).findFirst().orElseThrow();
    Step.Loop producer = Programs.steps(lp.backward(), Step.Loop.class).stream()
        .filter(l -> l.writes().contains(dW1.a())).findFirst().orElseThrow();
    assertEquals(1, producer.outputs().size());
    assertThat(producer.outputs().get(0).value().toString()).contains("(1 - h1[i,j])");
    assertEquals("x", dW1.b().name());
    assertThat(dW1.transposeB()).isTrue();
  }

  @Test
  void viewsAreNeverStored() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    b.square(a, "mul(t(A), A)", "A");
    int at = b.add(new Node.Transpose(a));
    int p1 = b.add(new Node.MatMul(at, a));
    int p2 = b.add(new Node.MatMul(a, at));
    int s = b.add(new Node.Add(p1, b.add(new Node.Add(p2, at))));
    LoopProgram lp = Programs.lowerSumOf(b, s);
    // Two products; t(A) is read through indexing by both products and by the sum.
    assertEquals(2, lp.scratch().size());
    assertThat(lp.forward().toString()).contains("A[j,i]");
  }

  @Test
  void broadcastOfAnExpressionIsComputedOnceIntoAVector() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int v = b.matrix("v");
    b.check(b.shape(v).rows(), b.shape(a).rows(), "addColumn(A, exp(v))", "exp(v)", v, "A", a, "rule");
    b.unary(b.shape(v).cols(), dev.tracegrad.processor.ir.Dim.ONE, "addColumn", "v", v, "column");
    int ev = b.add(new Node.Entrywise(EntrywiseFunction.EXP, v));
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.AddColumn(a, ev)));
    assertEquals(1, lp.scratch().size());
    assertThat(lp.forward().get(0).toString()).contains("exp(v[i,0])");
  }

  @Test
  void gradientIsComputedStraightIntoTheOutputBuffer() {
    LoopProgram lp = Programs.lower(Losses.softmaxCrossEntropy());
    Step.Product p = Programs.only(lp.backward(), Step.Product.class);
    assertEquals(Buffer.Role.OUTPUT, p.c().kind());
    assertEquals("dW", p.c().name());
    assertEquals(p.c(), lp.gradients().get(0).buffer());
  }
}
