package dev.tracegrad.processor.fuzz;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.DifferentiableProcessor;
import dev.tracegrad.processor.testing.CompilationClassLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Compiles fuzzed classes in memory with the real processor under {@code -Xlint:all -Werror} and
 * loads the user classes together with the generated ones. Several classes go into one javac run
 * to spread its start-up cost.
 */
final class FuzzCompiler {
  private FuzzCompiler() {}

  /**
   * The outcome of one javac run.
   *
   * @param problems null on a clean success, otherwise every error and warning (or the processor's
   *     exception) as text
   * @param generatedSources the processor's output files by name, with their text
   */
  record Result(String problems, ClassLoader loader, Map<String, String> generatedSources) {
    boolean ok() {
      return problems == null;
    }

    Class<?> load(String simpleName) {
      try {
        return loader.loadClass(FuzzClass.PACKAGE + "." + simpleName);
      } catch (ClassNotFoundException e) {
        throw new AssertionError("not generated: " + simpleName, e);
      }
    }
  }

  static Result compile(List<FuzzClass> classes) {
    return compile(classes, false);
  }

  /** Compiles the classes, each method with {@code hvp = true} where it fits when {@code hvp}. */
  static Result compile(List<FuzzClass> classes, boolean hvp) {
    List<JavaFileObject> sources = new ArrayList<>();
    for (FuzzClass c : classes) {
      sources.add(JavaFileObjects.forSourceString(c.qualifiedName(), c.render(hvp)));
    }
    return compileSources(sources);
  }

  /** Compiles Java sources given as (qualified name, text). */
  static Result compileSources(List<JavaFileObject> sources) {
    Compilation c;
    try {
      c = Compiler.javac().withProcessors(new DifferentiableProcessor())
          .withOptions("-Xlint:all", "-Werror")
          .compile(sources);
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return new Result("javac or the processor threw: " + trace, null, Map.of());
    }
    StringBuilder problems = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
          || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
        problems.append(d.getKind()).append(" ")
            .append(d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
            .append(d.getMessage(Locale.ROOT)).append('\n');
      }
    }
    if (c.status() != Compilation.Status.SUCCESS && problems.length() == 0) {
      problems.append("compilation failed without a diagnostic");
    }
    if (problems.length() > 0) {
      return new Result(problems.toString(), null, Map.of());
    }
    Map<String, String> generated = new TreeMap<>();
    for (JavaFileObject f : c.generatedSourceFiles()) {
      try {
        generated.put(f.getName(), f.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Result(null, new CompilationClassLoader(c, FuzzCompiler.class.getClassLoader()), generated);
  }
}
