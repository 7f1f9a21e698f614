package dev.tracegrad.processor.e2e;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.JavaFileObjects;
import dev.tracegrad.Matrix;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A derivation longer than a class-file string constant (65535 bytes) still compiles: the
 * DERIVATION constant is then joined from pieces, and the class comment is cut short.
 */
class LongDerivationE2eTest {
  private static final int TERMS = 60;

  @Test
  void sixtyTermSumOfSquaresCompilesAndKeepsTheWholeDerivation() throws Exception {
    StringBuilder params = new StringBuilder("Matrix A0");
    StringBuilder sum = new StringBuilder("A0");
    for (int i = 1; i < TERMS; i++) {
      params.append(", Matrix A").append(i);
      sum.insert(0, "add(").append(", A").append(i).append(')');
    }
    String source = "package example;\nimport dev.tracegrad.*;\nimport static dev.tracegrad.Ops.*;\n"
        + "class Many {\n  @Differentiable(wrt = {\"A0\", \"A59\"})\n  static double many(" + params
        + ") { return sumsq(" + sum + "); }\n}\n";
    ProcessorRun run = ProcessorRun.compile(List.of(), JavaFileObjects.forSourceString("example.Many", source));
    assertThat(run.compilation).succeededWithoutWarnings();

    Class<?> generated = run.load("ManyManyGradient");
    String derivation = (String) generated.getField("DERIVATION").get(null);
    assertThat(derivation.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(65_535);
    assertThat(derivation).contains("∂l/∂A0 = ");
    assertThat(derivation).contains("∂l/∂A59 = ");
    String text = new String(run.generatedSourceBytes("ManyManyGradient"), StandardCharsets.US_ASCII);
    assertThat(text).contains("more lines: see DERIVATION");

    // ∂/∂A_k ‖Σ A_i‖² = 2 Σ A_i for every k.
    Matrix[] args = new Matrix[TERMS];
    Matrix total = Matrix.zeros(2, 1);
    for (int i = 0; i < TERMS; i++) {
      args[i] = Matrix.column(i, 1.0 / (i + 1));
      total = dev.tracegrad.Ops.add(total, args[i]);
    }
    Object instance = generated.getConstructor().newInstance();
    Class<?>[] types = new Class<?>[TERMS];
    java.util.Arrays.fill(types, Matrix.class);
    Method gradient = generated.getMethod("gradient", types);
    Object result = gradient.invoke(instance, (Object[]) args);
    Method dA0 = result.getClass().getMethod("dA0");
    Method dA59 = result.getClass().getMethod("dA59");
    Matrix expected = dev.tracegrad.Ops.scale(2, total);
    assertEquals(expected, dA0.invoke(result));
    assertEquals(expected, dA59.invoke(result));
  }
}
