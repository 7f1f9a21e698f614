package dev.tracegrad.bench.jmh;

import dev.tracegrad.kernel.Gemm;
import dev.tracegrad.kernel.Vectorization;
import dev.tracegrad.kernel.Workspace;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The product kernel alone, {@code Gemm.multiply} as generated code calls it, on one thread:
 * {@code scalar} in a JVM started as usual, {@code vector} in one started with
 * {@code --add-modules jdk.incubator.vector}, so the two columns compare the kernels a user gets
 * with and without the flag (both give the same bits). Each fork checks that it runs the kernel
 * its name says, so a vector path that failed to load cannot pass for a slow one.
 *
 * <p>Shapes are {@code m×p×n/variant}, C (m×n) = op(A) (m×p) · op(B) (p×n), with variant AB, ABt,
 * AtB or AtBt (t: stored transposed): the five products of the mlp workload's gradient for its
 * large (d=784, h=256, k=10, n=256) and small (64/64/10/32) sizes, in the order the generated
 * class calls them (W₁X, W₂H, G·Hᵀ, W₂ᵀG, G·Xᵀ), and 1024³. GFLOP/s = 2·m·p·n / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBenchmark {
    /** The JVM option that enables the Vector API kernels. */
    static final String VECTOR_FLAG = "--add-modules=jdk.incubator.vector";

    @Param({"256x784x256/AB", "10x256x256/AB", "10x256x256/ABt", "256x10x256/AtB",
            "256x256x784/ABt", "64x64x32/AB", "10x64x32/AB", "10x32x64/ABt", "64x10x32/AtB",
            "64x32x64/ABt", "1024x1024x1024/AB"})
    public String shape;

    private double[] a;
    private double[] b;
    private double[] c;
    private boolean transA;
    private boolean transB;
    private int m;
    private int p;
    private int n;
    private final Workspace workspace = new Workspace();

    @Setup
    public void setUp(BenchmarkParams params) {
        boolean wantVector = params.getBenchmark().endsWith(".vector");
        if (Vectorization.enabled() != wantVector) {
            throw new IllegalStateException(params.getBenchmark() + " runs with kernels: "
                    + Vectorization.description());
        }
        String[] parts = shape.split("/");
        String[] dims = parts[0].split("x");
        m = Integer.parseInt(dims[0]);
        p = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = parts[1].startsWith("At");
        transB = parts[1].endsWith("Bt");
        Random random = new Random(7);
        a = gaussian(m * p, random);
        b = gaussian(p * n, random);
        c = new double[m * n];
    }

    private static double[] gaussian(int length, Random random) {
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian();
        }
        return x;
    }

    /** The scalar kernel: a JVM without the Vector API module. */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = "-Ddev.tracegrad.vector=false")
    public double[] scalar() {
        Gemm.multiply(a, transA, b, transB, c, m, p, n, 1.0, workspace);
        return c;
    }

    /** The Vector API kernel: a JVM started with {@code --add-modules jdk.incubator.vector}. */
    @Benchmark
    @Fork(value = 2, jvmArgsAppend = VECTOR_FLAG)
    public double[] vector() {
        Gemm.multiply(a, transA, b, transB, c, m, p, n, 1.0, workspace);
        return c;
    }
}
