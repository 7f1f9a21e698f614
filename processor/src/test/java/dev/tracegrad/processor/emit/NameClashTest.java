package dev.tracegrad.processor.emit;

import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.exp;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.processor.ir.Node;
import dev.tracegrad.processor.ir.Program;
import dev.tracegrad.processor.lower.fixtures.Losses;
import dev.tracegrad.processor.lower.fixtures.ProgramBuilder;
import dev.tracegrad.processor.lower.fixtures.Numeric;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * User names never clash with generated ones: parameters called i, j, n, result, value, dW,
 * Math and Matrix, locals called row and k, all compile (with -Werror) and compute the right
 * thing; the output for W steps aside for the user's own dW.
 */
class NameClashTest {
  private final Random rnd = new Random(5);

  private static double reference(Object[] a) {
    Matrix w = (Matrix) a[0];
    Matrix i = (Matrix) a[1];
    Matrix j = (Matrix) a[2];
    Matrix n = (Matrix) a[3];
    Matrix result = (Matrix) a[4];
    Matrix dW = (Matrix) a[5];
    double value = (double) a[6];
    double math = (double) a[7];
    Matrix matrix = (Matrix) a[8];
    return sumsq(mul(w, i)) + value * dot(j, n) + sum(hadamard(result, dW)) + math * sum(exp(matrix));
  }

  @Test
  void clashingNamesCompileAndComputeTheGradient() {
    Harness h = new Harness(Losses.nameClashes(), NameClashTest::reference);
    Matrix w = Numeric.random(2, 3, rnd);
    Matrix i = Numeric.random(3, 2, rnd);
    Matrix j = Numeric.random(2, 2, rnd);
    Matrix n = Numeric.random(2, 2, rnd);
    Matrix result = Numeric.random(3, 1, rnd);
    Matrix dW = Numeric.random(3, 1, rnd);
    Matrix matrix = Numeric.random(2, 2, rnd);
    Object r = h.verify(w, i, j, n, result, dW, 0.5, -1.5, matrix);
    Numeric.assertClose(scale(2, mul(mul(w, i), dev.tracegrad.Ops.t(i))),
        (Matrix) CompiledClass.component(r, "dW"), 1e-12, "gradient of W");
    assertEquals(result, CompiledClass.component(r, "ddW"));
    Numeric.assertClose(dot(j, n), (double) CompiledClass.component(r, "dvalue"), 1e-12, "dvalue");
    Numeric.assertClose(sum(exp(matrix)), (double) CompiledClass.component(r, "dMath"), 1e-12, "dMath");
    Numeric.assertClose(scale(-1.5, exp(matrix)), (Matrix) CompiledClass.component(r, "dMatrix"), 1e-12, "dMatrix");
  }

  @Test
  void resultComponentsAreValueThenOutputsInWrtOrder() {
    Harness h = new Harness(Losses.nameClashes(), NameClashTest::reference);
    RecordComponent[] rc = h.generated.type().getDeclaredClasses()[0].getRecordComponents();
    assertEquals(List.of("value", "dW", "ddW", "dvalue", "dMath", "dMatrix"),
        Arrays.stream(rc).map(RecordComponent::getName).toList());
    assertEquals(List.of(double.class, Matrix.class, Matrix.class, double.class, double.class, Matrix.class),
        Arrays.stream(rc).map(RecordComponent::getType).toList());
  }

  @Test
  void publicMethodsUseTheUsersParameterNames() throws Exception {
    Harness h = new Harness(Losses.nameClashes(), NameClashTest::reference);
    // Parameter names are in the source (class files keep them only with -parameters); a user
    // variable named Matrix makes the type be written fully qualified.
    String source = h.generated.source.replaceAll("\\s+", " ");
    assertEquals(true, source.contains("public double value(dev.tracegrad.Matrix W, dev.tracegrad.Matrix i,"
        + " dev.tracegrad.Matrix j, dev.tracegrad.Matrix n, dev.tracegrad.Matrix result,"
        + " dev.tracegrad.Matrix dW, double value, double Math, dev.tracegrad.Matrix Matrix)"), source);
  }

  @Test
  void aLocalNamedLikeTheDerivationConstantGetsAnotherField() {
    ProgramBuilder b = new ProgramBuilder().wrt("A");
    int a = b.matrix("A");
    int e = b.local("DERIVATION", new Node.Entrywise(dev.tracegrad.processor.ir.EntrywiseFunction.EXP, a));
    int f = b.add(new Node.ScalarAdd(b.add(new Node.Sum(e)), b.add(new Node.SumSq(e))));
    // ∂f/∂A = exp(A) ⊙ (1 + 2 exp(A))
    int grad = b.add(new Node.Hadamard(e, b.add(new Node.Add(
        b.add(new Node.Fill(b.constant(1), b.shape(a))), b.add(new Node.Scale(b.constant(2), e))))));
    Program p = b.program("T#d", "TDGradient", f);
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p, grad)),
        x -> sum(exp((Matrix) x[0])) + sumsq(exp((Matrix) x[0])));
    h.verify(Numeric.random(2, 3, rnd));
  }

  @Test
  void programWithoutGradientsHasOnlyTheAllocatingOverload() throws Exception {
    ProgramBuilder b = new ProgramBuilder();
    int a = b.matrix("A");
    Program p = b.program("T#none", "TNoneGradient", b.add(new Node.SumSq(a)));
    Harness h = new Harness(new Losses.Case(p, ProgramBuilder.derivation(p)), x -> sumsq((Matrix) x[0]));
    Matrix am = Numeric.random(2, 2, rnd);
    Object r = h.gradient(am);
    assertEquals(sumsq(am), (double) CompiledClass.component(r, "value"), 0.0);
    assertEquals(1, h.generated.type().getDeclaredClasses()[0].getRecordComponents().length);
  }
}
