package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.ir.Program;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Diagnostics about the environment and unusual elements rather than the method's text. */
class EnvironmentDiagnosticsTest {

  @Test
  void constructor() {
    // javac does not hand a constructor annotated with a @Target(METHOD) annotation to
    // processors, so this processor passes one to the front end itself.
    List<Optional<Program>> read = new ArrayList<>();
    AbstractProcessor processor = new AbstractProcessor() {
      @Override
      public Set<String> getSupportedAnnotationTypes() {
        return Set.of("dev.tracegrad.Differentiable");
      }

      @Override
      public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
      }

      @Override
      public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
          for (Element method : round.getElementsAnnotatedWith(annotation)) {
            for (ExecutableElement c
                : ElementFilter.constructorsIn(method.getEnclosingElement().getEnclosedElements())) {
              read.add(new ProgramReader(processingEnv).read(c));
            }
          }
        }
        return false;
      }
    };
    Compilation compilation = Compiler.javac().withProcessors(processor).compile(
        JavaFileObjects.forSourceString("p.C", """
            package p;
            import dev.tracegrad.*;
            class C {
              C(Matrix A) { }
              @Differentiable static double good(Matrix A) { return Ops.sum(A); }
            }
            """));
    assertThat(compilation).hadErrorContaining("[TraceGradConstructor] @Differentiable applies"
        + " to static methods returning double, not to constructors")
        .inFile(compilation.sourceFiles().get(0)).onLine(4).atColumn(3);
    assertThat(compilation.errors()).hasSize(1);
    assertThat(read).containsExactly(Optional.empty());
  }

  @Test
  void needsJavacOncePerMethodWhenTheTreeApiIsUnavailable() {
    FrontEnd fe = FrontEnd.readWithoutJavacTrees(JavaFileObjects.forSourceString("p.C", """
        package p;
        import dev.tracegrad.*;
        class C {
          @Differentiable static double f(Matrix A) { return Ops.sum(A); }
          @Differentiable static double g(Matrix A) { return Ops.sum(A); }
        }
        """));
    assertThat(fe.ourPositions()).containsExactly(
        "4:33 [TraceGradNeedsJavac]", "5:33 [TraceGradNeedsJavac]").inOrder();
    assertThat(fe.compilation).hadErrorContaining("needs javac's own annotation processing"
        + " environment; this one is jdk.proxy");
    assertThat(fe.compilation).hadErrorContaining("and no javac environment was found inside it");
    assertThat(fe.result("C#f")).isEmpty();
    assertThat(fe.result("C#g")).isEmpty();
  }

  @Test
  void noSourceForAMethodReadFromAClassFile(@TempDir Path classes) throws IOException {
    // Compile without the processor, then process the class file by name (javac p.Compiled).
    Compilation first = Compiler.javac().compile(JavaFileObjects.forSourceString("p.Compiled", """
        package p;
        import dev.tracegrad.*;
        public class Compiled {
          @Differentiable public static double f(Matrix A) { return Ops.sum(A); }
        }
        """));
    assertThat(first).succeeded();
    JavaFileObject classFile = first.generatedFile(StandardLocation.CLASS_OUTPUT,
        "p/Compiled.class").orElseThrow();
    Files.createDirectories(classes.resolve("p"));
    try (InputStream in = classFile.openInputStream()) {
      Files.copy(in, classes.resolve("p/Compiled.class"));
    }

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    ReadingProcessor processor = new ReadingProcessor();
    String classpath = classes + File.pathSeparator + System.getProperty("java.class.path");
    JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics,
        List.of("-proc:only", "-classpath", classpath), List.of("p.Compiled"), null);
    task.setProcessors(List.of(processor));
    task.call();

    List<String> ours = diagnostics.getDiagnostics().stream()
        .map(d -> d.getKind() + " " + d.getMessage(Locale.ROOT)).toList();
    assertThat(ours).containsExactly("ERROR [TraceGradNoSource] the source of f is not available,"
        + " so its body cannot be read; @Differentiable methods must be compiled from source");
    assertThat(processor.results).containsExactly("Compiled#f", Optional.empty());
  }
}
