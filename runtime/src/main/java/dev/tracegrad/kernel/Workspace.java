package dev.tracegrad.kernel;

/**
 * Scratch rows the kernels work in, owned by one instance of a generated class and passed to
 * every kernel call. Rows are separate arrays indexed from 0, the loop shape C2 vectorises best.
 * It grows to the largest shape seen and never shrinks, so after warm-up no kernel call
 * allocates. Not thread-safe; each call uses it only while it runs.
 */
public final class Workspace {
    private double[][] rows = new double[0][];
    private int width;

    /** Creates an empty workspace; the first calls size it. */
    public Workspace() {}

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
