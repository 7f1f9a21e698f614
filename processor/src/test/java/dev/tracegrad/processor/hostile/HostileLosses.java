package dev.tracegrad.processor.hostile;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.processor.e2e.LossCheck;
import dev.tracegrad.processor.e2e.ProcessorRun;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The losses of {@code hostile/example/Hostile.java}, compiled once per test JVM with the real
 * processor (warning-free), and a fresh {@link LossCheck} (own instance, own buffers) per call.
 */
final class HostileLosses {
  private static ProcessorRun run;

  private HostileLosses() {}

  static synchronized ProcessorRun run() {
    if (run == null) {
      ProcessorRun r = ProcessorRun.compile(List.of(),
          JavaFileObjects.forResource("hostile/example/Hostile.java"));
      assertThat(r.compilation).succeededWithoutWarnings();
      assertThat(r.compilation.notes()).isEmpty();
      run = r;
    }
    return run;
  }

  /** Hostile.method and its generated class, with a new instance of that class. */
  static LossCheck loss(String method) {
    return LossCheck.of(run(), "Hostile", method);
  }

  /** The generated source of Hostile.method. */
  static String source(String method) {
    String name = "Hostile" + Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
    return new String(run().generatedSourceBytes(name), StandardCharsets.US_ASCII);
  }
}
