package dev.tracegrad.processor.lower;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.ProgramBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The forward pass computes only what the loss needs; every step runs after its inputs. */
class SchedulingTest {

  static List<Losses.Case> all() {
    return List.of(Losses.sumsqOfProduct(), Losses.softmaxCrossEntropy(), Losses.logdetPlusTrace(),
        Losses.logdetPlusTraceWithSolves(), Losses.determinant(), Losses.scaledSigmoid(),
        Losses.twoLayer(), Losses.dotOfParameters(), Losses.nameClashes());
  }

  @Test
  void everyStepReadsOnlyWhatEarlierStepsWrote() {
    for (Losses.Case c : all()) {
      LoopProgram lp = Programs.lower(c);
      Set<Object> done = new HashSet<>();
      for (List<Step> pass : List.of(lp.forward(), lp.backward())) {
        for (Step s : pass) {
          // A fused loop's outputs run in order at each index: each may read what earlier ones stored.
          List<Step> parts = s instanceof Step.Loop l
              ? l.outputs().stream().map(o -> (Step) new Step.Loop(l.domain(), List.of(o))).toList()
              : List.of(s);
          for (Step part : parts) {
            for (Object r : part.reads()) {
              boolean external = (r instanceof Buffer b && b.kind() == Buffer.Role.PARAM)
                  || (r instanceof ScalarVar v && v.kind() == ScalarVar.Origin.PARAM);
              assertTrue(external || done.contains(r), c.program().sourceName() + ": " + part + " reads " + r + " too early");
            }
            done.addAll(part.writes());
          }
        }
      }
    }
  }

  @Test
  void forwardPassNeverWritesBackwardValues() {
    for (Losses.Case c : all()) {
      LoopProgram lp = Programs.lower(c);
      for (Step s : lp.forward()) {
        for (Object w : s.writes()) {
          if (w instanceof Buffer b) {
            assertEquals(Buffer.Role.FORWARD, b.kind(), c.program().sourceName() + ": " + s);
          }
        }
      }
    }
  }

  @Test
  void crossEntropySplitsAtTheLoss() {
    LoopProgram lp = Programs.lower(Losses.softmaxCrossEntropy());
    assertEquals(List.of("logits", "logp", "logpMax", "logpSum"), Programs.names(
        lp.scratch().stream().filter(b -> b.kind() == Buffer.Role.FORWARD).toList()));
    assertEquals(List.of("colSums", "g1"), Programs.names(
        lp.scratch().stream().filter(b -> b.kind() == Buffer.Role.BACKWARD).toList()));
    Step.Assign loss = Programs.only(lp.forward(), Step.Assign.class);
    assertEquals("loss", lp.loss().toString());
    assertEquals("loss = -(dot)", loss.toString().replaceAll(" +//.*", ""));
  }

  @Test
  void everyGradientIsWrittenExactlyOnce() {
    for (Losses.Case c : all()) {
      LoopProgram lp = Programs.lower(c);
      for (LoopProgram.Gradient g : lp.gradients()) {
        long writes = lp.backward().stream().filter(s -> g.buffer() != null
            ? s.writes().contains(g.buffer())
            : s instanceof Step.ScalarOutput o && o.output().equals(g.name())).count();
        assertEquals(1, writes, c.program().sourceName() + ": " + g.name());
      }
    }
  }

  @Test
  void outputNamesAreDPlusParameterUnlessTaken() {
    LoopProgram lp = Programs.lower(Losses.nameClashes());
    assertEquals(List.of("dW_", "ddW", "dvalue", "dMath", "dMatrix"),
        Programs.map(lp.gradients(), LoopProgram.Gradient::name));
  }

  @Test
  void userNamesAreKeptAndOthersGenerated() {
    LoopProgram lp = Programs.lower(Losses.twoLayer());
    assertEquals(List.of("a1", "h1", "prod", "a2", "logSoftmax", "logSoftmaxMax", "logSoftmaxSum",
        "colSums", "g1", "g2", "g3"), Programs.names(lp.scratch()));
  }

  @Test
  void listingShowsTheStepsReadably() {
    String listing = Programs.lower(Losses.softmaxCrossEntropy()).toString();
    assertThat(listing).contains("logits = W * X    product AB m=W.rows p=W.cols n=X.cols    // logits = mul(W, X)");
    assertThat(listing).contains("dW = g1 * X'    product ABt m=");
    assertThat(listing).contains("forward:\n");
    assertThat(listing).contains("backward:\n");
  }

  @Test
  void equalityWithoutACheckIsRefused() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int c = b.matrix("B");
    b.mulCheck(a, c, "mul(A, B)", "A", "B");
    int f = b.add(new Node.Sum(b.add(new Node.MatMul(a, c))));
    Program p = b.program("T#f", "TFGradient", f);
    Program unchecked = new Program(p.packageName(), p.sourceName(), p.generatedName(), p.params(),
        p.wrt(), p.graph(), p.loss(), List.of());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Lowerer.lower(unchecked, ProgramBuilder.derivation(unchecked, a)));
    assertThat(e.getMessage()).contains("A.cols");
  }
}
