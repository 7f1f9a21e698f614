package dev.tracegrad.bench.jmh;

import dev.tracegrad.Matrix;
import dev.tracegrad.bench.LossesDigitsGradient;
import dev.tracegrad.bench.ejml.Ejml;
import dev.tracegrad.bench.ejml.EjmlDigits;
import dev.tracegrad.bench.hand.HandDigits;
import dev.tracegrad.bench.workload.DigitsProblem;
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

/** The digits workload: the 64→32→10 tanh classifier's mean cross-entropy on a batch of 64. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class DigitsBenchmark {
    /** One size; a parameter all the same, so that every result names its size alike. */
    @Param({DigitsProblem.SIZE})
    public String size;

    private DigitsProblem p;
    private Matrix dW1;
    private Matrix db1;
    private Matrix dW2;
    private Matrix db2;
    private LossesDigitsGradient generated;
    private HandDigits hand;
    private EjmlDigits ejml;
    private DMatrixRMaj[] e;
    private DMatrixRMaj[] eGrad;

    @Setup
    public void setUp() {
        p = DigitsProblem.standard();
        dW1 = Matrix.zeros(p.h(), p.d());
        db1 = Matrix.zeros(p.h(), 1);
        dW2 = Matrix.zeros(p.k(), p.h());
        db2 = Matrix.zeros(p.k(), 1);
        generated = new LossesDigitsGradient();
        hand = new HandDigits(p.d(), p.h(), p.k(), p.n());
        ejml = new EjmlDigits();
        e = new DMatrixRMaj[] {Ejml.of(p.W1()), Ejml.of(p.b1()), Ejml.of(p.W2()),
            Ejml.of(p.b2()), Ejml.of(p.X()), Ejml.of(p.Y())};
        eGrad = new DMatrixRMaj[] {new DMatrixRMaj(p.h(), p.d()), new DMatrixRMaj(p.h(), 1),
            new DMatrixRMaj(p.k(), p.h()), new DMatrixRMaj(p.k(), 1)};
    }

    @Benchmark
    public double generatedValue() {
        return generated.value(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch());
    }

    @Benchmark
    public double generatedGradient() {
        return generated.gradient(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch(),
                dW1, db1, dW2, db2);
    }

    @Benchmark
    public LossesDigitsGradient.Result generatedGradientAllocating() {
        return generated.gradient(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch());
    }

    @Benchmark
    public double handValue() {
        return hand.value(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch());
    }

    @Benchmark
    public double handGradient() {
        return hand.gradient(p.W1(), p.b1(), p.W2(), p.b2(), p.X(), p.Y(), p.batch(),
                dW1, db1, dW2, db2);
    }

    @Benchmark
    public double ejmlValue() {
        return ejml.value(e[0], e[1], e[2], e[3], e[4], e[5], p.batch());
    }

    @Benchmark
    public double ejmlGradient() {
        return ejml.gradient(e[0], e[1], e[2], e[3], e[4], e[5], p.batch(),
                eGrad[0], eGrad[1], eGrad[2], eGrad[3]);
    }
}
