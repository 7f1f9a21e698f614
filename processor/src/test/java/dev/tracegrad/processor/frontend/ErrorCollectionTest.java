package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every independent error of a method is reported, each once, and none as a consequence of another. */
class ErrorCollectionTest {

  @Test
  void halfInvalidFileReportsEachBadMethodOnceAndReadsEveryGoodOne() {
    FrontEnd fe = FrontEnd.read(JavaFileObjects.forResource("frontend/Mixed.java"));
    assertThat(fe.ourPositions()).containsExactly(
        "22:16 [TraceGradUnknownCall]",            // missing(...): h is poisoned, 5 uses silent
        "33:31 [TraceGradUnknownWrt]",             // "nope"
        "45:16 [TraceGradPrivateMember]",          // RATES: r is poisoned
        "57:5 [TraceGradUnsupportedStatement]",    // while (...) { s = s / 2; } not looked into
        "70:19 [TraceGradExpectedMatrix]",         // Matrix s = sum(W): s is poisoned
        "81:26 [TraceGradWrtDependentExponent]")   // pow(W, sum(W)): p is poisoned
        .inOrder();
    List<String> good = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    fe.processor.results.forEach((key, program) -> (program.isPresent() ? good : bad).add(key));
    assertThat(good).containsExactly("Mixed#ok1", "Mixed#ok2", "Mixed#ok3", "Mixed#ok4",
        "Mixed#ok5", "Mixed#ok6").inOrder();
    assertThat(bad).containsExactly("Mixed#badPoisonedLocal", "Mixed#badWrt", "Mixed#badField",
        "Mixed#badLoop", "Mixed#badKind", "Mixed#badExponent").inOrder();
  }

  @Test
  void independentErrorsInOneMethodAreAllReported() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        class C {
          static final double RATE = 0.1;
          @Differentiable static double many(Matrix W, Matrix x, double s) {
            Matrix a = foo(W);
            double b = Math.atan(sum(W));
            Matrix c = mul(W, x);
            double d = sum(x) % 2;
            return sum(a) * b + sum(c) * d + bar(c, a) + rate;
          }
        }
        """);
    assertThat(fe.ourPositions()).containsExactly(
        "7:16 [TraceGradUnknownCall]",
        "8:20 [TraceGradUnknownCall]",
        "10:23 [TraceGradUnsupportedOperator]",
        "11:38 [TraceGradUnknownCall]",
        "11:50 [TraceGradUnknownName]").inOrder();
    assertThat(fe.result("C#many")).isEmpty();
  }

  @Test
  void declarationAndBodyErrorsTogether() {
    FrontEnd fe = FrontEnd.read("p.C", """
        package p;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        class C {
          @Differentiable(wrt = "q")
          double both(Matrix W, String label) {
            Matrix a = t(W);
            a = mul(a, W);
            return sum(a) + label.length();
          }
        }
        """);
    // Not static; wrt "q"; the reassignment (the String parameter is data).
    assertThat(fe.ourPositions()).containsExactly(
        "6:10 [TraceGradNotStatic]",
        "5:25 [TraceGradUnknownWrt]",
        "8:7 [TraceGradReassignment]").inOrder();
  }
}
