package dev.tracegrad.bench.jmh;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.LossesMlpGradient;
import dev.tracegrad.bench.ejml.Ejml;
import dev.tracegrad.bench.ejml.EjmlMlp;
import dev.tracegrad.bench.hand.HandMlp;
import dev.tracegrad.bench.workload.MlpProblem;
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

/** The mlp workload: −sum(Y ⊙ logSoftmax(W2 σ(W1 X))) with respect to W1 and W2. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MlpBenchmark {
    @Param({"tiny", "small", "large"})
    public String size;

    private Matrix w1;
    private Matrix w2;
    private Matrix x;
    private Matrix y;
    private Matrix dW1;
    private Matrix dW2;
    private LossesMlpGradient generated;
    private LossesMlpGradient generatedTwoThreads;
    private HandMlp hand;
    private EjmlMlp ejml;
    private DMatrixRMaj ejmlW1;
    private DMatrixRMaj ejmlW2;
    private DMatrixRMaj ejmlX;
    private DMatrixRMaj ejmlY;
    private DMatrixRMaj ejmlDW1;
    private DMatrixRMaj ejmlDW2;

    @Setup
    public void setUp() {
        MlpProblem p = MlpProblem.of(size);
        w1 = p.W1();
        w2 = p.W2();
        x = p.X();
        y = p.Y();
        dW1 = Matrix.zeros(p.h(), p.d());
        dW2 = Matrix.zeros(p.k(), p.h());
        generated = new LossesMlpGradient();
        generatedTwoThreads = new LossesMlpGradient(2);
        hand = new HandMlp(p.d(), p.h(), p.k(), p.n());
        ejml = new EjmlMlp();
        ejmlW1 = Ejml.of(w1);
        ejmlW2 = Ejml.of(w2);
        ejmlX = Ejml.of(x);
        ejmlY = Ejml.of(y);
        ejmlDW1 = new DMatrixRMaj(p.h(), p.d());
        ejmlDW2 = new DMatrixRMaj(p.k(), p.h());
    }

    @Benchmark
    public double generatedValue() {
        return generated.value(w1, w2, x, y);
    }

    @Benchmark
    public double generatedGradient() {
        return generated.gradient(w1, w2, x, y, dW1, dW2);
    }

    @Benchmark
    public LossesMlpGradient.Result generatedGradientAllocating() {
        return generated.gradient(w1, w2, x, y);
    }

    /** The opt-in: products of at least 2²² multiply-adds split their columns over two threads. */
    @Benchmark
    public double generatedValueTwoThreads() {
        return generatedTwoThreads.value(w1, w2, x, y);
    }

    @Benchmark
    public double generatedGradientTwoThreads() {
        return generatedTwoThreads.gradient(w1, w2, x, y, dW1, dW2);
    }

    @Benchmark
    public double handValue() {
        return hand.value(w1, w2, x, y);
    }

    @Benchmark
    public double handGradient() {
        return hand.gradient(w1, w2, x, y, dW1, dW2);
    }

    @Benchmark
    public double ejmlValue() {
        return ejml.value(ejmlW1, ejmlW2, ejmlX, ejmlY);
    }

    @Benchmark
    public double ejmlGradient() {
        return ejml.gradient(ejmlW1, ejmlW2, ejmlX, ejmlY, ejmlDW1, ejmlDW2);
    }
}
