package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential fuzzer's programs again, every method with {@code hvp = true} (where its
 * buffer-taking hvp fits the JVM's parameter slots): each generated class must still agree with
 * its annotated method ({@link Checker}: value, gradients, buffer overload), and its
 * Hessian-vector products must agree with central differences of its own gradient
 * ({@link HvpChecker}). The programs of {@link DifferentialFuzzTest}'s seeds: by default the
 * first 60 (an hvp class takes about twice as long to compile and check), any range with
 * {@code -Dfuzz.hvpCount=N -Dfuzz.seed=S} (seeds 1..200 pass). A failure prints the program (not
 * shrunk).
 */
class DifferentialHvpFuzzTest {

  @Test
  void hessianVectorProductsAgreeWithTheGeneratedGradients() {
    long first = Long.getLong("fuzz.seed", 1);
    int count = Integer.getInteger("fuzz.hvpCount", 60);
    int methods = 0;
    int checkedPoints = 0;
    int illPoints = 0;
    int unreliable = 0;
    int tooWide = 0;
    List<String> failures = new ArrayList<>();
    for (long s = first; s < first + count; s += FuzzRunner.BATCH) {
      List<FuzzClass> batch = new ArrayList<>();
      List<Long> seeds = new ArrayList<>();
      for (long t = s; t < Math.min(s + FuzzRunner.BATCH, first + count); t++) {
        batch.add(FuzzRunner.program(t));
        seeds.add(t);
      }
      FuzzCompiler.Result together = FuzzCompiler.compile(batch, true);
      for (int i = 0; i < batch.size(); i++) {
        FuzzClass c = batch.get(i);
        FuzzCompiler.Result compiled = together.ok() ? together : FuzzCompiler.compile(List.of(c), true);
        if (!compiled.ok()) {
          failures.add("seed " + seeds.get(i) + ": " + compiled.problems() + "\n" + c.render(true));
          continue;
        }
        for (FuzzMethod m : c.methods()) {
          methods++;
          if (m.hvpSlots() > 255) {
            tooWide++;
            continue;
          }
          List<Verdict> verdicts = new ArrayList<>();
          verdicts.add(Checker.check(compiled, c.className(), m));
          HvpChecker h = HvpChecker.check(compiled, c.className(), m, verdicts);
          illPoints += h == null ? 0 : h.illPoints;
          for (Verdict v : verdicts) {
            if (v.kind() == Verdict.Kind.UNRELIABLE) {
              unreliable++;
            } else if (v.failure()) {
              failures.add("seed " + seeds.get(i) + " " + m.name() + ": " + v + "\n" + c.render(true));
              break;
            } else {
              checkedPoints++;
            }
          }
        }
      }
    }
    String summary = String.format("fuzz hvp: seeds %d..%d: %d methods, %d checks passed (the gradient checks"
            + " and one H·v check per input point), %d points with ill-conditioned inputs not checked for H·v,"
            + " %d unreliable, %d methods past the parameter slots, %d failures",
        first, first + count - 1, methods, checkedPoints, illPoints, unreliable, tooWide, failures.size());
    System.out.println(summary);
    if (!failures.isEmpty()) {
      fail(summary + "\n\n" + String.join("\n\n", failures));
    }
  }
}
