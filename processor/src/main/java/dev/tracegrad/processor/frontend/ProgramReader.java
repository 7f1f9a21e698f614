package dev.tracegrad.processor.frontend;

import dev.tracegrad.processor.ir.Program;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;

/** Front end: validates an annotated method and reads its body into a {@link Program}. */
public final class ProgramReader {
  private final ProcessingEnvironment env;

  public ProgramReader(ProcessingEnvironment env) {
    this.env = env;
  }

  /** The method's program, or empty after reporting every error found in it. */
  public Optional<Program> read(ExecutableElement method) {
    throw new UnsupportedOperationException("front end not written yet: " + env + method);
  }
}
