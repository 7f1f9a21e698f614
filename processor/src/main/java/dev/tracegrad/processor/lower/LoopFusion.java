package dev.tracegrad.processor.lower;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lower stage: merges loops over the same index space into one, so that, for instance, a
 * reduction runs in the loop that produces its operand instead of re-reading it. A later loop
 * moves up into an earlier one when nothing it reads is produced by a step in between, and when
 * it reads the earlier loop's results only at the entry just stored (never a sum that is still
 * running, never a transposed or broadcast entry that may not exist yet). Moving a step up is
 * always safe for the steps it passes: they come earlier in topological order, so they cannot
 * read what it writes.
 */
final class LoopFusion {
  private LoopFusion() {}

  static List<Step> fuse(List<Step> steps) {
    List<Step> out = new ArrayList<>(steps);
    for (int host = 0; host < out.size(); host++) {
      if (!(out.get(host) instanceof Step.Loop)) {
        continue;
      }
      Set<Stored> between = new HashSet<>();
      for (int later = host + 1; later < out.size(); later++) {
        Step s = out.get(later);
        Step.Loop h = (Step.Loop) out.get(host);
        if (s instanceof Step.Loop l && l.domain().equals(h.domain()) && canFuse(h, l, between)) {
          out.set(host, h.fuse(l));
          out.remove(later);
          later--;
        } else {
          between.addAll(s.writes());
        }
      }
    }
    return out;
  }

  private static boolean canFuse(Step.Loop host, Step.Loop later, Set<Stored> between) {
    for (Stored x : later.reads()) {
      if (between.contains(x)) {
        return false;
      }
    }
    Set<Stored> produced = host.writes();
    for (LoopOutput o : later.outputs()) {
      for (Expr.Read r : o.value().reads()) {
        if (produced.contains(r.buffer()) && !(storedBy(host, r.buffer()) && host.aligned(r))) {
          return false;
        }
      }
      for (ScalarVar v : o.value().scalars()) {
        if (produced.contains(v)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean storedBy(Step.Loop loop, Buffer b) {
    for (LoopOutput o : loop.outputs()) {
      if (o instanceof LoopOutput.Store s && s.target().equals(b)) {
        return true;
      }
    }
    return false;
  }
}
