package dev.tracegrad.bench.jmh;

import dev.tracegrad.kernel.Lu;
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

/**
 * The LU work of the gauss workload's gradient: the factorisation ({@code Lu.factor}) and the two
 * solves X = A⁻¹B ({@code Lu.solve}) and X = A⁻ᵀB ({@code Lu.solveTransposed}) with n right-hand
 * sides, as generated code calls them ({@code blocked*}), beside the one-axpy-per-row-pair loops they replaced ({@code baseline*}, {@link
 * LuBaseline}) in the same JVM. Both give the same bits. The fork keeps the plain loops
 * ({@code -Ddev.tracegrad.vector=false}); {@code -jvmArgsAppend --add-modules=jdk.incubator.vector}
 * on the command line replaces that flag, and then {@code blocked*} run {@code Lu}'s Vector API
 * path (same bits again) while {@code baseline*} stay plain.
 * GFLOP/s = 2·n²·nrhs / time for a solve, ⅔·n³ / time for the factorisation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Ddev.tracegrad.vector=false")
public class LuBenchmark {
    @Param({"64", "256"})
    public int n;

    private double[] a;
    private double[] factors;
    private int[] factorPiv;
    private double[] lu;
    private int[] piv;
    private double[] b;
    private double[] x;
    private double[][] rows;
    private final Workspace workspace = new Workspace();

    @Setup
    public void setUp() {
        Random random = new Random(11);
        a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextGaussian();
        }
        lu = new double[n * n];
        piv = new int[n];
        Lu.requireNonSingular(Lu.factor(a, n, lu, piv, workspace), "A");
        b = new double[n * n];
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextGaussian();
        }
        x = new double[n * n];
        rows = new double[n][n];
        factors = new double[n * n];
        factorPiv = new int[n];
    }

    @Benchmark
    public double[] baselineFactor() {
        LuBaseline.factor(a, n, factors, factorPiv, rows);
        return factors;
    }

    @Benchmark
    public double[] blockedFactor() {
        Lu.factor(a, n, factors, factorPiv, workspace);
        return factors;
    }

    @Benchmark
    public double[] baselineSolve() {
        LuBaseline.solve(lu, piv, n, b, n, x, rows);
        return x;
    }

    @Benchmark
    public double[] blockedSolve() {
        Lu.solve(lu, piv, n, b, n, x, workspace);
        return x;
    }

    @Benchmark
    public double[] baselineSolveTransposed() {
        LuBaseline.solveTransposed(lu, piv, n, b, n, x, rows);
        return x;
    }

    @Benchmark
    public double[] blockedSolveTransposed() {
        Lu.solveTransposed(lu, piv, n, b, n, x, workspace);
        return x;
    }
}
