package dev.tracegrad.processor.lower;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.lower.Expr.Idx;
import dev.tracegrad.processor.lower.fixtures.Losses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loops over the same index space merge when, and only when, that is safe. */
class LoopFusionTest {
  private static final Shape MN = new Shape(Dim.of("A", Axis.ROWS), Dim.of("A", Axis.COLS));
  private static final Domain D = Domain.of(MN);
  private final Buffer a = Buffer.of("A", MN, Buffer.Role.PARAM);
  private final Buffer h = Buffer.of("h", MN, Buffer.Role.FORWARD);
  private final Buffer col = Buffer.of("c", new Shape(Dim.ONE, MN.cols()), Buffer.Role.FORWARD);
  private final ScalarVar s = new ScalarVar("s", ScalarVar.Origin.LOCAL);
  private final ScalarVar t = new ScalarVar("t", ScalarVar.Origin.LOCAL);

  private static Step.Loop loop(LoopOutput o) {
    return new Step.Loop(D, List.of(o));
  }

  private Step.Loop storeH() {
    return loop(new LoopOutput.Store(h, new Expr.Call(dev.tracegrad.processor.ir.EntrywiseFunction.EXP, new Expr.Read(a, Idx.I, Idx.J)), "h"));
  }

  @Test
  void reductionOfAJustStoredEntryJoinsItsProducer() {
    Step.Loop sum = loop(new LoopOutput.FullSum(s, new Expr.Read(h, Idx.I, Idx.J), "s"));
    List<Step> fused = LoopFusion.fuse(List.of(storeH(), sum));
    assertEquals(1, fused.size());
    assertEquals(2, ((Step.Loop) fused.get(0)).outputs().size());
    assertThat(((Step.Loop) fused.get(0)).flat()).isTrue();
  }

  @Test
  void transposedReadOfAStoredBufferStaysSeparate() {
    Step.Loop sum = loop(new LoopOutput.FullSum(s, new Expr.Read(h, Idx.J, Idx.I), "s"));
    assertEquals(2, LoopFusion.fuse(List.of(storeH(), sum)).size());
  }

  @Test
  void readOfARunningColumnSumStaysSeparate() {
    Step.Loop colSum = loop(new LoopOutput.ColSum(col, new Expr.Read(a, Idx.I, Idx.J), "c"));
    Step.Loop use = loop(new LoopOutput.Store(h, new Expr.Read(col, Idx.ZERO, Idx.J), "h"));
    assertEquals(2, LoopFusion.fuse(List.of(colSum, use)).size());
  }

  @Test
  void readOfARunningScalarSumStaysSeparate() {
    Step.Loop sum = loop(new LoopOutput.FullSum(s, new Expr.Read(a, Idx.I, Idx.J), "s"));
    Step.Loop scaled = loop(new LoopOutput.Store(h, new Expr.Binary(Expr.Arithmetic.MUL, new Expr.Scalar(s), new Expr.Read(a, Idx.I, Idx.J)), "h"));
    assertEquals(2, LoopFusion.fuse(List.of(sum, scaled)).size());
  }

  @Test
  void loopMovesUpPastUnrelatedStepsButNotPastItsInputs() {
    Step.Assign unrelated = new Step.Assign(t, new Expr.Literal(1), "t");
    Step.Loop independent = loop(new LoopOutput.FullSum(s, new Expr.Read(a, Idx.I, Idx.J), "s"));
    List<Step> fused = LoopFusion.fuse(List.of(storeH(), unrelated, independent));
    assertEquals(2, fused.size());
    assertEquals(unrelated, fused.get(1));

    ScalarVar u = new ScalarVar("u", ScalarVar.Origin.LOCAL);
    Step.Loop dependent = loop(new LoopOutput.FullSum(u, new Expr.Binary(Expr.Arithmetic.MUL, new Expr.Scalar(t), new Expr.Read(a, Idx.I, Idx.J)), "u"));
    assertEquals(3, LoopFusion.fuse(List.of(storeH(), unrelated, dependent)).size());
  }

  @Test
  void differentIndexSpacesStaySeparate() {
    Step.Loop diag = new Step.Loop(Domain.diagonal(MN.rows()), List.of(new LoopOutput.FullSum(s, new Expr.Read(h, Idx.I, Idx.I), "s")));
    assertEquals(2, LoopFusion.fuse(List.of(storeH(), diag)).size());
  }

  @Test
  void generatedProgramsFuseReductionsWithTheirProducers() {
    LoopProgram lp = Programs.lower(Losses.scaledSigmoid());
    Step.Loop forward = Programs.only(lp.forward(), Step.Loop.class);
    assertEquals(List.of("h", "sum"), Programs.map(forward.outputs(), o -> Step.Loop.target(o).toString()));
    // Backward: dA and sum(h) in one pass over h.
    Step.Loop backward = Programs.only(lp.backward(), Step.Loop.class);
    assertEquals(2, backward.outputs().size());
    // twoLayer: rowSums(g) runs in the loop that computes g; colSums(y) before it cannot.
    LoopProgram two = Programs.lower(Losses.twoLayer());
    List<Step.Loop> loops = Programs.steps(two.backward(), Step.Loop.class);
    assertThat(loops.get(0).outputs().get(0)).isInstanceOf(LoopOutput.ColSum.class);
    assertThat(loops.get(1).outputs().get(1)).isInstanceOf(LoopOutput.RowSum.class);
  }
}
