package dev.tracegrad.processor.hostile;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.DifferentiableProcessor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Build tools that hand processors a wrapper around javac's environment (Gradle's incremental
 * processing: a class with a {@code delegate} field; IDEs: a {@link Proxy}): the whole pipeline
 * runs through the wrapper, finding javac's Tree API behind it, and generates the classes. A
 * wrapper with no way to javac's environment is one clear error for the compilation.
 */
class WrappedEnvironmentTest {
  private static final JavaFileObject LOSSES = JavaFileObjects.forSourceString("example.C", """
      package example;
      import dev.tracegrad.*;
      import static dev.tracegrad.Ops.*;
      public class C {
        @Differentiable public static double f(Matrix A) { return sum(softplus(A)); }
        @Differentiable public static double g(Matrix A, Matrix B) { return dot(A, B); }
      }
      """);

  /** Runs our processor, initialised with {@code wrap} applied to javac's environment. */
  private static final class WrappingProcessor extends AbstractProcessor {
    private final DifferentiableProcessor inner = new DifferentiableProcessor();
    private final Function<ProcessingEnvironment, ProcessingEnvironment> wrap;

    WrappingProcessor(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      inner.init(wrap.apply(env));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      return inner.process(annotations, round);
    }
  }

  /** Like Gradle's incremental wrapper: a class holding javac's environment in {@code delegate}. */
  private static final class DelegatingEnvironment implements ProcessingEnvironment {
    private final ProcessingEnvironment delegate;
    private final Filer filer;

    DelegatingEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
      // Gradle wraps the Filer too, to record what each originating element generates.
      this.filer = forwarding(Filer.class, delegate.getFiler());
    }

    @Override public Map<String, String> getOptions() { return delegate.getOptions(); }
    @Override public Messager getMessager() { return delegate.getMessager(); }
    @Override public Filer getFiler() { return filer; }
    @Override public Elements getElementUtils() { return delegate.getElementUtils(); }
    @Override public Types getTypeUtils() { return delegate.getTypeUtils(); }
    @Override public SourceVersion getSourceVersion() { return delegate.getSourceVersion(); }
    @Override public Locale getLocale() { return delegate.getLocale(); }
  }

  /** Like an IDE's wrapper: a proxy whose handler holds the target in a field. */
  private static final class Forwarding implements InvocationHandler {
    private final Object delegateTo;

    Forwarding(Object delegateTo) {
      this.delegateTo = delegateTo;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      return forward(method, delegateTo, args);
    }
  }

  private static Object forward(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T forwarding(Class<T> type, T target) {
    return type.cast(Proxy.newProxyInstance(WrappedEnvironmentTest.class.getClassLoader(),
        new Class<?>[] {type}, new Forwarding(target)));
  }

  private static Compilation compile(Function<ProcessingEnvironment, ProcessingEnvironment> wrap) {
    return Compiler.javac().withOptions("-Xlint:all")
        .withProcessors(new WrappingProcessor(wrap)).compile(LOSSES);
  }

  private static void assertGenerated(Compilation c) {
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("example.CFGradient").isNotNull();
    assertThat(c).generatedSourceFile("example.CGGradient").isNotNull();
  }

  @Test
  void delegateFieldAsGradleHasIt() {
    assertGenerated(compile(DelegatingEnvironment::new));
  }

  @Test
  void proxyAsIdesHaveIt() {
    assertGenerated(compile(env -> forwarding(ProcessingEnvironment.class, env)));
  }

  @Test
  void wrapperInsideAWrapper() {
    assertGenerated(compile(env ->
        new DelegatingEnvironment(forwarding(ProcessingEnvironment.class, env))));
  }

  /** Nothing leads to javac's environment: one error for the compilation, on the first method. */
  @Test
  void noJavacEnvironmentBehindTheWrapperIsOneError() {
    Compilation c = compile(env -> {
      Supplier<ProcessingEnvironment> hidden = () -> env;
      return (ProcessingEnvironment) Proxy.newProxyInstance(
          WrappedEnvironmentTest.class.getClassLoader(),
          new Class<?>[] {ProcessingEnvironment.class},
          (proxy, method, args) -> forward(method, hidden.get(), args));
    });
    assertThat(c).failed();
    assertThat(c.errors()).hasSize(1);
    Diagnostic<? extends JavaFileObject> error = c.errors().get(0);
    assertThat(error.getMessage(Locale.ROOT)).startsWith("[TraceGradNeedsJavac] TraceGrad reads"
        + " method bodies through javac's Tree API and needs javac's own annotation processing"
        + " environment; this one is jdk.proxy");
    assertThat(error.getMessage(Locale.ROOT)).endsWith("and no javac environment was found"
        + " inside it, so no @Differentiable method of this compilation is generated (compile"
        + " with javac; Eclipse's compiler is not supported)");
    assertThat(error.getSource().getName()).endsWith("example/C.java");
    assertThat(error.getLineNumber()).isEqualTo(5);
    assertThat(error.getColumnNumber()).isEqualTo(40);
  }
}
