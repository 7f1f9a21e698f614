package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The DSL's shape queries in integral arithmetic give sizes ({@code eye(2 * rows(A))},
 * {@code ones(rows(A) + 1, 3)}) exactly as {@code A.rows()} does: the same generated public
 * methods, the same gradient bits, and a gradient that matches central differences.
 */
class ShapeQuerySizesE2eTest {
  private static final String BODY = """
        Matrix M = add(mul(t(B), B), scale(s, eye(2 * %1$s)));
        return sumsq(mul(B, M)) + sum(mul(mul(t(A), A), ones(%1$s + 1, 3)));
      """;
  private static final ProcessorRun RUN = compile();

  private static ProcessorRun compile() {
    return ProcessorRun.compileClass("Sizes", """
          @Differentiable(wrt = {"A", "s"})
          static double dsl(Matrix A, double s, Matrix B) {
        %s  }

          @Differentiable(wrt = {"A", "s"})
          static double java(Matrix A, double s, Matrix B) {
        %s  }

          /** A size that only the message of a failed check shows: cols(A) - 1. */
          @Differentiable
          static double message(Matrix A) {
            return sum(mul(mul(t(A), A), ones(rows(A) + 1, cols(A) - 1)));
          }
        """.formatted(BODY.formatted("rows(A)"), BODY.formatted("A.rows()")));
  }

  /** The generated public method that starts with this signature, up to its closing brace. */
  private static String method(String source, String signature) {
    int start = source.indexOf(signature);
    return source.substring(start, source.indexOf("\n  }\n", start));
  }

  @Test
  void bothFormsComputeTheSameSizes() {
    String dsl = new String(RUN.generatedSourceBytes("SizesDslGradient"), StandardCharsets.UTF_8);
    String java = new String(RUN.generatedSourceBytes("SizesJavaGradient"), StandardCharsets.UTF_8);
    // the public methods, prologue and checks included, are the same code; the passes differ
    // only in the order of independent statements (the shape queries add graph nodes)
    for (String signature : List.of("public double value(", "public double gradient(")) {
      assertEquals(method(java, signature), method(dsl, signature));
    }
    assertEquals(true, dsl.contains("double ARows = 2 * A.rows();"), dsl);
    assertEquals(true, dsl.contains("double ARows1 = A.rows() + 1;"), dsl);
  }

  @Test
  void gradientMatchesCentralDifferences() {
    Random rnd = new Random(31);
    // A is 3×4: M is 6×6 (B 5×6), AᵀA is 4×4 and ones(3 + 1, 3) is 4×3
    Matrix a = Numeric.random(3, 4, rnd);
    Matrix b = Numeric.random(5, 6, rnd);
    double s = 0.4;
    LossCheck java = LossCheck.of(RUN, "Sizes", "java");
    Object expected = java.gradient(a, s, b);
    Object actual = LossCheck.of(RUN, "Sizes", "dsl").gradient(a, s, b);
    assertArrayEquals(((Matrix) LossCheck.component(expected, "dA")).data(),
        ((Matrix) LossCheck.component(actual, "dA")).data(), 0.0);
    LossCheck.of(RUN, "Sizes", "dsl").verify(args("A", a, "s", s, "B", b),
        grad("A", () -> LossCheck.component(expected, "dA")),
        grad("s", () -> LossCheck.component(expected, "ds")));
  }

  @Test
  void aShapeErrorShowsEverySize() {
    LossCheck message = LossCheck.of(RUN, "Sizes", "message");
    // A 3×4: AᵀA is 4×4 and ones(3 + 1, 4 - 1) is 4×3; the sum is 3·Σ(AᵀA)
    Matrix a = Numeric.random(3, 4, new Random(2));
    assertEquals(message.reference(a), message.value(a), 1e-12);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> message.value(Numeric.random(3, 3, new Random(2))));
    assertEquals("mul(mul(t(A), A), ones(rows(A) + 1, cols(A) - 1)): mul(t(A), A) is 3×3 but"
        + " ones(rows(A) + 1, cols(A) - 1) is 4×2 (columns of mul(t(A), A) must equal rows of"
        + " ones(rows(A) + 1, cols(A) - 1))", e.getMessage());
  }
}
