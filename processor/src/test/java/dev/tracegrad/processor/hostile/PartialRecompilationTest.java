package dev.tracegrad.processor.hostile;

import static com.google.common.truth.Truth.assertThat;

import dev.tracegrad.processor.DifferentiableProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that recompiles only the loss's source, with the previous build's classes on the class
 * path (IDE builds, {@code -Dmaven.compiler.useIncrementalCompilation=false}): TraceGrad's own
 * earlier output is generated again, recognised by the {@code @GeneratedGradient} marker in its
 * class file, as is earlier output of a method renamed since; a user's class of that name, or the
 * current output of another method not recompiled now, is still an error.
 * Real javac runs on disk under {@code -Xlint:all -Werror}.
 */
class PartialRecompilationTest {

  @TempDir
  Path dir;

  private Path write(String relative, String text) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static final String LOSSES = """
      package example;
      import dev.tracegrad.*;
      import static dev.tracegrad.Ops.*;
      public class C {
        @Differentiable public static double f(Matrix A) { return sumsq(A); }
        @Differentiable public static double g(Matrix A) { return sum(softplus(A)); }
      }
      """;

  /**
   * The first, full build: the processor generates both classes, each marked with the method it
   * came from, and leaves their class files behind.
   */
  private Path firstBuild(Path losses) throws IOException {
    DiskCompilation first = DiskCompilation.compile(dir.resolve("first"), List.of(losses));
    assertThat(first.diagnostics).isEmpty();
    assertThat(first.success).isTrue();
    for (String method : List.of("f", "g")) {
      String name = "CF".replace("F", method.toUpperCase(Locale.ROOT)) + "Gradient";
      String text = Files.readString(dir.resolve("first/generated/example/" + name + ".java"));
      assertThat(text).contains("@GeneratedGradient(\"C#" + method + "\")");
    }
    return dir.resolve("first/classes");
  }

  /** The issue's case: recompiling the edited loss file alone succeeds, without a warning. */
  @Test
  void ownEarlierOutputOnTheClassPathIsGeneratedAgain() throws IOException {
    Path losses = write("src/example/C.java", LOSSES);
    Path previous = firstBuild(losses);
    // The user edits g, then the build recompiles only C.java against the previous classes.
    Files.writeString(losses, LOSSES.replace("sum(softplus(A))", "sum(sigmoid(A))"));
    DiskCompilation second = DiskCompilation.compile(dir.resolve("second"), List.of(losses),
        List.of(previous), List.of(new DifferentiableProcessor()), false, List.of());
    // Under -Xlint:processing javac notes that each class is replaced (it does so for any
    // processor's output found on the class path); nothing else is reported.
    assertThat(second.rendered(Diagnostic.Kind.WARNING)).containsExactly(
        "-1:-1 A file for type 'example.CFGradient' already exists on the sourcepath or"
            + " classpath",
        "-1:-1 A file for type 'example.CGGradient' already exists on the sourcepath or"
            + " classpath");
    assertThat(second.diagnostics).hasSize(2);
    assertThat(second.success).isTrue();
    assertThat(second.generatedSources.keySet())
        .containsExactly("example/CFGradient.java", "example/CGGradient.java");
    assertThat(second.generatedSources.get("example/CGGradient.java")).contains("sigmoid");
    assertThat(Files.exists(dir.resolve("second/classes/example/CGGradient.class"))).isTrue();
  }

  /**
   * As Maven runs javac: the previous generated sources are on {@code -sourcepath} and are also
   * where the new ones are written, beside the previous classes on the class path.
   */
  @Test
  void mavenLayoutWithThePreviousGeneratedSourcesOnTheSourcePath() throws IOException {
    Path losses = write("src/example/C.java", LOSSES);
    Path previous = firstBuild(losses);
    Files.writeString(losses, LOSSES.replace("sum(softplus(A))", "sum(sigmoid(A))"));
    Path generated = dir.resolve("first/generated");
    DiskCompilation second = DiskCompilation.compile(dir.resolve("second"), List.of(losses),
        List.of(previous), List.of(new DifferentiableProcessor()), false,
        List.of(generated, dir.resolve("src")));
    assertThat(second.rendered(Diagnostic.Kind.ERROR)).isEmpty();
    assertThat(second.success).isTrue();
    assertThat(Files.readString(generated.resolve("example/CGGradient.java"))).contains("sigmoid");
    assertThat(Files.exists(dir.resolve("second/classes/example/CGGradient.class"))).isTrue();
  }

  /**
   * Earlier output of a method that no longer asks for the name (renamed in the recompiled
   * class, or its class deleted) is stale too, and generated again for the method asking now.
   */
  @Test
  void outputOfARenamedOrDeletedMethodIsGeneratedAgain() throws IOException {
    Path renamed = write("old/example/Renamed.java", """
        package example;
        @dev.tracegrad.GeneratedGradient("C#before")
        public final class Renamed {}
        """);
    Path gone = write("old/example/Gone.java", """
        package example;
        @dev.tracegrad.GeneratedGradient("Deleted.Inner#f")
        public final class Gone {}
        """);
    DiskCompilation old = DiskCompilation.compile(dir.resolve("old"), List.of(renamed, gone),
        List.of(), List.of());
    assertThat(old.success).isTrue();
    Path losses = write("src/example/C.java", """
        package example;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        public class C {
          @Differentiable(name = "Renamed") public static double after(Matrix A) { return sumsq(A); }
          @Differentiable(name = "Gone") public static double g(Matrix A) { return sum(A); }
        }
        """);
    DiskCompilation second = DiskCompilation.compile(dir.resolve("second"), List.of(losses),
        List.of(dir.resolve("old/classes")), List.of(new DifferentiableProcessor()), false,
        List.of());
    assertThat(second.rendered(Diagnostic.Kind.ERROR)).isEmpty();
    assertThat(second.success).isTrue();
    assertThat(second.generatedSources.keySet())
        .containsExactly("example/Renamed.java", "example/Gone.java");
  }

  /**
   * The marker on a class compiled with the processor, as every generated class is in the round
   * after it is written: claimed, so {@code -Xlint:processing -Werror} stays quiet.
   */
  @Test
  void theMarkerIsClaimedInTheRoundThatCompilesIt() throws IOException {
    Path marked = write("src/example/Marked.java", """
        package example;
        @dev.tracegrad.GeneratedGradient("C#f")
        public final class Marked {}
        """);
    Path losses = write("src/example/C.java", LOSSES);
    DiskCompilation c = DiskCompilation.compile(dir.resolve("out"), List.of(marked, losses));
    assertThat(c.diagnostics).isEmpty();
    assertThat(c.success).isTrue();
  }

  /**
   * A user's class of the generated name, and an earlier output of another method, found as class
   * files: one error each, on the method, and the good method beside them still generates.
   */
  @Test
  void aUserClassOrAnotherMethodsOutputIsStillAnError() throws IOException {
    Path user = write("old/example/CFGradient.java", """
        package example;
        public final class CFGradient {}
        """);
    Path other = write("old/example/CGGradient.java", """
        package example;
        @dev.tracegrad.GeneratedGradient("D#other")
        public final class CGGradient {}
        """);
    // D is not recompiled: its class file is current, and so is the output it names.
    Path d = write("old/example/D.java", """
        package example;
        public class D {
          @dev.tracegrad.Differentiable(name = "CGGradient")
          public static double other(dev.tracegrad.Matrix A) { return dev.tracegrad.Ops.sum(A); }
        }
        """);
    DiskCompilation old = DiskCompilation.compile(dir.resolve("old"), List.of(user, other, d),
        List.of(), List.of());
    assertThat(old.success).isTrue();
    Path losses = write("src/example/C.java", """
        package example;
        import dev.tracegrad.*;
        import static dev.tracegrad.Ops.*;
        public class C {
          @Differentiable public static double f(Matrix A) { return sumsq(A); }
          @Differentiable public static double g(Matrix A) { return sum(A); }
          @Differentiable public static double h(Matrix A) { return tr(A); }
        }
        """);
    DiskCompilation second = DiskCompilation.compile(dir.resolve("second"), List.of(losses),
        List.of(dir.resolve("old/classes")), List.of(new DifferentiableProcessor()));
    assertThat(second.success).isFalse();
    assertThat(second.rendered(Diagnostic.Kind.ERROR)).containsExactly(
        "5:40 [TraceGradClassExists] a type named example.CFGradient already exists, so the"
            + " gradient class cannot be generated under that name; choose another with"
            + " @Differentiable(name = \"...\")",
        "6:40 [TraceGradClassExists] a type named example.CGGradient already exists (TraceGrad"
            + " generated it from D#other), so the gradient class cannot be generated under that"
            + " name; choose another with @Differentiable(name = \"...\")");
    assertThat(second.diagnostics).hasSize(2);
    assertThat(second.diagnostics.get(0).getSource().getName()).endsWith("C.java");
    assertThat(second.generatedSources.keySet()).containsExactly("example/CHGradient.java");
  }
}
