package dev.tracegrad.processor.emit;

import com.palantir.javapoet.JavaFile;
import dev.tracegrad.processor.derive.DerivationText;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.LoopProgram;

/** Emit stage: the generated class as a JavaPoet file. */
public final class ClassWriter {
  private ClassWriter() {}

  public static JavaFile write(Program program, LoopProgram loops, DerivationText derivation) {
    throw new UnsupportedOperationException("emit not written yet: " + program + loops + derivation);
  }
}
