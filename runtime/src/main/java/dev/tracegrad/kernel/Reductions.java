package dev.tracegrad.kernel;

/**
 * The stable log-sum-exp reductions, used both by {@link dev.tracegrad.Ops} and by generated code,
 * so that the two compute bit-identical values. Called by generated code; not part of the DSL.
 *
 * <p>Each sum is shifted by its largest term, log Σ exp(xₖ) = m + log Σ exp(xₖ − m), so no
 * exponential overflows and the largest term contributes exactly 1: entries of ±1000 give finite
 * results. A sum whose largest term is infinite is that term (+∞, or −∞ when every term is −∞ or
 * there is none); a NaN term makes it NaN.
 */
public final class Reductions {
    private Reductions() {}

    /** log Σₖ exp(a[k]) over a[0], …, a[length − 1], shifted by the largest; sums in index order. */
    public static double logSumExp(double[] a, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < length; k++) {
            max = Math.max(max, a[k]);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (int k = 0; k < length; k++) {
            sum += Math.exp(a[k] - max);
        }
        return max + Math.log(sum);
    }

    /**
     * out[j] = log Σᵢ exp(a[i][j]) for each column j of the row-major m×n matrix a, shifted by the
     * column's largest entry. The matrix is read row by row with a running maximum per column in
     * {@code colMax} (n entries, overwritten); each column's sum still runs in ascending row order.
     */
    public static void colLogSumExp(double[] a, int m, int n, double[] colMax, double[] out) {
        java.util.Arrays.fill(colMax, 0, n, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < m; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                colMax[j] = Math.max(colMax[j], a[row + j]);
            }
        }
        java.util.Arrays.fill(out, 0, n, 0.0);
        for (int i = 0; i < m; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                out[j] += Math.exp(a[row + j] - colMax[j]);
            }
        }
        for (int j = 0; j < n; j++) {
            out[j] = Double.isInfinite(colMax[j]) ? colMax[j] : colMax[j] + Math.log(out[j]);
        }
    }
}
