package dev.tracegrad.processor.lower;

import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.ProgramBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Small helpers for lowering hand-built graphs and finding steps in the result. */
final class Programs {
  private Programs() {}

  static LoopProgram lower(Losses.Case c) {
    return Lowerer.lower(c.program(), c.derivation());
  }

  /**
   * Lowers f = sum(expr) wrt the first parameter, with {@code fill(1)} of its shape as a stand-in
   * gradient: enough to look at how the forward expression is lowered.
   */
  static LoopProgram lowerSumOf(ProgramBuilder b, int expr) {
    int f = b.add(new Node.Sum(expr));
    int grad = b.add(new Node.Fill(b.constant(1), b.shape(0)));
    Program p = b.program("T#f", "TFGradient", f);
    return Lowerer.lower(p, ProgramBuilder.derivation(p, grad));
  }

  /** The steps of one kind in a pass. */
  static <T extends Step> List<T> steps(List<Step> pass, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Step s : pass) {
      if (type.isInstance(s)) {
        out.add(type.cast(s));
      }
    }
    return out;
  }

  static <T extends Step> T only(List<Step> pass, Class<T> type) {
    List<T> all = steps(pass, type);
    if (all.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + " in " + pass);
    }
    return all.get(0);
  }

  static List<String> names(List<Buffer> buffers) {
    return buffers.stream().map(Buffer::name).toList();
  }

  static <T> List<String> map(List<T> xs, Function<T, String> f) {
    return xs.stream().map(f).toList();
  }
}
