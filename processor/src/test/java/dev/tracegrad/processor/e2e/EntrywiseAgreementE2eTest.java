package dev.tracegrad.processor.e2e;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import dev.tracegrad.processor.ir.EntrywiseFunction;
import dev.tracegrad.processor.ir.Numbers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For every entrywise function of the DSL, compiled through the processor as l = sum(f(A)): the
 * derivative the generated code computes, the one its derivation prints and a central difference
 * of the runtime function agree. The printed closed forms are the textbook derivatives, written
 * here by hand.
 */
class EntrywiseAgreementE2eTest {
  private static final Map<EntrywiseFunction, String> TEXTBOOK = Map.ofEntries(
      Map.entry(EntrywiseFunction.EXP, "∂l/∂A = exp(A)"),
      Map.entry(EntrywiseFunction.LOG, "∂l/∂A = 𝟏𝟏ᵀ / A"),
      Map.entry(EntrywiseFunction.SIGMOID, "∂l/∂A = σ(A) ⊙ (1 − σ(A))"),
      Map.entry(EntrywiseFunction.TANH, "∂l/∂A = 1 − tanh(A)²"),
      Map.entry(EntrywiseFunction.RELU, "∂l/∂A = step(A)"),
      Map.entry(EntrywiseFunction.SOFTPLUS, "∂l/∂A = σ(A)"),
      Map.entry(EntrywiseFunction.SQUARE, "∂l/∂A = 2A"),
      Map.entry(EntrywiseFunction.SQRT, "∂l/∂A = 0.5 / sqrt(A)"),
      Map.entry(EntrywiseFunction.ABS, "∂l/∂A = sign(A)"),
      Map.entry(EntrywiseFunction.SIN, "∂l/∂A = cos(A)"),
      Map.entry(EntrywiseFunction.COS, "∂l/∂A = −sin(A)"),
      Map.entry(EntrywiseFunction.LOG1P, "∂l/∂A = 1 / (1 + A)"),
      Map.entry(EntrywiseFunction.EXPM1, "∂l/∂A = exp(A)"),
      Map.entry(EntrywiseFunction.NORM_CDF, "∂l/∂A = φ(A)"),
      Map.entry(EntrywiseFunction.LOG_NORM_CDF, "∂l/∂A = φ/Φ(A)"),
      Map.entry(EntrywiseFunction.LOG_GAMMA, "∂l/∂A = ψ(A)"));

  private static final ProcessorRun RUN = compile();

  private static ProcessorRun compile() {
    String methods = Arrays.stream(EntrywiseFunction.values()).filter(EntrywiseFunction::inDsl)
        .map(f -> "  @Differentiable static double " + f.opsName() + "Sum(Matrix A) { return sum("
            + f.opsName() + "(A)); }\n")
        .collect(Collectors.joining());
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Entrywise",
        "package example;\n\nimport static dev.tracegrad.Ops.*;\n\nimport dev.tracegrad.Differentiable;\n"
            + "import dev.tracegrad.Matrix;\n\nclass Entrywise {\n" + methods + "}\n"));
    assertThat(run.compilation).succeededWithoutWarnings();
    return run;
  }

  @ParameterizedTest
  @EnumSource(EntrywiseFunction.class)
  void generatedPrintedAndRuntimeDerivativesAgree(EntrywiseFunction f) throws Exception {
    if (!f.inDsl()) {
      return; // step and sign: derivatives only, covered by EntrywiseFunctionTest
    }
    String name = "Entrywise" + Character.toUpperCase(f.opsName().charAt(0)) + f.opsName().substring(1) + "SumGradient";
    Class<?> c = RUN.load(name);
    Matrix a = Matrix.of(2, 3, 0.3, -1.2, 2.5, -0.7, 1.9, 0.05);
    if (f == EntrywiseFunction.LOG || f == EntrywiseFunction.SQRT || f == EntrywiseFunction.LOG1P
        || f == EntrywiseFunction.LOG_GAMMA) {
      a = Matrix.of(2, 3, 0.3, 1.2, 2.5, 0.7, 1.9, 0.05);
    }
    Object gen = c.getConstructor().newInstance();
    Object result = c.getMethod("gradient", Matrix.class).invoke(gen, a);
    Matrix dA = (Matrix) result.getClass().getMethod("dA").invoke(result);
    for (int i = 0; i < a.data().length; i++) {
      double x = a.data()[i];
      double h = 1e-6 * Math.max(1, Math.abs(x));
      double numeric = (Numbers.value(f, x + h) - Numbers.value(f, x - h)) / (2 * h);
      assertEquals(numeric, dA.data()[i], 1e-7 * Math.max(1, Math.abs(numeric)), f + "′ at " + x);
      assertEquals(Numbers.derivative(f, x), dA.data()[i], 1e-14 * Math.max(1, Math.abs(numeric)),
          "generated code computes the table's derivative expression");
    }
    String derivation = (String) c.getField("DERIVATION").get(null);
    assertTrue(derivation.lines().anyMatch(TEXTBOOK.get(f)::equals), derivation);
  }
}
