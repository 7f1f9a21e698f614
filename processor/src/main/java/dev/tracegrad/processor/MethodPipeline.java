package dev.tracegrad.processor;

import com.palantir.javapoet.JavaFile;
import dev.tracegrad.processor.derive.DerivationLog;
import dev.tracegrad.processor.diagnostic.Message;
import dev.tracegrad.processor.ir.Derivation;
import dev.tracegrad.processor.text.DerivationText;
import dev.tracegrad.processor.derive.Deriver;
import dev.tracegrad.processor.emit.ClassWriter;
import dev.tracegrad.processor.frontend.ProgramReader;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.Lowerer;
import dev.tracegrad.processor.simplify.Simplifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Runs one annotated method through the stages (front end → derive → simplify → lower → emit)
 * and writes the generated class. A method with errors is reported and skipped; an unexpected
 * exception becomes one {@link Message#INTERNAL_ERROR} on the method, never an exception out of
 * javac's processing round.
 */
final class MethodPipeline {
  private final ProcessingEnvironment env;
  private final boolean debug;
  private final Set<String> generated = new HashSet<>();

  MethodPipeline(ProcessingEnvironment env) {
    this.env = env;
    this.debug = Boolean.parseBoolean(env.getOptions().get(DifferentiableProcessor.DEBUG_OPTION));
  }

  void run(ExecutableElement method) {
    try {
      Optional<Program> read = new ProgramReader(env).read(method);
      if (read.isEmpty()) {
        return;
      }
      Program program = read.get();
      debug(method, "front end", program.graph().toString());
      DerivationLog log = Deriver.trace(program);
      debug(method, "derive", log.graph().toString());
      Derivation simplified = Simplifier.simplify(log.derivation());
      debug(method, "simplify", simplified.graph().toString());
      DerivationText derivation = DerivationText.render(program, log);
      Derivation prepared = Simplifier.prepareForLowering(simplified);
      debug(method, "prepare for lowering", prepared.graph().toString());
      LoopProgram loops = Lowerer.lower(program, prepared);
      debug(method, "lower", loops.toString());
      JavaFile file = ClassWriter.write(program, loops, derivation);
      write(method, program, file);
    } catch (RuntimeException | Error e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      env.getMessager().printMessage(
          Diagnostic.Kind.ERROR, Message.INTERNAL_ERROR.render(trace), method);
    }
  }

  /** Renders the whole file first, so a failure never leaves a half-written source behind. */
  private void write(ExecutableElement method, Program program, JavaFile file) {
    String qualified = program.packageName().isEmpty()
        ? program.generatedName()
        : program.packageName() + "." + program.generatedName();
    if (!generated.add(qualified)) {
      env.getMessager().printMessage(
          Diagnostic.Kind.ERROR, Message.DUPLICATE_CLASS_NAME.render(qualified), method);
      return;
    }
    if (env.getElementUtils().getTypeElement(qualified) != null) {
      // A user type of that name: the Filer would only say "attempt to recreate" as a warning.
      env.getMessager().printMessage(
          Diagnostic.Kind.ERROR, Message.CLASS_EXISTS.render(qualified), method);
      return;
    }
    String text = ClassWriter.source(file);
    try {
      JavaFileObject source = env.getFiler().createSourceFile(qualified, method);
      try (Writer w = source.openWriter()) {
        w.write(text);
      }
    } catch (IOException e) {
      env.getMessager().printMessage(
          Diagnostic.Kind.ERROR, Message.CANNOT_WRITE.render(qualified, e.getMessage()), method);
    }
  }

  private void debug(ExecutableElement method, String stage, String text) {
    if (debug) {
      env.getMessager().printMessage(
          Diagnostic.Kind.NOTE, Message.DEBUG_STAGE.render(stage, text), method);
    }
  }
}
