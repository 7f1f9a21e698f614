package dev.tracegrad.processor.lower;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
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
    b.unary(b.shape(v).cols(), Dim.ONE, "addColumn", "v", v, "column");
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

  @Test
  void pickOfAnExpressionComputesOnlyThePickedEntries() {
    // pick(Z − 𝟏 colLogSumExp(Z), labels): the k×n operand is not stored, the loop over j reads
    // Z[labels[j], j] and the 1×n row of column log-sum-exps.
    ProgramBuilder b = new ProgramBuilder().wrt("Z");
    int z = b.matrix("Z");
    int lse = b.add(new Node.ColLogSumExp(z));
    int shifted = b.add(new Node.Sub(z, b.add(new Node.BroadcastRows(lse, b.shape(z).rows()))));
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.Pick(shifted, "labels")));
    for (Buffer x : lp.scratch()) {
      assertEquals(Dim.ONE, x.shape().rows(), x + " is a row, not a k×n copy");
    }
    List<Step.Loop> loops = Programs.steps(lp.forward(), Step.Loop.class);
    Step.Loop loop = loops.get(loops.size() - 1);
    assertEquals(Dim.ONE, loop.domain().rows());
    LoopOutput sum = loop.outputs().get(loop.outputs().size() - 1);
    assertEquals("loss += (Z[labels[j],j] - colLogSumExp[0,j])", sum.toString());
    assertThat(Programs.steps(lp.forward(), Step.Indexed.class)).isEmpty();
  }

  @Test
  void pickOfAStoredValueReadsItInPlace() {
    ProgramBuilder b = new ProgramBuilder().wrt("Z");
    int z = b.matrix("Z");
    int ls = b.add(new Node.LogSoftmax(z));
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.Pick(ls, "labels")));
    assertEquals(List.of("logSoftmax", "logSoftmaxMax", "logSoftmaxSum"), Programs.names(lp.scratch()));
    Step.Loop sum = Programs.only(lp.forward(), Step.Loop.class);
    assertEquals("logSoftmax[labels[j],j]", sum.outputs().get(0).value().toString());
    assertThat(sum.flat()).isFalse();
  }

  @Test
  void gatherColsIsReadInPlaceByEntrywiseConsumers() {
    ProgramBuilder b = new ProgramBuilder().wrt("E");
    int e = b.matrix("E");
    int y = b.matrix("Y");
    int gathered = b.add(new Node.GatherCols(e, "ids"));
    b.sameShape(gathered, y, "sub(gatherCols(E, ids), Y)", "gatherCols(E, ids)", "Y");
    int d = b.add(new Node.Entrywise(EntrywiseFunction.EXP, b.add(new Node.Sub(gathered, y))));
    LoopProgram lp = Programs.lowerSumOf(b, d);
    assertEquals(List.of(), lp.scratch(), "no gathered copy");
    Step.Loop loop = Programs.only(lp.forward(), Step.Loop.class);
    assertEquals("exp((E[i,ids[j]] - Y[i,j]))", loop.outputs().get(0).value().toString());
  }

  @Test
  void gatherColsFeedingAProductIsGatheredOnce() {
    ProgramBuilder b = new ProgramBuilder().wrt("W");
    int w = b.matrix("W");
    int e = b.matrix("E");
    int gathered = b.add(new Node.GatherCols(e, "ids"));
    b.mulCheck(w, gathered, "mul(W, gatherCols(E, ids))", "W", "gatherCols(E, ids)");
    LoopProgram lp = Programs.lowerSumOf(b, b.add(new Node.MatMul(w, gathered)));
    Step.Product p = Programs.only(lp.forward(), Step.Product.class);
    Step.Loop copy = Programs.steps(lp.forward(), Step.Loop.class).stream()
        .filter(l -> l.writes().contains(p.b())).findFirst().orElseThrow();
    assertEquals("E[i,ids[j]]", copy.outputs().get(0).value().toString());
  }

  @Test
  void logSumExpsOfArithmeticReadTheExpressionInPlace() {
    // logSumExp(A − B) + sum(colLogSumExp(A ⊙ B)): max and Σexp(x − max) read the expressions
    // twice; only the 1×n rows of the column maxima, sums and results are stored.
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.sameShape(a, c, "sub(A, B)", "A", "B");
    int full = b.add(new Node.LogSumExp(b.add(new Node.Sub(a, c))));
    int cols = b.add(new Node.Sum(b.add(new Node.ColLogSumExp(b.add(new Node.Hadamard(a, c))))));
    int f = b.add(new Node.ScalarAdd(full, cols));
    int grad = b.add(new Node.Fill(b.constant(1), b.shape(a)));
    Program p = b.program("T#f", "TFGradient", f);
    LoopProgram lp = Lowerer.lower(p, ProgramBuilder.derivation(p, grad));
    assertEquals(List.of("colLogSumExpMax", "colLogSumExpSum", "colLogSumExp"), Programs.names(lp.scratch()));
    for (Buffer x : lp.scratch()) {
      assertEquals(Dim.ONE, x.shape().rows(), x + " is a row");
    }
    Step.Loop max = Programs.steps(lp.forward(), Step.Loop.class).get(0);
    assertEquals(List.of("logSumExpMax max= (A[i,j] - B[i,j])", "colLogSumExpMax[j] max= (A[i,j] * B[i,j])"),
        Programs.map(max.outputs(), Object::toString));
    Step.Loop sums = Programs.steps(lp.forward(), Step.Loop.class).get(1);
    assertEquals(List.of("logSumExpSum += exp(((A[i,j] - B[i,j]) - logSumExpMax))",
        "colLogSumExpSum[j] += exp(((A[i,j] * B[i,j]) - colLogSumExpMax[0,j]))"),
        Programs.map(sums.outputs(), Object::toString));
    assertThat(lp.forward().toString()).contains("shiftedLog(logSumExpMax, logSumExpSum)");
  }

  @Test
  void logSumExpOfAFunctionStoresItsOperand() {
    // exp per entry twice would cost more than storing the entries once
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int f = b.add(new Node.LogSumExp(b.add(new Node.Entrywise(EntrywiseFunction.TANH, a))));
    int grad = b.add(new Node.Fill(b.constant(1), b.shape(a)));
    Program p = b.program("T#f", "TFGradient", f);
    LoopProgram lp = Lowerer.lower(p, ProgramBuilder.derivation(p, grad));
    assertEquals(List.of("t1"), Programs.names(lp.scratch()));
    // the maximum runs in the loop that stores the operand
    assertEquals(List.of("t1[i,j] = tanh(A[i,j])", "lossMax max= t1[i,j]"),
        Programs.map(Programs.steps(lp.forward(), Step.Loop.class).get(0).outputs(), Object::toString));
  }
}
