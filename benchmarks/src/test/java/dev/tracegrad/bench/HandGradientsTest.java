package dev.tracegrad.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.bench.hand.HandDigits;
import dev.tracegrad.bench.hand.HandGauss;
import dev.tracegrad.bench.hand.HandLogreg;
import dev.tracegrad.bench.hand.HandMlp;
import dev.tracegrad.bench.workload.DigitsProblem;
import dev.tracegrad.bench.workload.GaussProblem;
import dev.tracegrad.bench.workload.LogregProblem;
import dev.tracegrad.bench.workload.MlpProblem;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The hand-written gradients against central differences of the annotated methods (the
 * reference semantics of Ops), so that the bar is checked without the generator: when {@link
 * ImplementationsAgreeTest} fails, this says which side is wrong.
 */
class HandGradientsTest {
    private static final double TOLERANCE = 1e-6;

    @Test
    void mlp() {
        MlpProblem p = MlpProblem.random("odd", 7, 9, 3, 5);
        Matrix dW1 = Matrix.zeros(p.h(), p.d());
        Matrix dW2 = Matrix.zeros(p.k(), p.h());
        new HandMlp(p.d(), p.h(), p.k(), p.n()).gradient(p.W1(), p.W2(), p.X(), p.Y(), dW1, dW2);
        matches("dW1", w -> Losses.mlp(w, p.W2(), p.X(), p.Y()), p.W1(), dW1);
        matches("dW2", w -> Losses.mlp(p.W1(), w, p.X(), p.Y()), p.W2(), dW2);
    }

    @Test
    void logreg() {
        LogregProblem p = LogregProblem.random("small", 6, 11);
        Matrix dw = Matrix.zeros(p.d(), 1);
        new HandLogreg(p.d(), p.n()).gradient(p.w(), p.X(), p.y(), dw);
        matches("dw", w -> Losses.logreg(w, p.X(), p.y()), p.w(), dw);
    }

    @Test
    void gauss() {
        GaussProblem p = GaussProblem.random(5);
        Matrix d = Matrix.zeros(p.n(), p.n());
        new HandGauss(p.n()).gradient(p.Sigma(), p.S(), d);
        matches("dSigma", s -> Losses.gauss(s, p.S()), p.Sigma(), d);
    }

    @Test
    void digits() {
        DigitsProblem p = DigitsProblem.standard();
        Matrix dW1 = Matrix.zeros(p.h(), p.d());
        Matrix db1 = Matrix.zeros(p.h(), 1);
        Matrix dW2 = Matrix.zeros(p.k(), p.h());
        Matrix db2 = Matrix.zeros(p.k(), 1);
        new HandDigits(p.d(), p.h(), p.k(), p.n()).gradient(p.W1(), p.b1(), p.W2(), p.b2(),
                p.X(), p.Y(), p.batch(), dW1, db1, dW2, db2);
        matches("db1", b -> Losses.digits(p.W1(), b, p.W2(), p.b2(), p.X(), p.Y(), p.batch()),
                p.b1(), db1);
        matches("dW2", w -> Losses.digits(p.W1(), p.b1(), w, p.b2(), p.X(), p.Y(), p.batch()),
                p.W2(), dW2);
        matches("db2", b -> Losses.digits(p.W1(), p.b1(), p.W2(), b, p.X(), p.Y(), p.batch()),
                p.b2(), db2);
    }

    private static void matches(String what, ToDoubleFunction<Matrix> f, Matrix at, Matrix grad) {
        GradientCheck.Report report = GradientCheck.check(f, at, grad);
        assertTrue(report.passes(TOLERANCE), what + ": relative error " + report.maxRelativeError()
                + " at (" + report.worstRow() + ", " + report.worstCol() + ")");
    }
}
