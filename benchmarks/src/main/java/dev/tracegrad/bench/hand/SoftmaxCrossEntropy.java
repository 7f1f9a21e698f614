package dev.tracegrad.bench.hand;

/**
 * Cross-entropy −Σ Y ⊙ logSoftmax(Z) over the columns of a k×n row-major Z, and its gradient
 * P ⊙ 𝟏(𝟏ᵀY) − Y with P = softmax(Z). Column statistics are gathered in row sweeps, so every
 * loop runs along contiguous rows rather than striding down columns.
 */
final class SoftmaxCrossEntropy {
    private final double[] lse;
    private final double[] labelMass;

    /** Scratch for up to n columns. */
    SoftmaxCrossEntropy(int n) {
        this.lse = new double[n];
        this.labelMass = new double[n];
    }

    /** −Σᵢⱼ Yᵢⱼ (zᵢⱼ − lse_j), keeping each column's log-sum-exp for {@link #gradient}. */
    double value(double[] z, double[] y, int k, int n) {
        // The column maxima and exp-sums live in the two scratch rows until lse replaces them.
        double[] max = lse;
        System.arraycopy(z, 0, max, 0, n);
        for (int i = 1; i < k; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                max[j] = Math.max(max[j], z[row + j]);
            }
        }
        double[] sum = labelMass;
        java.util.Arrays.fill(sum, 0, n, 0);
        for (int i = 0; i < k; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                sum[j] += Math.exp(z[row + j] - max[j]);
            }
        }
        for (int j = 0; j < n; j++) {
            lse[j] = max[j] + Math.log(sum[j]);
        }
        double loss = 0;
        for (int i = 0; i < k; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                loss -= y[row + j] * (z[row + j] - lse[j]);
            }
        }
        return loss;
    }

    /** g = scale · (softmax(Z) ⊙ 𝟏(𝟏ᵀY) − Y); call after {@link #value} on the same Z and Y. */
    void gradient(double[] z, double[] y, int k, int n, double scale, double[] g) {
        java.util.Arrays.fill(labelMass, 0, n, 0);
        for (int i = 0; i < k; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                labelMass[j] += y[row + j];
            }
        }
        for (int i = 0; i < k; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                double p = Math.exp(z[row + j] - lse[j]);
                g[row + j] = scale * (p * labelMass[j] - y[row + j]);
            }
        }
    }
}
