package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.LoopProgram;
import dev.tracegrad.processor.lower.Step;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emit stage: the private {@code forward} and {@code backward} methods, one commented block per
 * step. Both take every parameter (the backward pass also the outputs) and load what they use
 * into locals first: dimensions as {@code int}s, arrays from {@code data()} or from the scratch
 * fields, and the forward scalars the backward pass reads.
 *
 * <p>The forward pass is its own method so that {@code value} and {@code gradient} share it; its
 * results stay in instance fields, which is how the backward pass reuses them without
 * recomputing.
 */
final class PassWriter {
  private final Program program;
  private final LoopProgram loops;
  private final List<String> reserved;
  private final String workspace;
  private boolean sizesDoubles;
  private boolean sizesInts;
  private boolean usesWorkspace;

  PassWriter(Program program, LoopProgram loops, List<String> reserved, String workspace) {
    this.program = program;
    this.loops = loops;
    this.reserved = reserved;
    this.workspace = workspace;
  }

  /** Whether a pass calls a kernel that takes the workspace, so the class needs the field. */
  boolean usesWorkspace() {
    return usesWorkspace;
  }

  /** Whether a pass allocates {@code double[]} scratch through {@code sized}. */
  boolean sizesDoubles() {
    return sizesDoubles;
  }

  /** Whether a pass allocates {@code int[]} pivots through {@code sized}. */
  boolean sizesInts() {
    return sizesInts;
  }

  MethodSpec forward() {
    MethodContext ctx = new MethodContext(new Scope(reserved), true, workspace);
    CodeBlock.Builder steps = steps(ctx, loops.forward());
    CodeBlock.Builder temps = CodeBlock.builder();
    // The loss is a scalar expression: reads in it are of 1×1 matrices, at index 0.
    CodeBlock loss = new ExprWriter(ctx, r -> ctx.array(r.buffer()) + "[0]", x -> "0", false, temps)
        .write(loops.loss());
    steps.add("\n").add(temps.build()).addStatement("return $L", loss);
    return method("forward", ctx, steps.build())
        .returns(TypeName.DOUBLE)
        .addJavadoc("The forward pass: computes the loss and keeps what the backward pass reads.\n")
        .build();
  }

  MethodSpec backward() {
    MethodContext ctx = new MethodContext(new Scope(reserved), false, workspace);
    CodeBlock.Builder steps = steps(ctx, loops.backward());
    MethodSpec.Builder m = method("backward", ctx, steps.build());
    for (LoopProgram.Gradient g : loops.gradients()) {
      m.addParameter(g.buffer() != null ? Types.MATRIX : Types.DOUBLE_ARRAY, g.name());
    }
    return m.addJavadoc("The backward pass: writes every gradient, reading what the forward pass kept.\n")
        .build();
  }

  private static CodeBlock.Builder steps(MethodContext ctx, List<Step> pass) {
    StepWriter writer = new StepWriter(ctx);
    CodeBlock.Builder b = CodeBlock.builder();
    for (Step s : pass) {
      // A singularity check belongs to the block of the factorisation above it.
      if (!(s instanceof Step.RequireNonSingular)) {
        b.add("\n");
      }
      b.add(writer.write(s));
    }
    return b;
  }

  /** The method with its prologue, which exists only once the steps have recorded their needs. */
  private MethodSpec.Builder method(String name, MethodContext ctx, CodeBlock steps) {
    CodeBlock prologue = ctx.prologue();
    sizesDoubles |= ctx.sizesDoubles();
    sizesInts |= ctx.sizesInts();
    usesWorkspace |= ctx.usesWorkspace();
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE)
        .addParameters(program.params().stream()
            .map(p -> ParameterSpec.builder(p.matrix() ? Types.MATRIX : TypeName.DOUBLE, p.name()).build())
            .toList())
        .addCode(prologue)
        .addCode(steps);
  }
}
