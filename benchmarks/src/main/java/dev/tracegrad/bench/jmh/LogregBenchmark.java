package dev.tracegrad.bench.jmh;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.LossesLogregGradient;
import dev.tracegrad.bench.ejml.Ejml;
import dev.tracegrad.bench.ejml.EjmlLogreg;
import dev.tracegrad.bench.hand.HandLogreg;
import dev.tracegrad.bench.workload.LogregProblem;
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

/** The logreg workload: sum(softplus(−y ⊙ Xᵀw)) with respect to w. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LogregBenchmark {
    @Param({"20x100", "500x10000"})
    public String size;

    private Matrix w;
    private Matrix x;
    private Matrix y;
    private Matrix dw;
    private LossesLogregGradient generated;
    private HandLogreg hand;
    private EjmlLogreg ejml;
    private DMatrixRMaj ejmlW;
    private DMatrixRMaj ejmlX;
    private DMatrixRMaj ejmlY;
    private DMatrixRMaj ejmlDw;

    @Setup
    public void setUp() {
        LogregProblem p = LogregProblem.of(size);
        w = p.w();
        x = p.X();
        y = p.y();
        dw = Matrix.zeros(p.d(), 1);
        generated = new LossesLogregGradient();
        hand = new HandLogreg(p.d(), p.n());
        ejml = new EjmlLogreg();
        ejmlW = Ejml.of(w);
        ejmlX = Ejml.of(x);
        ejmlY = Ejml.of(y);
        ejmlDw = new DMatrixRMaj(p.d(), 1);
    }

    @Benchmark
    public double generatedValue() {
        return generated.value(w, x, y);
    }

    @Benchmark
    public double generatedGradient() {
        return generated.gradient(w, x, y, dw);
    }

    @Benchmark
    public LossesLogregGradient.Result generatedGradientAllocating() {
        return generated.gradient(w, x, y);
    }

    @Benchmark
    public double handValue() {
        return hand.value(w, x, y);
    }

    @Benchmark
    public double handGradient() {
        return hand.gradient(w, x, y, dw);
    }

    @Benchmark
    public double ejmlValue() {
        return ejml.value(ejmlW, ejmlX, ejmlY);
    }

    @Benchmark
    public double ejmlGradient() {
        return ejml.gradient(ejmlW, ejmlX, ejmlY, ejmlDw);
    }
}
