package dev.tracegrad.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A helper thread that computes one column block of a split product (see {@link Gemm}) in a
 * workspace of its own. Lanes are daemon threads shared by every {@link Workspace} and created
 * the first time a product asks for them; one caller at a time holds a lane, and a caller that
 * finds a lane taken computes that part itself. Handing over a part allocates nothing: the part's
 * operands go into this lane's fields before the volatile write that publishes them.
 */
final class Lane {
    private static final int IDLE = 0;
    private static final int POSTED = 1;
    private static final int DONE = 2;
    private static final Object GROW = new Object();
    private static volatile Lane[] lanes = new Lane[0];

    private final AtomicBoolean held = new AtomicBoolean();
    private final Workspace workspace = new Workspace();
    private final Thread thread;
    private volatile int state = IDLE;

    // The part, written by the holder before state becomes POSTED and cleared after DONE.
    private double[] a;
    private double[] b;
    private double[] c;
    private boolean transA;
    private boolean transB;
    private int m;
    private int p;
    private int n;
    private int j0;
    private int j1;
    private double alpha;
    private Thread holder;
    private Throwable failure;

    private Lane(int index) {
        thread = new Thread(this::serve, "tracegrad-gemm-" + index);
        thread.setDaemon(true);
        // A lane outlives the caller that started it: it must not keep that caller's class
        // loader reachable.
        thread.setContextClassLoader(null);
    }

    /** The first {@code count} lanes, starting the ones that do not exist yet. */
    static Lane[] atLeast(int count) {
        Lane[] current = lanes;
        if (current.length >= count) {
            return current;
        }
        synchronized (GROW) {
            current = lanes;
            if (current.length < count) {
                Lane[] grown = Arrays.copyOf(current, count);
                for (int i = current.length; i < count; i++) {
                    grown[i] = new Lane(i + 1);
                    grown[i].thread.start();
                }
                lanes = grown;
                current = grown;
            }
            return current;
        }
    }

    /** Takes the lane for one part, or returns false if another caller holds it. */
    boolean tryClaim() {
        return held.compareAndSet(false, true);
    }

    /** Hands the claimed lane columns j0..j1−1 of C = α·op(A)·op(B) and wakes it. */
    void post(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int p,
            int n, int j0, int j1, double alpha) {
        this.a = a;
        this.transA = transA;
        this.b = b;
        this.transB = transB;
        this.c = c;
        this.m = m;
        this.p = p;
        this.n = n;
        this.j0 = j0;
        this.j1 = j1;
        this.alpha = alpha;
        this.holder = Thread.currentThread();
        state = POSTED;
        LockSupport.unpark(thread);
    }

    /**
     * Waits until the posted part is written, releases the lane and returns what the part threw,
     * or null.
     */
    Throwable await() {
        while (state != DONE) {
            LockSupport.park(this);
        }
        Throwable f = failure;
        a = null;
        b = null;
        c = null;
        holder = null;
        failure = null;
        state = IDLE;
        held.set(false);
        return f;
    }

    private void serve() {
        while (true) {
            while (state != POSTED) {
                LockSupport.park(this);
            }
            try {
                Gemm.part(a, transA, b, transB, c, m, p, n, j0, j1, alpha, workspace);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            Thread wake = holder;
            state = DONE;
            LockSupport.unpark(wake);
        }
    }
}
