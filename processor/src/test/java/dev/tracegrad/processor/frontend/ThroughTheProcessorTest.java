package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.DifferentiableProcessor;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The real processor stops a method at the front end's errors: they are its only diagnostics,
 * no internal error from later stages, no warning.
 */
class ThroughTheProcessorTest {

  @Test
  void invalidMethodsReportOnlyFrontEndErrors() {
    Compilation compilation = Compiler.javac().withProcessors(new DifferentiableProcessor())
        .compile(JavaFileObjects.forSourceString("p.C", """
            package p;
            import dev.tracegrad.*;
            import static dev.tracegrad.Ops.*;
            class C {
              @Differentiable double notStatic(Matrix A) { return sum(A); }
              @Differentiable static double loop(Matrix A) {
                double s = sum(A);
                while (s > 1) { s = s / 2; }
                return s;
              }
              @Differentiable(wrt = "B") static double wrt(Matrix A) { return sum(A); }
            }
            """));
    assertThat(compilation.errors().stream()
        .map(d -> d.getLineNumber() + " " + d.getMessage(Locale.ROOT).split("]")[0] + "]")
        .toList())
        .containsExactly("5 [TraceGradNotStatic]", "8 [TraceGradUnsupportedStatement]",
            "11 [TraceGradUnknownWrt]").inOrder();
    assertThat(compilation.warnings()).isEmpty();
  }
}
