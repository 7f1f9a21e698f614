package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Program;
import org.junit.jupiter.api.Test;

/** Literals, scalar arithmetic with Java's own semantics, local declarations and double wrt. */
class ScalarsAndLocalsTest {

  private static final String HEADER = """
      package p;
      import dev.tracegrad.Differentiable;
      import dev.tracegrad.Matrix;
      import static dev.tracegrad.Ops.*;
      """;

  @Test
  void literalsAndScalarOperators() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A, double s) {
            double a = 2;
            double b = 2.0 * s;
            double c = 1e-3 / s - +a;
            return -c + -2 * sum(A);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    assertThat(p.graph().nodes()).containsExactly(
        new Node.Const(2.0),          // a = 2 (the int literal widened) and 2.0 are one node
        new Node.ScalarParam("s"),
        new Node.ScalarMul(0, 1),
        new Node.Const(0.001),
        new Node.ScalarDiv(3, 1),
        new Node.ScalarSub(4, 0),     // unary plus is the value itself
        new Node.ScalarNeg(5),
        new Node.Param("A"),
        new Node.Sum(7),
        // javac reads -2 as one negative int literal; an int enters the graph only where it
        // meets a double, so after the other operand.
        new Node.Const(-2.0),
        new Node.ScalarMul(9, 8),
        new Node.ScalarAdd(6, 10)).inOrder();
    assertThat(p.graph().names())
        .containsExactly(0, "a", 1, "s", 2, "b", 5, "c", 7, "A");
    assertThat(p.loss()).isEqualTo(11);
  }

  @Test
  void intSubexpressionsFoldWithJavaIntArithmetic() {
    // 1 / 2 is 0 and 7 / 2 is 3 when the method runs, so that is what the program must compute.
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A) {
            return sum(scale(1 / 2 + 7 / 2 * 2.0, A)) + (2147483647 + 1);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    // (1 / 2) + ((7 / 2) * 2.0) = 0 + 3 * 2.0: constants fold as Java computes them.
    assertThat(fe.program("C#f").graph().nodes()).containsExactly(
        new Node.Param("A"),
        new Node.Const(6.0),
        new Node.Scale(1, 0),
        new Node.Sum(2),
        new Node.Const((double) Integer.MIN_VALUE),  // int overflow wraps, as in Java
        new Node.ScalarAdd(3, 4)).inOrder();
  }

  @Test
  void varFinalAndFullyQualifiedLocalTypes() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A) {
            var a = t(A);
            final Matrix b = mul(a, A);
            final var c = tr(b);
            dev.tracegrad.Matrix d = b;
            return c + sum(d);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    assertThat(p.graph().nodes()).containsExactly(
        new Node.Param("A"), new Node.Transpose(0), new Node.MatMul(1, 0), new Node.Trace(2),
        new Node.Sum(2), new Node.ScalarAdd(3, 4)).inOrder();
    // d is b under another name: one node, and the first name wins.
    assertThat(p.graph().names()).containsExactly(0, "A", 1, "a", 2, "b", 3, "c");
  }

  @Test
  void aDoubleParameterMayBeDifferentiated() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable(wrt = {"lambda", "W"})
          static double ridge(Matrix W, Matrix X, double lambda) {
            return sumsq(mul(W, X)) + lambda * sumsq(W);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#ridge");
    assertThat(p.params()).containsExactly(new Parameter("W", true), new Parameter("X", true),
        new Parameter("lambda", false)).inOrder();
    assertThat(p.wrt()).containsExactly(2, 0).inOrder();
    assertThat(p.wrtParams()).containsExactly(new Parameter("lambda", false),
        new Parameter("W", true)).inOrder();
    assertThat(p.graph().find(new Node.ScalarParam("lambda"))).isPresent();
  }

  @Test
  void defaultWrtIsEveryMatrixParameterInDeclarationOrder() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable
          static double f(double s, Matrix B, Matrix A, double r) { return s * r * dot(A, B); }
          @Differentiable(wrt = {})
          static double g(Matrix B, double s, Matrix A) { return s * dot(A, B); }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertThat(fe.program("C#f").wrt()).containsExactly(1, 2).inOrder();
    assertThat(fe.program("C#g").wrt()).containsExactly(0, 2).inOrder();
  }

  @Test
  void anUnusedParameterHasNoNodeAndAnUnusedLocalStillChecksItsShapes() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable static double f(Matrix A, Matrix B, Matrix unused) {
            Matrix ignored = mul(A, B);
            return sum(A);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    assertThat(p.graph().find(new Node.Param("unused"))).isEmpty();
    assertThat(p.params()).hasSize(3);
    // Running the method throws when mul's shapes do not fit, so the check stays.
    assertThat(p.checks()).hasSize(1);
    assertThat(p.checks().get(0).op()).isEqualTo("mul(A, B)");
    assertThat(p.loss()).isEqualTo(p.graph().find(new Node.Sum(0)).orElseThrow());
  }

  @Test
  void mathPowAndOpsPowTakeConstantExponentsAndScalarsOfNonWrtParameters() {
    FrontEnd fe = FrontEnd.read("p.C", HEADER + """
        class C {
          @Differentiable(wrt = "A")
          static double f(Matrix A, Matrix B, double p) {
            return sum(pow(A, p)) + Math.pow(sum(A), sum(B)) + sum(pow(A, 3));
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    int a = p.graph().find(new Node.Param("A")).orElseThrow();
    int three = p.graph().find(new Node.Const(3.0)).orElseThrow();
    assertThat(p.graph().find(new Node.Pow(a, three))).isPresent();
  }
}
