package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.kernel.Checks;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sums of objectives: shards of a data set, mini-batches, a loss plus a penalty.
 *
 * <p>Both forms add the parts' values, gradients and Hessian-vector products in argument order,
 * left to right: part 0 writes into the caller's buffer, then each later part's result is added
 * to it entry by entry. {@link #parallel} evaluates the parts concurrently but adds them in the
 * same order, so it returns the same bits as {@link #sum} over the same parts.
 */
public final class Objectives {
    private Objectives() {}

    /**
     * The objective f₀ + f₁ + … of the given parts, evaluated one after the other on the calling
     * thread. Its {@link Objective#hasHvp} is true exactly when every part's is.
     *
     * <p>Every part receives output buffers of the shapes of the caller's. The sum keeps one set
     * of scratch buffers (allocated at the first gradient or hvp call, again only if later
     * buffers have other shapes), so after the first call it allocates nothing itself. Like its
     * parts, it is used by one thread at a time.
     *
     * @throws NullPointerException if {@code parts} or one of them is null
     * @throws IllegalArgumentException if there are no parts
     */
    public static Objective sum(Objective... parts) {
        return new Sum(checkParts(parts));
    }

    /**
     * The same sum as {@link #sum}, with the parts evaluated concurrently on up to {@code threads}
     * threads: the calling thread and {@code threads − 1} threads of a pool the runtime owns. The
     * parts are split into contiguous groups, one per thread; results are then added in argument
     * order on the calling thread, so values, gradients and Hessian-vector products have the same
     * bits as {@link #sum} over the same parts, for every thread count.
     *
     * <p>Each part must be used by one thread at a time: it must not appear twice in
     * {@code parts}, must not be shared with another objective that may run at the same time, and
     * the returned objective itself is used by one thread at a time. It keeps one set of scratch
     * buffers per part. An exception thrown by a part is rethrown on the calling thread after
     * every part has finished (the first one in argument order if several parts throw). The
     * calling thread always waits for every part, since they write into its buffers: an
     * interrupt does not cut an evaluation short but is kept (the flag is set again on return).
     *
     * <p>Nothing needs to be closed: the pool's threads are daemon threads (they never keep the
     * JVM alive), shared by every parallel objective, created when first needed, and each ends
     * after a minute without work.
     *
     * @throws NullPointerException if {@code parts} or one of them is null
     * @throws IllegalArgumentException if {@code threads < 1}, there are no parts, or a part
     *     appears twice
     */
    public static Objective parallel(int threads, Objective... parts) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        Objective[] checked = checkParts(parts);
        for (int i = 0; i < checked.length; i++) {
            for (int j = 0; j < i; j++) {
                if (checked[i] == checked[j]) {
                    throw new IllegalArgumentException("parts[" + i + "] is the same object as"
                            + " parts[" + j + "]: each part is used by one thread at a time");
                }
            }
        }
        return new Parallel(threads, checked);
    }

    private static Objective[] checkParts(Objective[] parts) {
        Checks.nonNull(parts, "parts");
        if (parts.length == 0) {
            throw new IllegalArgumentException("parts must hold at least one objective");
        }
        Objective[] copy = parts.clone();
        for (int i = 0; i < copy.length; i++) {
            Checks.nonNull(copy[i], "parts[" + i + "]");
        }
        return copy;
    }

    private static boolean allHaveHvp(Objective[] parts) {
        for (Objective p : parts) {
            if (!p.hasHvp()) {
                return false;
            }
        }
        return true;
    }

    /** Parts evaluated in order on the calling thread. */
    private static final class Sum implements Objective {
        private final Objective[] parts;
        private final boolean hvp;
        private Matrix[] scratch;

        Sum(Objective[] parts) {
            this.parts = parts;
            this.hvp = allHaveHvp(parts);
        }

        @Override
        public double value(Matrix[] x) {
            double value = parts[0].value(x);
            for (int i = 1; i < parts.length; i++) {
                value += parts[i].value(x);
            }
            return value;
        }

        @Override
        public double gradient(Matrix[] x, Matrix[] g) {
            Checks.nonNull(x, "x");
            Vars.requireSameShapes(x, "x", g, "g");
            double value = parts[0].gradient(x, g);
            for (int i = 1; i < parts.length; i++) {
                Matrix[] s = scratchLike(g);
                value += parts[i].gradient(x, s);
                Vars.add(s, g);
            }
            return value;
        }

        @Override
        public boolean hasHvp() {
            return hvp;
        }

        @Override
        public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
            if (!hvp) {
                Objective.super.hvp(x, v, hv);
            }
            Checks.nonNull(x, "x");
            Vars.requireSameShapes(x, "x", hv, "hv");
            parts[0].hvp(x, v, hv);
            for (int i = 1; i < parts.length; i++) {
                Matrix[] s = scratchLike(hv);
                parts[i].hvp(x, v, s);
                Vars.add(s, hv);
            }
        }

        private Matrix[] scratchLike(Matrix[] out) {
            if (scratch == null || !Vars.sameShapes(scratch, out)) {
                scratch = Vars.zerosLike(out);
            }
            return scratch;
        }
    }

    /** Parts evaluated concurrently, added in order on the calling thread. */
    private static final class Parallel implements Objective {
        private static final int VALUE = 0;
        private static final int GRADIENT = 1;
        private static final int HVP = 2;

        private final Objective[] parts;
        private final boolean hvp;
        /** Group g holds the parts from[g] .. from[g + 1] − 1; group 0 runs on the caller. */
        private final int[] from;
        private final Runnable[] groups;
        private final Future<?>[] pending;
        private final double[] values;
        private final Throwable[] failures;
        /** Per part, its output buffers (part 0 writes into the caller's). */
        private final Matrix[][] outputs;

        // The call in progress: written before the tasks are submitted, read by them.
        private int mode;
        private Matrix[] x;
        private Matrix[] v;

        Parallel(int threads, Objective[] parts) {
            this.parts = parts;
            this.hvp = allHaveHvp(parts);
            int groupCount = Math.min(threads, parts.length);
            from = new int[groupCount + 1];
            for (int g = 0; g <= groupCount; g++) {
                from[g] = (int) ((long) parts.length * g / groupCount);
            }
            groups = new Runnable[groupCount];
            for (int g = 0; g < groupCount; g++) {
                int group = g;
                groups[g] = () -> runGroup(group);
            }
            pending = new Future<?>[groupCount];
            values = new double[parts.length];
            failures = new Throwable[parts.length];
            outputs = new Matrix[parts.length][];
        }

        @Override
        public double value(Matrix[] x) {
            run(VALUE, x, null);
            double value = values[0];
            for (int i = 1; i < parts.length; i++) {
                value += values[i];
            }
            return value;
        }

        @Override
        public double gradient(Matrix[] x, Matrix[] g) {
            Checks.nonNull(x, "x");
            Vars.requireSameShapes(x, "x", g, "g");
            prepareOutputs(g);
            run(GRADIENT, x, null);
            double value = values[0];
            for (int i = 1; i < parts.length; i++) {
                value += values[i];
                Vars.add(outputs[i], g);
            }
            return value;
        }

        @Override
        public boolean hasHvp() {
            return hvp;
        }

        @Override
        public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
            if (!hvp) {
                Objective.super.hvp(x, v, hv);
            }
            Checks.nonNull(x, "x");
            Vars.requireSameShapes(x, "x", hv, "hv");
            prepareOutputs(hv);
            run(HVP, x, v);
            for (int i = 1; i < parts.length; i++) {
                Vars.add(outputs[i], hv);
            }
        }

        private void prepareOutputs(Matrix[] out) {
            outputs[0] = out;
            for (int i = 1; i < parts.length; i++) {
                if (outputs[i] == null || !Vars.sameShapes(outputs[i], out)) {
                    outputs[i] = Vars.zerosLike(out);
                }
            }
        }

        /** Evaluates every part, waits for all of them, then rethrows the first failure. */
        private void run(int mode, Matrix[] x, Matrix[] v) {
            this.mode = mode;
            this.x = x;
            this.v = v;
            boolean interrupted = false;
            try {
                for (int g = 1; g < groups.length; g++) {
                    pending[g] = Pool.EXECUTOR.submit(groups[g]);
                }
                runGroup(0);
                for (int g = 1; g < groups.length; g++) {
                    while (true) {
                        try {
                            pending[g].get();
                            break;
                        } catch (InterruptedException e) {
                            // The parts are writing into our buffers: finish waiting first.
                            interrupted = true;
                        } catch (ExecutionException e) {
                            // runGroup catches everything, so this is not expected; keep it.
                            failures[from[g]] = e.getCause();
                            break;
                        }
                    }
                    pending[g] = null;
                }
            } finally {
                this.x = null;
                this.v = null;
                outputs[0] = null;
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            for (int i = 0; i < failures.length; i++) {
                Throwable t = failures[i];
                if (t != null) {
                    java.util.Arrays.fill(failures, null);
                    if (t instanceof RuntimeException r) {
                        throw r;
                    }
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException("parts[" + i + "] failed", t);
                }
            }
        }

        private void runGroup(int group) {
            for (int i = from[group]; i < from[group + 1]; i++) {
                try {
                    switch (mode) {
                        case VALUE -> values[i] = parts[i].value(x);
                        case GRADIENT -> values[i] = parts[i].gradient(x, outputs[i]);
                        default -> parts[i].hvp(x, v, outputs[i]);
                    }
                } catch (Throwable t) {
                    failures[i] = t;
                    return;
                }
            }
        }
    }

    /** The runtime's pool for {@link #parallel}: daemon threads that end after a minute idle. */
    private static final class Pool {
        private static final AtomicInteger COUNT = new AtomicInteger();
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "tracegrad-optim-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            // A pool thread outlives the caller that started it: it must not keep that caller's
            // class loader reachable.
            t.setContextClassLoader(null);
            return t;
        });
    }
}
