package dev.tracegrad.kernel;

/**
 * Scratch rows the kernels work in, owned by one instance of a generated class and passed to
 * every kernel call. Rows are separate arrays indexed from 0, the loop shape C2 vectorises best.
 * It grows to the largest shape seen and never shrinks, so after warm-up no kernel call
 * allocates. Not thread-safe; each call uses it only while it runs.
 *
 * <p>It also carries how many threads a large product may use (see {@link Gemm}): 1 unless the
 * generated class was created with more.
 */
public final class Workspace {
    private final int threads;
    private double[][] rows = new double[0][];
    private int width;
    private Lane[] claimed = new Lane[0];
    private final double[][] blocks = new double[5][0];
    private final GemmKernel kernel;

    /** Creates an empty workspace for one thread; the first calls size it. */
    public Workspace() {
        this(1);
    }

    /**
     * Creates an empty workspace whose large products split their columns over {@code threads}
     * threads: the calling one and {@code threads − 1} helper threads shared by every workspace.
     *
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public Workspace(int threads) {
        this(threads, Vectorization.GEMM);
    }

    /**
     * A workspace whose products use {@code kernel} for their general case, or the plain loops
     * when it is null (tests compare the two in one JVM).
     */
    Workspace(int threads, GemmKernel kernel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.threads = threads;
        this.kernel = kernel;
    }

    /** The vector product kernel this workspace's products use, or null for the plain loops. */
    GemmKernel kernel() {
        return kernel;
    }

    /** Threads a large product may use, the calling one included. */
    int threads() {
        return threads;
    }

    /**
     * Flat scratch array {@code which} of at least {@code length} entries (contents
     * unspecified), apart from the rows: 0 and 1 hold the gathered columns and the product of a
     * split product's part, 2 to 4 the vector kernel's packed panels and edge tile.
     */
    double[] block(int which, int length) {
        if (blocks[which].length < length) {
            blocks[which] = new double[length];
        }
        return blocks[which];
    }

    /** A slot per helper part of a split product, for the lanes it claimed (all null between calls). */
    Lane[] claimed(int count) {
        if (claimed.length < count) {
            claimed = new Lane[count];
        }
        return claimed;
    }

    /** At least {@code count} rows of at least {@code width} entries (contents unspecified). */
    double[][] rows(int count, int width) {
        if (rows.length < count || this.width < width) {
            int w = Math.max(this.width, width);
            double[][] grown = new double[Math.max(rows.length, count)][];
            for (int k = 0; k < grown.length; k++) {
                grown[k] = new double[w];
            }
            rows = grown;
            this.width = w;
        }
        return rows;
    }
}
