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
 * Methods that would generate the same class, through overloading or an explicit name given
 * twice, in one file or in two: an error on every one of them, each naming the others, no
 * warning, and none of them generates the class; a good method beside them still does. Nested
 * classes of the same simple name no longer meet: the default name joins the enclosing classes.
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

  /** Every diagnostic as "KIND File.java:line message". */
  private static List<String> all(DiskCompilation c) {
    List<String> all = new ArrayList<>();
    for (Diagnostic<?> d : c.diagnostics) {
      String file = d.getSource() == null ? "-" : Path.of(d.getSource().toString()).getFileName().toString();
      all.add(d.getKind() + " " + file.replace("]", "") + ":" + d.getLineNumber() + " "
          + d.getMessage(Locale.ROOT));
    }
    return all;
  }

  private static String duplicate(String qualified, String others) {
    return "[TraceGradDuplicateClassName] the generated class " + qualified + " is asked for by"
        + " this method and by " + others + ", so it is not generated for this method; give each"
        + " method a distinct @Differentiable(name = \"...\")";
  }

  /** Both f's default to CFGradient: both are reported, each naming the other by its parameters. */
  @Test
  void overloads() throws IOException {
    Path c = write("C", """
        class C {
          @Differentiable static double f(Matrix A) { return sum(A); }
          @Differentiable static double f(Matrix A, Matrix B) { return dot(A, B); }
          @Differentiable static double g(Matrix A) { return sumsq(A); }
        }
        """);
    DiskCompilation out = DiskCompilation.compile(dir.resolve("out"), List.of(c));
    assertThat(out.success).isFalse();
    assertThat(all(out)).containsExactly(
        "ERROR C.java:5 " + duplicate("example.CFGradient", "C#f(Matrix, Matrix)"),
        "ERROR C.java:6 " + duplicate("example.CFGradient", "C#f(Matrix)")).inOrder();
    assertThat(out.generatedSources.keySet()).containsExactly("example/CGGradient.java");
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
    DiskCompilation out = DiskCompilation.compile(dir.resolve("out"), List.of(c));
    assertThat(all(out)).containsExactly("ERROR C.java:5 [TraceGradClassExists] a type named"
        + " example.CFGradient already exists, so the gradient class cannot be generated under"
        + " that name; choose another with @Differentiable(name = \"...\")");
    assertThat(out.generatedSources.keySet()).containsExactly("example/CGGradient.java");
  }

  /** A.Inner.f and B.Inner.f: AInnerFGradient and BInnerFGradient, no error. */
  @Test
  void nestedClassesOfTheSameNameInTwoFilesDoNotMeet() throws IOException {
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
    DiskCompilation out = DiskCompilation.compile(dir.resolve("out"), List.of(a, b));
    assertThat(out.diagnostics).isEmpty();
    assertThat(out.success).isTrue();
    assertThat(out.generatedSources.keySet())
        .containsExactly("example/AInnerFGradient.java", "example/BInnerFGradient.java");
  }

  /** One explicit name twice: both reported, neither written; h beside them still generates. */
  @Test
  void oneExplicitNameTwice() throws IOException {
    Path c = write("C", """
        class C {
          @Differentiable(name = "Same") static double f(Matrix A) { return sum(A); }
          @Differentiable(name = "Same") static double g(Matrix A) { return sumsq(A); }
          @Differentiable static double h(Matrix A) { return tr(A); }
        }
        """);
    DiskCompilation out = DiskCompilation.compile(dir.resolve("out"), List.of(c));
    assertThat(all(out)).containsExactly(
        "ERROR C.java:5 " + duplicate("example.Same", "C#g"),
        "ERROR C.java:6 " + duplicate("example.Same", "C#f")).inOrder();
    assertThat(out.generatedSources.keySet()).containsExactly("example/CHGradient.java");
  }

  /**
   * The case, whichever file javac reads first: OuterA.Losses and OuterB.Losses in two
   * files asking for one name; each error is in its own file and names the other method; a bad
   * body beside the clash is reported too.
   */
  @Test
  void threeMethodsInTwoFilesOneOfThemAlsoBad() throws IOException {
    Path a = write("OuterA", """
        class OuterA {
          static class Losses {
            @Differentiable(name = "LossGradient") static double loss(Matrix A) { return sum(A); }
            @Differentiable static double good(Matrix A) { return sum(A); }
          }
        }
        """);
    Path b = write("OuterB", """
        class OuterB {
          static class Losses {
            @Differentiable(name = "LossGradient") static double loss(Matrix A) { return sum(A); }
            @Differentiable(name = "LossGradient") static double bad(Matrix A) { return A.get(0, 0); }
          }
        }
        """);
    DiskCompilation out = DiskCompilation.compile(dir.resolve("out"), List.of(b, a));
    assertThat(out.success).isFalse();
    List<String> all = all(out);
    assertThat(all).contains("ERROR OuterA.java:6 " + duplicate("example.LossGradient",
        "OuterB.Losses#loss, OuterB.Losses#bad"));
    assertThat(all).contains("ERROR OuterB.java:6 " + duplicate("example.LossGradient",
        "OuterB.Losses#bad, OuterA.Losses#loss"));
    assertThat(all).contains("ERROR OuterB.java:7 " + duplicate("example.LossGradient",
        "OuterB.Losses#loss, OuterA.Losses#loss"));
    assertThat(all).hasSize(4);
    assertThat(all.get(3)).startsWith("ERROR OuterB.java:7 [TraceGradWrtDependentData] 'A' depends on the wrt parameter A, but 'A.get(0, 0)'");
    assertThat(out.generatedSources.keySet()).containsExactly("example/OuterALossesGoodGradient.java");
  }
}
