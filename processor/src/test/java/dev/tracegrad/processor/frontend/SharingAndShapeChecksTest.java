package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import dev.tracegrad.processor.ir.Axis;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.ShapeCheck;
import org.junit.jupiter.api.Test;

/** Shared subexpressions are one node; shape checks come in program order, implied ones skipped. */
class SharingAndShapeChecksTest {

  private static final String HEADER = """
      package p;
      import dev.tracegrad.Differentiable;
      import dev.tracegrad.Matrix;
      import static dev.tracegrad.Ops.*;
      """;

  private static Dim rows(String p) {
    return Dim.of(p, Axis.ROWS);
  }

  private static Dim cols(String p) {
    return Dim.of(p, Axis.COLS);
  }

  @Test
  void aLocalUsedTwiceAndARepeatedExpressionAreOneNode() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A, Matrix B) {
            Matrix p = mul(A, B);
            Matrix q = mul(A, B);
            Matrix s = add(p, q);
            return sum(s) + sum(add(p, q));
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    assertThat(p.graph().nodes()).containsExactly(
        new Node.Param("A"), new Node.Param("B"), new Node.MatMul(0, 1), new Node.Add(2, 2),
        new Node.Sum(3), new Node.ScalarAdd(4, 4)).inOrder();
    assertThat(p.graph().size()).isEqualTo(6);
    assertThat(p.graph().names()).containsExactly(0, "A", 1, "B", 2, "p", 3, "s");
    // add(p, q) adds a matrix to itself: its equalities hold trivially, so no check.
    assertThat(p.checks()).containsExactly(new ShapeCheck(cols("A"), rows("B"), "mul(A, B)", "A",
        Shape.ofParam("A"), "B", Shape.ofParam("B"), "columns of A must equal rows of B"));
  }

  @Test
  void impliedChecksAreSkipped() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A, Matrix B, Matrix C) {
            Matrix s = add(A, B);
            Matrix d = sub(B, A);
            Matrix e = hadamard(s, C);
            return sum(d) + sum(e) + dot(B, C) + tr(mul(A, t(C)));
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    // sub(B, A) and dot(B, C) repeat known equalities; mul(A, t(C)) needs A.cols = C.cols and
    // tr needs A.rows = C.rows: both already follow from add and hadamard.
    assertThat(p.checks()).containsExactly(
        new ShapeCheck(rows("A"), rows("B"), "add(A, B)", "A", Shape.ofParam("A"), "B",
            Shape.ofParam("B"), "rows of A must equal rows of B"),
        new ShapeCheck(cols("A"), cols("B"), "add(A, B)", "A", Shape.ofParam("A"), "B",
            Shape.ofParam("B"), "columns of A must equal columns of B"),
        new ShapeCheck(rows("A"), rows("C"), "hadamard(s, C)", "s", Shape.ofParam("A"), "C",
            Shape.ofParam("C"), "rows of s must equal rows of C"),
        new ShapeCheck(cols("A"), cols("C"), "hadamard(s, C)", "s", Shape.ofParam("A"), "C",
            Shape.ofParam("C"), "columns of s must equal columns of C")).inOrder();
    assertThat(p.graph().dims().same(rows("B"), rows("C"))).isTrue();
  }

  @Test
  void squareOneByOneAndColumnBiasRules() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A, Matrix x, Matrix W, Matrix X, Matrix b) {
            double q = scalar(mul(mul(t(x), A), x));
            Matrix z = addColumn(mul(W, X), b);
            return q + logdet(W) + sum(z);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    Shape xtA = new Shape(cols("x"), cols("A"));
    Shape xtAx = new Shape(cols("x"), cols("x"));
    Shape wx = new Shape(rows("W"), cols("X"));
    assertThat(p.checks()).containsExactly(
        new ShapeCheck(rows("x"), rows("A"), "mul(t(x), A)", "t(x)", new Shape(cols("x"),
            rows("x")), "A", Shape.ofParam("A"), "columns of t(x) must equal rows of A"),
        new ShapeCheck(cols("A"), rows("x"), "mul(mul(t(x), A), x)", "mul(t(x), A)", xtA, "x",
            Shape.ofParam("x"), "columns of mul(t(x), A) must equal rows of x"),
        // x.cols × x.cols: once its rows are 1 its columns are too, so one check suffices.
        new ShapeCheck(cols("x"), Dim.ONE, "scalar(mul(mul(t(x), A), x))",
            "mul(mul(t(x), A), x)", xtAx, null, null,
            "rows of mul(mul(t(x), A), x) must equal 1 (a 1x1 matrix)"),
        new ShapeCheck(cols("W"), rows("X"), "mul(W, X)", "W", Shape.ofParam("W"), "X",
            Shape.ofParam("X"), "columns of W must equal rows of X"),
        new ShapeCheck(rows("W"), rows("b"), "addColumn(mul(W, X), b)", "mul(W, X)", wx, "b",
            Shape.ofParam("b"), "rows of b must equal rows of mul(W, X)"),
        new ShapeCheck(cols("b"), Dim.ONE, "addColumn(mul(W, X), b)", "b", Shape.ofParam("b"),
            null, null, "columns of b must equal 1 (a column vector)"),
        new ShapeCheck(rows("W"), cols("W"), "logdet(W)", "W", Shape.ofParam("W"), null, null,
            "rows of W must equal columns of W (a square matrix)")).inOrder();
    assertThat(p.checks().get(2).unary()).isTrue();
  }

  @Test
  void checkTextsAreTheSourceWithWhitespaceAndCommentsNormalised() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix W2, Matrix h1) {
            return sum(mul( W2 /* weights */ ,
                           h1 ));
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    ShapeCheck check = fe.program("C#f").checks().get(0);
    assertThat(check.op()).isEqualTo("mul(W2, h1)");
    assertThat(check.left()).isEqualTo("W2");
    assertThat(check.right()).isEqualTo("h1");
  }
}
