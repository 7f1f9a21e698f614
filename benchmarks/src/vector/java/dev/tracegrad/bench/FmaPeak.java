package dev.tracegrad.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's peak double-precision rate on one core, for the reports: 16 independent chains
 * of vector fused multiply-adds (enough to hide the latency on two FMA pipes), with the JVM's
 * preferred vectors and with 256-bit ones, and the same with a separate multiply and add (what
 * the product kernels do, to keep their bits). Run with {@code --add-modules
 * jdk.incubator.vector}; writes JSON to the file given as the argument, or standard output.
 *
 * <p>Each rate is the median over 15 rounds of about 0.1 s, after 10 warm-up rounds, timed in
 * the thread's CPU time so that time the thread spent descheduled (other work on the machine)
 * does not count; a sibling hyperthread's load still does.
 */
public final class FmaPeak {
    /** Multiply-adds per chain per call: short calls, so that C2 compiles the method whole. */
    private static final int ITERATIONS = 10_000;
    /** Calls per timed round: 12.8 GFLOP with 512-bit vectors, about 0.1 s. */
    private static final int CALLS = 5_000;
    private static final VectorSpecies<Double> PREFERRED = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> S256 = DoubleVector.SPECIES_256;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private FmaPeak() {}

    public static void main(String[] args) throws IOException {
        double fma = rate(0);
        double mulAdd = rate(1);
        double fma256 = rate(2);
        String json = String.format(Locale.ROOT,
                "{\"vector_bits\": %d, \"fma_gflops\": %.1f, \"mul_add_gflops\": %.1f, "
                        + "\"fma256_gflops\": %.1f, \"chains\": 16, \"timing\": \"thread CPU time, "
                        + "median of 15 rounds\"}%n",
                PREFERRED.vectorBitSize(), fma, mulAdd, fma256);
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        }
        System.out.print(json);
    }

    /**
     * GFLOP/s of one core, two flops per lane per multiply-add: kind 0 fused multiply-adds, 1 a
     * multiply and an add, 2 fused multiply-adds on 256 bits.
     */
    private static double rate(int kind) {
        int lanes = kind == 2 ? S256.length() : PREFERRED.length();
        double[] rates = new double[15];
        double sink = 0;
        for (int round = -10; round < rates.length; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int call = 0; call < CALLS; call++) {
                sink += kind == 0 ? fma() : kind == 1 ? mulAdd() : fma256();
            }
            long ns = THREADS.getCurrentThreadCpuTime() - start;
            if (round >= 0) {
                rates[round] = 2.0 * lanes * 16 * ITERATIONS * (double) CALLS / ns;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the sums alive
        }
        Arrays.sort(rates);
        return rates[rates.length / 2];
    }

    private static double fma() {
        DoubleVector x = DoubleVector.broadcast(PREFERRED, 0.999_999_9);
        DoubleVector y = DoubleVector.broadcast(PREFERRED, 1e-9);
        DoubleVector a0 = DoubleVector.broadcast(PREFERRED, 1);
        DoubleVector a1 = DoubleVector.broadcast(PREFERRED, 2);
        DoubleVector a2 = DoubleVector.broadcast(PREFERRED, 3);
        DoubleVector a3 = DoubleVector.broadcast(PREFERRED, 4);
        DoubleVector a4 = DoubleVector.broadcast(PREFERRED, 5);
        DoubleVector a5 = DoubleVector.broadcast(PREFERRED, 6);
        DoubleVector a6 = DoubleVector.broadcast(PREFERRED, 7);
        DoubleVector a7 = DoubleVector.broadcast(PREFERRED, 8);
        DoubleVector a8 = DoubleVector.broadcast(PREFERRED, 9);
        DoubleVector a9 = DoubleVector.broadcast(PREFERRED, 10);
        DoubleVector a10 = DoubleVector.broadcast(PREFERRED, 11);
        DoubleVector a11 = DoubleVector.broadcast(PREFERRED, 12);
        DoubleVector a12 = DoubleVector.broadcast(PREFERRED, 13);
        DoubleVector a13 = DoubleVector.broadcast(PREFERRED, 14);
        DoubleVector a14 = DoubleVector.broadcast(PREFERRED, 15);
        DoubleVector a15 = DoubleVector.broadcast(PREFERRED, 16);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
            a12 = a12.fma(x, y);
            a13 = a13.fma(x, y);
            a14 = a14.fma(x, y);
            a15 = a15.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .add(a10).add(a11).add(a12).add(a13).add(a14).add(a15)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double mulAdd() {
        DoubleVector x = DoubleVector.broadcast(PREFERRED, 0.999_999_9);
        DoubleVector y = DoubleVector.broadcast(PREFERRED, 1e-9);
        DoubleVector a0 = DoubleVector.broadcast(PREFERRED, 1);
        DoubleVector a1 = DoubleVector.broadcast(PREFERRED, 2);
        DoubleVector a2 = DoubleVector.broadcast(PREFERRED, 3);
        DoubleVector a3 = DoubleVector.broadcast(PREFERRED, 4);
        DoubleVector a4 = DoubleVector.broadcast(PREFERRED, 5);
        DoubleVector a5 = DoubleVector.broadcast(PREFERRED, 6);
        DoubleVector a6 = DoubleVector.broadcast(PREFERRED, 7);
        DoubleVector a7 = DoubleVector.broadcast(PREFERRED, 8);
        DoubleVector a8 = DoubleVector.broadcast(PREFERRED, 9);
        DoubleVector a9 = DoubleVector.broadcast(PREFERRED, 10);
        DoubleVector a10 = DoubleVector.broadcast(PREFERRED, 11);
        DoubleVector a11 = DoubleVector.broadcast(PREFERRED, 12);
        DoubleVector a12 = DoubleVector.broadcast(PREFERRED, 13);
        DoubleVector a13 = DoubleVector.broadcast(PREFERRED, 14);
        DoubleVector a14 = DoubleVector.broadcast(PREFERRED, 15);
        DoubleVector a15 = DoubleVector.broadcast(PREFERRED, 16);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.mul(x).add(y);
            a1 = a1.mul(x).add(y);
            a2 = a2.mul(x).add(y);
            a3 = a3.mul(x).add(y);
            a4 = a4.mul(x).add(y);
            a5 = a5.mul(x).add(y);
            a6 = a6.mul(x).add(y);
            a7 = a7.mul(x).add(y);
            a8 = a8.mul(x).add(y);
            a9 = a9.mul(x).add(y);
            a10 = a10.mul(x).add(y);
            a11 = a11.mul(x).add(y);
            a12 = a12.mul(x).add(y);
            a13 = a13.mul(x).add(y);
            a14 = a14.mul(x).add(y);
            a15 = a15.mul(x).add(y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .add(a10).add(a11).add(a12).add(a13).add(a14).add(a15)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double fma256() {
        DoubleVector x = DoubleVector.broadcast(S256, 0.999_999_9);
        DoubleVector y = DoubleVector.broadcast(S256, 1e-9);
        DoubleVector a0 = DoubleVector.broadcast(S256, 1);
        DoubleVector a1 = DoubleVector.broadcast(S256, 2);
        DoubleVector a2 = DoubleVector.broadcast(S256, 3);
        DoubleVector a3 = DoubleVector.broadcast(S256, 4);
        DoubleVector a4 = DoubleVector.broadcast(S256, 5);
        DoubleVector a5 = DoubleVector.broadcast(S256, 6);
        DoubleVector a6 = DoubleVector.broadcast(S256, 7);
        DoubleVector a7 = DoubleVector.broadcast(S256, 8);
        DoubleVector a8 = DoubleVector.broadcast(S256, 9);
        DoubleVector a9 = DoubleVector.broadcast(S256, 10);
        DoubleVector a10 = DoubleVector.broadcast(S256, 11);
        DoubleVector a11 = DoubleVector.broadcast(S256, 12);
        DoubleVector a12 = DoubleVector.broadcast(S256, 13);
        DoubleVector a13 = DoubleVector.broadcast(S256, 14);
        DoubleVector a14 = DoubleVector.broadcast(S256, 15);
        DoubleVector a15 = DoubleVector.broadcast(S256, 16);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
            a12 = a12.fma(x, y);
            a13 = a13.fma(x, y);
            a14 = a14.fma(x, y);
            a15 = a15.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .add(a10).add(a11).add(a12).add(a13).add(a14).add(a15)
                .reduceLanes(VectorOperators.ADD);
    }
}
