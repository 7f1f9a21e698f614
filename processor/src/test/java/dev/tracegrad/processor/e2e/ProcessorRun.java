package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.DifferentiableProcessor;
import dev.tracegrad.processor.testing.CompilationClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaFileObject;

/**
 * One javac run over real user sources with the real {@link DifferentiableProcessor}, exactly as
 * a user's build runs it ({@code -Xlint:all -Werror}, processing lint included), and the classes
 * it produced, loaded from its class files: the user's own class and the generated ones.
 */
public final class ProcessorRun {
  /** The options every end-to-end compilation uses; tests may add more. */
  static final List<String> OPTIONS = List.of("-Xlint:all", "-Werror");

  /** Runs of whole resource files, shared by the tests that read the same losses. */
  private static final Map<String, ProcessorRun> SHARED = new ConcurrentHashMap<>();

  public final Compilation compilation;
  private final ClassLoader loader;

  private ProcessorRun(Compilation compilation) {
    this.compilation = compilation;
    this.loader = new CompilationClassLoader(compilation, ProcessorRun.class.getClassLoader());
  }

  /**
   * The losses in {@code e2e/losses/example/<simpleName>.java}, compiled once per test JVM; the
   * compilation must succeed without a single warning or note.
   */
  static ProcessorRun ofLosses(String simpleName) {
    return SHARED.computeIfAbsent(simpleName, n -> {
      ProcessorRun run = compile(List.of(), source(n));
      assertThat(run.compilation).succeededWithoutWarnings();
      com.google.common.truth.Truth.assertThat(run.compilation.notes()).isEmpty();
      return run;
    });
  }

  /**
   * A class {@code example.<simpleName>} of these members, importing {@code Ops.*},
   * {@code Differentiable} and {@code Matrix}, compiled; it must compile without a warning.
   */
  static ProcessorRun compileClass(String simpleName, String members) {
    ProcessorRun run = compile(List.of(), com.google.testing.compile.JavaFileObjects.forSourceString(
        "example." + simpleName, """
        package example;

        import static dev.tracegrad.Ops.*;

        import dev.tracegrad.Differentiable;
        import dev.tracegrad.Matrix;

        class %s {
        %s}
        """.formatted(simpleName, members)));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  /** A fresh compilation with extra options; the caller asserts its outcome. */
  public static ProcessorRun compile(List<String> extraOptions, JavaFileObject... sources) {
    List<String> options = new ArrayList<>(OPTIONS);
    options.addAll(extraOptions);
    return new ProcessorRun(Compiler.javac()
        .withProcessors(new DifferentiableProcessor())
        .withOptions(options)
        .compile(sources));
  }

  /** The user source {@code e2e/losses/example/<simpleName>.java} from the test resources. */
  static JavaFileObject source(String simpleName) {
    return JavaFileObjects.forResource("e2e/losses/example/" + simpleName + ".java");
  }

  /** A test driver {@code e2e/drivers/example/<simpleName>.java} from the test resources. */
  static JavaFileObject driver(String simpleName) {
    return JavaFileObjects.forResource("e2e/drivers/example/" + simpleName + ".java");
  }

  /** A class of package {@code example} from this compilation. */
  public Class<?> load(String simpleName) {
    try {
      return loader.loadClass("example." + simpleName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(simpleName + " was not generated", e);
    }
  }

  /** The bytes of a generated source file of package {@code example}. */
  public byte[] generatedSourceBytes(String simpleName) {
    return CompilationClassLoader.bytes(compilation.generatedSourceFile("example." + simpleName)
        .orElseThrow(() -> new AssertionError("no generated source " + simpleName)));
  }

  /**
   * The source of a generated class's forward pass, from {@code private double forward(} to the
   * backward pass.
   */
  public String forwardSource(String simpleName) {
    String source = new String(generatedSourceBytes(simpleName), java.nio.charset.StandardCharsets.UTF_8);
    return source.substring(source.indexOf("private double forward("),
        source.indexOf("private void backward("));
  }
}
