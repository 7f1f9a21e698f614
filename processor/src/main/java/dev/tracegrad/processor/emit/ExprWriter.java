package dev.tracegrad.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.lower.Expr;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Emit stage: one {@link Expr} as Java source, with only the parentheses Java needs (and those
 * that keep the evaluation order of the tree: {@code a + (b + c)} stays as written, because
 * floating-point addition is not associative). Scalar functions call what their
 * {@link EntrywiseFunction} entry names ({@code Math} or the runtime's {@code Fn}, which the JIT
 * inlines); a square of anything but a plain read is computed once into a local, declared by
 * {@link #write} through the {@code temps} block. So is e^−|x| when two functions that share it
 * (sigmoid and softplus) are written for the same x (see {@link #shareExponentials}).
 */
final class ExprWriter {
  private static final int ATOM = 4;
  private static final int UNARY = 3;
  private static final int CONDITIONAL = 0;

  private final MethodContext ctx;
  private final Function<Expr.Read, String> reads;
  private final Function<Expr.Idx, String> indices;
  private final boolean inLoop;
  private final CodeBlock.Builder temps;
  private int tempCount;
  /** Operands whose sigmoid and softplus are both written: their e^−|x| is computed once. */
  private final Set<Expr> sharedExps = new HashSet<>();
  /** The local holding e^−|x| for each shared operand, once declared. */
  private final Map<Expr, String> expLocals = new HashMap<>();

  /**
   * @param reads how a read is written in the current loop ({@code a[row + j]}, or a local holding
   *     an entry stored earlier in the same iteration)
   * @param indices the names of the loop indices
   * @param inLoop whether temporaries are declared inside a loop body (so their names can repeat
   *     across loops)
   * @param temps receives the declarations of temporaries, to be written before the statement
   */
  ExprWriter(MethodContext ctx, Function<Expr.Read, String> reads, Function<Expr.Idx, String> indices,
      boolean inLoop, CodeBlock.Builder temps) {
    this.ctx = ctx;
    this.reads = reads;
    this.indices = indices;
    this.inLoop = inLoop;
    this.temps = temps;
  }

  /**
   * Looks ahead at the expressions this writer will write (the outputs of one loop body): where
   * two functions that share an exponential ({@link EntrywiseFunction#sharesExponential}) occur for
   * one x, the first of them declares e = e^−|x| and both call the runtime's two-argument forms,
   * which give the same bits with one exponential.
   */
  ExprWriter shareExponentials(List<Expr> values) {
    sharedExps.addAll(sharedOperands(values));
    return this;
  }

  /**
   * The operands x of the given expressions for which two functions that share e^−|x| are
   * written, in the order of their first occurrence.
   */
  static Set<Expr> sharedOperands(List<Expr> values) {
    Map<Expr, Set<EntrywiseFunction>> fns = new LinkedHashMap<>();
    for (Expr v : values) {
      v.forEach(e -> {
        if (e instanceof Expr.Call a && a.fn().sharesExponential()) {
          fns.computeIfAbsent(a.a(), x -> EnumSet.noneOf(EntrywiseFunction.class)).add(a.fn());
        }
      });
    }
    Set<Expr> shared = new LinkedHashSet<>();
    fns.forEach((x, sharing) -> {
      if (sharing.size() >= 2) {
        shared.add(x);
      }
    });
    return shared;
  }

  /**
   * Takes e^−|x| for these operands from locals the caller has declared (computed in an earlier
   * pass) instead of declaring them at their first use.
   */
  ExprWriter withExponentials(Map<Expr, String> locals) {
    expLocals.putAll(locals);
    return this;
  }

  /** {@code Fn.expNegAbs(x)}: the exponential that {@link #shareExponentials} shares. */
  CodeBlock exponential(Expr x) {
    EntrywiseFunction.RuntimeCall e = EntrywiseFunction.RuntimeCall.EXP_NEG_ABS;
    // the member in the format, not an argument: JavaPoet shortens it when it is imported
    return CodeBlock.of("$T." + e.method() + "($L)", ClassName.bestGuess(e.owner()), write(x));
  }

  CodeBlock write(Expr e) {
    return render(e).code();
  }

  private record Rendered(CodeBlock code, int precedence) {}

  private Rendered render(Expr e) {
    return e.accept(renderer);
  }

  private final Expr.ExprVisitor<Rendered> renderer = new Expr.ExprVisitor<>() {
    @Override
    public Rendered visit(Expr.Literal c) {
      String lit = JavaText.doubleLiteral(c.value());
      if (lit.startsWith("Double.")) {
        // The member in the format, not an argument: JavaPoet shortens it when it is imported.
        return new Rendered(CodeBlock.of("$T." + lit.substring(7), Types.DOUBLE), ATOM);
      }
      return new Rendered(CodeBlock.of("$L", lit), lit.startsWith("-") ? UNARY : ATOM);
    }

    @Override
    public Rendered visit(Expr.Scalar s) {
      return new Rendered(CodeBlock.of("$L", ctx.scalar(s.var())), ATOM);
    }

    @Override
    public Rendered visit(Expr.Read r) {
      return new Rendered(CodeBlock.of("$L", reads.apply(r)), ATOM);
    }

    @Override
    public Rendered visit(Expr.Negate n) {
      Rendered a = render(n.a());
      // "- -x" would lex as the decrement operator.
      CodeBlock inner = a.precedence() >= ATOM ? a.code() : CodeBlock.of("($L)", a.code());
      return new Rendered(CodeBlock.of("-$L", inner), UNARY);
    }

    @Override
    public Rendered visit(Expr.Binary b) {
      int p = b.op().precedence();
      CodeBlock left = operand(render(b.a()), p);
      CodeBlock right = operand(render(b.b()), p + 1);
      return new Rendered(CodeBlock.of("$L $L $L", left, b.op().symbol(), right), p);
    }

    @Override
    public Rendered visit(Expr.Call a) {
      return apply(a);
    }

    @Override
    public Rendered visit(Expr.Power p) {
      return new Rendered(
          CodeBlock.of("$T.pow($L, $L)", Types.MATH, write(p.a()), write(p.p())), ATOM);
    }

    @Override
    public Rendered visit(Expr.Diagonal d) {
      CodeBlock cond = CodeBlock.of("($L == $L ? $L : 0.0)",
          indices.apply(d.row()), indices.apply(d.col()), write(d.s()));
      return new Rendered(cond, ATOM + CONDITIONAL);
    }

    @Override
    public Rendered visit(Expr.DimValue e) {
      // a double, so that products and quotients of extents are taken in double arithmetic
      return new Rendered(CodeBlock.of("(double) $L", ctx.dim(e.dim())), UNARY);
    }

    @Override
    public Rendered visit(Expr.Extremum e) {
      return new Rendered(CodeBlock.of("$T.$L($L, $L)", Types.MATH, e.max() ? "max" : "min",
          write(e.a()), write(e.b())), ATOM);
    }

    @Override
    public Rendered visit(Expr.ShiftedLog e) {
      CodeBlock max = write(e.max());
      return new Rendered(CodeBlock.of("($T.isInfinite($L) ? $L : $L + $T.log($L))", Types.DOUBLE,
          max, max, max, Types.MATH, write(e.sum())), ATOM + CONDITIONAL);
    }
  };

  private static CodeBlock operand(Rendered r, int minimum) {
    return r.precedence() >= minimum ? r.code() : CodeBlock.of("($L)", r.code());
  }

  /** The function's runtime call from its table entry, with the shared e^−|x| where there is one. */
  private Rendered apply(Expr.Call a) {
    CodeBlock x = write(a.a());
    EntrywiseFunction.RuntimeCall call = a.fn().call();
    if (call.inline()) {
      return square(a.a(), x);
    }
    ClassName owner = ClassName.bestGuess(call.owner());
    if (a.fn().sharesExponential() && sharedExps.contains(a.a())) {
      return call(owner, call.method(), x, sharedExp(a.a(), x));
    }
    return call(owner, call.method(), x);
  }

  private static Rendered call(Object type, String method, CodeBlock x) {
    return new Rendered(CodeBlock.of("$T." + method + "($L)", type, x), ATOM);
  }

  private static Rendered call(Object type, String method, CodeBlock x, String y) {
    return new Rendered(CodeBlock.of("$T." + method + "($L, $L)", type, x, y), ATOM);
  }

  /** The local holding e^−|x|, declared at its first use. */
  private String sharedExp(Expr operand, CodeBlock x) {
    return expLocals.computeIfAbsent(operand, o -> {
      // Numbered like the squares: one loop body can share several exponentials.
      String hint = expLocals.isEmpty() ? "e" : "e" + (expLocals.size() + 1);
      String v = inLoop ? ctx.scope().loopLocal(hint) : ctx.scope().unique(hint);
      EntrywiseFunction.RuntimeCall e = EntrywiseFunction.RuntimeCall.EXP_NEG_ABS;
      // the member in the format, not an argument: JavaPoet shortens it when it is imported
      temps.addStatement("double $L = $T." + e.method() + "($L)", v, ClassName.bestGuess(e.owner()), x);
      return v;
    });
  }

  /** x·x, as {@code Ops.square} computes it; x is evaluated once. */
  private Rendered square(Expr operand, CodeBlock x) {
    String v;
    if (operand instanceof Expr.Read || operand instanceof Expr.Scalar) {
      v = x.toString();
    } else {
      String hint = tempCount++ == 0 ? "sq" : "sq" + tempCount;
      v = inLoop ? ctx.scope().loopLocal(hint) : ctx.scope().unique(hint);
      temps.addStatement("double $L = $L", v, x);
    }
    return new Rendered(CodeBlock.of("$L * $L", v, v), Expr.Arithmetic.MUL.precedence());
  }
}
