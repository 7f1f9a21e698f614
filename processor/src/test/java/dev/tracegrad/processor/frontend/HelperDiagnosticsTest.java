package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Errors of helper methods on the differentiable path (LANGUAGE.md §2): a helper whose body breaks
 * the rules is reported at the call, naming the helper and the first offending construct, and at
 * that construct inside the helper; recursion names the cycle; a helper in another file, or a
 * parameter that cannot hold a wrt-dependent value, says what to change. Each pinned at file,
 * line and column.
 */
class HelperDiagnosticsTest {

  private static FrontEnd read(String members) {
    return FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        class C {
        """ + members + "\n}\n");
  }

  private static String message(FrontEnd fe, int i) {
    return fe.ours().get(i).getMessage(Locale.ROOT);
  }

  @Test
  void aLoopInAnInlinedHelperIsReportedAtTheCallAndAtTheLoop() {
    FrontEnd fe = read("""
          static Matrix norm(Matrix A) {
            Matrix B = t(A);
            for (int i = 0; i < 2; i++) { }
            return B;
          }
          @Differentiable static double f(Matrix W) { return sum(norm(W)); }
        """);
    assertThat(fe.ourPositions()).containsExactly(
        "10:58 [TraceGradHelperBreaksRules]", "7:5 [TraceGradUnsupportedStatement]").inOrder();
    assertThat(message(fe, 0)).isEqualTo("[TraceGradHelperBreaksRules] helper norm is called here"
        + " with 'W', which depends on the wrt parameter W, so it is inlined, but its body breaks"
        + " the body rules: a for loop is not supported here; the body may contain only local"
        + " declarations followed by one return (move loops and ifs into a static helper method"
        + " that computes data) (see the next error); keep loops and ifs in helpers that compute"
        + " data only");
    assertThat(fe.result("C#f")).isEmpty();
  }

  @Test
  void recursionNamesTheCycle() {
    FrontEnd fe = read("""
          static Matrix up(Matrix A) { return down(t(A)); }
          static Matrix down(Matrix A) { return up(A); }
          @Differentiable static double f(Matrix W) { return sum(up(W)); }
        """);
    // one error, at the call that closes the cycle (in down), the inlinings around it silent
    assertThat(fe.ourPositions()).containsExactly("6:41 [TraceGradHelperRecursion]");
    assertThat(message(fe, 0)).isEqualTo("[TraceGradHelperRecursion] helper up is called on the"
        + " differentiable path inside its own inlining (up -> down -> up); helpers are inlined,"
        + " so they cannot be recursive");
  }

  @Test
  void aPrivateMemberReadInsideAHelper() {
    FrontEnd fe = read("""
          private static final double[] RATES = {0.5};
          static Matrix shrink(Matrix A) { return scale(RATES[0], A); }
          @Differentiable static double f(Matrix W) { return sum(shrink(W)); }
        """);
    assertThat(fe.ourPositions()).containsExactly(
        "7:58 [TraceGradHelperBreaksRules]", "6:49 [TraceGradPrivateMember]").inOrder();
    assertThat(message(fe, 1)).isEqualTo("[TraceGradPrivateMember] C.RATES is private, so the"
        + " generated class cannot read it; make it package-private (remove 'private')");
  }

  @Test
  void aParameterThatCannotHoldAWrtDependentValue() {
    FrontEnd fe = read("""
          static double weight(Object o) { return 1.0; }
          @Differentiable static double f(Matrix W) { return weight(W) * sum(W); }
        """);
    assertThat(fe.ourPositions()).containsExactly("6:61 [TraceGradHelperParameterType]");
    assertThat(message(fe, 0)).isEqualTo("[TraceGradHelperParameterType] parameter o of helper"
        + " weight has type java.lang.Object but receives 'W', which depends on the wrt parameter"
        + " W; a helper parameter that receives a wrt-dependent value must be Matrix or double");
  }

  @Test
  void aHelperInAnotherFileMustMove() {
    FrontEnd fe = FrontEnd.read(
        JavaFileObjects.forSourceString("p.Layers", """
            package p;
            import dev.tracegrad.Matrix;
            class Layers { static Matrix id(Matrix A) { return A; } }
            """),
        JavaFileObjects.forSourceString("p.C", """
            package p;
            import dev.tracegrad.*;
            import static dev.tracegrad.Ops.*;
            class C {
              @Differentiable static double f(Matrix W) { return sum(Layers.id(W)); }
            }
            """));
    assertThat(fe.ourPositions()).containsExactly("5:64 [TraceGradHelperInOtherFile]");
    assertThat(message(fe, 0)).isEqualTo("[TraceGradHelperInOtherFile] id is declared in"
        + " p.Layers, another source file, and is called here with 'W', which depends on the wrt"
        + " parameter W; a helper on the differentiable path is inlined and must be declared in"
        + " the same top-level class as the @Differentiable method (so that recompiling that file"
        + " regenerates the gradient): move it there");
  }

  @Test
  void aHelperCalledWithDataOnlyIsInlinedWhenItsBodyIsDeclarationsAndAReturn() {
    FrontEnd fe = read("""
          private static final double[] W = {1};
          static double first(int n) {
            double x = W[0];
            return x * n;
          }
          @Differentiable static double f(Matrix A) { return first(A.rows()) * sum(A); }
        """);
    assertThat(fe.ourPositions()).containsExactly(
        "10:54 [TraceGradHelperOnDataBreaksRules]", "7:16 [TraceGradPrivateMember]").inOrder();
    assertThat(message(fe, 0)).isEqualTo("[TraceGradHelperOnDataBreaksRules] helper first is"
        + " called here with data only and is inlined, its body being local declarations and one"
        + " return, but it breaks the body rules: C.W is private, so the generated class cannot"
        + " read it; make it package-private (remove 'private') (see the next error)");
  }

  @Test
  void aHelperCalledOnlyWithDataRunsAsWrittenEvenWithALoop() {
    FrontEnd fe = read("""
          static double total(double[] w) {
            double s = 0;
            for (double v : w) { s += v; }
            return s;
          }
          @Differentiable(wrt = "W") static double f(Matrix W, double[] w) {
            return total(w) * sum(W);
          }
        """);
    assertThat(fe.ours()).isEmpty();
    assertThat(fe.program("C#f").prologue().toString()).contains("p.C.total(w)");
  }
}
