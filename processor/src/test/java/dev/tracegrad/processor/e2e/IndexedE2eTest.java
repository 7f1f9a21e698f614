package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code pick} and {@code gatherCols} (LANGUAGE.md §5): the digits network's cross-entropy with
 * class indices and an embedding lookup, against hand-derived gradients and central differences;
 * bad index arrays throw IndexOutOfBoundsException naming the parameter, the position and the
 * bound before any output is written.
 */
class IndexedE2eTest {
  private final Random rnd = new Random(1789);

  private static LossCheck check(String method) {
    return LossCheck.of(ProcessorRun.ofLosses("Indexed"), "Indexed", method);
  }

  @Test
  void theDigitsNetworkWithClassIndices() {
    Matrix W1 = Numeric.random(5, 4, rnd);
    Matrix b1 = Numeric.random(5, 1, rnd);
    Matrix W2 = Numeric.random(3, 5, rnd);
    Matrix b2 = Numeric.random(3, 1, rnd);
    Matrix X = Numeric.random(4, 6, rnd);
    int[] labels = {2, 0, 1, 1, 2, 0};
    int n = 6;
    // Z = W2 h + b2 1ᵀ, l = −(1/n) Σⱼ log softmax(Z)[labels[j], j], G_Z = (softmax(Z) − Y) / n
    Matrix z1 = Ops.addColumn(Ops.mul(W1, X), b1);
    Matrix h = Ops.relu(z1);
    Matrix P = Ops.softmax(Ops.addColumn(Ops.mul(W2, h), b2));
    Matrix Y = Matrix.zeros(3, n);
    for (int j = 0; j < n; j++) {
      Y.set(labels[j], j, 1);
    }
    Matrix gz = Ops.scale(1.0 / n, Ops.sub(P, Y));
    Matrix step = Matrix.zeros(5, n);
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < n; j++) {
        step.set(i, j, z1.get(i, j) > 0 ? 1 : 0);
      }
    }
    Matrix gh = Ops.hadamard(Ops.mul(Ops.t(W2), gz), step);
    check("digits").verify(args("W1", W1, "b1", b1, "W2", W2, "b2", b2, "X", X, "labels", labels),
        grad("W1", () -> Ops.mul(gh, Ops.t(X))),
        grad("b1", () -> Ops.rowSums(gh)),
        grad("W2", () -> Ops.mul(gz, Ops.t(h))),
        grad("b2", () -> Ops.rowSums(gz)));
  }

  @Test
  void anEmbeddingLookupScatterAddsIntoTheLookedUpColumns() {
    Matrix E = Numeric.random(3, 5, rnd);
    Matrix Y = Numeric.random(3, 4, rnd);
    int[] ids = {4, 1, 4, 0};
    Matrix G = Ops.sub(Ops.gatherCols(E, ids), Y);
    Matrix dE = Matrix.zeros(3, 5);
    for (int j = 0; j < ids.length; j++) {
      for (int i = 0; i < 3; i++) {
        dE.set(i, ids[j], dE.get(i, ids[j]) + G.get(i, j));
      }
    }
    check("embed").verify(args("E", E, "Y", Y, "ids", ids), grad("E", () -> dE));
    // column 4 is looked up twice, columns 2 and 3 never
    assertEquals(G.get(0, 0) + G.get(0, 2), dE.get(0, 4), 0.0);
    assertEquals(0.0, dE.get(1, 2), 0.0);
  }

  @Test
  void pickAndGatherColsAreReadInPlaceByTheirConsumers() {
    ProcessorRun run = ProcessorRun.ofLosses("Indexed");
    String digits = new String(run.generatedSourceBytes("IndexedDigitsGradient"), StandardCharsets.UTF_8);
    // the sum over the picked entries reads logSoftmax (stored for the backward pass) at labels[j]
    assertThat(digits).contains("sum += logSoftmax[labels[j] * XCols_ + j];");
    assertThat(digits).doesNotContain("Indexing.pick(");
    assertThat(digits).doesNotContain("private double[] picked;");
    // 𝟏ᵀscatter(g, labels) = g: the backward pass has no column sums of the scatter
    assertThat(digits).doesNotContain("colSums");
    String embed = new String(run.generatedSourceBytes("IndexedEmbedGradient"), StandardCharsets.UTF_8);
    assertThat(embed).contains("EData[i * ECols + ids[j]] - YData[row + j]");
    assertThat(embed).doesNotContain("Indexing.gatherCols(");
    assertThat(embed).doesNotContain("gathered");
  }

  @Test
  void badIndexArraysThrowBeforeAnyOutputIsWritten() {
    LossCheck embed = check("embed");
    Matrix E = Numeric.random(3, 5, rnd);
    Matrix Y = Numeric.random(3, 2, rnd);
    Matrix out = Matrix.zeros(3, 5);
    Arrays.fill(out.data(), -3.5);
    IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
        () -> embed.call("gradient", E, Y, new int[] {1, 5}, out));
    assertEquals("ids[1] = 5 is out of range: it must be at least 0 and less than 5",
        e.getMessage());
    for (double v : out.data()) {
      assertEquals(-3.5, v, 0.0, "the output buffer was written");
    }
    LossCheck digits = check("digits");
    Object[] in = {Numeric.random(5, 4, rnd), Numeric.random(5, 1, rnd), Numeric.random(3, 5, rnd),
        Numeric.random(3, 1, rnd), Numeric.random(4, 6, rnd), new int[] {0, 1}};
    IndexOutOfBoundsException length = assertThrows(IndexOutOfBoundsException.class,
        () -> digits.value(in));
    assertEquals("labels has length 2 but must have 6 entries, one per column",
        length.getMessage());
    in[5] = new int[] {0, 1, 2, 3, 0, 1};
    assertThat(assertThrows(IndexOutOfBoundsException.class, () -> digits.value(in)).getMessage())
        .isEqualTo("labels[3] = 3 is out of range: it must be at least 0 and less than 3");
    // the reference implementations say the same
    assertThat(assertThrows(IndexOutOfBoundsException.class,
        () -> Ops.pick(Matrix.zeros(3, 2), new int[] {0, 3})).getMessage())
        .isEqualTo("idx[1] = 3 is out of range: it must be at least 0 and less than 3");
  }
}
