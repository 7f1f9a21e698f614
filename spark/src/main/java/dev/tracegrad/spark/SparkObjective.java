package dev.tracegrad.spark;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * An {@link Objective} that is the sum of one objective per block of a Spark RDD: a data set too
 * large for one machine, split into blocks (a shard of columns of X and y, say), each turned into
 * an objective by a {@link Factory} on the executor that holds it.
 *
 * <pre>{@code
 * JavaRDD<Block> blocks = ...;   // one block per partition, a fixed partitioning, cached
 * Objective f = SparkObjective.of(blocks,
 *         b -> new LossesLogisticGradient().objective(b.X(), b.y(), lambda / partitions));
 * OptimResult r = Lbfgs.minimize(f, x0, options);   // each evaluation is one Spark job
 * }</pre>
 *
 * <p><b>One evaluation.</b> {@link #value}, {@link #gradient} and {@link #hvp} run on the driver.
 * Each broadcasts x (and v), runs one Spark job over every partition of the RDD, and destroys the
 * broadcast when the job has ended, whether it succeeded or not. In its task, a partition
 * evaluates the objectives of its blocks in iteration order, adds them left to right (the first
 * block writes the partition's result, each later one is added entry by entry) and sends back one
 * value and, for {@code gradient} and {@code hvp}, one set of matrices shaped like x.
 *
 * <p><b>Objectives are built once per block per executor.</b> The first task of a partition on an
 * executor JVM calls the factory for each of the partition's blocks and keeps the objectives in a
 * JVM-wide cache keyed by (this objective, RDD id, partition index); later evaluations reuse them,
 * scratch buffers and all, without reading the partition again. A partition's entry is used by
 * one task at a time (tasks lock it), since objectives are single-threaded. If the factory
 * throws, nothing is cached for the partition and the next attempt calls it again. A partition
 * that moves to another executor (a lost executor, a recomputed cache block) is built there
 * afresh; the entries stay in the executors' memory until {@link #close}.
 *
 * <p><b>Fixed order, same bits.</b> Partial results are added on the driver in partition order,
 * never in the order tasks finish (Spark's {@code reduce}, {@code aggregate} and
 * {@code treeAggregate} merge in completion order). Partition 0's value and gradient are copied
 * into the result and each later partition's are added to it, entry by entry, exactly as
 * {@link dev.tracegrad.optim.Objectives#sum} adds its parts; empty partitions are skipped. So the
 * same x gives the same bits whatever the number of executors, cores or task retries, given the
 * same blocks in the same partitions and the same JDK on every node; and with one block per
 * partition the result has the bits of {@code Objectives.sum} over the blocks in partition order.
 *
 * <p><b>Driver memory.</b> Each evaluation is a single job whose results are handed to the driver
 * as their tasks finish. A partition's result is added to the sum as soon as every partition
 * before it has been added, and dropped then; a result that arrives early waits only for the
 * partitions before it. So the driver holds the sum, plus the results that arrived ahead of a
 * slower partition with a lower index: at most one set of matrices per partition, and in
 * the common case of tasks finishing roughly in index order, a few. (Results are added on
 * Spark's scheduler thread as they arrive, which costs one pass over the gradient each.)
 *
 * <p><b>Errors.</b> An exception thrown by a block's objective or by the factory fails the task;
 * Spark retries it as configured ({@code spark.task.maxFailures}; in local mode the master URL
 * {@code local[n,maxFailures]}), and a retried task gives the same bits. When the job fails, an
 * {@link IllegalArgumentException} from a block (such as the shape check of a generated class)
 * is rethrown on the driver as an {@code IllegalArgumentException} with the block's own message
 * prefixed by {@code partition i, block k: } (the Spark exception as its cause); any other
 * failure surfaces as Spark's exception. If every partition is empty, an evaluation throws
 * {@link IllegalStateException}.
 *
 * <p>Like any objective, this one is used by one thread at a time. Blocks travel between JVMs
 * only as Spark moves RDD data; the objectives themselves never leave the executor that built
 * them, so they need not be serializable, but the factory (and what it captures) must be.
 * x and v travel as {@code double[]} arrays.
 *
 * @param <T> the type of one block
 */
public final class SparkObjective<T> implements Objective, AutoCloseable {
    /**
     * Builds the objective of one block, on the executor that holds the block. Serializable, so a
     * lambda fits; it must capture only serializable values (not an enclosing instance that is
     * not).
     *
     * @param <T> the type of one block
     */
    @FunctionalInterface
    public interface Factory<T> extends Serializable {
        /** The objective of {@code block}, whose variables are those of the whole sum. */
        Objective create(T block);
    }

    private final JavaRDD<T> blocks;
    private final Factory<T> factory;
    private final boolean hvp;
    /** Distinguishes this objective's cache entries from those of others over the same RDD. */
    private final String token;
    private boolean closed;

    private SparkObjective(JavaRDD<T> blocks, Factory<T> factory, boolean hvp) {
        this.blocks = Objects.requireNonNull(blocks, "blocks");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.hvp = hvp;
        this.token = UUID.randomUUID().toString();
    }

    /**
     * The sum of {@code factory.create(block)} over every block of {@code blocks}, without a
     * Hessian-vector product ({@link #hasHvp} is false).
     *
     * @throws NullPointerException if an argument is null
     */
    public static <T> SparkObjective<T> of(JavaRDD<T> blocks, Factory<T> factory) {
        return new SparkObjective<>(blocks, factory, false);
    }

    /**
     * The same sum, declaring whether it has a Hessian-vector product. The driver cannot ask the
     * blocks' objectives, so it is declared here: with {@code hvp} true, {@link #hasHvp} is true
     * and {@link #hvp} sums the blocks' H·v (a block whose objective has none fails its task
     * with an {@link IllegalArgumentException} saying so, surfacing on the driver as described
     * in the class comment).
     *
     * @throws NullPointerException if an argument is null
     */
    public static <T> SparkObjective<T> of(JavaRDD<T> blocks, Factory<T> factory, boolean hvp) {
        return new SparkObjective<>(blocks, factory, hvp);
    }

    /** The RDD of blocks this objective sums over. */
    public JavaRDD<T> blocks() {
        return blocks;
    }

    @Override
    public double value(Matrix[] x) {
        return evaluate(Mode.VALUE, x, null, null);
    }

    @Override
    public double gradient(Matrix[] x, Matrix[] g) {
        requireLike(x, "x", g, "g");
        return evaluate(Mode.GRADIENT, x, null, g);
    }

    @Override
    public boolean hasHvp() {
        return hvp;
    }

    @Override
    public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
        if (!hvp) {
            throw new UnsupportedOperationException("this SparkObjective has no Hessian-vector"
                    + " product: build it with SparkObjective.of(blocks, factory, true), over"
                    + " objectives that have one (@Differentiable(..., hvp = true))");
        }
        requireLike(x, "x", v, "v");
        requireLike(x, "x", hv, "hv");
        evaluate(Mode.HVP, x, v, hv);
    }

    /**
     * Drops the objectives cached for this objective on the executors that run a task of it now
     * (one small job over the partitions; every executor in local mode) and marks it closed:
     * later evaluations throw {@link IllegalStateException}. Executors that lost a partition to
     * another one keep that partition's entry until their JVM ends. Calling it twice does
     * nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        String t = token;
        if (!blocks.context().isStopped()) {
            blocks.foreachPartition(it -> Cache.drop(t));
        }
        Cache.drop(t);
    }

    private double evaluate(Mode mode, Matrix[] x, Matrix[] v, Matrix[] out) {
        if (closed) {
            throw new IllegalStateException("this SparkObjective is closed");
        }
        Vars x0 = Vars.of(x, "x");
        Vars v0 = v == null ? null : Vars.of(v, "v");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(blocks.context());
        Broadcast<Vars[]> broadcast = sc.broadcast(new Vars[] {x0, v0});
        Fold fold = new Fold(blocks.getNumPartitions(), out);
        // Spark cleans and serializes the job's function and RDD for every job; both are small.
        try {
            Evaluate<T> task = new Evaluate<>(token, blocks.id(), factory, hvp, mode, broadcast);
            ClassTag<Part> tag = ClassTag$.MODULE$.apply(Part.class);
            Parts<T> parts = new Parts<>(blocks.rdd(), task, tag);
            parts.context().runJob(parts, new First(), fold, tag);
        } catch (Exception e) {
            // Spark throws its (checked) SparkException from Scala code, undeclared.
            IllegalArgumentException block = blockFailure(e);
            if (block != null) {
                throw block;
            }
            throw e;
        } finally {
            broadcast.destroy();
        }
        return fold.result();
    }

    /** The block's IllegalArgumentException, if that is what failed the job; else null. */
    private static IllegalArgumentException blockFailure(Exception e) {
        int depth = 0;
        for (Throwable c = e; c != null && depth < 20; c = c.getCause(), depth++) {
            if (c instanceof BlockException b) {
                return new IllegalArgumentException(b.getMessage(), e);
            }
        }
        return null;
    }

    private static void requireLike(Matrix[] x, String xName, Matrix[] a, String aName) {
        Objects.requireNonNull(x, xName);
        Objects.requireNonNull(a, aName);
        if (a.length != x.length) {
            throw new IllegalArgumentException(aName + " holds " + a.length + " matrices but "
                    + xName + " holds " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            Objects.requireNonNull(x[i], xName + "[" + i + "]");
            Matrix m = a[i];
            if (m == null || m.rows() != x[i].rows() || m.cols() != x[i].cols()) {
                throw new IllegalArgumentException(aName + "[" + i + "] must be " + x[i].rows()
                        + "×" + x[i].cols() + " like " + xName + "[" + i + "] but is "
                        + (m == null ? "null" : m.rows() + "×" + m.cols()));
            }
        }
    }

    enum Mode { VALUE, GRADIENT, HVP }

    /** A list of matrices as arrays: what is broadcast, and what a partition sends back. */
    static final class Vars implements Serializable {
        private static final long serialVersionUID = 1L;
        final int[] rows;
        final int[] cols;
        final double[][] data;

        private Vars(int[] rows, int[] cols, double[][] data) {
            this.rows = rows;
            this.cols = cols;
            this.data = data;
        }

        /** A copy of the entries of {@code m}. */
        static Vars of(Matrix[] m, String name) {
            Objects.requireNonNull(m, name);
            int[] rows = new int[m.length];
            int[] cols = new int[m.length];
            double[][] data = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
                Matrix mi = Objects.requireNonNull(m[i], name + "[" + i + "]");
                rows[i] = mi.rows();
                cols[i] = mi.cols();
                data[i] = mi.data().clone();
            }
            return new Vars(rows, cols, data);
        }

        /** New matrices with these entries. */
        Matrix[] matrices() {
            Matrix[] m = new Matrix[data.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = Matrix.of(rows[i], cols[i], data[i]);
            }
            return m;
        }

        /** New zero matrices of these shapes. */
        Matrix[] zeros() {
            Matrix[] m = new Matrix[data.length];
            for (int i = 0; i < m.length; i++) {
                m[i] = Matrix.zeros(rows[i], cols[i]);
            }
            return m;
        }
    }

    /** One partition's result: its value and, but for VALUE, its matrices. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        /** Number of blocks in the partition; 0 for an empty one (then nothing else is set). */
        final int blocks;
        final double value;
        final double[][] data;

        Part(int blocks, double value, double[][] data) {
            this.blocks = blocks;
            this.value = value;
            this.data = data;
        }
    }

    /** A block's IllegalArgumentException, with the partition and block in its message. */
    static final class BlockException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BlockException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The RDD of one evaluation: one {@link Part} per partition of the blocks. It reads its
     * parent's partition only when the partition's objectives are not cached on this executor,
     * so a cached evaluation neither deserializes nor even opens a persisted block. (Spark still
     * schedules its tasks where the parent's persisted blocks are: the dependency is narrow.)
     */
    static final class Parts<T> extends RDD<Part> {
        private static final long serialVersionUID = 1L;
        private final RDD<T> parent;
        private final Evaluate<T> evaluate;

        Parts(RDD<T> parent, Evaluate<T> evaluate, ClassTag<Part> tag) {
            super(parent, tag);
            this.parent = parent;
            this.evaluate = evaluate;
        }

        @Override
        public scala.collection.Iterator<Part> compute(Partition split, TaskContext context) {
            Part part = evaluate.apply(split.index(), () -> parent.iterator(split, context));
            return CollectionConverters.asScala(List.of(part).iterator());
        }

        @Override
        public Partition[] getPartitions() {
            return parent.partitions();
        }
    }

    /** The job's function: a partition's one result. */
    static final class First extends AbstractFunction2<TaskContext, scala.collection.Iterator<Part>, Part>
            implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public Part apply(TaskContext context, scala.collection.Iterator<Part> parts) {
            return parts.next();
        }
    }

    /**
     * A partition's evaluation: the blocks of one partition with the objectives cached for it on
     * this executor, building them on first use.
     */
    static final class Evaluate<T> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String token;
        private final int rddId;
        private final Factory<T> factory;
        private final boolean hvp;
        private final Mode mode;
        private final Broadcast<Vars[]> broadcast;

        Evaluate(String token, int rddId, Factory<T> factory, boolean hvp, Mode mode,
                Broadcast<Vars[]> broadcast) {
            this.token = token;
            this.rddId = rddId;
            this.factory = factory;
            this.hvp = hvp;
            this.mode = mode;
            this.broadcast = broadcast;
        }

        Part apply(int partition, Supplier<scala.collection.Iterator<T>> blocks) {
            Cache.Slot slot = Cache.slot(token, rddId, partition);
            synchronized (slot) {
                if (slot.objectives == null) {
                    scala.collection.Iterator<T> it = blocks.get();
                    List<Objective> built = new ArrayList<>();
                    while (it.hasNext()) {
                        T block = it.next();
                        Objective o = factory.create(block);
                        if (o == null) {
                            throw new NullPointerException("partition " + partition + ", block "
                                    + built.size() + ": the factory returned null");
                        }
                        if (hvp && !o.hasHvp()) {
                            throw new BlockException("partition " + partition + ", block "
                                    + built.size() + ": the SparkObjective declares hvp but this"
                                    + " block's objective has none (hasHvp() is false)", null);
                        }
                        built.add(o);
                    }
                    slot.objectives = built.toArray(new Objective[0]);
                }
                Objective[] objectives = slot.objectives;
                if (objectives.length == 0) {
                    return new Part(0, 0, null);
                }
                Vars[] xv = broadcast.value();
                Matrix[] x = xv[0].matrices();
                Matrix[] v = mode == Mode.HVP ? xv[1].matrices() : null;
                double value = 0;
                Matrix[] out = null;
                if (mode != Mode.VALUE) {
                    if (slot.out == null || !slot.shapes(xv[0])) {
                        slot.out = xv[0].zeros();
                        slot.scratch = xv[0].zeros();
                    }
                    out = slot.out;
                }
                for (int k = 0; k < objectives.length; k++) {
                    Matrix[] target = k == 0 ? out : slot.scratch;
                    double part;
                    try {
                        part = switch (mode) {
                            case VALUE -> objectives[k].value(x);
                            case GRADIENT -> objectives[k].gradient(x, target);
                            case HVP -> {
                                objectives[k].hvp(x, v, target);
                                yield 0;
                            }
                        };
                    } catch (IllegalArgumentException e) {
                        throw new BlockException("partition " + partition + ", block " + k + ": "
                                + e.getMessage(), e);
                    }
                    if (k == 0) {
                        value = part;
                    } else {
                        value += part;
                        if (out != null) {
                            add(slot.scratch, out);
                        }
                    }
                }
                double[][] data = null;
                if (out != null) {
                    // Copied: the buffers stay with the slot, the result is serialized later.
                    data = new double[out.length][];
                    for (int i = 0; i < out.length; i++) {
                        data[i] = out[i].data().clone();
                    }
                }
                return new Part(objectives.length, value, data);
            }
        }
    }

    /** y := y + x, entry by entry, as {@code Objectives.sum} adds its parts. */
    static void add(Matrix[] x, Matrix[] y) {
        for (int i = 0; i < x.length; i++) {
            add(x[i].data(), y[i].data());
        }
    }

    static void add(double[] xs, double[] ys) {
        for (int k = 0; k < xs.length; k++) {
            ys[k] += xs[k];
        }
    }

    /**
     * Adds partitions' results in partition order as they arrive (on Spark's scheduler thread),
     * holding a result only until every partition before it has been added.
     */
    static final class Fold extends AbstractFunction2<Object, Part, BoxedUnit> {
        private final Part[] pending;
        private final Matrix[] out;
        private int next;
        private boolean started;
        private double value;

        Fold(int partitions, Matrix[] out) {
            this.pending = new Part[partitions];
            this.out = out;
        }

        @Override
        public synchronized BoxedUnit apply(Object index, Part part) {
            pending[(Integer) index] = part;
            while (next < pending.length && pending[next] != null) {
                Part p = pending[next];
                pending[next] = null;
                next++;
                if (p.blocks == 0) {
                    continue;
                }
                if (!started) {
                    started = true;
                    value = p.value;
                    if (out != null) {
                        for (int i = 0; i < out.length; i++) {
                            System.arraycopy(p.data[i], 0, out[i].data(), 0, p.data[i].length);
                        }
                    }
                } else {
                    value += p.value;
                    if (out != null) {
                        for (int i = 0; i < out.length; i++) {
                            add(p.data[i], out[i].data());
                        }
                    }
                }
            }
            return BoxedUnit.UNIT;
        }

        synchronized double result() {
            if (next != pending.length) {
                throw new IllegalStateException("only " + next + " of " + pending.length
                        + " partitions were added");
            }
            if (!started) {
                throw new IllegalStateException("the RDD holds no blocks: every one of its "
                        + pending.length + " partitions is empty");
            }
            return value;
        }
    }

    /** The objectives of each partition on this JVM. */
    static final class Cache {
        private static final ConcurrentHashMap<String, Slot> SLOTS = new ConcurrentHashMap<>();

        private Cache() {}

        static final class Slot {
            /** Built on first use, under the slot's lock. */
            Objective[] objectives;
            Matrix[] out;
            Matrix[] scratch;

            boolean shapes(Vars x) {
                if (out.length != x.data.length) {
                    return false;
                }
                for (int i = 0; i < out.length; i++) {
                    if (out[i].rows() != x.rows[i] || out[i].cols() != x.cols[i]) {
                        return false;
                    }
                }
                return true;
            }
        }

        static Slot slot(String token, int rddId, int partition) {
            return SLOTS.computeIfAbsent(token + "/" + rddId + "/" + partition, k -> new Slot());
        }

        static void drop(String token) {
            SLOTS.keySet().removeIf(k -> k.startsWith(token + "/"));
        }

        /** Number of cached partitions on this JVM (for tests). */
        static int size(String token) {
            int n = 0;
            for (String k : SLOTS.keySet()) {
                if (k.startsWith(token + "/")) {
                    n++;
                }
            }
            return n;
        }
    }

    /** The cache key's token, for tests. */
    String token() {
        return token;
    }
}
