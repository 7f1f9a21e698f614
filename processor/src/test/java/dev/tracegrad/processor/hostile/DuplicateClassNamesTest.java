package dev.tracegrad.processor.hostile;

import static com.google.common.truth.Truth.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two annotated methods that would generate the same class, through overloading, equal simple
 * names of nested classes in different files, or an explicit name given twice: exactly one
 * error, on the second method, no warning, and the first method's class is generated.
 */
class DuplicateClassNamesTest {
  private static final String HEADER =
      "package example;\nimport dev.tracegrad.*;\nimport static dev.tracegrad.Ops.*;\n";

  @TempDir
  Path dir;

  /** Writes example/{@code name}.java under the temporary source directory. */
  private Path write(String name, String body) throws IOException {
    Path p = dir.resolve("src").resolve(name + ".java");
    Files.createDirectories(p.getParent());
    Files.writeString(p, HEADER + body);
    return p;
  }

  /** Compiles; asserts the only diagnostic is this error; returns the generated source paths. */
  private List<String> compileExpectingOneError(String at, List<Path> sources) {
    return compileExpectingOneError(at, "DuplicateClassName", sources);
  }

  private List<String> compileExpectingOneError(String at, String id, List<Path> sources) {
    // On disk: compile-testing would hide the generated sources of a failed compilation.
    DiskCompilation c = DiskCompilation.compile(dir.resolve("out"), sources);
    assertThat(c.success).isFalse();
    List<String> all = new ArrayList<>();
    for (Diagnostic<?> d : c.diagnostics) {
      String m = d.getMessage(Locale.ROOT);
      all.add(d.getKind() + " " + d.getLineNumber() + " " + m.substring(0, Math.max(0, m.indexOf(']') + 1)));
    }
    assertThat(all).containsExactly("ERROR " + at + " [TraceGrad" + id + "]");
    return List.copyOf(c.generatedSources.keySet());
  }

  /** Both f's default to CFGradient; the error goes on the second, line 6. */
  @Test
  void overloads() throws IOException {
    Path c = write("C", """
        class C {
          @Differentiable static double f(Matrix A) { return sum(A); }
          @Differentiable static double f(Matrix A, Matrix B) { return dot(A, B); }
        }
        """);
    assertThat(compileExpectingOneError("6", List.of(c))).containsExactly("example/CFGradient.java");
  }

  /** A user class already has the generated name: one clear error, not a Filer warning. */
  @Test
  void userTypeWithTheGeneratedName() throws IOException {
    Path c = write("C", """
        class C {
          @Differentiable static double f(Matrix A) { return sum(A); }
          @Differentiable static double g(Matrix A) { return sumsq(A); }
        }
        class CFGradient {}
        """);
    assertThat(compileExpectingOneError("5", "ClassExists", List.of(c)))
        .containsExactly("example/CGGradient.java");
  }

  /** Nested classes name generated classes by their simple names, so A.Inner and B.Inner meet. */
  @Test
  void nestedClassesOfTheSameNameInTwoFiles() throws IOException {
    Path a = write("A", """
        class A {
          static class Inner { @Differentiable static double f(Matrix A) { return sum(A); } }
        }
        """);
    Path b = write("B", """
        class B {
          static class Inner { @Differentiable static double f(Matrix A) { return sumsq(A); } }
        }
        """);
    assertThat(compileExpectingOneError("5", List.of(a, b)))
        .containsExactly("example/InnerFGradient.java");
  }

  /** The clash costs only the second method: h beside them still generates its class. */
  @Test
  void oneExplicitNameTwice() throws IOException {
    Path c = write("C", """
        class C {
          @Differentiable(name = "Same") static double f(Matrix A) { return sum(A); }
          @Differentiable(name = "Same") static double g(Matrix A) { return sumsq(A); }
          @Differentiable static double h(Matrix A) { return tr(A); }
        }
        """);
    assertThat(compileExpectingOneError("6", List.of(c)))
        .containsExactly("example/Same.java", "example/CHGradient.java");
  }
}
