package dev.tracegrad.processor.emit;

import dev.tracegrad.processor.ir.EntrywiseFunction.RuntimeCall;
import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.Expr;
import dev.tracegrad.processor.lower.LoopOutput;
import dev.tracegrad.processor.lower.Step;
import java.util.List;
import java.util.Optional;

/**
 * A loop (nest) whose only output stores f(e) into every entry of a buffer, with f one of the
 * functions that have a pass over whole arrays ({@link
 * dev.tracegrad.processor.ir.EntrywiseFunction#arrayPass}) and e anything but the aligned read
 * that makes the loop one call of the pass already: written as the loop storing e, then the pass
 * applied in place, {@code ArrayFunctions.f(buf, buf, buf.length)}. Each entry gets f of the
 * same stored double as in the loop, so a plain JVM computes the same bits (one more sweep over
 * the buffer); with the Vector API the function runs in vectors. A hidden layer
 * {@code tanh(addColumn(mul(W, X), b))} is such a loop.
 *
 * <p>The buffer must have the loop's shape (so the store at (i, j), row-major, writes each entry
 * once, the whole buffer and nothing else) and e must not read it; a loop with any other output
 * is left alone, and so is one over a diagonal.
 *
 * @param loop the loop storing e in place of f(e)
 * @param target the buffer written
 * @param pass the runtime's pass of f
 */
record DeferredPass(Step.Loop loop, Buffer target, RuntimeCall pass) {
  static Optional<DeferredPass> of(Step.Loop loop) {
    if (loop.domain().diagonal()
        || loop.outputs().size() != 1
        || !(loop.outputs().get(0) instanceof LoopOutput.Store s)
        || s.target().type() != Buffer.Type.DOUBLE
        || !s.target().shape().equals(loop.domain().shape())
        || !(s.value() instanceof Expr.Call c)
        || c.a() instanceof Expr.Read r && loop.aligned(r)
        || readsTarget(c.a(), s.target())) {
      return Optional.empty();
    }
    return c.fn().arrayPass().map(pass -> new DeferredPass(
        new Step.Loop(loop.domain(), List.of(new LoopOutput.Store(s.target(), c.a(), s.comment()))),
        s.target(), pass));
  }

  private static boolean readsTarget(Expr e, Buffer target) {
    for (Expr.Read r : e.reads()) {
      if (r.buffer().equals(target)) {
        return true;
      }
    }
    return false;
  }
}
