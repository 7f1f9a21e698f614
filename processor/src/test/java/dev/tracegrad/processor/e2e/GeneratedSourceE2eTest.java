package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.tracegrad.processor.testing.CompilationClassLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated sources of the seed's two examples as text: exactly the golden files (set
 * {@code TRACEGRAD_UPDATE_GOLDEN=1} to rewrite them on purpose after reviewing a change), pure
 * ASCII, byte for byte the same on every compilation, and carrying the derivation of
 * TRACE-METHOD.md down to its closed forms.
 */
class GeneratedSourceE2eTest {
  private static final Path GOLDEN = goldenDirectory();
  private static final boolean UPDATE = "1".equals(System.getenv("TRACEGRAD_UPDATE_GOLDEN"));
  private static final ProcessorRun RUN = ProcessorRun.ofLosses("Losses");

  /** src/test/resources/e2e/golden of this module, whichever directory the tests run from. */
  private static Path goldenDirectory() {
    String basedir = System.getProperty("basedir");
    Path module = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(module.resolve("src/test/resources/e2e"))) {
      module = module.resolve("processor");
    }
    return module.resolve("src/test/resources/e2e/golden");
  }

  @ParameterizedTest
  @ValueSource(strings = {"LossesCrossEntropyGradient", "LossesTwoLayerGradient"})
  void generatedSourceIsTheGoldenFile(String name) throws IOException {
    assertGolden(RUN, name);
  }

  /** A loss with data (an int parameter, a data helper, X.cols()) and inlined helpers. */
  @Test
  void dataAndHelpersGoldenFile() throws IOException {
    assertGolden(ProcessorRun.ofLosses("Helpers"), "HelpersMlpGradient");
  }

  /** A class with Hessian-vector products: hvp methods, the Hvp record, HVP_DERIVATION, the tangent pass. */
  @Test
  void generatedHvpSourceIsTheGoldenFile() throws IOException {
    String name = "SecondOrderLogisticGradient";
    ProcessorRun run = ProcessorRun.ofLosses("SecondOrder");
    byte[] bytes = run.generatedSourceBytes(name);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] < 0) {
        fail("byte " + i + " of " + name + " is not ASCII: " + (bytes[i] & 0xff));
      }
    }
    assertGolden(run, name);
  }

  /** The generated class {@code example.<name>} is its golden file, byte for byte (or rewrites it). */
  private static void assertGolden(ProcessorRun run, String name) throws IOException {
    Path golden = GOLDEN.resolve(name + ".java.golden");
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.write(golden, run.generatedSourceBytes(name));
    }
    if (!Files.exists(golden)) {
      fail(golden + " is missing; run the tests once with TRACEGRAD_UPDATE_GOLDEN=1 and review it");
    }
    assertThat(run.compilation).generatedSourceFile("example." + name)
        .contentsAsUtf8String().isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"LossesCrossEntropyGradient", "LossesTwoLayerGradient"})
  void generatedSourceIsPureAscii(String name) {
    byte[] bytes = RUN.generatedSourceBytes(name);
    assertTrue(bytes.length > 1000, "a whole class");
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] < 0) {
        fail("byte " + i + " of " + name + " is not ASCII: " + (bytes[i] & 0xff));
      }
    }
  }

  @Test
  void compilingTwiceGivesIdenticalBytes() {
    Compilation again = ProcessorRun.compile(List.of(), ProcessorRun.source("Losses")).compilation;
    assertThat(again).succeededWithoutWarnings();
    for (String name : List.of("LossesCrossEntropyGradient", "LossesTwoLayerGradient")) {
      byte[] second = CompilationClassLoader.bytes(again.generatedSourceFile("example." + name).orElseThrow());
      assertArrayEquals(RUN.generatedSourceBytes(name), second, name + ".java differs");
    }
    Map<String, byte[]> first = classFiles(RUN.compilation);
    Map<String, byte[]> second = classFiles(again);
    assertThat(second.keySet()).containsExactlyElementsIn(first.keySet());
    assertThat(first.keySet()).containsAtLeast("example.LossesCrossEntropyGradient",
        "example.LossesTwoLayerGradient$Result");
    first.forEach((name, bytes) -> assertArrayEquals(bytes, second.get(name), name + ".class differs"));
  }

  private static Map<String, byte[]> classFiles(Compilation c) {
    Map<String, byte[]> out = new TreeMap<>();
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS) {
        out.put(CompilationClassLoader.binaryName(f), CompilationClassLoader.bytes(f));
      }
    }
    return out;
  }

  private static String derivation(String name) throws ReflectiveOperationException {
    return (String) RUN.load(name).getField("DERIVATION").get(null);
  }

  @Test
  void crossEntropyDerivationEndsAtTheGeneralClosedForm() throws Exception {
    String text = derivation("LossesCrossEntropyGradient");
    assertThat(text).endsWith("\n\n\u2202l/\u2202a = softmax(a)(\ud835\udfcf\u1d40y) \u2212 y\n");
    assertThat(text).doesNotContain("softmax(a) \u2212 y");
    assertStepsCiteRules(text);
  }

  @Test
  void twoLayerDerivationEndsAtTheClosedFormsOfTraceMethodMd() throws Exception {
    String text = derivation("LossesTwoLayerGradient");
    // In wrt order W1, W2, in the user's names.
    assertThat(text).endsWith("\n\n"
        + "\u2202l/\u2202W1 = ((W2\u1d40(softmax(a2)(\ud835\udfcf\u1d40y) \u2212 y)) \u2299 \u03c3(a1)"
        + " \u2299 (1 \u2212 \u03c3(a1))) x\u1d40\n"
        + "\u2202l/\u2202W2 = (softmax(a2)(\ud835\udfcf\u1d40y) \u2212 y) h1\u1d40\n");
    assertStepsCiteRules(text);
    // The composition rule visits a2, h1, a1 and reads off each adjoint on its own line.
    for (String readOff : List.of("\u21d2 \u2202l/\u2202a2 = ", "\u2202l/\u2202h1 = W2\u1d40 \u2202l/\u2202a2",
        "\u21d2 \u2202l/\u2202a1 = ", "\u21d2 \u2202l/\u2202W1 = \u2202l/\u2202a1 x\u1d40")) {
      assertThat(text).contains(readOff);
    }
  }

  @Test
  void javadocCarriesTheAsciiDerivation() {
    String source = new String(RUN.generatedSourceBytes("LossesTwoLayerGradient"), StandardCharsets.US_ASCII);
    assertThat(source).contains(" * dl/dW1 = ((W2^T(softmax(a2)(1^T y) - y)) .* sigma(a1) .* (1 - sigma(a1))) x^T\n"
        + " * dl/dW2 = (softmax(a2)(1^T y) - y) h1^T\n * </pre>");
  }

  private static final Pattern CITATION = Pattern.compile(".*\\[\\d+(, \\d+)*]$");

  /** Between the preamble and the closed forms, every line is a step citing its rules or a read-off (⇒). */
  private static void assertStepsCiteRules(String text) {
    List<String> lines = Arrays.asList(text.split("\n", -1));
    int first = lines.indexOf("");
    int last = lines.subList(0, lines.size() - 1).lastIndexOf("");
    assertTrue(first > 0 && last > first, "preamble, steps and closed forms are separated by blank lines");
    int steps = 0;
    for (String line : lines.subList(first + 1, last)) {
      if (line.isEmpty() || line.contains("\u21d2")) {
        continue;
      }
      assertThat(line).matches(CITATION);
      steps++;
    }
    assertThat(steps).isAtLeast(3);
  }
}
