package dev.tracegrad.bench.jmh;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.WrittenFormsGaussianMeanGradient;
import dev.tracegrad.bench.WrittenFormsGaussianSigmaGradient;
import dev.tracegrad.bench.WrittenFormsRidgeColumnGradient;
import dev.tracegrad.bench.WrittenFormsRidgeRowGradient;
import dev.tracegrad.bench.workload.GaussProblem;
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
 * The buffer-taking gradient of losses written in two ways that should cost the same
 * ({@link dev.tracegrad.bench.WrittenForms}): ridge regression, d = 400 and n = 20000, with wᵀX
 * ("ridge/row") and with Xᵀw ("ridge/column"); a Gaussian log-likelihood, d = 64 and n = 20000,
 * in Σ and μ ("gaussian/mean") and in Σ alone ("gaussian/sigma"). Each pair should take about
 * the same time: a product recomputed as its transpose, or a d×n product where a d×1 one
 * suffices, would show as a gap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class WrittenFormsBenchmark {
    @Param({"ridge/row", "ridge/column", "gaussian/mean", "gaussian/sigma"})
    public String form;

    private DoubleSupplier gradient;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        switch (form) {
            case "ridge/row", "ridge/column" -> {
                int d = 400;
                int n = 20000;
                Matrix w = Matrix.random(d, 1, random);
                Matrix x = Matrix.random(d, n, random);
                Matrix dw = Matrix.zeros(d, 1);
                if (form.equals("ridge/row")) {
                    Matrix y = Matrix.random(1, n, random);
                    WrittenFormsRidgeRowGradient g = new WrittenFormsRidgeRowGradient();
                    gradient = () -> g.gradient(w, x, y, 0.1, dw);
                } else {
                    Matrix y = Matrix.random(n, 1, random);
                    WrittenFormsRidgeColumnGradient g = new WrittenFormsRidgeColumnGradient();
                    gradient = () -> g.gradient(w, x, y, 0.1, dw);
                }
            }
            case "gaussian/mean", "gaussian/sigma" -> {
                int d = 64;
                int n = 20000;
                Matrix sigma = GaussProblem.random(d).Sigma();
                Matrix mu = Matrix.random(d, 1, random);
                Matrix x = Matrix.random(d, n, random);
                Matrix dSigma = Matrix.zeros(d, d);
                if (form.equals("gaussian/mean")) {
                    Matrix dMu = Matrix.zeros(d, 1);
                    WrittenFormsGaussianMeanGradient g = new WrittenFormsGaussianMeanGradient();
                    gradient = () -> g.gradient(sigma, mu, x, dSigma, dMu);
                } else {
                    WrittenFormsGaussianSigmaGradient g = new WrittenFormsGaussianSigmaGradient();
                    gradient = () -> g.gradient(sigma, mu, x, dSigma);
                }
            }
            default -> throw new IllegalArgumentException("unknown form " + form);
        }
    }

    @Benchmark
    public double gradient() {
        return gradient.getAsDouble();
    }
}
