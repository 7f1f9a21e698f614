package dev.tracegrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.bench.workload.DigitsProblem;
import dev.tracegrad.bench.workload.GaussProblem;
import dev.tracegrad.bench.workload.LogregProblem;
import dev.tracegrad.bench.workload.MlpProblem;
import dev.tracegrad.optim.Objective;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What HvpBenchmark times is right: the hvp classes' H·v against the closed-form Hessian of
 * logreg and against central differences of the gradient on the other workloads.
 */
class HvpWorkloadsTest {
    private final Random random = new Random(13);

    private static void passes(GradientCheck.Report[] reports) {
        for (GradientCheck.Report r : reports) {
            assertTrue(r.passes(1e-6), r::toString);
        }
    }

    @Test
    void logregHvpIsTheClosedFormHessianTimesV() {
        // f = Σ softplus(−y ⊙ Xᵀw), y = ±1: H = X diag(σ(z)(1 − σ(z))) Xᵀ with z = −y ⊙ Xᵀw
        LogregProblem p = LogregProblem.of("20x100");
        Matrix v = Matrix.random(p.d(), 1, random);
        Matrix hv = Matrix.zeros(p.d(), 1);
        new HvpLossesLogregGradient().hvp(p.w(), p.X(), p.y(), v, hv);
        Matrix z = Ops.neg(Ops.hadamard(p.y(), Ops.mul(Ops.t(p.X()), p.w())));
        Matrix s = Ops.sigmoid(z);
        Matrix expected = Matrix.zeros(p.d(), 1);
        Matrix xv = Ops.mul(Ops.t(p.X()), v);
        for (int j = 0; j < p.n(); j++) {
            double sj = s.get(j, 0);
            double r = sj * (1 - sj) * xv.get(j, 0);
            for (int i = 0; i < p.d(); i++) {
                expected.set(i, 0, expected.get(i, 0) + p.X().get(i, j) * r);
            }
        }
        for (int i = 0; i < p.d(); i++) {
            assertEquals(expected.get(i, 0), hv.get(i, 0), 1e-12 * Math.max(1, Math.abs(expected.get(i, 0))));
        }
    }

    @Test
    void mlpGaussAndDigitsHvpMatchCentralDifferencesOfTheGradient() {
        MlpProblem m = MlpProblem.of("small");
        Objective mlp = new HvpLossesMlpGradient().objective(m.X(), m.Y());
        passes(GradientCheck.checkHvp(mlp, new Matrix[] {m.W1(), m.W2()},
            new Matrix[] {Matrix.random(m.h(), m.d(), random), Matrix.random(m.k(), m.h(), random)}));
        GaussProblem g = GaussProblem.of("8");
        Objective gauss = new HvpLossesGaussGradient().objective(g.S());
        passes(GradientCheck.checkHvp(gauss, new Matrix[] {g.Sigma()},
            new Matrix[] {Matrix.random(g.n(), g.n(), random)}));
        DigitsProblem d = DigitsProblem.standard();
        Objective digits = new HvpLossesDigitsGradient().objective(d.X(), d.Y(), d.batch());
        passes(GradientCheck.checkHvp(digits, new Matrix[] {d.W1(), d.b1(), d.W2(), d.b2()},
            new Matrix[] {Matrix.random(d.h(), d.d(), random), Matrix.random(d.h(), 1, random),
                Matrix.random(d.k(), d.h(), random), Matrix.random(d.k(), 1, random)}));
    }
}
