package dev.tracegrad.bench;

import dev.tracegrad.bench.jmh.DigitsBenchmark;
import dev.tracegrad.bench.jmh.GaussBenchmark;
import dev.tracegrad.bench.jmh.LogregBenchmark;
import dev.tracegrad.bench.jmh.MlpBenchmark;
import dev.tracegrad.bench.workload.DigitsProblem;
import dev.tracegrad.bench.workload.GaussProblem;
import dev.tracegrad.bench.workload.LogregProblem;
import dev.tracegrad.bench.workload.MlpProblem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * Bytes allocated per call of the benchmarked methods, counted exactly by the JVM for the
 * calling thread after a warm-up (the least over three windows). JMH's gc profiler spreads its own per-iteration allocations
 * over the calls, which for slow calls (a few per iteration) reads as hundreds of bytes per call
 * even for code that allocates nothing; this probe has no such residue.
 *
 * <p>Usage: {@code AllocationProbe OUT.json [workload,...]}; writes one JSON array.
 */
public final class AllocationProbe {
    private static final long WARM_UP_NANOS = 500_000_000L;
    private static final long WINDOW_NANOS = 200_000_000L;
    private static final int WINDOWS = 3;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private double sink;

    private AllocationProbe() {}

    /** One benchmarked call, named as in the JMH results. */
    private record Call(String workload, String size, String method, DoubleSupplier call) {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: AllocationProbe OUT.json [mlp,logreg,gauss,digits]");
            System.exit(2);
        }
        List<String> workloads = Arrays.asList(
                (args.length > 1 ? args[1] : "mlp,logreg,gauss,digits").split(","));
        AllocationProbe probe = new AllocationProbe();
        List<String> rows = new ArrayList<>();
        for (Call c : calls(workloads)) {
            double bytes = probe.bytesPerCall(c.call());
            System.out.printf(Locale.ROOT, "%-7s %-12s %-20s %10.2f B/call%n",
                    c.workload(), c.size(), c.method(), bytes);
            rows.add(String.format(Locale.ROOT,
                    "{\"workload\": \"%s\", \"size\": \"%s\", \"method\": \"%s\", \"bytes\": %.3f}",
                    c.workload(), c.size(), c.method(), bytes));
        }
        Files.writeString(Path.of(args[0]), "[\n" + String.join(",\n", rows) + "\n]\n",
                StandardCharsets.UTF_8);
        // Keeps the results observable so that no call can be optimised away.
        if (probe.sink == 42.4242) {
            System.out.println();
        }
    }

    /**
     * The fewest bytes per call over a few windows after the warm-up: a one-off allocation by a
     * JIT event (a deoptimisation, say) inflates one window, while code that allocates on its
     * steady path shows in every window.
     */
    private double bytesPerCall(DoubleSupplier call) {
        run(call, WARM_UP_NANOS);
        long thread = Thread.currentThread().getId();
        double fewest = Double.POSITIVE_INFINITY;
        for (int w = 0; w < WINDOWS; w++) {
            long before = threads.getThreadAllocatedBytes(thread);
            long calls = run(call, WINDOW_NANOS);
            long after = threads.getThreadAllocatedBytes(thread);
            fewest = Math.min(fewest, (double) (after - before) / calls);
        }
        return fewest;
    }

    /** Calls at least three times and until {@code nanos} have passed; returns the count. */
    private long run(DoubleSupplier call, long nanos) {
        long start = System.nanoTime();
        long n = 0;
        double s = 0;
        // System.nanoTime allocates nothing, so it may sit inside the measured loop.
        while (n < 3 || System.nanoTime() - start < nanos) {
            s += call.getAsDouble();
            n++;
        }
        sink += s;
        return n;
    }

    private static List<Call> calls(List<String> workloads) {
        List<Call> calls = new ArrayList<>();
        if (workloads.contains("mlp")) {
            for (String size : MlpProblem.SIZES) {
                MlpBenchmark b = new MlpBenchmark();
                b.size = size;
                b.setUp();
                calls.add(new Call("mlp", size, "generatedValue", b::generatedValue));
                calls.add(new Call("mlp", size, "generatedGradient", b::generatedGradient));
                calls.add(new Call("mlp", size, "handGradient", b::handGradient));
            }
        }
        if (workloads.contains("logreg")) {
            for (String size : LogregProblem.SIZES) {
                LogregBenchmark b = new LogregBenchmark();
                b.size = size;
                b.setUp();
                calls.add(new Call("logreg", size, "generatedValue", b::generatedValue));
                calls.add(new Call("logreg", size, "generatedGradient", b::generatedGradient));
                calls.add(new Call("logreg", size, "handGradient", b::handGradient));
            }
        }
        if (workloads.contains("gauss")) {
            for (String size : GaussProblem.SIZES) {
                GaussBenchmark b = new GaussBenchmark();
                b.size = size;
                b.setUp();
                calls.add(new Call("gauss", size, "generatedValue", b::generatedValue));
                calls.add(new Call("gauss", size, "generatedGradient", b::generatedGradient));
                calls.add(new Call("gauss", size, "handGradient", b::handGradient));
            }
        }
        if (workloads.contains("digits")) {
            DigitsBenchmark b = new DigitsBenchmark();
            b.size = DigitsProblem.SIZE;
            b.setUp();
            String size = DigitsProblem.SIZE;
            calls.add(new Call("digits", size, "generatedValue", b::generatedValue));
            calls.add(new Call("digits", size, "generatedGradient", b::generatedGradient));
            calls.add(new Call("digits", size, "handGradient", b::handGradient));
        }
        return calls;
    }
}
