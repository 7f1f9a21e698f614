package dev.tracegrad.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every shrunk fuzzer failure kept under {@code src/test/resources/fuzz/regressions/}:
 * each must now compile cleanly and pass {@link Checker}. Reproducers of bugs that are still open
 * live in {@code fuzz/open/} and are replayed only on request:
 * {@code -Dtest=RegressionReplayTest -Dfuzz.regressions=fuzz/open} (they fail until fixed; then
 * move them to {@code regressions/}).
 */
class RegressionReplayTest {

  @TestFactory
  Stream<DynamicTest> everyKeptRegressionPasses() {
    String folder = System.getProperty("fuzz.regressions", "fuzz/regressions");
    List<Path> files = Resources.files(folder);
    assertFalse(files.isEmpty(), "no regression files in " + folder);
    return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
      String text = Files.readString(f);
      assertEquals(Verdict.PASS, FuzzRunner.replay(text), text);
    }));
  }
}
