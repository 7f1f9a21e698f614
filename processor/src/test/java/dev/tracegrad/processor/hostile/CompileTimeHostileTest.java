package dev.tracegrad.processor.hostile;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.processor.e2e.LossCheck;
import dev.tracegrad.processor.e2e.ProcessorRun;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile sources at compile time, through the real processor and javac: {@code Fifty.java}
 * (fifty annotated methods, twenty-five of them invalid, each with a different forbidden
 * construct) and {@code More.java} (further constructs). Every invalid method gets exactly one
 * error, on the line its {@code // expect} comment marks; javac reports nothing else, throws
 * nothing; every valid method still generates its class. The valid methods, cut loose from the
 * invalid ones and compiled again, generate byte-identical sources that compile warning-free,
 * and each generated class matches its annotated method: value, and every gradient against
 * central differences; a few against hand-computed numbers. {@code HostileNames.java} names
 * parameters like the types and packages generated code refers to (Matrix, Lu, dev, ...), one
 * per method, and every one of them at once beside softplus and sigmoid; it compiles warning-free
 * and computes the same way.
 */
class CompileTimeHostileTest {
  /** Valid remainders compiled once per test JVM, by class name. */
  private static final Map<String, ProcessorRun> VALID = new ConcurrentHashMap<>();

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}.java")
  @CsvSource({"Fifty, 50, 25", "More, 14, 11"})
  void eachInvalidMethodGetsExactlyOneErrorAndEachValidOneItsClass(String name, int methods,
      int invalid) {
    UserSource source = UserSource.resource(name);
    assertThat(source.methods).hasSize(methods);
    assertThat(source.invalid()).hasSize(invalid);
    assertEachInvalidMethodMarksOneLine(source);

    DiskCompilation c = DiskCompilation.compile(dir, List.of(source.path));

    assertThat(c.success).isFalse();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics) {
      String message = d.getMessage(Locale.ROOT);
      assertWithMessage("%s", d).that(d.getKind()).isEqualTo(Diagnostic.Kind.ERROR);
      assertWithMessage("%s", d).that(message).startsWith("[TraceGrad");
      assertWithMessage("%s", d).that(message.toLowerCase(Locale.ROOT)).doesNotContain("internal");
      assertWithMessage("%s", d).that(d.getSource().getName()).endsWith(name + ".java");
      errors.add(d.getLineNumber() + " " + message.substring(0, message.indexOf(']') + 1));
    }
    List<String> expected = source.expected.stream().map(Object::toString).toList();
    assertThat(errors).containsExactlyElementsIn(expected).inOrder();

    List<String> generated = source.valid().stream()
        .map(m -> "example/" + m.generatedName() + ".java").toList();
    assertThat(c.generatedSources.keySet()).containsExactlyElementsIn(generated);

    ProcessorRun valid = validRemainder(source);
    for (UserSource.Method m : source.valid()) {
      String again = new String(valid.generatedSourceBytes(m.generatedName()), StandardCharsets.UTF_8);
      assertWithMessage("%s generated alone", m.name())
          .that(again).isEqualTo(c.generatedSources.get("example/" + m.generatedName() + ".java"));
    }
  }

  /** Each marked line lies in exactly one invalid method, and each invalid method has one. */
  private static void assertEachInvalidMethodMarksOneLine(UserSource source) {
    for (UserSource.Method m : source.methods) {
      long marks = source.expected.stream()
          .filter(e -> e.line() >= m.startLine() && e.line() <= m.endLine()).count();
      assertWithMessage("expected errors in %s", m.name()).that(marks).isEqualTo(m.isValid() ? 0 : 1);
    }
    assertThat(source.expected).hasSize(source.invalid().size());
  }

  /** The source without its invalid methods, compiled with the processor: warning-free. */
  private static ProcessorRun validRemainder(UserSource source) {
    return VALID.computeIfAbsent(source.className, n -> {
      String text = source.without(m -> !m.isValid());
      ProcessorRun run = ProcessorRun.compile(List.of(),
          JavaFileObjects.forSourceString("example." + n, text));
      assertThat(run.compilation).succeededWithoutWarnings();
      assertThat(run.compilation.notes()).isEmpty();
      return run;
    });
  }

  @ParameterizedTest(name = "{0}.java")
  @CsvSource({"Fifty", "More", "HostileNames"})
  void everyValidMethodsClassMatchesItsMethodAndFiniteDifferences(String name) {
    UserSource source = UserSource.resource(name);
    ProcessorRun run = validRemainder(source);
    Random rnd = new Random(6);
    for (UserSource.Method m : source.valid()) {
      LossCheck loss = LossCheck.of(run, name, m.name(), m.generatedName());
      Object[] args = arguments(m, rnd);
      double reference = loss.reference(args);
      assertThat(Double.isFinite(reference)).isTrue();
      LossCheck.assertClose(reference, loss.value(args), 1e-12, m.name() + " value");
      Object result = loss.gradient(args);
      LossCheck.assertClose(reference, (double) LossCheck.component(result, "value"), 1e-12,
          m.name() + " Result.value");
      List<String> components = new ArrayList<>();
      for (var rc : result.getClass().getRecordComponents()) {
        components.add(rc.getName());
      }
      List<String> wanted = new ArrayList<>(List.of("value"));
      m.wrt().forEach(w -> wanted.add("d" + w));
      assertEquals(wanted, components, m.name() + " Result components");
      for (String w : m.wrt()) {
        int index = indexOf(m, w);
        Object got = LossCheck.component(result, "d" + w);
        String what = m.name() + " d" + w;
        if (args[index] instanceof Matrix x) {
          Matrix fd = Numeric.finiteDifferences(v -> loss.reference(args), x);
          Numeric.assertClose(fd, assertInstanceOf(Matrix.class, got, what), 1e-6, what);
        } else {
          double s = (Double) args[index];
          double fd = Numeric.finiteDifference(v -> {
            args[index] = v;
            double f = loss.reference(args);
            args[index] = s;
            return f;
          }, s);
          Numeric.assertClose(fd, assertInstanceOf(Double.class, got, what), 1e-6, what);
        }
      }
    }
  }

  /**
   * {@code dev} beside softplus: the shared exponential's {@code Fn.expNegAbs} must be written
   * through its static import, since a parameter {@code dev} obscures the package in
   * {@code dev.tracegrad.kernel.Fn.expNegAbs(...)} ("cannot find symbol: variable tracegrad").
   */
  @Test
  void packageRootDevBesideSoftplus() {
    everyValidMethodsClassMatchesItsMethodAndFiniteDifferences("HostileRoots");
  }

  private static int indexOf(UserSource.Method m, String param) {
    return m.params().indexOf(m.param(param));
  }

  /**
   * Arguments by the sources' convention: a Matrix named by one lower-case letter is a positive
   * 3×1 column; any other is 3×3, positive and diagonally dominant (invertible, positive
   * determinant, in the domain of log and sqrt, away from the kinks of abs and relu); a double
   * is 0.7.
   */
  private static Object[] arguments(UserSource.Method m, Random rnd) {
    Object[] args = new Object[m.params().size()];
    for (int i = 0; i < args.length; i++) {
      UserSource.Param p = m.params().get(i);
      if (!p.isMatrix()) {
        args[i] = 0.7;
      } else if (p.name().length() > 1 || Character.isUpperCase(p.name().charAt(0))) {
        Matrix a = uniform(3, 3, rnd);
        for (int k = 0; k < 3; k++) {
          a.set(k, k, a.get(k, k) + 3);
        }
        args[i] = a;
      } else {
        args[i] = uniform(3, 1, rnd);
      }
    }
    return args;
  }

  private static Matrix uniform(int rows, int cols, Random rnd) {
    Matrix m = Matrix.zeros(rows, cols);
    for (int k = 0; k < m.data().length; k++) {
      m.data()[k] = 0.2 + 0.8 * rnd.nextDouble();
    }
    return m;
  }

  private static LossCheck fifty(String method) {
    return LossCheck.of(validRemainder(UserSource.resource("Fifty")), "Fifty", method);
  }

  @Test
  void determinantByHand() {
    // det [[2, 1], [1, 3]] = 5; its gradient is the cofactor matrix [[3, -1], [-1, 2]].
    Object r = fifty("ok03").gradient(Matrix.of(2, 2, 2, 1, 1, 3));
    assertEquals(5, (double) LossCheck.component(r, "value"), 1e-14);
    assertThat(((Matrix) LossCheck.component(r, "dA")).data()).usingTolerance(1e-14)
        .containsExactly(3, -1, -1, 2).inOrder();
  }

  @Test
  void quadraticFormByHand() {
    // x = (1, 2), A = [[1, 2], [3, 4]]: xᵀAx = 1 + 4 + 6 + 16 = 27; d/dx = (A + Aᵀ)x = (12, 21);
    // d/dA = x xᵀ.
    Object r = fifty("ok06").gradient(Matrix.column(1, 2), Matrix.of(2, 2, 1, 2, 3, 4));
    assertEquals(27, (double) LossCheck.component(r, "value"), 0);
    assertThat(((Matrix) LossCheck.component(r, "dx")).data()).usingExactEquality()
        .containsExactly(12, 21).inOrder();
    assertThat(((Matrix) LossCheck.component(r, "dA")).data()).usingExactEquality()
        .containsExactly(1, 2, 2, 4).inOrder();
  }

  @Test
  void scaledSquaresWithADoubleByHand() {
    // s‖A‖² + eˢ at s = 0.5, ‖A‖² = 30: d/ds = 30 + e^0.5 (first in wrt order), d/dA = 2sA = A.
    Matrix a = Matrix.of(2, 2, 1, 2, 3, 4);
    Object r = fifty("ok09").gradient(a, 0.5);
    assertEquals(15 + Math.exp(0.5), (double) LossCheck.component(r, "value"), 1e-14);
    assertEquals(30 + Math.exp(0.5), (double) LossCheck.component(r, "ds"), 1e-13);
    assertThat(((Matrix) LossCheck.component(r, "dA")).data()).usingTolerance(1e-15)
        .containsExactly(1, 2, 3, 4).inOrder();
  }

  @Test
  void intArithmeticByHand() {
    // 2·tr(A)/3 + 1 − 7/2 with Java's int division 7/2 = 3: tr = 6 gives 4 + 1 − 3 = 2; d/dA = (2/3)I.
    Object r = fifty("ok25").gradient(Matrix.of(2, 2, 1, 2, 3, 5));
    assertEquals(2, (double) LossCheck.component(r, "value"), 1e-15);
    assertThat(((Matrix) LossCheck.component(r, "dA")).data()).usingTolerance(1e-15)
        .containsExactly(2.0 / 3, 0, 0, 2.0 / 3).inOrder();
  }

  @Test
  void theValidRemainderIsWhatTheTestThinks() {
    // Guards the cutting: only the invalid methods went, and the helpers stayed.
    String text = UserSource.resource("Fifty").without(m -> !m.isValid());
    List<String> names = UserSource.resource("Fifty").valid().stream()
        .map(UserSource.Method::name).collect(Collectors.toList());
    assertThat(names).hasSize(25);
    for (String n : names) {
      assertThat(text).contains("static double " + n + "(");
    }
    assertThat(text).doesNotContain(" bad");
    assertThat(text).contains("static Matrix helper(Matrix A)");
    assertThat(text).doesNotContain("// expect");
  }
}
