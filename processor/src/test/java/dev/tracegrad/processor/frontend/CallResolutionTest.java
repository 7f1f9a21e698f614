package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
import org.junit.jupiter.api.Test;

/**
 * Every way a user may name an {@code Ops} or {@code Math} method resolves to the same op, and
 * names that javac would bind elsewhere (a method of the class, a variable, a user class) do not.
 */
class CallResolutionTest {

  /** The graph of {@code sum(t(A))}: the same whatever spelling of the calls. */
  private static void assertSumOfTranspose(Program p) {
    assertThat(p.graph().nodes()).containsExactly(
        new Node.Param("A"), new Node.Transpose(0), new Node.Sum(1)).inOrder();
    assertThat(p.loss()).isEqualTo(2);
  }

  @Test
  void qualifiedThroughSingleTypeImport() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import dev.tracegrad.Ops;
        class C {
          @Differentiable static double f(Matrix A) { return Ops.sum(Ops.t(A)); }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertSumOfTranspose(fe.program("C#f"));
  }

  @Test
  void qualifiedThroughOnDemandImport() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.*;
        class C {
          @Differentiable static double f(Matrix A) { return Ops.sum(Ops.t(A)); }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertSumOfTranspose(fe.program("C#f"));
  }

  @Test
  void fullyQualifiedWithoutImportingOps() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        class C {
          @dev.tracegrad.Differentiable
          static double f(dev.tracegrad.Matrix A) {
            dev.tracegrad.Matrix B = dev.tracegrad.Ops.t(A);
            return dev.tracegrad.Ops.sum(B);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertSumOfTranspose(fe.program("C#f"));
  }

  @Test
  void qualifiedFromInsidePackageDevTracegrad() {
    FrontEnd fe = FrontEnd.read("dev.tracegrad.Mine", """
        package dev.tracegrad;
        class Mine {
          @Differentiable static double f(Matrix A) { return Ops.sum(Ops.t(A)); }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertSumOfTranspose(fe.program("Mine#f"));
    assertThat(fe.program("Mine#f").packageName()).isEqualTo("dev.tracegrad");
  }

  @Test
  void singleStaticImports() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.sum;
        import static dev.tracegrad.Ops.t;
        class C {
          @Differentiable static double f(Matrix A) { return sum(t(A)); }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertSumOfTranspose(fe.program("C#f"));
  }

  @Test
  void mathQualifiedFullyQualifiedAndStaticallyImported() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.*;
        import static java.lang.Math.sqrt;
        class C {
          @Differentiable(wrt = {"A", "s"})
          static double f(Matrix A, double s) {
            double a = Math.log(s);
            double b = java.lang.Math.exp(a);
            double c = sqrt(b);
            return Math.pow(c, 3) * sum(A);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    assertThat(p.graph().nodes()).containsExactly(
        new Node.ScalarParam("s"),
        new Node.ScalarFunction(EntrywiseFunction.LOG, 0),
        new Node.ScalarFunction(EntrywiseFunction.EXP, 1),
        new Node.ScalarFunction(EntrywiseFunction.SQRT, 2),
        new Node.Const(3.0),
        new Node.ScalarPow(3, 4),
        new Node.Param("A"),
        new Node.Sum(6),
        new Node.ScalarMul(5, 7)).inOrder();
    assertThat(p.graph().names()).containsExactly(0, "s", 1, "a", 2, "b", 3, "c", 6, "A");
  }

  @Test
  void opsAndMathBothStaticallyImportedOverloadByArgumentKind() {
    // log(A) is Ops.log (a Matrix argument), log(s) is Math.log, as javac's overloading picks.
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.*;
        import static java.lang.Math.*;
        class C {
          @Differentiable static double f(Matrix A, double s) {
            return sum(log(A)) + log(s) + sum(exp(A)) * exp(s);
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    assertThat(fe.program("C#f").graph().nodes()).containsExactly(
        new Node.Param("A"),
        new Node.Entrywise(EntrywiseFunction.LOG, 0),
        new Node.Sum(1),
        new Node.ScalarParam("s"),
        new Node.ScalarFunction(EntrywiseFunction.LOG, 3),
        new Node.ScalarAdd(2, 4),
        new Node.Entrywise(EntrywiseFunction.EXP, 0),
        new Node.Sum(6),
        new Node.ScalarFunction(EntrywiseFunction.EXP, 3),
        new Node.ScalarMul(7, 8),
        new Node.ScalarAdd(5, 9)).inOrder();
  }

  @Test
  void everyOpsMethodMapsToItsNode() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import static dev.tracegrad.Ops.*;
        class C {
          @Differentiable static double f(Matrix A, Matrix b, double s) {
            Matrix m = add(sub(neg(A), A), hadamard(div(A, A), mul(A, t(A))));
            Matrix e = exp(log(sigmoid(tanh(relu(softplus(square(sqrt(abs(sin(cos(m)))))))))));
            Matrix q = pow(scale(s, inv(e)), 2.0);
            Matrix r = addColumn(softmax(logSoftmax(q)), b);
            double v = tr(r) + det(r) + logdet(r) + sum(rowSums(r)) + sumsq(colSums(r));
            return v + dot(r, r) + scalar(mul(t(b), b));
          }
        }
        """);
    assertThat(fe.compilation).succeededWithoutWarnings();
    Program p = fe.program("C#f");
    // Spot the op of each node kind by walking the graph: every DSL node type occurs.
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (Node n : p.graph().nodes()) {
      kinds.add(n instanceof Node.Entrywise m ? "Map." + m.fn() : n.getClass().getSimpleName());
    }
    assertThat(kinds).containsExactly(
        "Param", "ScalarParam", "Const", "Neg", "Sub", "Div", "Transpose", "MatMul", "Hadamard",
        "Add", "Map.COS", "Map.SIN", "Map.ABS", "Map.SQRT", "Map.SQUARE", "Map.SOFTPLUS",
        "Map.RELU", "Map.TANH", "Map.SIGMOID", "Map.LOG", "Map.EXP", "Inv", "Scale", "Pow",
        "LogSoftmax", "Softmax", "AddColumn", "Trace", "Det", "LogDet", "RowSums", "Sum",
        "ColSums", "SumSq", "ScalarAdd", "Dot", "ScalarOf");
    // Operand order of the two-operand ops whose order matters.
    int s = p.graph().find(new Node.ScalarParam("s")).orElseThrow();
    int e = p.graph().find(new Node.Entrywise(EntrywiseFunction.EXP, p.graph().find(new Node.Entrywise(EntrywiseFunction.LOG,
        p.graph().nodes().indexOf(p.graph().nodes().stream()
            .filter(n -> n instanceof Node.Entrywise m && m.fn() == EntrywiseFunction.SIGMOID).findFirst()
            .orElseThrow()))).orElseThrow())).orElseThrow();
    int inv = p.graph().find(new Node.Inv(e)).orElseThrow();
    int scale = p.graph().find(new Node.Scale(s, inv)).orElseThrow();
    int two = p.graph().find(new Node.Const(2.0)).orElseThrow();
    assertThat(p.graph().find(new Node.Pow(scale, two))).isPresent();
  }

  @Test
  void aMethodOfTheClassShadowsTheStaticImportAsJavacDoes() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;
        import dev.tracegrad.Ops;
        import static dev.tracegrad.Ops.*;
        class C {
          static double sum(Matrix A, Matrix B) { return Ops.dot(A, B); }
          @Differentiable static double bad(Matrix A) { return sum(A); }
          @Differentiable static double good(Matrix A) { return Ops.sum(A); }
        }
        """);
    assertThat(fe.compilation).hadErrorContaining("[TraceGradHelperOverloaded] helper sum is"
        + " called here with 'A', which depends on the wrt parameter A, so it is inlined, but it"
        + " takes 2 argument(s), and it hides Ops.sum here; write Ops.sum(...) to call the op")
        .inFile(fe.compilation.sourceFiles().get(0)).onLine(8).atColumn(56);
    assertThat(fe.result("C#bad")).isEmpty();
    assertThat(fe.program("C#good").graph().nodes())
        .containsExactly(new Node.Param("A"), new Node.Sum(0)).inOrder();
  }

  @Test
  void anInheritedMethodShadowsTooAndOuterClassesCount() {
    FrontEnd fe = FrontEnd.read(
        JavaFileObjects.forSourceString("p.Base", """
            package p;
            class Base { static double t(double x) { return x; } }
            """),
        JavaFileObjects.forSourceString("p.Outer", """
            package p;
            import dev.tracegrad.Differentiable;
            import dev.tracegrad.Matrix;
            import static dev.tracegrad.Ops.*;
            class Outer extends Base {
              static double mul(double a) { return a; }
              static class Inner {
                @Differentiable static double f(Matrix A) { return sum(t(A)); }
                @Differentiable static double g(Matrix A) { return sum(mul(A, A)); }
              }
            }
            """));
    // t is Base's (another file); mul is Outer's, taking one argument
    assertThat(fe.ourPositions()).containsExactly(
        "8:60 [TraceGradHelperInOtherFile]", "9:60 [TraceGradHelperOverloaded]").inOrder();
    assertThat(fe.result("Outer.Inner#f")).isEmpty();
    assertThat(fe.result("Outer.Inner#g")).isEmpty();
  }

  @Test
  void aVariableObscuresATypeName() {
    // The parameter Ops is a Matrix: Ops.sum(Ops) would be an instance call (javac: no such method).
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.*;
        class C {
          @Differentiable static double f(Matrix Ops) { return Ops.sum(Ops); }
        }
        """);
    assertThat(fe.compilation).hadErrorContaining(
        "[TraceGradWrtDependentData] 'Ops' depends on the wrt parameter Ops, but 'Ops.sum(Ops)'"
            + " runs as plain Java on data");
    assertThat(fe.result("C#f")).isEmpty();
  }

  @Test
  void aClassNamedMathInThePackageIsNotJavaLangMath() {
    FrontEnd fe = FrontEnd.read(
        JavaFileObjects.forSourceString("p.Math", """
            package p;
            class Math { static double log(double x) { return x; } }
            """),
        JavaFileObjects.forSourceString("p.C", """
            package p;
            import dev.tracegrad.*;
            class C {
              @Differentiable static double f(Matrix A, double s) {
                return Ops.sum(A) * Math.log(s);
              }
              @Differentiable static double g(Matrix A, double s) {
                return Ops.sum(A) * java.lang.Math.log(s);
              }
            }
            """));
    // p.Math.log of data (s is not in wrt) runs as written, once, before the forward pass
    assertThat(fe.ours()).isEmpty();
    assertThat(fe.program("C#f").prologue().toString()).contains("p.Math.log(s)");
    assertThat(fe.program("C#g").graph().find(new Node.ScalarFunction(EntrywiseFunction.LOG, 2))).isPresent();
  }
}
