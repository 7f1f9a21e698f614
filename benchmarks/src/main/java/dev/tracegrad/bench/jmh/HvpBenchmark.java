package dev.tracegrad.bench.jmh;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.HvpLossesDigitsGradient;
import dev.tracegrad.bench.HvpLossesGaussGradient;
import dev.tracegrad.bench.HvpLossesLogregGradient;
import dev.tracegrad.bench.HvpLossesMlpGradient;
import dev.tracegrad.bench.LossesDigitsGradient;
import dev.tracegrad.bench.LossesGaussGradient;
import dev.tracegrad.bench.LossesLogregGradient;
import dev.tracegrad.bench.LossesMlpGradient;
import dev.tracegrad.bench.workload.DigitsProblem;
import dev.tracegrad.bench.workload.GaussProblem;
import dev.tracegrad.bench.workload.LogregProblem;
import dev.tracegrad.bench.workload.MlpProblem;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Hessian-vector products beside gradients, on every workload: the buffer-taking {@code hvp} of
 * the {@code hvp = true} class ({@link dev.tracegrad.bench.HvpLosses}) against the buffer-taking
 * {@code gradient} of the plain class ({@link dev.tracegrad.bench.Losses}), same inputs, random
 * directions. The cost target is hvp ≤ 2.5× gradient.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HvpBenchmark {
    /** Workload and size, as the other benchmarks name them. */
    @Param({"mlp/tiny", "mlp/small", "mlp/large", "logreg/20x100", "logreg/500x10000", "gauss/8",
        "gauss/64", "gauss/256", "digits/" + DigitsProblem.SIZE})
    public String workload;

    private DoubleSupplier gradient;
    private DoubleSupplier hvp;

    @Setup
    public void setUp() {
        String name = workload.substring(0, workload.indexOf('/'));
        String size = workload.substring(workload.indexOf('/') + 1);
        Random random = new Random(11);
        switch (name) {
            case "mlp" -> {
                MlpProblem p = MlpProblem.of(size);
                LossesMlpGradient g = new LossesMlpGradient();
                HvpLossesMlpGradient h = new HvpLossesMlpGradient();
                Matrix dW1 = like(p.W1());
                Matrix dW2 = like(p.W2());
                Matrix vW1 = Matrix.random(p.h(), p.d(), random);
                Matrix vW2 = Matrix.random(p.k(), p.h(), random);
                gradient = () -> g.gradient(p.W1(), p.W2(), p.X(), p.Y(), dW1, dW2);
                hvp = () -> h.hvp(p.W1(), p.W2(), p.X(), p.Y(), vW1, vW2, dW1, dW2);
            }
            case "logreg" -> {
                LogregProblem p = LogregProblem.of(size);
                LossesLogregGradient g = new LossesLogregGradient();
                HvpLossesLogregGradient h = new HvpLossesLogregGradient();
                Matrix dw = like(p.w());
                Matrix vw = Matrix.random(p.d(), 1, random);
                gradient = () -> g.gradient(p.w(), p.X(), p.y(), dw);
                hvp = () -> h.hvp(p.w(), p.X(), p.y(), vw, dw);
            }
            case "gauss" -> {
                GaussProblem p = GaussProblem.of(size);
                LossesGaussGradient g = new LossesGaussGradient();
                HvpLossesGaussGradient h = new HvpLossesGaussGradient();
                Matrix dSigma = like(p.Sigma());
                Matrix vSigma = Matrix.random(p.n(), p.n(), random);
                gradient = () -> g.gradient(p.Sigma(), p.S(), dSigma);
                hvp = () -> h.hvp(p.Sigma(), p.S(), vSigma, dSigma);
            }
            case "digits" -> {
                DigitsProblem p = DigitsProblem.standard();
                LossesDigitsGradient g = new LossesDigitsGradient();
                HvpLossesDigitsGradient h = new HvpLossesDigitsGradient();
                Matrix dW1 = like(p.W1());
                Matrix db1 = like(p.b1());
                Matrix dW2 = like(p.W2());
                Matrix db2 = like(p.b2());
                Matrix vW1 = Matrix.random(p.h(), p.d(), random);
                Matrix vb1 = Matrix.random(p.h(), 1, random);
                Matrix vW2 = Matrix.random(p.k(), p.h(), random);
                Matrix vb2 = Matrix.random(p.k(), 1, random);
                gradient = () -> g.gradient(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch(),
                    dW1, db1, dW2, db2);
                hvp = () -> h.hvp(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch(),
                    vW1, vb1, vW2, vb2, dW1, db1, dW2, db2);
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    private static Matrix like(Matrix m) {
        return Matrix.zeros(m.rows(), m.cols());
    }

    /** The buffer-taking gradient of the plain class. */
    @Benchmark
    public double gradient() {
        return gradient.getAsDouble();
    }

    /** The buffer-taking hvp of the hvp class (value, gradient kept inside, H·v written). */
    @Benchmark
    public double hvp() {
        return hvp.getAsDouble();
    }
}
