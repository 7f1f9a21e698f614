package dev.tracegrad.bench;

import dev.tracegrad.kernel.ArrayFunctions;
import dev.tracegrad.kernel.Fn;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;

/**
 * The unit costs the report's "what limits each workload" section divides by, measured on one
 * core like {@link FmaPeak}: the rate at which one thread reads arrays of a given size (from L1
 * out to main memory), and the time per entry of the elementwise functions the workloads call,
 * over an array (throughput, not latency), as the generated code calls them: a call per entry
 * inside a loop, or, for a loop that only applies sigmoid or tanh, the runtime's pass over the
 * array ({@code sigmoid_pass}, {@code tanh_pass}; vector code on a JVM started with {@code --add-modules
 * jdk.incubator.vector}, where the report measures it again). Writes JSON to the file given as
 * the argument, or standard output.
 *
 * <p>Every figure is the median over 15 rounds of about 50 ms after 5 warm-up rounds, timed in
 * the thread's CPU time so that time spent descheduled does not count.
 */
public final class CostProbe {
    /**
     * Working sets read, in bytes: one that stays in a server part's last-level cache, and two
     * that do not. (Smaller ones would measure this loop's adds, not the caches.)
     */
    private static final int[] READ_BYTES = {8 << 20, 64 << 20, 512 << 20};
    /** Entries per call of a function's loop: in L1, so memory does not count. */
    private static final int ENTRIES = 4096;
    private static final int ROUNDS = 15;
    private static final int WARM_UP = 5;
    private static final long ROUND_NS = 50_000_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Keeps every measured result alive, so that no loop is compiled away. */
    private static double sink;

    private CostProbe() {}

    public static void main(String[] args) throws IOException {
        StringJoiner read = new StringJoiner(", ", "{", "}");
        for (int bytes : READ_BYTES) {
            read.add(String.format(Locale.ROOT, "\"%d\": %.2f", bytes, readGigabytesPerSecond(bytes)));
        }
        StringJoiner calls = new StringJoiner(", ", "{", "}");
        for (Function f : Function.values()) {
            calls.add(String.format(Locale.ROOT, "\"%s\": %.2f", f.key, nanosPerEntry(f)));
        }
        String json = "{\"read_gbs\": " + read + ", \"ns_per_entry\": " + calls
                + ", \"timing\": \"thread CPU time, median of " + ROUNDS + " rounds\"}"
                + System.lineSeparator();
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
        }
        System.out.print(json);
        if (sink == 42) {
            System.out.print("");
        }
    }

    /** GB/s (10⁹ bytes) at which one thread sums an array of the given size, again and again. */
    private static double readGigabytesPerSecond(int bytes) {
        double[] a = new double[bytes / Double.BYTES];
        Arrays.fill(a, 1.0);
        return median(rounds(() -> {
            sink += sum(a);
            return bytes;
        }));
    }

    /** One batch of measured work, returning how many units (bytes, entries) it did. */
    private interface Batch {
        long run();
    }

    /**
     * Units per nanosecond of each of {@link #ROUNDS} rounds of about {@link #ROUND_NS} of the
     * thread's CPU time, after {@link #WARM_UP} rounds not kept.
     */
    private static double[] rounds(Batch batch) {
        double[] rates = new double[ROUNDS];
        for (int round = -WARM_UP; round < ROUNDS; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            long ns;
            long units = 0;
            do {
                units += batch.run();
                ns = THREADS.getCurrentThreadCpuTime() - start;
            } while (ns < ROUND_NS);
            if (round >= 0) {
                rates[round] = (double) units / ns;
            }
        }
        return rates;
    }

    /**
     * The sum in eight independent chains, so that the adds' latency does not hide the loads'
     * rate (a single chain would measure the adder, about 8 bytes per 4 cycles).
     */
    private static double sum(double[] a) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int i = 0; i + 7 < a.length; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    /** The elementwise functions the workloads' generated code calls. */
    private enum Function {
        EXP("exp"), LOG("log"), SIGMOID("sigmoid"), SOFTPLUS("softplus"), TANH("tanh"),
        SIGMOID_PASS("sigmoid_pass"), TANH_PASS("tanh_pass");

        final String key;

        Function(String key) {
            this.key = key;
        }
    }

    /**
     * Nanoseconds per entry of {@code out[i] = f(in[i])} over {@link #ENTRIES} inputs drawn
     * uniformly from [−5, 5] (the range of a network's pre-activations), or from (0, 10] for
     * the logarithm.
     */
    private static double nanosPerEntry(Function f) {
        boolean positive = f == Function.LOG;
        Random random = new Random(15);
        double[] in = new double[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            in[i] = positive ? 10 * (1 - random.nextDouble()) : 10 * random.nextDouble() - 5;
        }
        double[] out = new double[ENTRIES];
        // The median rate in entries per ns; its inverse is the median cost.
        return 1 / median(rounds(() -> {
            apply(f, in, out);
            sink += out[ENTRIES / 2];
            return ENTRIES;
        }));
    }

    /** One loop per function, each calling it directly, as generated code does. */
    private static void apply(Function f, double[] in, double[] out) {
        switch (f) {
            case EXP -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = Math.exp(in[i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = Math.log(in[i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = Fn.sigmoid(in[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = Fn.softplus(in[i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < in.length; i++) {
                    out[i] = Fn.tanh(in[i]);
                }
            }
            case SIGMOID_PASS -> ArrayFunctions.sigmoid(in, out, in.length);
            case TANH_PASS -> ArrayFunctions.tanh(in, out, in.length);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
