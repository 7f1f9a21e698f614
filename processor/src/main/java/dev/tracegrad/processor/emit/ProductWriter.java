package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.lower.Step;

/**
 * Emit stage: a matrix product C = α·op(A)·op(B) (C m×n, inner dimension p) as one call of the
 * runtime kernel {@code Gemm.multiply}, whatever the extents. The kernel picks its loops at run
 * time (blocked rows, matrix–vector, outer product) and accumulates every entry over k in
 * ascending order, so the values do not depend on the path it takes; an extent fixed at 1 costs
 * no more through the kernel than through inline loops.
 *
 * <p>Stored layouts: A is m×p (p×m when transposed), B is p×n (n×p when transposed), C is m×n.
 */
final class ProductWriter {
  private ProductWriter() {}

  static CodeBlock write(MethodContext ctx, Step.Product p) {
    CodeBlock.Builder b = CodeBlock.builder();
    b.add("// $L\n", p.comment());
    String alpha = "1.0";
    if (p.alpha() != null) {
      CodeBlock.Builder temps = CodeBlock.builder();
      alpha = new ExprWriter(ctx, r -> {
        throw new IllegalStateException("a product factor reads a matrix: " + r);
      }, x -> "0", false, temps).write(p.alpha()).toString();
      b.add(temps.build());
    }
    b.addStatement("$T.multiply($L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", Types.GEMM,
        ctx.array(p.a()), p.transposeA(), ctx.array(p.b()), p.transposeB(), ctx.array(p.c()),
        ctx.dim(p.m()), ctx.dim(p.p()), ctx.dim(p.n()), alpha, ctx.workspace());
    return b.build();
  }
}
