package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.lower.Expr;
import dev.tracegrad.processor.lower.Step;

/**
 * Emit stage: a matrix product C = op(A)·op(B) (C m×n, inner dimension p) in the loop order the
 * lower stage chose. Row offsets are hoisted into {@code int} locals and the multiplier into a
 * {@code double}, leaving inner loops of the form {@code c[ci + j] += aik * b[bk + j]}, which C2
 * unrolls and vectorises. Loops over a dimension of extent 1 are left out.
 *
 * <p>Stored layouts: A is m×p (p×m when transposed), B is p×n (n×p when transposed), C is m×n.
 */
final class ProductWriter {
  private final MethodContext ctx;
  private final Step.Product p;
  private final CodeBlock.Builder b = CodeBlock.builder();
  private final String a;
  private final String bb;
  private final String c;
  private final String i;
  private final String j;
  private final String k;
  /** "" when α = 1, "-" when α = −1, else "alpha * " for a hoisted or literal α. */
  private String scaleBy = "";

  private ProductWriter(MethodContext ctx, Step.Product p) {
    this.ctx = ctx;
    this.p = p;
    this.a = ctx.array(p.a());
    this.bb = ctx.array(p.b());
    this.c = ctx.array(p.c());
    this.i = has(p.m()) ? ctx.scope().loopLocal("i") : null;
    this.j = has(p.n()) ? ctx.scope().loopLocal("j") : null;
    this.k = has(p.p()) ? ctx.scope().loopLocal("k") : null;
  }

  static CodeBlock write(MethodContext ctx, Step.Product p) {
    ProductWriter w = new ProductWriter(ctx, p);
    w.b.add("// $L\n", p.comment());
    if (has(p.m()) && has(p.p()) && has(p.n())) {
      w.kernel();
      return w.b.build();
    }
    w.alpha();
    switch (p.order()) {
      case IKJ -> w.ikj();
      case KIJ -> w.kij();
      case IJK -> w.ijk();
      case OUTER -> w.outer();
    }
    return w.b.build();
  }

  /**
   * A product whose three extents are all unknown until run time calls the blocked kernel, which
   * also handles the extents that turn out small or 1 at run time. Its sums run in the same order
   * as the loops below, so values do not depend on which is used.
   */
  private void kernel() {
    String alpha = "1.0";
    if (p.alpha() != null) {
      CodeBlock.Builder temps = CodeBlock.builder();
      alpha = new ExprWriter(ctx, r -> {
        throw new IllegalStateException("a product factor reads a matrix: " + r);
      }, x -> "0", false, temps).write(p.alpha()).toString();
      b.add(temps.build());
    }
    b.addStatement("$T.multiply($L, $L, $L, $L, $L, $L, $L, $L, $L, $L)", Types.GEMM, a, p.transposeA(), bb,
        p.transposeB(), c, ctx.dim(p.m()), ctx.dim(p.p()), ctx.dim(p.n()), alpha, ctx.workspace());
  }

  /** Declares the scalar factor α before the loops when it is not a plain name or literal. */
  private void alpha() {
    Expr alpha = p.alpha();
    if (alpha == null) {
      return;
    }
    if (alpha instanceof Expr.Const c && c.value() == -1) {
      scaleBy = "-";
      return;
    }
    CodeBlock.Builder temps = CodeBlock.builder();
    CodeBlock code = new ExprWriter(ctx, r -> {
      throw new IllegalStateException("a product factor reads a matrix: " + r);
    }, x -> "0", false, temps).write(alpha);
    b.add(temps.build());
    if (alpha instanceof Expr.Scalar || (alpha instanceof Expr.Const c && c.value() >= 0)) {
      scaleBy = code + " * ";
    } else {
      String name = ctx.scope().unique("alpha");
      b.addStatement("double $L = $L", name, code);
      scaleBy = name + " * ";
    }
  }

  /** C = AB: row i of C accumulates A[i][k] times row k of B, for ascending k. */
  private void ikj() {
    b.addStatement("$T.fill($L, 0.0)", Types.ARRAYS, c);
    open(i, p.m());
    String ci = hoist("ci", i, p.n());
    String ai = hoist("ai", i, p.p());
    open(k, p.p());
    String aik = ctx.scope().loopLocal("aik");
    b.addStatement("double $L = $L$L[$L]", aik, scaleBy, a, plus(ai, k));
    String bk = hoist("bk", k, p.n());
    open(j, p.n());
    b.addStatement("$L[$L] += $L * $L[$L]", c, plus(ci, j), aik, bb, bIndex(bk, null));
    close(j);
    close(k);
    close(i);
  }

  /** C = AᵀB (or AᵀBᵀ): for ascending k, row k of A scales row k of B into every row of C. */
  private void kij() {
    b.addStatement("$T.fill($L, 0.0)", Types.ARRAYS, c);
    open(k, p.p());
    String ak = hoist("ak", k, p.m());
    String bk = p.transposeB() ? null : hoist("bk", k, p.n());
    open(i, p.m());
    String aik = ctx.scope().loopLocal("aik");
    b.addStatement("double $L = $L$L[$L]", aik, scaleBy, a, plus(ak, i));
    String ci = hoist("ci", i, p.n());
    open(j, p.n());
    b.addStatement("$L[$L] += $L * $L[$L]", c, plus(ci, j), aik, bb, bIndex(bk, null));
    close(j);
    close(i);
    close(k);
  }

  /** C = ABᵀ (or Ax): each entry is the dot product of a row of A and a row of B. */
  private void ijk() {
    open(i, p.m());
    String ai = hoist("ai", i, p.p());
    String ci = hoist("ci", i, p.n());
    open(j, p.n());
    String bj = p.transposeB() ? hoist("bj", j, p.p()) : null;
    String s = i != null || j != null ? ctx.scope().loopLocal("s") : ctx.scope().unique("s");
    b.addStatement("double $L = 0", s);
    open(k, p.p());
    b.addStatement("$L += $L[$L] * $L[$L]", s, a, plus(ai, k), bb, bIndex(null, bj));
    close(k);
    b.addStatement("$L[$L] = $L$L", c, plus(ci, j), scaleBy, s);
    close(j);
    close(i);
  }

  /** Inner dimension 1: C[i][j] = a_i · b_j, no accumulation. */
  private void outer() {
    open(i, p.m());
    String ai = scaleBy + a + "[" + plus(i, null) + "]";
    if (i != null || !scaleBy.isEmpty()) {
      String local = i != null ? ctx.scope().loopLocal("ai") : ctx.scope().unique("ai");
      b.addStatement("double $L = $L", local, ai);
      ai = local;
    }
    String ci = hoist("ci", i, p.n());
    open(j, p.n());
    b.addStatement("$L[$L] = $L * $L[$L]", c, plus(ci, j), ai, bb, plus(j, null));
    close(j);
    close(i);
  }

  /** Index of B(k, j): row k of a p×n B, or column k of row j of an n×p stored Bᵀ. */
  private String bIndex(String bk, String bj) {
    if (p.transposeB()) {
      return plus(bj != null ? bj : term(j, p.p()), k);
    }
    return plus(bk != null ? bk : term(k, p.n()), j);
  }

  private static boolean has(Dim d) {
    return !d.equals(Dim.ONE);
  }

  private void open(String var, Dim extent) {
    if (var != null) {
      b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", var, var, ctx.dim(extent), var);
    }
  }

  private void close(String var) {
    if (var != null) {
      b.endControlFlow();
    }
  }

  /**
   * {@code var * stride} as a hoisted {@code int} local (declared inside var's loop), or var alone
   * when the stride is 1, or null when var's loop is absent (the index is 0).
   */
  private String hoist(String hint, String var, Dim stride) {
    if (var == null || !has(stride)) {
      return var;
    }
    String name = ctx.scope().loopLocal(hint);
    b.addStatement("int $L = $L * $L", name, var, ctx.dim(stride));
    return name;
  }

  /** {@code var * stride} inline, var alone for stride 1, null for an absent var. */
  private String term(String var, Dim stride) {
    if (var == null) {
      return null;
    }
    return has(stride) ? var + " * " + ctx.dim(stride) : var;
  }

  /** The sum of the present terms, "0" if none. */
  private static String plus(String x, String y) {
    if (x == null) {
      return y == null ? "0" : y;
    }
    return y == null ? x : x + " + " + y;
  }
}
