package dev.tracegrad.processor;

import com.google.auto.service.AutoService;
import dev.tracegrad.processor.frontend.ProgramReader;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Entry point that javac discovers. Hands every {@code @Differentiable} method to a
 * {@link MethodPipeline}, one method at a time, so that one bad method never stops the others.
 */
@AutoService(Processor.class)
public final class DifferentiableProcessor extends AbstractProcessor {

  /** Fully qualified name of the annotation, matched by name: the processor does not link the runtime. */
  public static final String ANNOTATION = ProgramReader.ANNOTATION;

  /** {@code -Atracegrad.debug=true} prints the IR after each stage as a NOTE. */
  public static final String DEBUG_OPTION = "tracegrad.debug";

  /**
   * The annotation on every generated class. Supported and claimed here because javac, under
   * {@code -Xlint:processing}, warns about annotations no processor claims in the round that
   * compiles our generated sources, and a user's {@code -Werror} build would fail on it.
   */
  static final String GENERATED = "javax.annotation.processing.Generated";

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION, GENERATED);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(DEBUG_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  private MethodPipeline pipeline;

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    pipeline = new MethodPipeline(env);
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (annotations.isEmpty()) {
      return false;
    }
    for (TypeElement annotation : annotations) {
      if (!annotation.getQualifiedName().contentEquals(ANNOTATION)) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        // @Target(METHOD) guarantees an executable element; constructors are rejected downstream.
        if (element instanceof ExecutableElement method) {
          pipeline.run(method);
        }
      }
    }
    // Claim both: nobody else handles them, and unclaimed ones make javac warn (see GENERATED).
    return true;
  }
}
