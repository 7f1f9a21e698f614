package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.testing.compile.Compilation;
import dev.tracegrad.processor.testing.CompilationClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code -Atracegrad.debug=true} prints the IR after each stage as a NOTE on the method, and
 * nothing at warning or error level; the generated classes are the same as without it.
 */
class DebugOptionE2eTest {
  private static final List<String> STAGES =
      List.of("front end", "derive", "simplify", "prepare for lowering", "lower");

  private static Compilation debug;

  @BeforeAll
  static void compile() {
    debug = ProcessorRun.compile(List.of("-Atracegrad.debug=true"), ProcessorRun.source("Losses"))
        .compilation;
  }

  /** The NOTE messages on the method declared at this line, in the order javac reported them. */
  private static List<String> notesAt(long line) {
    List<String> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : debug.notes()) {
      if (d.getLineNumber() == line) {
        out.add(d.getMessage(Locale.ROOT));
      }
    }
    return out;
  }

  @Test
  void nothingAtWarningOrErrorLevel() {
    assertThat(debug).succeeded();
    assertThat(debug.errors()).isEmpty();
    assertThat(debug.warnings()).isEmpty();
    for (Diagnostic<? extends JavaFileObject> d : debug.diagnostics()) {
      assertThat(d.getKind()).isEqualTo(Diagnostic.Kind.NOTE);
    }
  }

  @Test
  void oneNotePerStageOnEachMethodInPipelineOrder() {
    // Losses.java declares crossEntropy at line 12 and twoLayer at line 18.
    for (long line : new long[] {12, 18}) {
      List<String> notes = notesAt(line);
      assertThat(notes).hasSize(STAGES.size());
      for (int i = 0; i < STAGES.size(); i++) {
        assertThat(notes.get(i)).startsWith("[TraceGradDebug] " + STAGES.get(i) + ":\n");
      }
    }
    assertThat(debug.notes()).hasSize(2 * STAGES.size());
  }

  @Test
  void notesShowTheIrOfEachStage() {
    List<String> notes = notesAt(18);
    // Front end: the user's program with its local names, nothing derived yet.
    assertThat(notes.get(0)).contains("MatMul[a=0, b=1] : W1.rows\u00d7x.cols  // a1");
    assertThat(notes.get(0)).doesNotContain("Deriv");
    // Derive: σ′ is still symbolic; prepareForLowering rewrites it to forward-reusing terms.
    assertThat(notes.get(1)).contains("EntrywiseDerivative[fn=SIGMOID");
    assertThat(notes.get(3)).doesNotContain("EntrywiseDerivative[");
    // Lower: the loop program, ending with the gradient outputs in wrt order.
    assertThat(notes.get(4)).contains("loop program for Losses#twoLayer");
    assertThat(notes.get(4)).contains("gradients: dW1 dW2");
  }

  @Test
  void debugOutputDoesNotChangeTheGeneratedClasses() {
    ProcessorRun plain = ProcessorRun.ofLosses("Losses");
    for (String name : List.of("LossesCrossEntropyGradient", "LossesTwoLayerGradient")) {
      byte[] withDebug = CompilationClassLoader.bytes(debug.generatedSourceFile("example." + name).orElseThrow());
      assertArrayEquals(plain.generatedSourceBytes(name), withDebug, name);
    }
  }
}
