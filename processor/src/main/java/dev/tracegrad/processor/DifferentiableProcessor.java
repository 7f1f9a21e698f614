package dev.tracegrad.processor;

import com.google.auto.service.AutoService;
import dev.tracegrad.processor.frontend.ProgramReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Entry point that javac discovers. Hands each round's {@code @Differentiable} methods to a
 * {@link MethodPipeline}, which sees them all before writing any class (to catch two methods
 * asking for one name) and then runs them one at a time, so that one bad method never stops the
 * others.
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
    // The class-file marker on generated classes is claimed for the same reason as GENERATED.
    return Set.of(ANNOTATION, GENERATED, MethodPipeline.GENERATED_GRADIENT);
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
    List<ExecutableElement> methods = new ArrayList<>();
    for (TypeElement annotation : annotations) {
      if (!annotation.getQualifiedName().contentEquals(ANNOTATION)) {
        continue;
      }
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        // @Target(METHOD) guarantees an executable element; constructors are rejected downstream.
        if (element instanceof ExecutableElement method) {
          methods.add(method);
        }
      }
    }
    // All of the round at once: two methods asking for one class name are both reported.
    pipeline.runRound(methods);
    // Claim both: nobody else handles them, and unclaimed ones make javac warn (see GENERATED).
    return true;
  }
}
