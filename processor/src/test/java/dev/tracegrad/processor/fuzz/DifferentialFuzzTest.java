package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the whole processor: random well-shaped programs are compiled with it,
 * and each generated class must agree with its annotated method (value to 1e-10, gradients with
 * finite differences; see {@link Checker}) at up to three independent input points, compile
 * without a warning, and not throw. About 0.5% of the methods have 50+ parameters and long product
 * chains, about 12% invert matrices with condition numbers up to 10⁸ ({@link ProgramGenerator}).
 *
 * <p>By default 200 programs (seeds 1..200; a program is a class of one to three methods and
 * depends only on its seed and the generator's version). Any range, here seeds 5000..14999:
 * {@code mvn -B -o -pl processor test -Dtest=DifferentialFuzzTest -Dfuzz.count=10000 -Dfuzz.seed=5000}.
 * Long runs print their progress once a minute.
 * A failure is shrunk and printed as a regression file, also written to
 * {@code target/fuzz-failures/}; keep it under {@code src/test/resources/fuzz/regressions/}
 * ({@link RegressionReplayTest} replays those). Failures that match the {@code // fuzz-known}
 * pattern of a reproducer under {@code fuzz/open/} (a bug reported but not yet fixed) are counted
 * and listed, not failed on, so the run keeps looking for new ones.
 */
class DifferentialFuzzTest {

  @Test
  void generatedClassesAgreeWithTheirAnnotatedMethods() throws IOException {
    long seed = Long.getLong("fuzz.seed", 1);
    int count = Integer.getInteger("fuzz.count", 200);
    Path dir = Path.of("target", "fuzz-failures");
    Files.createDirectories(dir);
    FuzzRunner runner = new FuzzRunner(FuzzRunner.knownOpenBugs(Resources.texts("fuzz/open")), f -> {
      try {
        Files.writeString(dir.resolve("seed" + f.seed() + "-" + f.original().name() + ".java"), f.regression());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    long start = System.nanoTime();
    long[] lastReport = {start};
    runner.run(seed, count, () -> {
      // Long runs say how far they are, once a minute.
      if (System.nanoTime() - lastReport[0] > 60e9) {
        lastReport[0] = System.nanoTime();
        System.out.println(runner.summary(seed, runner.programs) + " (" + (lastReport[0] - start) / 1_000_000_000 + " s)");
      }
    });
    System.out.println(runner.summary(seed, count));
    for (String note : runner.unreliableNotes) {
      System.out.println("  unreliable: " + note);
    }
    for (String note : runner.knownNotes) {
      System.out.println("  known open: " + note);
    }
    if (runner.failures.isEmpty()) {
      return;
    }
    StringBuilder report = new StringBuilder(runner.summary(seed, count)).append('\n');
    for (FuzzRunner.Failure f : runner.failures) {
      report.append("\n---- seed ").append(f.seed()).append(" ").append(f.original().name())
          .append(": ").append(f.verdict()).append("\n").append(f.regression());
    }
    fail(report.toString());
  }
}
