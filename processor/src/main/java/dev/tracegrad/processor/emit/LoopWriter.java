package dev.tracegrad.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.tracegrad.processor.ir.Dim;
import dev.tracegrad.processor.ir.EntrywiseFunction.RuntimeCall;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.Domain;
import dev.tracegrad.processor.lower.Expr;
import dev.tracegrad.processor.lower.LoopOutput;
import dev.tracegrad.processor.lower.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Emit stage: a fused {@link Step.Loop}. A flat loop runs one index {@code k} over the row-major
 * entries, bounded by an array's length so that C2 can drop the range checks and vectorise;
 * otherwise an i loop over rows with the row offset hoisted and an inner j loop along the row.
 * A loop over a dimension of extent 1 is not written at all (its index is 0). An entry stored and
 * read again in the same iteration is kept in a local. A flat loop whose sigmoid and softplus
 * share an exponential may be written as two ({@link ExponentialPass}). A flat loop that only
 * stores f(x) of an aligned read is one call of the runtime's pass ({@link #arrayPass}); one that
 * stores f(e) of a computed e into a whole buffer stores e and is followed by the pass applied
 * in place ({@link DeferredPass}).
 */
final class LoopWriter {
  private final MethodContext ctx;
  private final Step.Loop loop;
  private final Domain domain;
  private final Map<Buffer, String> forwarded = new HashMap<>();
  private String i;
  private String j;
  private String k;
  private String row;

  private LoopWriter(MethodContext ctx, Step.Loop loop) {
    this.ctx = ctx;
    this.loop = loop;
    this.domain = loop.domain();
  }

  static CodeBlock write(MethodContext ctx, Step.Loop loop) {
    Optional<DeferredPass> deferred = DeferredPass.of(loop);
    if (deferred.isPresent()) {
      DeferredPass d = deferred.get();
      String buffer = ctx.array(d.target());
      return CodeBlock.builder()
          .add(new LoopWriter(ctx, d.loop()).write())
          .addStatement(passCall(d.pass(), buffer, buffer))
          .build();
    }
    return new LoopWriter(ctx, loop).write();
  }

  private boolean hasRows() {
    return !domain.rows().equals(Dim.ONE);
  }

  private boolean hasCols() {
    return !domain.diagonal() && !domain.cols().equals(Dim.ONE);
  }

  private CodeBlock write() {
    CodeBlock.Builder b = CodeBlock.builder();
    for (LoopOutput o : loop.outputs()) {
      b.add("// $L\n", o.comment());
    }
    // Sums start at 0 before the loop, like the reference: 0 + x rounds exactly as Ops does.
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.FullSum s) {
        b.addStatement("double $L = 0", ctx.scalar(s.target()));
      } else if (o instanceof LoopOutput.ColSum c) {
        b.addStatement("$T.fill($L, 0.0)", Types.ARRAYS, ctx.array(c.target()));
      } else if (o instanceof LoopOutput.FullMax m) {
        b.addStatement("double $L = $T.NEGATIVE_INFINITY", ctx.scalar(m.target()), Types.DOUBLE);
      } else if (o instanceof LoopOutput.ColMax c) {
        b.addStatement("$T.fill($L, $T.NEGATIVE_INFINITY)", Types.ARRAYS, ctx.array(c.target()), Types.DOUBLE);
      }
    }
    boolean flat = loop.flat();
    Optional<CodeBlock> pass = flat ? arrayPass() : Optional.empty();
    Optional<ExponentialPass> split =
        flat && pass.isEmpty() ? ExponentialPass.of(loop) : Optional.empty();
    if (pass.isPresent()) {
      b.addStatement(pass.get());
    } else if (split.isPresent()) {
      k = ctx.scope().loopLocal("k");
      twoPasses(b, split.get());
    } else if (flat) {
      k = ctx.scope().loopLocal("k");
      b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, flatBound(), k);
      body(b, true);
      b.endControlFlow();
    } else {
      nested(b);
    }
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.FullSum s && ctx.keepsInField(s.target())) {
        b.addStatement("this.$L = $L", s.target().name(), s.target().name());
      }
    }
    return b.build();
  }

  /**
   * for i { row offset; row-sum accumulators; for j { outputs } row-sum stores }. A row sum
   * accumulates in a local and is stored once per row, adding its terms left to right as
   * {@code Ops.rowSums} does.
   */
  private void nested(CodeBlock.Builder b) {
    i = ctx.scope().loopLocal("i");
    j = ctx.scope().loopLocal("j");
    if (hasRows()) {
      b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", i, i, ctx.dim(domain.rows()), i);
      if (hasCols() && needsRowOffset()) {
        row = ctx.scope().loopLocal("row");
        b.addStatement("int $L = $L * $L", row, i, ctx.dim(domain.cols()));
      }
    }
    List<String> rowSums = new ArrayList<>();
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.RowSum) {
        String hint = rowSums.isEmpty() ? "rowSum" : "rowSum" + (rowSums.size() + 1);
        String acc = hasRows() ? ctx.scope().loopLocal(hint) : ctx.scope().unique(hint);
        rowSums.add(acc);
        b.addStatement("double $L = 0", acc);
      }
    }
    if (hasCols()) {
      b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", j, j, ctx.dim(domain.cols()), j);
    }
    body(b, hasRows() || hasCols(), rowSums);
    if (hasCols()) {
      b.endControlFlow();
    }
    int r = 0;
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.RowSum s) {
        b.addStatement("$L[$L] = $L", ctx.array(s.target()), hasRows() ? i : "0", rowSums.get(r++));
      }
    }
    if (hasRows()) {
      b.endControlFlow();
    }
  }

  private void body(CodeBlock.Builder b, boolean inLoop) {
    body(b, loop.outputs(), inLoop, List.of(), Map.of(), Map.of());
  }

  private void body(CodeBlock.Builder b, boolean inLoop, List<String> rowSums) {
    body(b, loop.outputs(), inLoop, rowSums, Map.of(), Map.of());
  }

  /**
   * The flat loop as one call of the runtime's pass over whole arrays, when all it does is store
   * f(x) for a function that has one ({@link dev.tracegrad.processor.ir.EntrywiseFunction#arrayPass}):
   * the same bits as the loop on a plain JVM, vector code with the Vector API.
   */
  private Optional<CodeBlock> arrayPass() {
    if (loop.outputs().size() != 1
        || !(loop.outputs().get(0) instanceof LoopOutput.Store s)
        || s.target().type() != Buffer.Type.DOUBLE
        || !(s.value() instanceof Expr.Call c)
        || !(c.a() instanceof Expr.Read x)
        || !loop.aligned(x)
        || x.buffer().type() != Buffer.Type.DOUBLE) {
      return Optional.empty();
    }
    return c.fn().arrayPass().map(call -> passCall(call, ctx.array(x.buffer()), ctx.array(s.target())));
  }

  /**
   * {@code ArrayFunctions.f(x, out, out.length)}. The method name is part of the format, not an
   * argument: only so does JavaPoet write a statically imported member without its class, as
   * the file must when a variable named {@code dev} obscures the qualified name.
   */
  private static CodeBlock passCall(RuntimeCall pass, String x, String out) {
    return CodeBlock.of("$T." + pass.method() + "($L, $L, $L.length)", Types.ARRAY_FUNCTIONS, x, out, out);
  }

  /**
   * The flat loop as two ({@link ExponentialPass}): the first stores what the shared operands
   * need and e^−|x| into the holders' arrays; the second reads each e^−|x| into a local before
   * any output overwrites its holder, then computes the rest.
   */
  private void twoPasses(CodeBlock.Builder b, ExponentialPass split) {
    List<String> held = new ArrayList<>();
    split.holders().values().forEach(h -> held.add(h.name()));
    b.add("// e^-|x| first, in a pass of its own (held in $L until written)\n", String.join(", ", held));
    CodeBlock bound = flatBound();
    b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, bound, k);
    body(b, split.first(), true, List.of(), split.holders(), Map.of());
    b.endControlFlow();
    // The first pass's locals are out of scope: the second reads its stores from the arrays.
    forwarded.clear();
    b.beginControlFlow("for (int $L = 0; $L < $L; $L++)", k, k, bound, k);
    Map<Expr, String> locals = new LinkedHashMap<>();
    split.holders().forEach((x, holder) -> {
      // named as ExprWriter names the exponentials it declares itself
      String local = ctx.scope().loopLocal(locals.isEmpty() ? "e" : "e" + (locals.size() + 1));
      b.addStatement("double $L = $L[$L]", local, ctx.array(holder), k);
      locals.put(x, local);
    });
    body(b, split.second(), true, List.of(), Map.of(), locals);
    b.endControlFlow();
  }

  /**
   * The outputs at one index, in order. A stored entry that a later output reads is kept in a
   * local, so the fused reduction does not depend on C2 forwarding the store to the load.
   */
  private void body(CodeBlock.Builder b, List<LoopOutput> outputs, boolean inLoop,
      List<String> rowSums, Map<Expr, Buffer> exponentialsInto, Map<Expr, String> exponentials) {
    int r = 0;
    // One writer for the whole body: fused outputs share the loop scope, so their temporaries
    // must be numbered together (two squares must not both declare "sq").
    CodeBlock.Builder temps = CodeBlock.builder();
    List<Expr> values = new ArrayList<>();
    for (LoopOutput o : outputs) {
      values.add(o.value());
    }
    ExprWriter w = new ExprWriter(ctx, this::read, this::index, inLoop, temps)
        .shareExponentials(values).withExponentials(exponentials);
    for (int n = 0; n < outputs.size(); n++) {
      LoopOutput o = outputs.get(n);
      CodeBlock value = w.write(o.value());
      b.add(temps.build());
      temps.clear();
      if (o instanceof LoopOutput.Store s) {
        String at = ctx.array(s.target()) + "[" + storeIndex(s.target()) + "]";
        List<Expr> later = new ArrayList<>();
        for (LoopOutput l : outputs.subList(n + 1, outputs.size())) {
          later.add(l.value());
        }
        later.addAll(exponentialsInto.keySet());
        if (readLater(s.target(), later)) {
          String hint = s.target().name() + "Entry";
          String local = inLoop ? ctx.scope().loopLocal(hint) : ctx.scope().unique(hint);
          b.addStatement("double $L = $L", local, value);
          b.addStatement("$L = $L", at, local);
          forwarded.put(s.target(), local);
        } else {
          b.addStatement("$L = $L", at, value);
        }
      } else if (o instanceof LoopOutput.FullSum s) {
        b.addStatement("$L += $L", ctx.scalar(s.target()), value);
      } else if (o instanceof LoopOutput.RowSum) {
        b.addStatement("$L += $L", rowSums.get(r++), value);
      } else if (o instanceof LoopOutput.FullMax m) {
        String max = ctx.scalar(m.target());
        b.addStatement("$L = $T.max($L, $L)", max, Types.MATH, max, value);
      } else if (o instanceof LoopOutput.ColMax c) {
        String at = ctx.array(c.target()) + "[" + (hasCols() ? j : "0") + "]";
        b.addStatement("$L = $T.max($L, $L)", at, Types.MATH, at, value);
      } else {
        LoopOutput.ColSum c = (LoopOutput.ColSum) o;
        b.addStatement("$L[$L] += $L", ctx.array(c.target()), hasCols() ? j : "0", value);
      }
    }
    exponentialsInto.forEach((x, holder) -> {
      CodeBlock e = w.exponential(x);
      b.add(temps.build());
      temps.clear();
      b.addStatement("$L[$L] = $L", ctx.array(holder), storeIndex(holder), e);
    });
  }

  private boolean readLater(Buffer target, List<Expr> later) {
    for (Expr v : later) {
      for (Expr.Read r : v.reads()) {
        if (r.buffer().equals(target) && loop.aligned(r)) {
          return true;
        }
      }
    }
    return false;
  }

  private String read(Expr.Read r) {
    if (loop.aligned(r) && forwarded.containsKey(r.buffer())) {
      return forwarded.get(r.buffer());
    }
    return ctx.array(r.buffer()) + "[" + readIndex(r) + "]";
  }

  private String storeIndex(Buffer target) {
    return readIndex(new Expr.Read(target, domain.rowIdx(), domain.colIdx()));
  }

  private String index(Expr.Idx x) {
    if (x instanceof Expr.Idx.Lookup l) {
      return ctx.index(l.array()) + "[" + index(l.at()) + "]";
    }
    return switch ((Expr.Idx.Var) x) {
      case I -> i;
      case J -> j;
      case ZERO -> "0";
    };
  }

  /** Row-major index of entry (row, col) of the buffer, simplified for indices that are 0. */
  private String readIndex(Expr.Read r) {
    if (k != null) {
      return k;
    }
    Dim cols = r.buffer().shape().cols();
    if (r.row() == Expr.Idx.ZERO) {
      return index(r.col());
    }
    if (cols.equals(Dim.ONE)) {
      return index(r.row());
    }
    // Entry (i, ·) of a buffer as wide as the domain starts at the hoisted row offset; anything
    // else (a transposed read, j·stride) is multiplied out in place.
    String rowPart = r.row() == Expr.Idx.I && row != null && cols.equals(domain.cols())
        ? row
        : index(r.row()) + " * " + ctx.dim(cols);
    return r.col() == Expr.Idx.ZERO ? rowPart : rowPart + " + " + index(r.col());
  }

  /** Whether some entry is addressed as (i, j) of a buffer as wide as the domain. */
  private boolean needsRowOffset() {
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.Store) {
        return true;
      }
      for (Expr.Read r : o.value().reads()) {
        if (r.row() == Expr.Idx.I && r.col() != Expr.Idx.ZERO
            && r.buffer().shape().cols().equals(domain.cols())) {
          return true;
        }
      }
    }
    return false;
  }

  /** An array's length when one has the domain's layout (C2 then knows every index is in range). */
  private CodeBlock flatBound() {
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.Store s) {
        return CodeBlock.of("$L.length", ctx.array(s.target()));
      }
    }
    for (LoopOutput o : loop.outputs()) {
      for (Expr.Read r : o.value().reads()) {
        return CodeBlock.of("$L.length", ctx.array(r.buffer()));
      }
    }
    if (domain.rows().equals(Dim.ONE)) {
      return CodeBlock.of("$L", ctx.dim(domain.cols()));
    }
    if (domain.cols().equals(Dim.ONE)) {
      return CodeBlock.of("$L", ctx.dim(domain.rows()));
    }
    return CodeBlock.of("$T.multiplyExact($L, $L)",
        Types.MATH, ctx.dim(domain.rows()), ctx.dim(domain.cols()));
  }
}
