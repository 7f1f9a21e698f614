package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.Dims;
import dev.tracegrad.processor.ir.Parameter;
import dev.tracegrad.processor.ir.Shape;
import dev.tracegrad.processor.ir.ShapeCheck;
import dev.tracegrad.processor.lower.LoopProgram;
import java.util.ArrayList;
import java.util.List;

/**
 * Emit stage: the argument checks that run before any work, in the contract's order: nulls, the
 * program's shape checks, output buffer shapes, aliasing. Failure paths may concatenate strings;
 * the success path allocates nothing.
 */
final class ArgumentChecks {
  private ArgumentChecks() {}

  /** {@code Checks.nonNull(x, "x")} for every Matrix parameter. */
  static CodeBlock nullChecks(List<Parameter> params) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Parameter p : params) {
      if (p.matrix()) {
        b.addStatement("$T.nonNull($L, $L)", Types.CHECKS, p.name(), JavaText.stringLiteral(p.name()));
      }
    }
    return b.build();
  }

  /**
   * The shape checks that are not implied by earlier ones: replayed through fresh {@link Dims},
   * a check whose equality is already known adds nothing.
   */
  static List<ShapeCheck> needed(List<ShapeCheck> checks) {
    Dims known = new Dims();
    List<ShapeCheck> out = new ArrayList<>();
    for (ShapeCheck c : checks) {
      if (known.unify(c.a(), c.b())) {
        out.add(c);
      }
    }
    return out;
  }

  /** The body of {@code checkShapes}: one {@code if} per needed check. */
  static CodeBlock shapeChecks(List<ShapeCheck> checks) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (ShapeCheck c : checks) {
      b.beginControlFlow("if ($L != $L)", extent(c.a()), extent(c.b()));
      if (c.unary()) {
        // "op: A is R×C (rule)"
        b.addStatement("throw new $T($L + $L + $L + $L + $L)", Types.ILLEGAL_ARGUMENT,
            JavaText.stringLiteral(c.op() + ": " + c.left() + " is "),
            extent(c.leftShape().rows()), JavaText.stringLiteral("\u00d7"),
            extent(c.leftShape().cols()), JavaText.stringLiteral(" (" + c.rule() + ")"));
      } else {
        Shape l = c.leftShape();
        Shape r = c.rightShape();
        b.addStatement("throw $T.shapeMismatch($L, $L, $L, $L, $L, $L, $L, $L)", Types.CHECKS,
            JavaText.stringLiteral(c.op()), JavaText.stringLiteral(c.left()), extent(l.rows()),
            extent(l.cols()), JavaText.stringLiteral(c.right()), extent(r.rows()),
            extent(r.cols()), JavaText.stringLiteral(c.rule()));
      }
      b.endControlFlow();
    }
    return b.build();
  }

  /** Null, shape and aliasing checks of the caller's gradient buffers. */
  static CodeBlock outputChecks(LoopProgram loops) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (LoopProgram.Gradient g : loops.gradients()) {
      String param = g.param().name();
      if (g.buffer() != null) {
        b.addStatement("$T.outputShape($L, $L, $L.rows(), $L.cols(), $L)", Types.CHECKS, g.name(),
            JavaText.stringLiteral(g.name()), param, param, JavaText.stringLiteral(param));
      } else {
        b.beginControlFlow("if ($L.length < 1)", g.name());
        b.addStatement("throw new $T($L + $L.length)", Types.ILLEGAL_ARGUMENT,
            JavaText.stringLiteral(g.name() + " must have length at least 1 but has length "),
            g.name());
        b.endControlFlow();
      }
    }
    List<LoopProgram.Gradient> outs = loops.gradients();
    for (int w = 0; w < outs.size(); w++) {
      LoopProgram.Gradient g = outs.get(w);
      if (g.buffer() == null) {
        continue;
      }
      for (Parameter p : loops.params()) {
        if (p.matrix()) {
          b.addStatement("$T.notAliased($L, $L, $L, $L)", Types.CHECKS, g.name(),
              JavaText.stringLiteral(g.name()), p.name(), JavaText.stringLiteral(p.name()));
        }
      }
      for (int v = 0; v < w; v++) {
        LoopProgram.Gradient h = outs.get(v);
        if (h.buffer() != null) {
          b.addStatement("$T.notAliased($L, $L, $L, $L)", Types.CHECKS, g.name(),
              JavaText.stringLiteral(g.name()), h.name(), JavaText.stringLiteral(h.name()));
        }
      }
    }
    // double[] outputs: one array shared by two outputs would let the second overwrite the first.
    for (int w = 0; w < outs.size(); w++) {
      for (int v = 0; v < w; v++) {
        if (outs.get(w).buffer() == null && outs.get(v).buffer() == null) {
          b.beginControlFlow("if ($L == $L)", outs.get(w).name(), outs.get(v).name());
          b.addStatement("throw new $T($L)", Types.ILLEGAL_ARGUMENT, JavaText.stringLiteral(
              outs.get(w).name() + " must not be the same array as " + outs.get(v).name()));
          b.endControlFlow();
        }
      }
    }
    return b.build();
  }

  /** {@code W.rows()}, or {@code 1}. */
  private static String extent(Dim d) {
    if (d.equals(Dim.ONE)) {
      return "1";
    }
    Dim.Of of = (Dim.Of) d;
    return of.param() + "." + of.axis().accessor() + "()";
  }
}
