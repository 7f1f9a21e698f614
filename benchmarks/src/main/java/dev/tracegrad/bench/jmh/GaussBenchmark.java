package dev.tracegrad.bench.jmh;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.LossesGaussGradient;
import dev.tracegrad.bench.ejml.Ejml;
import dev.tracegrad.bench.ejml.EjmlGauss;
import dev.tracegrad.bench.hand.HandGauss;
import dev.tracegrad.bench.workload.GaussProblem;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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

/** The gauss workload: log det Σ + tr(Σ⁻¹S) with respect to Σ, on SPD inputs. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GaussBenchmark {
    @Param({"8", "64", "256"})
    public String size;

    private Matrix sigma;
    private Matrix s;
    private Matrix dSigma;
    private LossesGaussGradient generated;
    private HandGauss hand;
    private EjmlGauss ejml;
    private DMatrixRMaj ejmlSigma;
    private DMatrixRMaj ejmlS;
    private DMatrixRMaj ejmlDSigma;

    @Setup
    public void setUp() {
        GaussProblem p = GaussProblem.of(size);
        sigma = p.Sigma();
        s = p.S();
        dSigma = Matrix.zeros(p.n(), p.n());
        generated = new LossesGaussGradient();
        hand = new HandGauss(p.n());
        ejml = new EjmlGauss();
        ejmlSigma = Ejml.of(sigma);
        ejmlS = Ejml.of(s);
        ejmlDSigma = new DMatrixRMaj(p.n(), p.n());
    }

    @Benchmark
    public double generatedValue() {
        return generated.value(sigma, s);
    }

    @Benchmark
    public double generatedGradient() {
        return generated.gradient(sigma, s, dSigma);
    }

    @Benchmark
    public LossesGaussGradient.Result generatedGradientAllocating() {
        return generated.gradient(sigma, s);
    }

    @Benchmark
    public double handValue() {
        return hand.value(sigma, s);
    }

    @Benchmark
    public double handGradient() {
        return hand.gradient(sigma, s, dSigma);
    }

    @Benchmark
    public double ejmlValue() {
        return ejml.value(ejmlSigma, ejmlS);
    }

    @Benchmark
    public double ejmlGradient() {
        return ejml.gradient(ejmlSigma, ejmlS, ejmlDSigma);
    }
}
