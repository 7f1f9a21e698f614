package dev.tracegrad.processor.frontend;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.ir.Program;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/** Compiles test sources with the {@link ReadingProcessor} and exposes what the front end did. */
final class FrontEnd {
  final Compilation compilation;
  final ReadingProcessor processor;

  private FrontEnd(Compilation compilation, ReadingProcessor processor) {
    this.compilation = compilation;
    this.processor = processor;
  }

  /** Compiles one source; {@code name} is the class's qualified name. */
  static FrontEnd read(String name, String source) {
    return read(JavaFileObjects.forSourceString(name, source));
  }

  static FrontEnd read(JavaFileObject... files) {
    ReadingProcessor processor = new ReadingProcessor();
    return new FrontEnd(Compiler.javac().withProcessors(processor).compile(files), processor);
  }

  static FrontEnd readWithoutJavacTrees(JavaFileObject... files) {
    ReadingProcessor processor = new ReadingProcessor(true);
    return new FrontEnd(Compiler.javac().withProcessors(processor).compile(files), processor);
  }

  Program program(String key) {
    return processor.program(key);
  }

  Optional<Program> result(String key) {
    Optional<Program> p = processor.results.get(key);
    assertWithMessage("was %s read at all? read: %s", key, processor.results.keySet())
        .that(p).isNotNull();
    return p;
  }

  /** The processor's own diagnostics (javac may add its own for code that does not compile). */
  List<Diagnostic<?>> ours() {
    return compilation.diagnostics().stream()
        .filter(d -> d.getMessage(Locale.ROOT).startsWith("[TraceGrad"))
        .<Diagnostic<?>>map(d -> d)
        .toList();
  }

  /** Our diagnostics rendered "line:column [Id]", for whole-list comparisons. */
  List<String> ourPositions() {
    return ours().stream()
        .map(d -> d.getLineNumber() + ":" + d.getColumnNumber() + " " + id(d))
        .toList();
  }

  private static String id(Diagnostic<?> d) {
    String m = d.getMessage(Locale.ROOT);
    return m.substring(0, m.indexOf(']') + 1);
  }
}
