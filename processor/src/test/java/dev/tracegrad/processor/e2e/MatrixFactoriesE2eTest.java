package dev.tracegrad.processor.e2e;

import static dev.tracegrad.processor.e2e.Args.args;
import static dev.tracegrad.processor.e2e.LossCheck.grad;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code Matrix.identity(n)} and {@code Matrix.zeros(r, c)} in a loss body are the DSL's
 * {@code eye(n)} and {@code zeros(r, c)} (LANGUAGE.md §7): the same generated code, gradient and
 * derivation as the loss written with {@code eye}/{@code zeros}, and no allocation per call.
 */
class MatrixFactoriesE2eTest {
  private static final String BODY = """
        int n = K.rows();
        Matrix A = add(K, scale(s, %s));
        return sumsq(sub(mul(A, y), y)) + sum(mul(A, %s));
      """;
  private static final ProcessorRun RUN = compile();

  private static ProcessorRun compile() {
    return ProcessorRun.compileClass("Factories", """
          @Differentiable(wrt = {"K", "s"})
          static double withMatrix(Matrix K, double s, Matrix y) {
        %s  }

          @Differentiable(wrt = {"K", "s"})
          static double withOps(Matrix K, double s, Matrix y) {
        %s  }
        """.formatted(BODY.formatted("Matrix.identity(n)", "Matrix.zeros(n, 2)"),
            BODY.formatted("eye(n)", "zeros(n, 2)")));
  }

  private static String source(String name) {
    return new String(RUN.generatedSourceBytes(name), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void generatedCodeIsTheEyeLossCode() {
    String withMatrix = source("FactoriesWithMatrixGradient");
    String withOps = source("FactoriesWithOpsGradient");
    assertEquals(withOps.replace("withOps", "withMatrix").replace("WithOps", "WithMatrix"),
        withMatrix.replace("Matrix.identity(n)", "eye(n)").replace("Matrix.zeros(n, 2)", "zeros(n, 2)"));
  }

  @Test
  void gradientEqualsTheEyeLossAndCentralDifferences() {
    Random rnd = new Random(23);
    Matrix k = Numeric.random(4, 4, rnd);
    Matrix y = Numeric.random(4, 1, rnd);
    double s = 0.7;
    LossCheck withOps = LossCheck.of(RUN, "Factories", "withOps");
    Object expected = withOps.gradient(k, s, y);
    LossCheck.of(RUN, "Factories", "withMatrix").verify(args("K", k, "s", s, "y", y),
        grad("K", () -> LossCheck.component(expected, "dK")),
        grad("s", () -> LossCheck.component(expected, "ds")));
  }

  @Test
  void derivationShowsTheIdentityNotData() throws Exception {
    String derivation = (String) RUN.load("FactoriesWithMatrixGradient").getField("DERIVATION").get(null);
    String eye = (String) RUN.load("FactoriesWithOpsGradient").getField("DERIVATION").get(null);
    assertEquals(eye.replace("withOps", "withMatrix"), derivation);
  }
}
