package dev.tracegrad.bench;

import static dev.tracegrad.bench.Agreement.sameMatrix;
import static dev.tracegrad.bench.Agreement.sameValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.ejml.Ejml;
import dev.tracegrad.bench.ejml.EjmlDigits;
import dev.tracegrad.bench.ejml.EjmlGauss;
import dev.tracegrad.bench.ejml.EjmlLogreg;
import dev.tracegrad.bench.ejml.EjmlMlp;
import dev.tracegrad.bench.hand.HandDigits;
import dev.tracegrad.bench.hand.HandGauss;
import dev.tracegrad.bench.hand.HandLogreg;
import dev.tracegrad.bench.hand.HandMlp;
import dev.tracegrad.bench.workload.DigitsProblem;
import dev.tracegrad.bench.workload.GaussProblem;
import dev.tracegrad.bench.workload.LogregProblem;
import dev.tracegrad.bench.workload.MlpProblem;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The implementations the benchmarks compare compute the same value and gradient, so that the
 * timings compare equal work: the generated class (both overloads) against the annotated method
 * for the value, and hand-written and EJML code against the generated gradient. Each
 * implementation is called twice, so that stale scratch from a first call would show. Small
 * sizes keep this fast; the code paths are the ones the large sizes take.
 */
class ImplementationsAgreeTest {

    @ParameterizedTest
    @ValueSource(strings = {"tiny", "small"})
    void mlp(String size) {
        MlpProblem p = MlpProblem.of(size);
        check(p);
    }

    @Test
    void mlpWithOddShapes() {
        // Rows not a multiple of the hand-written product's four-row blocks, and n > 1.
        check(MlpProblem.random("odd", 7, 9, 3, 5));
    }

    private static void check(MlpProblem p) {
        Matrix w1 = p.W1();
        Matrix w2 = p.W2();
        double reference = Losses.mlp(w1, w2, p.X(), p.Y());
        LossesMlpGradient generated = new LossesMlpGradient();
        LossesMlpGradient.Result r = generated.gradient(w1, w2, p.X(), p.Y());
        sameValue("generated value", reference, generated.value(w1, w2, p.X(), p.Y()));
        sameValue("generated gradient's value", reference, r.value());
        sameFiniteAndNonZero(r.dW1());

        for (int call = 0; call < 2; call++) {
            Matrix dW1 = Matrix.zeros(p.h(), p.d());
            Matrix dW2 = Matrix.zeros(p.k(), p.h());
            sameValue("generated (buffers)", reference,
                    generated.gradient(w1, w2, p.X(), p.Y(), dW1, dW2));
            sameMatrix("generated (buffers) dW1", r.dW1(), dW1);
            sameMatrix("generated (buffers) dW2", r.dW2(), dW2);

            HandMlp hand = new HandMlp(p.d(), p.h(), p.k(), p.n());
            sameValue("hand value", reference, hand.value(w1, w2, p.X(), p.Y()));
            sameValue("hand gradient's value", reference,
                    hand.gradient(w1, w2, p.X(), p.Y(), dW1, dW2));
            sameMatrix("hand dW1", r.dW1(), dW1);
            sameMatrix("hand dW2", r.dW2(), dW2);
        }

        EjmlMlp ejml = new EjmlMlp();
        DMatrixRMaj e1 = Ejml.of(w1);
        DMatrixRMaj e2 = Ejml.of(w2);
        DMatrixRMaj ex = Ejml.of(p.X());
        DMatrixRMaj ey = Ejml.of(p.Y());
        DMatrixRMaj dW1 = new DMatrixRMaj(p.h(), p.d());
        DMatrixRMaj dW2 = new DMatrixRMaj(p.k(), p.h());
        for (int call = 0; call < 2; call++) {
            sameValue("ejml value", reference, ejml.value(e1, e2, ex, ey));
            sameValue("ejml gradient's value", reference, ejml.gradient(e1, e2, ex, ey, dW1, dW2));
            sameMatrix("ejml dW1", r.dW1(), dW1);
            sameMatrix("ejml dW2", r.dW2(), dW2);
        }
    }

    @Test
    void logreg() {
        LogregProblem p = LogregProblem.of("20x100");
        double reference = Losses.logreg(p.w(), p.X(), p.y());
        LossesLogregGradient generated = new LossesLogregGradient();
        LossesLogregGradient.Result r = generated.gradient(p.w(), p.X(), p.y());
        sameValue("generated value", reference, generated.value(p.w(), p.X(), p.y()));
        sameValue("generated gradient's value", reference, r.value());
        sameFiniteAndNonZero(r.dw());

        HandLogreg hand = new HandLogreg(p.d(), p.n());
        EjmlLogreg ejml = new EjmlLogreg();
        DMatrixRMaj ew = Ejml.of(p.w());
        DMatrixRMaj ex = Ejml.of(p.X());
        DMatrixRMaj ey = Ejml.of(p.y());
        for (int call = 0; call < 2; call++) {
            Matrix dw = Matrix.zeros(p.d(), 1);
            sameValue("generated (buffers)", reference,
                    generated.gradient(p.w(), p.X(), p.y(), dw));
            sameMatrix("generated (buffers) dw", r.dw(), dw);

            sameValue("hand value", reference, hand.value(p.w(), p.X(), p.y()));
            sameValue("hand gradient's value", reference, hand.gradient(p.w(), p.X(), p.y(), dw));
            sameMatrix("hand dw", r.dw(), dw);

            DMatrixRMaj edw = new DMatrixRMaj(p.d(), 1);
            sameValue("ejml value", reference, ejml.value(ew, ex, ey));
            sameValue("ejml gradient's value", reference, ejml.gradient(ew, ex, ey, edw));
            sameMatrix("ejml dw", r.dw(), edw);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "64"})
    void gauss(String size) {
        GaussProblem p = GaussProblem.of(size);
        double reference = Losses.gauss(p.Sigma(), p.S());
        LossesGaussGradient generated = new LossesGaussGradient();
        LossesGaussGradient.Result r = generated.gradient(p.Sigma(), p.S());
        sameValue("generated value", reference, generated.value(p.Sigma(), p.S()));
        sameValue("generated gradient's value", reference, r.value());
        sameFiniteAndNonZero(r.dSigma());

        HandGauss hand = new HandGauss(p.n());
        EjmlGauss ejml = new EjmlGauss();
        DMatrixRMaj es = Ejml.of(p.Sigma());
        DMatrixRMaj eS = Ejml.of(p.S());
        for (int call = 0; call < 2; call++) {
            Matrix d = Matrix.zeros(p.n(), p.n());
            sameValue("generated (buffers)", reference, generated.gradient(p.Sigma(), p.S(), d));
            sameMatrix("generated (buffers) dSigma", r.dSigma(), d);

            sameValue("hand value", reference, hand.value(p.Sigma(), p.S()));
            sameValue("hand gradient's value", reference, hand.gradient(p.Sigma(), p.S(), d));
            sameMatrix("hand dSigma", r.dSigma(), d);

            DMatrixRMaj ed = new DMatrixRMaj(p.n(), p.n());
            sameValue("ejml value", reference, ejml.value(es, eS));
            sameValue("ejml gradient's value", reference, ejml.gradient(es, eS, ed));
            sameMatrix("ejml dSigma", r.dSigma(), ed);
        }
    }

    @Test
    void digits() {
        DigitsProblem p = DigitsProblem.standard();
        double reference =
                Losses.digits(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch());
        LossesDigitsGradient generated = new LossesDigitsGradient();
        LossesDigitsGradient.Result r =
                generated.gradient(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch());
        sameValue("generated value", reference,
                generated.value(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch()));
        sameValue("generated gradient's value", reference, r.value());
        sameFiniteAndNonZero(r.db1());

        HandDigits hand = new HandDigits(p.d(), p.h(), p.k(), p.n());
        EjmlDigits ejml = new EjmlDigits();
        DMatrixRMaj[] e = {Ejml.of(p.W1()), Ejml.of(p.b1()), Ejml.of(p.W2()), Ejml.of(p.b2()),
            Ejml.of(p.X()), Ejml.of(p.Y())};
        for (int call = 0; call < 2; call++) {
            Matrix dW1 = Matrix.zeros(p.h(), p.d());
            Matrix db1 = Matrix.zeros(p.h(), 1);
            Matrix dW2 = Matrix.zeros(p.k(), p.h());
            Matrix db2 = Matrix.zeros(p.k(), 1);
            sameValue("generated (buffers)", reference, generated.gradient(p.W1(), p.b1(),
                    p.W2(), p.b2(), p.X(), p.Y(), p.batch(), dW1, db1, dW2, db2));
            sameDigitsGradients("generated (buffers)", r, dW1, db1, dW2, db2);

            sameValue("hand value", reference,
                    hand.value(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch()));
            sameValue("hand gradient's value", reference, hand.gradient(p.W1(), p.b1(), p.W2(),
                    p.b2(), p.X(), p.Y(), p.batch(), dW1, db1, dW2, db2));
            sameDigitsGradients("hand", r, dW1, db1, dW2, db2);

            DMatrixRMaj[] g = {new DMatrixRMaj(p.h(), p.d()), new DMatrixRMaj(p.h(), 1),
                new DMatrixRMaj(p.k(), p.h()), new DMatrixRMaj(p.k(), 1)};
            sameValue("ejml value", reference,
                    ejml.value(e[0], e[1], e[2], e[3], e[4], e[5], p.batch()));
            sameValue("ejml gradient's value", reference, ejml.gradient(e[0], e[1], e[2], e[3],
                    e[4], e[5], p.batch(), g[0], g[1], g[2], g[3]));
            sameDigitsGradients("ejml", r, Ejml.toMatrix(g[0]), Ejml.toMatrix(g[1]),
                    Ejml.toMatrix(g[2]), Ejml.toMatrix(g[3]));
        }
    }

    private static void sameDigitsGradients(String who, LossesDigitsGradient.Result r,
            Matrix dW1, Matrix db1, Matrix dW2, Matrix db2) {
        sameMatrix(who + " dW1", r.dW1(), dW1);
        sameMatrix(who + " db1", r.db1(), db1);
        sameMatrix(who + " dW2", r.dW2(), dW2);
        sameMatrix(who + " db2", r.db2(), db2);
    }

    /** Guards the comparisons against agreeing on a gradient that is trivially zero or NaN. */
    private static void sameFiniteAndNonZero(Matrix m) {
        double norm = 0;
        for (double v : m.data()) {
            assertTrue(Double.isFinite(v), "gradient entry " + v);
            norm += v * v;
        }
        assertTrue(norm > 1e-12, "gradient is zero: " + m);
    }
}
