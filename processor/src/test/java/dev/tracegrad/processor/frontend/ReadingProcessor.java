package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.Program;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * A test-only processor that runs the front end alone on every {@code @Differentiable} method and
 * records what it read, keyed like {@code Program.sourceName} ({@code "Outer.Inner#f"}). The later
 * stages are not involved, so front-end tests do not depend on them.
 */
final class ReadingProcessor extends AbstractProcessor {
  final Map<String, Optional<Program>> results = new LinkedHashMap<>();
  private final boolean hideJavac;

  ReadingProcessor() {
    this(false);
  }

  /** @param hideJavac wrap the environment, as build tools do, so the Tree API is unavailable */
  ReadingProcessor(boolean hideJavac) {
    this.hideJavac = hideJavac;
  }

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
    ProcessingEnvironment env = hideJavac ? wrap(processingEnv) : processingEnv;
    for (TypeElement annotation : annotations) {
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        ExecutableElement method = (ExecutableElement) e;
        String key = SignatureReader.enclosingNames((TypeElement) method.getEnclosingElement())
            + "#" + method.getSimpleName();
        results.put(key, new ProgramReader(env).read(method));
      }
    }
    return false;
  }

  /** The read program of a method that must have read without errors. */
  Program program(String key) {
    Optional<Program> p = results.get(key);
    if (p == null || p.isEmpty()) {
      throw new AssertionError("no program for " + key + " in " + results.keySet());
    }
    return p.get();
  }

  /**
   * A wrapper that hides javac's environment completely: it reaches the real one only through a
   * Supplier, which no field search of the wrapper leads into.
   */
  private static ProcessingEnvironment wrap(ProcessingEnvironment real) {
    Supplier<ProcessingEnvironment> hidden = () -> real;
    return (ProcessingEnvironment) Proxy.newProxyInstance(
        ReadingProcessor.class.getClassLoader(),
        new Class<?>[] {ProcessingEnvironment.class},
        (proxy, method, args) -> {
          try {
            return method.invoke(hidden.get(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
