package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.ShapeCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two examples of TRACE-METHOD.md read into exactly the graphs written out by hand here. */
class SeedExamplesTest {

  private static final String LOSSES = """
      package p;

      import dev.tracegrad.Differentiable;
      import dev.tracegrad.Matrix;
      import static dev.tracegrad.Ops.*;

      class Losses {
        @Differentiable(wrt = "a")
        static double crossEntropy(Matrix a, Matrix y) {
          return -dot(y, logSoftmax(a));
        }

        @Differentiable(wrt = {"W1", "W2"})
        static double twoLayer(Matrix W1, Matrix W2, Matrix x, Matrix y) {
          Matrix a1 = mul(W1, x);
          Matrix h1 = sigmoid(a1);
          Matrix a2 = mul(W2, h1);
          return -dot(y, logSoftmax(a2));
        }
      }
      """;

  private static Dim rows(String p) {
    return Dim.of(p, Axis.ROWS);
  }

  private static Dim cols(String p) {
    return Dim.of(p, Axis.COLS);
  }

  @Test
  void softmaxCrossEntropy() {
    FrontEnd fe = FrontEnd.read("p.Losses", LOSSES);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("Losses#crossEntropy");

    assertThat(p.packageName()).isEqualTo("p");
    assertThat(p.sourceName()).isEqualTo("Losses#crossEntropy");
    assertThat(p.generatedName()).isEqualTo("LossesCrossEntropyGradient");
    assertThat(p.params()).containsExactly(new Parameter("a", true), new Parameter("y", true))
        .inOrder();
    assertThat(p.wrt()).containsExactly(0);
    // Arguments are read left to right, operands before their users.
    assertThat(p.graph().nodes()).containsExactly(
        new Node.Param("y"),
        new Node.Param("a"),
        new Node.LogSoftmax(1),
        new Node.Dot(0, 2),
        new Node.ScalarNeg(3)).inOrder();
    assertThat(p.loss()).isEqualTo(4);
    assertThat(p.graph().names()).containsExactly(0, "y", 1, "a");
    assertThat(p.checks()).containsExactly(
        new ShapeCheck(rows("y"), rows("a"), "dot(y, logSoftmax(a))", "y", Shape.ofParam("y"),
            "logSoftmax(a)", Shape.ofParam("a"), "rows of y must equal rows of logSoftmax(a)"),
        new ShapeCheck(cols("y"), cols("a"), "dot(y, logSoftmax(a))", "y", Shape.ofParam("y"),
            "logSoftmax(a)", Shape.ofParam("a"),
            "columns of y must equal columns of logSoftmax(a)")).inOrder();
  }

  @Test
  void twoLayerNetwork() {
    FrontEnd fe = FrontEnd.read("p.Losses", LOSSES);
    Program p = fe.program("Losses#twoLayer");

    assertThat(p.generatedName()).isEqualTo("LossesTwoLayerGradient");
    assertThat(p.sourceName()).isEqualTo("Losses#twoLayer");
    assertThat(p.params()).containsExactly(new Parameter("W1", true), new Parameter("W2", true),
        new Parameter("x", true), new Parameter("y", true)).inOrder();
    assertThat(p.wrt()).containsExactly(0, 1).inOrder();
    assertThat(p.graph().nodes()).containsExactly(
        new Node.Param("W1"),
        new Node.Param("x"),
        new Node.MatMul(0, 1),
        new Node.Entrywise(EntrywiseFunction.SIGMOID, 2),
        new Node.Param("W2"),
        new Node.MatMul(4, 3),
        new Node.Param("y"),
        new Node.LogSoftmax(5),
        new Node.Dot(6, 7),
        new Node.ScalarNeg(8)).inOrder();
    assertThat(p.loss()).isEqualTo(9);
    assertThat(p.graph().names()).containsExactlyEntriesIn(
        Map.of(0, "W1", 1, "x", 2, "a1", 3, "h1", 4, "W2", 5, "a2", 6, "y"));

    // a1, h1 and a2 are W1.rows × x.cols and W2.rows × x.cols: shapes from parameter extents.
    Shape h1 = new Shape(rows("W1"), cols("x"));
    Shape a2 = new Shape(rows("W2"), cols("x"));
    assertThat(p.graph().shape(3)).isEqualTo(h1);
    assertThat(p.graph().shape(7)).isEqualTo(a2);
    assertThat(p.checks()).containsExactly(
        new ShapeCheck(cols("W1"), rows("x"), "mul(W1, x)", "W1", Shape.ofParam("W1"), "x",
            Shape.ofParam("x"), "columns of W1 must equal rows of x"),
        new ShapeCheck(cols("W2"), rows("W1"), "mul(W2, h1)", "W2", Shape.ofParam("W2"), "h1",
            h1, "columns of W2 must equal rows of h1"),
        new ShapeCheck(rows("y"), rows("W2"), "dot(y, logSoftmax(a2))", "y", Shape.ofParam("y"),
            "logSoftmax(a2)", a2, "rows of y must equal rows of logSoftmax(a2)"),
        new ShapeCheck(cols("y"), cols("x"), "dot(y, logSoftmax(a2))", "y", Shape.ofParam("y"),
            "logSoftmax(a2)", a2, "columns of y must equal columns of logSoftmax(a2)"))
        .inOrder();
    // The equalities are in the graph's dimensions for later stages.
    assertThat(p.graph().dims().same(cols("W2"), rows("W1"))).isTrue();
    assertThat(p.graph().dims().same(cols("y"), cols("x"))).isTrue();
    assertThat(p.graph().dims().same(rows("W1"), rows("W2"))).isFalse();
  }

  @Test
  void noDiagnosticsAtAllOnValidInput() {
    FrontEnd fe = FrontEnd.read("p.Losses", LOSSES);
    assertThat(fe.compilation.diagnostics()).isEmpty();
    assertThat(fe.processor.results.keySet())
        .containsExactly("Losses#crossEntropy", "Losses#twoLayer");
    assertThat(List.copyOf(fe.processor.results.values()).stream().allMatch(o -> o.isPresent()))
        .isTrue();
  }
}
