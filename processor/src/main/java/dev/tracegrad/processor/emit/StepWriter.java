package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.lower.Expr;
import dev.tracegrad.processor.lower.LuFactors;
import dev.tracegrad.processor.lower.ScalarVar;
import dev.tracegrad.processor.lower.Step;

/**
 * Emit stage: one step of a pass as a commented block of statements. Loops and products have
 * their own writers; factorisations, solves and inverses call the runtime's {@code Lu} kernel.
 */
final class StepWriter {
  private final MethodContext ctx;

  StepWriter(MethodContext ctx) {
    this.ctx = ctx;
  }

  CodeBlock write(Step step) {
    if (step instanceof Step.Loop s) {
      return LoopWriter.write(ctx, s);
    }
    if (step instanceof Step.Product s) {
      return ProductWriter.write(ctx, s);
    }
    if (step instanceof Step.ColumnSoftmax s) {
      return SoftmaxWriter.write(ctx, s);
    }
    CodeBlock.Builder b = CodeBlock.builder();
    if (step instanceof Step.Factor s) {
      LuFactors lu = s.lu();
      b.add("// $L\n", s.comment());
      b.addStatement("int $L = $T.factor($L, $L, $L, $L, $L)", lu.sign(), Types.LU,
          ctx.array(lu.matrix()), ctx.dim(lu.n()), ctx.array(lu.lu()), ctx.array(lu.pivots()),
          ctx.workspace());
      if (ctx.keepsInField(lu)) {
        b.addStatement("this.$L = $L", lu.sign(), lu.sign());
      }
    } else if (step instanceof Step.RequireNonSingular s) {
      // Only the failure path builds the message ("<what> is singular"), inside the kernel.
      b.addStatement("$T.requireNonSingular($L, $L)", Types.LU, ctx.sign(s.lu()),
          JavaText.stringLiteral(s.what()));
    } else if (step instanceof Step.Determinant s) {
      // Lu.det returns 0 for a singular matrix: the value path of det never throws.
      b.add("// $L\n", s.comment());
      declare(b, s.out(), CodeBlock.of("$T.det($L, $L, $L)", Types.LU,
          ctx.array(s.lu().lu()), ctx.dim(s.lu().n()), ctx.sign(s.lu())));
    } else if (step instanceof Step.LogDeterminant s) {
      b.add("// $L\n", s.comment());
      declare(b, s.out(), CodeBlock.of("$T.logAbsDet($L, $L)", Types.LU,
          ctx.array(s.lu().lu()), ctx.dim(s.lu().n())));
    } else if (step instanceof Step.Inverse s) {
      b.add("// $L\n", s.comment());
      b.addStatement("$T.inverse($L, $L, $L, $L, $L)", Types.LU, ctx.array(s.lu().lu()),
          ctx.array(s.lu().pivots()), ctx.dim(s.lu().n()), ctx.array(s.out()), ctx.workspace());
    } else if (step instanceof Step.LuSolve s) {
      // The right-hand side is a buffer of its own; the kernel copies it into the output first.
      b.add("// $L\n", s.comment());
      Dim nrhs = s.b().shape().cols();
      b.addStatement("$T." + (s.transposed() ? "solveTransposed" : "solve") + "($L, $L, $L, $L, $L, $L, $L)", Types.LU,
          ctx.array(s.lu().lu()),
          ctx.array(s.lu().pivots()), ctx.dim(s.lu().n()), ctx.array(s.b()), ctx.dim(nrhs),
          ctx.array(s.out()), ctx.workspace());
    } else if (step instanceof Step.Indexed s) {
      b.add("// $L\n", s.comment());
      String idx = ctx.index(s.index());
      switch (s.op()) {
        case SCATTER -> b.addStatement("$T.scatter($L, $L, $L, $L)", Types.INDEXING,
            ctx.array(s.in()), idx, ctx.dim(s.out().shape().rows()), ctx.array(s.out()));
        case SCATTER_ADD -> b.addStatement("$T.scatterAdd($L, $L, $L, $L, $L)", Types.INDEXING,
            ctx.array(s.in()), ctx.dim(s.in().shape().rows()), idx,
            ctx.dim(s.out().shape().cols()), ctx.array(s.out()));
      }
    } else if (step instanceof Step.Assign s) {
      b.add("// $L\n", s.comment());
      declare(b, s.out(), scalar(b, s.value()));
    } else if (step instanceof Step.ScalarOutput s) {
      b.add("// $L\n", s.comment());
      b.addStatement("$L[0] = $L", ctx.output(s.output()), scalar(b, s.value()));
    } else {
      throw new IllegalArgumentException("unknown step " + step);
    }
    return b.build();
  }

  /** A scalar expression outside any loop (reads of 1×1 matrices are at index 0). */
  private CodeBlock scalar(CodeBlock.Builder b, Expr e) {
    CodeBlock.Builder temps = CodeBlock.builder();
    CodeBlock value = new ExprWriter(ctx, r -> ctx.array(r.buffer()) + "[0]", x -> "0", false, temps)
        .write(e);
    b.add(temps.build());
    return value;
  }

  /** {@code double v = value;}, and for a value the backward pass reads, its field too. */
  private void declare(CodeBlock.Builder b, ScalarVar v, CodeBlock value) {
    b.addStatement("double $L = $L", v.name(), value);
    if (ctx.keepsInField(v)) {
      b.addStatement("this.$L = $L", v.name(), v.name());
    }
  }
}
