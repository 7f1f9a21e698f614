package dev.tracegrad.processor.hostile;

import dev.tracegrad.processor.DifferentiableProcessor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * One javac run with the real {@link DifferentiableProcessor} that writes to directories on disk,
 * so that the sources the processor generated can be read even when the compilation fails (the
 * in-memory compile-testing API hides them then). Any exception escaping javac propagates.
 */
final class DiskCompilation {
  final boolean success;
  final List<Diagnostic<? extends JavaFileObject>> diagnostics;
  /** Generated sources by path relative to the source output directory. */
  final Map<String, String> generatedSources;

  private DiskCompilation(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics,
      Map<String, String> generatedSources) {
    this.success = success;
    this.diagnostics = diagnostics;
    this.generatedSources = generatedSources;
  }

  /** Compiles {@code sources} under {@code -Xlint:all -Werror} into {@code dir}/classes and dir/generated. */
  static DiskCompilation compile(Path dir, List<Path> sources) {
    return compile(dir, sources, List.of(), List.of(new DifferentiableProcessor()));
  }

  /**
   * As {@link #compile(Path, List)}, with {@code classpath} before the test class path (earlier
   * output, as a partial rebuild has it) and these processors (none: {@code -proc:none}).
   */
  static DiskCompilation compile(Path dir, List<Path> sources, List<Path> classpath,
      List<? extends javax.annotation.processing.Processor> processors) {
    return compile(dir, sources, classpath, processors, true, List.of());
  }

  /**
   * As above; {@code werror} false leaves out {@code -Werror} (warnings stay warnings), and
   * {@code sourcepath}, when not empty, is javac's {@code -sourcepath} and also where generated
   * sources go, as Maven has it ({@code target/generated-sources/annotations} is both).
   */
  static DiskCompilation compile(Path dir, List<Path> sources, List<Path> classpath,
      List<? extends javax.annotation.processing.Processor> processors, boolean werror,
      List<Path> sourcepath) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    Path classes = dir.resolve("classes");
    Path generated = sourcepath.isEmpty() ? dir.resolve("generated") : sourcepath.get(0);
    try (StandardJavaFileManager files = javac.getStandardFileManager(collector, Locale.ROOT, null)) {
      Files.createDirectories(classes);
      Files.createDirectories(generated);
      List<String> path = new ArrayList<>();
      classpath.forEach(p -> path.add(p.toString()));
      path.add(System.getProperty("java.class.path"));
      List<String> options = new ArrayList<>(List.of("-Xlint:all", "-d",
          classes.toString(), "-s", generated.toString(),
          "-classpath", String.join(File.pathSeparator, path)));
      if (!sourcepath.isEmpty()) {
        options.add("-sourcepath");
        options.add(String.join(File.pathSeparator, sourcepath.stream().map(Path::toString).toList()));
      }
      if (werror) {
        options.add("-Werror");
      }
      if (processors.isEmpty()) {
        options.add("-proc:none");
      }
      JavaCompiler.CompilationTask task = javac.getTask(null, files, collector, options, null,
          files.getJavaFileObjectsFromPaths(sources));
      // A fresh processor per compilation, as javac would create one per build.
      task.setProcessors(processors);
      boolean ok = task.call();
      return new DiskCompilation(ok, List.copyOf(collector.getDiagnostics()), read(generated));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under root, by its relative path with '/' separators. */
  private static Map<String, String> read(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
    return out;
  }

  /** Diagnostics of this kind, rendered "line:column message". */
  List<String> rendered(Diagnostic.Kind kind) {
    List<String> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      if (d.getKind() == kind) {
        out.add(d.getLineNumber() + ":" + d.getColumnNumber() + " " + d.getMessage(Locale.ROOT));
      }
    }
    return out;
  }
}
