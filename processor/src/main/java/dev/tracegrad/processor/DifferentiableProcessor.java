package dev.tracegrad.processor;

import com.google.auto.service.AutoService;
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
  public static final String ANNOTATION = "dev.tracegrad.Differentiable";

  /** {@code -Atracegrad.debug=true} prints the IR after each stage as a NOTE. */
  public static final String DEBUG_OPTION = "tracegrad.debug";

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
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
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        // @Target(METHOD) guarantees an executable element; constructors are rejected downstream.
        if (element instanceof ExecutableElement method) {
          pipeline.run(method);
        }
      }
    }
    return false;
  }
}
