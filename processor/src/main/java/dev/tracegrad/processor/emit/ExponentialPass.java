package dev.tracegrad.processor.emit;

import dev.tracegrad.processor.lower.Buffer;
import dev.tracegrad.processor.lower.Expr;
import dev.tracegrad.processor.lower.LoopOutput;
import dev.tracegrad.processor.lower.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Emit stage: a flat loop that takes two functions sharing e^−|x| (sigmoid and softplus, see
 * {@link ExprWriter#shareExponentials}) split into two passes. The first stores the outputs the
 * operands x need and e^−|x| for each x; the second computes everything else, reading e^−|x|
 * back. Each exponential is then one of a run of independent calls that the processor overlaps,
 * instead of the head of a chain (exponential, logarithm, divisions) that each entry must finish
 * before the next one's starts: softplus and sigmoid over 100 entries take about 30% less time.
 *
 * <p>The exponentials are held in the array of a buffer that the second pass stores and that no
 * output of the loop reads, so the split needs no scratch of its own; it is made only when there
 * is such a buffer for every shared operand. Every value is computed as in the fused loop, and
 * every sum still adds its terms in ascending order, so the results keep their bits.
 *
 * @param first the stores of the first pass, in order: those that call no shared function and
 *     read nothing the second pass stores
 * @param holders for each shared operand, the buffer whose array holds its e^−|x| between the passes
 * @param second the other outputs, in order
 */
record ExponentialPass(List<LoopOutput> first, Map<Expr, Buffer> holders, List<LoopOutput> second) {

  /** The split of a flat loop, or empty when it shares no exponential or nothing can hold one. */
  static Optional<ExponentialPass> of(Step.Loop loop) {
    if (!loop.flat()) {
      return Optional.empty();
    }
    List<Expr> values = new ArrayList<>();
    for (LoopOutput o : loop.outputs()) {
      values.add(o.value());
    }
    Set<Expr> shared = ExprWriter.sharedOperands(values);
    if (shared.isEmpty()) {
      return Optional.empty();
    }
    List<LoopOutput> first = new ArrayList<>();
    List<LoopOutput> second = new ArrayList<>();
    Set<Buffer> storedLater = new HashSet<>();
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.Store s && !callsShared(s.value(), shared)
          && !reads(s.value(), storedLater)) {
        first.add(o);
      } else {
        second.add(o);
        if (o instanceof LoopOutput.Store s) {
          storedLater.add(s.target());
        }
      }
    }
    for (Expr x : shared) {
      if (reads(x, storedLater)) {
        return Optional.empty();
      }
    }
    Set<Buffer> read = new HashSet<>();
    for (Expr v : values) {
      for (Expr.Read r : v.reads()) {
        read.add(r.buffer());
      }
    }
    List<Buffer> free = new ArrayList<>();
    for (LoopOutput o : second) {
      if (o instanceof LoopOutput.Store s && !read.contains(s.target())
          && s.target().type() == Buffer.Type.DOUBLE && !free.contains(s.target())) {
        free.add(s.target());
      }
    }
    if (free.size() < shared.size()) {
      return Optional.empty();
    }
    Map<Expr, Buffer> holders = new LinkedHashMap<>();
    for (Expr x : shared) {
      holders.put(x, free.get(holders.size()));
    }
    return Optional.of(new ExponentialPass(first, holders, second));
  }

  private static boolean callsShared(Expr value, Set<Expr> shared) {
    boolean[] calls = {false};
    value.forEach(e -> {
      if (e instanceof Expr.Call c && c.fn().sharesExponential() && shared.contains(c.a())) {
        calls[0] = true;
      }
    });
    return calls[0];
  }

  private static boolean reads(Expr value, Set<Buffer> buffers) {
    for (Expr.Read r : value.reads()) {
      if (buffers.contains(r.buffer())) {
        return true;
      }
    }
    return false;
  }
}
