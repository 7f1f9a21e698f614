package dev.tracegrad.bench.ejml;

import org.ejml.data.DMatrixRMaj;

/**
 * Log-softmax cross-entropy over the columns of a logits matrix, and its gradient, in the plain
 * column-by-column loops an EJML user writes for an operation the library lacks.
 */
final class ColumnLogSoftmax {
    private ColumnLogSoftmax() {}

    /** −Σ Y ⊙ logSoftmax(Z); replaces Z by logSoftmax(Z), which {@link #gradient} reads. */
    static double crossEntropyInPlace(DMatrixRMaj z, DMatrixRMaj y) {
        int k = z.numRows;
        int n = z.numCols;
        double loss = 0;
        for (int j = 0; j < n; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                max = Math.max(max, z.unsafe_get(i, j));
            }
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += Math.exp(z.unsafe_get(i, j) - max);
            }
            double lse = max + Math.log(sum);
            for (int i = 0; i < k; i++) {
                double logp = z.unsafe_get(i, j) - lse;
                z.unsafe_set(i, j, logp);
                loss -= y.unsafe_get(i, j) * logp;
            }
        }
        return loss;
    }

    /** G = scale · (exp(logp) ⊙ 𝟏(𝟏ᵀY) − Y) from the log-probabilities left by the forward pass. */
    static void gradient(DMatrixRMaj logp, DMatrixRMaj y, double scale, DMatrixRMaj g) {
        int k = logp.numRows;
        int n = logp.numCols;
        for (int j = 0; j < n; j++) {
            double mass = 0;
            for (int i = 0; i < k; i++) {
                mass += y.unsafe_get(i, j);
            }
            for (int i = 0; i < k; i++) {
                g.unsafe_set(i, j,
                        scale * (Math.exp(logp.unsafe_get(i, j)) * mass - y.unsafe_get(i, j)));
            }
        }
    }
}
