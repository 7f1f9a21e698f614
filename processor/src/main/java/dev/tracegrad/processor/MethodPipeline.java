package dev.tracegrad.processor;

import com.palantir.javapoet.JavaFile;
import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.text.DerivationText;
import dev.tracegrad.processor.text.HvpDerivationWriter;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.derive.Tangents;
import dev.tracegrad.processor.ir.HvpDerivation;
import dev.tracegrad.processor.ir.DeclaredParameter;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.emit.ClassWriter;
import dev.tracegrad.processor.frontend.ProgramReader;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.Lowerer;
import dev.tracegrad.processor.simplify.Simplifier;
import dev.tracegrad.processor.simplify.StableForms;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Runs the annotated methods of a round through the stages (front end → derive → simplify →
 * lower → emit) and writes their generated classes. With {@code hvp = true} the gradients,
 * prepared for lowering, go through {@link Tangents} (H·v forward over reverse) and are prepared
 * again with the products as further roots; the lowering adds a tangent pass for them. First every method's class name is read from
 * its declaration, so that methods asking for the same class are all reported, each naming the
 * others, and none of them writes it; then each method runs on its own. A method with errors is
 * reported and skipped; an unexpected exception becomes one {@link Message#INTERNAL_ERROR} on
 * the method, never an exception out of javac's processing round.
 */
final class MethodPipeline {
  /** The marker generated classes carry in their class files, naming the method they came from. */
  static final String GENERATED_GRADIENT = "dev.tracegrad.GeneratedGradient";

  private static final String DIFFERENTIABLE = "dev.tracegrad.Differentiable";

  /** The JVM's limit on a method's parameter slots, {@code this} included. */
  private static final int MAX_PARAMETER_SLOTS = 255;

  private final ProcessingEnvironment env;
  private final boolean debug;
  private final ProgramReader reader;
  /** Classes written in earlier rounds, by qualified name, with the method each came from. */
  private final Map<String, String> written = new HashMap<>();
  private boolean reportedNeedsJavac;

  MethodPipeline(ProcessingEnvironment env) {
    this.env = env;
    this.debug = Boolean.parseBoolean(env.getOptions().get(DifferentiableProcessor.DEBUG_OPTION));
    this.reader = new ProgramReader(env);
  }

  /** Processes one round's annotated methods, in the order given. */
  void runRound(List<ExecutableElement> methods) {
    if (methods.isEmpty()) {
      return;
    }
    if (!reader.hasTrees()) {
      // Every method would fail the same way: say it once, on the first.
      if (!reportedNeedsJavac) {
        reportedNeedsJavac = true;
        error(methods.get(0), Message.NEEDS_JAVAC.render(env.getClass().getName()));
      }
      return;
    }
    Set<ExecutableElement> clashing = reportClashes(methods);
    for (ExecutableElement method : methods) {
      run(method, !clashing.contains(method));
    }
  }

  /**
   * Reports every method that asks for the same class as another method of this round or of an
   * earlier one, naming the others; returns them.
   */
  private Set<ExecutableElement> reportClashes(List<ExecutableElement> methods) {
    Map<String, List<ExecutableElement>> byClass = new LinkedHashMap<>();
    for (ExecutableElement method : methods) {
      Optional<String> name = safely(method, () -> reader.generatedClass(method));
      name.ifPresent(q -> byClass.computeIfAbsent(q, k -> new ArrayList<>()).add(method));
    }
    Set<ExecutableElement> clashing = Collections.newSetFromMap(new IdentityHashMap<>());
    byClass.forEach((qualified, askers) -> {
      String earlier = written.get(qualified);
      if (askers.size() < 2 && earlier == null) {
        return;
      }
      for (ExecutableElement method : askers) {
        List<String> others = new ArrayList<>();
        if (earlier != null) {
          others.add(earlier);
        }
        for (ExecutableElement other : askers) {
          if (other != method) {
            others.add(display(other, askers));
          }
        }
        error(method, Message.DUPLICATE_CLASS_NAME.render(qualified, String.join(", ", others)));
        clashing.add(method);
      }
    });
    return clashing;
  }

  /** {@code C#f}, or {@code C#f(Matrix, double)} when an overload of it is among {@code group}. */
  private static String display(ExecutableElement method, List<ExecutableElement> group) {
    String name = ProgramReader.sourceName(method);
    for (ExecutableElement other : group) {
      if (other != method && ProgramReader.sourceName(other).equals(name)) {
        List<String> types = new ArrayList<>();
        for (VariableElement p : method.getParameters()) {
          types.add(simpleName(p.asType()));
        }
        return name + "(" + String.join(", ", types) + ")";
      }
    }
    return name;
  }

  private static String simpleName(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED
        ? ((DeclaredType) type).asElement().getSimpleName().toString()
        : type.toString();
  }

  /**
   * Runs one method; {@code write} false (its class clashes with another method's) still reads
   * it, so that its own errors are reported too, but generates nothing.
   */
  private void run(ExecutableElement method, boolean write) {
    safely(method, () -> {
      Optional<Program> read = reader.read(method);
      if (read.isEmpty() || !write) {
        return Optional.empty();
      }
      StableForms.Stabilized stable = StableForms.apply(read.get());
      Program program = stable.program();
      Optional<AnnotationValue> hvp = hvpRequested(method);
      if (hvp.isPresent() && !hvpFits(method, program, hvp.get())) {
        return Optional.empty();
      }
      debug(method, "front end", program.graph().toString());
      DerivationLog log = Deriver.trace(program);
      debug(method, "derive", log.graph().toString());
      Derivation simplified = Simplifier.simplify(log.derivation());
      debug(method, "simplify", simplified.graph().toString());
      List<String> stableUnicode = stable.identities().stream().map(StableForms.Identity::unicode).toList();
      List<String> stableAscii = stable.identities().stream().map(StableForms.Identity::ascii).toList();
      DerivationText derivation = DerivationText.render(program, log).withStableForms(stableUnicode, stableAscii);
      LoopProgram loops;
      DerivationText hvpText = null;
      if (hvp.isPresent()) {
        // The text differentiates the gradients as DERIVATION writes them; the code differentiates
        // them as the gradient-only class computes them (prepared for lowering), so that the
        // products extend the gradient's own passes rather than a different grouping of them.
        hvpText = HvpDerivationWriter.render(program, simplified, Tangents.trace(program, simplified))
            .withStableForms(stableUnicode, stableAscii);
        Derivation preparedGradients = Simplifier.prepareForTangents(simplified);
        HvpDerivation tangents = Tangents.derive(program, preparedGradients);
        debug(method, "tangents", tangents.graph().toString());
        HvpDerivation prepared = Simplifier.prepareForLowering(tangents);
        debug(method, "prepare for lowering", prepared.graph().toString());
        loops = Lowerer.lower(program, prepared);
      } else {
        Derivation prepared = Simplifier.prepareForLowering(simplified);
        debug(method, "prepare for lowering", prepared.graph().toString());
        loops = Lowerer.lower(program, prepared);
      }
      debug(method, "lower", loops.toString());
      JavaFile file = ClassWriter.write(program, loops, derivation, hvpText);
      write(method, program, file);
      return Optional.empty();
    });
  }

  /** The {@code hvp} value of the method's {@code @Differentiable} when it is {@code true}. */
  private static Optional<AnnotationValue> hvpRequested(ExecutableElement method) {
    AnnotationMirror annotation = differentiable(method);
    if (annotation == null) {
      return Optional.empty();
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("hvp") && Boolean.TRUE.equals(e.getValue().getValue())) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  private static AnnotationMirror differentiable(ExecutableElement method) {
    for (AnnotationMirror m : method.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) m.getAnnotationType().asElement();
      if (annotation.getQualifiedName().contentEquals(DIFFERENTIABLE)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Whether the buffer-taking {@code hvp} (every parameter, one direction per wrt parameter, one
   * output per wrt parameter, and {@code this}) fits the JVM's 255 parameter slots, a
   * {@code double} taking two; if not, says so on the annotation's {@code hvp} value.
   */
  private boolean hvpFits(ExecutableElement method, Program program, AnnotationValue hvp) {
    int slots = 1;
    for (DeclaredParameter p : program.declared()) {
      String type = p.type().toString();
      slots += type.equals("double") || type.equals("long") ? 2 : 1;
    }
    for (Parameter p : program.wrtParams()) {
      slots += (p.matrix() ? 1 : 2) + 1;
    }
    if (slots <= MAX_PARAMETER_SLOTS) {
      return true;
    }
    env.getMessager().printMessage(Diagnostic.Kind.ERROR,
        Message.HVP_TOO_MANY_PARAMETERS.render(program.sourceName(), slots, MAX_PARAMETER_SLOTS),
        method, differentiable(method), hvp);
    return false;
  }

  /** Runs {@code step}; an unexpected exception becomes one internal error on the method. */
  private <T> Optional<T> safely(ExecutableElement method, Stage<T> step) {
    try {
      return step.run();
    } catch (RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      error(method, Message.INTERNAL_ERROR.render(trace));
      return Optional.empty();
    }
  }

  private interface Stage<T> {
    Optional<T> run();
  }

  /** Renders the whole file first, so a failure never leaves a half-written source behind. */
  private void write(ExecutableElement method, Program program, JavaFile file) {
    String qualified = program.packageName().isEmpty()
        ? program.generatedName()
        : program.packageName() + "." + program.generatedName();
    TypeElement existing = env.getElementUtils().getTypeElement(qualified);
    if (existing != null) {
      String from = generatedFrom(existing);
      if (from == null || !isStale(from, program)) {
        // A user type of that name, or the current output of a method not compiled now: the
        // Filer would only say "attempt to recreate" as a warning.
        String detail = from == null ? "" : " (TraceGrad generated it from " + from + ")";
        error(method, Message.CLASS_EXISTS.render(qualified, detail));
        return;
      }
    }
    String text = ClassWriter.source(file);
    try {
      JavaFileObject source = env.getFiler().createSourceFile(qualified, method);
      try (Writer w = source.openWriter()) {
        w.write(text);
      }
      written.put(qualified, program.sourceName());
    } catch (IOException e) {
      error(method, Message.CANNOT_WRITE.render(qualified, e.getMessage()));
    }
  }

  /**
   * Whether a class TraceGrad generated from {@code from} ({@code Outer.Inner#method}, in the
   * program's package), found on the class path, is earlier output this build replaces: it
   * came from this very method (a partial recompilation with the previous classes on the class
   * path), or its method's class is gone or is compiled from source now, so that the method no
   * longer asks for this name (had it asked, both would have been reported as a clash).
   */
  private boolean isStale(String from, Program program) {
    if (from.equals(program.sourceName())) {
      return true;
    }
    int hash = from.indexOf('#');
    if (hash < 0) {
      return false;
    }
    String type = from.substring(0, hash);
    TypeElement origin = env.getElementUtils().getTypeElement(
        program.packageName().isEmpty() ? type : program.packageName() + "." + type);
    return origin == null || reader.compiledFromSource(origin);
  }

  /**
   * The method a class generated by TraceGrad names in its {@code @GeneratedGradient} marker (a
   * CLASS-retention annotation, so it is read from a class file too); null for any other type.
   */
  private static String generatedFrom(TypeElement type) {
    for (AnnotationMirror m : type.getAnnotationMirrors()) {
      TypeElement annotation = (TypeElement) m.getAnnotationType().asElement();
      if (!annotation.getQualifiedName().contentEquals(GENERATED_GRADIENT)) {
        continue;
      }
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
          : m.getElementValues().entrySet()) {
        if (e.getKey().getSimpleName().contentEquals("value")
            && e.getValue().getValue() instanceof String from) {
          return from;
        }
      }
    }
    return null;
  }

  private void error(ExecutableElement method, String text) {
    env.getMessager().printMessage(Diagnostic.Kind.ERROR, text, method);
  }

  private void debug(ExecutableElement method, String stage, String text) {
    if (debug) {
      env.getMessager().printMessage(
          Diagnostic.Kind.NOTE, Message.DEBUG_STAGE.render(stage, text), method);
    }
  }
}
