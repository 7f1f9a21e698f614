package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Data expressions the user did not name ({@code X.cols()}, {@code labels.length} written
 * inline) read in the derivation text as the text writes dimensions ({@code cols(X)},
 * {@code len(labels)}), while the generated code names them by identifiers made from their
 * source ({@code XCols}, {@code labelsLength}).
 */
class UnnamedDataE2eTest {
  private static final ProcessorRun RUN = compile();

  private static ProcessorRun compile() {
    return ProcessorRun.compileClass("Unnamed", """
          @Differentiable(wrt = "W")
          static double loss(Matrix W, Matrix X, int[] labels) {
            return sumsq(mul(W, X)) / X.cols() + sum(pick(W, labels)) / labels.length
                + sumsq(W) / (2 * X.rows());
          }
        """);
  }

  private static String field(String name) throws ReflectiveOperationException {
    return (String) RUN.load("UnnamedLossGradient").getField(name).get(null);
  }

  @Test
  void derivationShowsTheSourceOfUnnamedData() throws Exception {
    for (String text : List.of(field("DERIVATION"), field("DERIVATION_ASCII"))) {
      assertTrue(text.contains("cols(X)"), text);
      assertTrue(text.contains("len(labels)"), text);
      assertTrue(text.contains("(2 * rows(X))"), text);
      for (String madeUp : List.of("XCols", "labelsLength", "XRows")) {
        assertFalse(text.contains(madeUp), madeUp + " in\n" + text);
      }
    }
  }

  @Test
  void generatedCodeNamesThemAfterTheirSource() {
    String source = new String(RUN.generatedSourceBytes("UnnamedLossGradient"), StandardCharsets.UTF_8);
    assertTrue(source.contains("double XCols = X.cols();"), source);
    assertTrue(source.contains("double labelsLength = labels.length;"), source);
    // the parentheses are the source's: (2 * X.rows()) is the divisor as written
    assertTrue(source.contains("double XRows = (2 * X.rows());"), source);
  }

  @Test
  void gradientIsTheClosedForm() {
    Random rnd = new Random(3);
    Matrix w = Numeric.random(3, 4, rnd);
    Matrix x = Numeric.random(4, 5, rnd);
    int[] labels = {2, 0, 1, 2};
    // d/dW: 2WXXᵀ/5 + E/4 (E one at (labels[j], j)) + W/4
    Matrix expected = Matrix.zeros(3, 4);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 4; j++) {
        double wxx = 0;
        for (int l = 0; l < 4; l++) {
          double xx = 0;
          for (int c = 0; c < 5; c++) {
            xx += x.get(l, c) * x.get(j, c);
          }
          wxx += w.get(i, l) * xx;
        }
        expected.set(i, j, 2 * wxx / 5 + (labels[j] == i ? 0.25 : 0) + w.get(i, j) / 4);
      }
    }
    LossCheck.of(RUN, "Unnamed", "loss").verify(args("W", w, "X", x, "labels", labels),
        grad("W", () -> expected));
  }
}
