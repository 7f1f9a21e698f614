package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated code is doclint-clean: a user who builds with {@code -Xdoclint:all} (or runs
 * {@code javadoc}) and {@code -Werror} gets no warning from a class they cannot edit. The
 * generated sources of every example file are compiled on their own, without the processor,
 * with {@code -Xdoclint:all -Xlint:all -Werror}, and javac must report nothing at all.
 *
 * <p>Except on JDK 17 and 18, whose doclint asks for a comment on each component of the
 * {@code Result} record although the record documents them with {@code @param} as it should
 * (JDK-8284994, fixed in JDK 19): there exactly those warnings are expected, and nothing else.
 */
class DoclintE2eTest {
  @ParameterizedTest
  @ValueSource(strings = {"Losses", "Models", "Cookbook", "Coverage", "Structure", "Regressions",
      "Names", "Failures", "Data", "Helpers", "Indexed", "SecondOrder"})
  void generatedSourcesHaveNoDoclintDiagnostics(String example) {
    assertDoclintClean(ProcessorRun.ofLosses(example));
  }

  /**
   * A class long enough for every split: passes in parts, shape checks and output checks in
   * parts, values kept in fields between parts.
   */
  @Test
  void splitMethodsAreDocumentedToo() {
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Deep",
        SizeLimitsE2eTest.residualNetwork(60)));
    assertThat(run.compilation).succeededWithoutWarnings();
    String source = new String(run.generatedSourceBytes("DeepNetGradient"), StandardCharsets.UTF_8);
    assertThat(source).contains("private void checkOutputsPart2(");
    assertThat(source).contains("private static void checkShapesPart2(");
    assertThat(source).contains("private void backwardPart2(");
    assertDoclintClean(run);
  }

  /** The tangent pass of a long network with Hessian-vector products, in parts, documented. */
  @Test
  void splitTangentPassIsDocumentedToo() {
    String source = SizeLimitsE2eTest.residualNetwork(30).replace("})\n  static double net", "}, hvp = true)\n  static double net");
    assertThat(source).contains("hvp = true");
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Deep", source));
    assertThat(run.compilation).succeededWithoutWarnings();
    String generated = new String(run.generatedSourceBytes("DeepNetGradient"), StandardCharsets.UTF_8);
    assertThat(generated).contains("private void tangentPart2(");
    assertDoclintClean(run);
  }

  private static void assertDoclintClean(ProcessorRun run) {
    List<JavaFileObject> generated = new ArrayList<>(run.compilation.generatedSourceFiles());
    assertThat(generated).isNotEmpty();
    // Generated code may call the user's helpers: the user's sources are compiled alongside,
    // and only the generated files' diagnostics count.
    List<JavaFileObject> all = new ArrayList<>(generated);
    all.addAll(run.compilation.sourceFiles());
    Compilation doclint = Compiler.javac()
        .withOptions("-proc:none", "-Xdoclint:all", "-Xlint:all")
        .compile(all);
    boolean recordBug = Runtime.version().feature() < 19;
    String found = doclint.diagnostics().stream()
        .filter(d -> d.getSource() != null && d.getSource().getName().startsWith("/SOURCE_OUTPUT/"))
        .filter(d -> !(recordBug && isRecordComponentWarning(d)))
        .map(d -> d.getKind() + " " + d.getSource().getName() + ":" + d.getLineNumber() + " "
            + d.getMessage(null))
        .collect(Collectors.joining("\n"));
    assertThat(found).isEmpty();
    if (!recordBug) {
      assertThat(doclint).succeeded();
    }
  }

  /** A "no comment" warning on a component of a record ({@code Result}, {@code Hvp}) (or -Werror's error). */
  private static boolean isRecordComponentWarning(Diagnostic<? extends JavaFileObject> d) {
    if (d.getKind() == Diagnostic.Kind.ERROR && d.getLineNumber() == Diagnostic.NOPOS) {
      return true; // "warnings found and -Werror specified"
    }
    if (d.getKind() != Diagnostic.Kind.WARNING || !d.getMessage(null).equals("no comment")) {
      return false;
    }
    try {
      String source = d.getSource().getCharContent(true).toString();
      for (String record : List.of("public record Result(", "public record Hvp(")) {
        int header = source.indexOf(record);
        if (header >= 0 && d.getPosition() >= header && d.getPosition() < source.indexOf('{', header)) {
          return true;
        }
      }
      return false;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
