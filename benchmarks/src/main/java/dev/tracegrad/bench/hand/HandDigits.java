package dev.tracegrad.bench.hand;

import dev.tracegrad.Matrix;

/**
 * The digits classifier's mean cross-entropy, by hand. With H = tanh(W1X + b1𝟏ᵀ), Z = W2H + b2𝟏ᵀ
 * and G = (softmax(Z) ⊙ 𝟏(𝟏ᵀY) − Y)/batch: ∂l/∂W2 = G Hᵀ, ∂l/∂b2 = G𝟏, and with G1 = W2ᵀG ⊙ (1 −
 * H²): ∂l/∂W1 = G1 Xᵀ, ∂l/∂b1 = G1𝟏.
 */
public final class HandDigits {
    private final int d;
    private final int h;
    private final int k;
    private final int n;
    private final double[] hidden;
    private final double[] logits;
    private final double[] g;
    private final double[] g1;
    private final Gemm gemm = new Gemm();
    private final SoftmaxCrossEntropy loss;

    /** Scratch for W1 h×d, b1 h×1, W2 k×h, b2 k×1, X d×n, Y k×n. */
    public HandDigits(int d, int h, int k, int n) {
        this.d = d;
        this.h = h;
        this.k = k;
        this.n = n;
        this.hidden = new double[h * n];
        this.logits = new double[k * n];
        this.g = new double[k * n];
        this.g1 = new double[h * n];
        this.loss = new SoftmaxCrossEntropy(n);
    }

    /** The loss. */
    public double value(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y,
            double batch) {
        return forward(W1, b1, W2, b2, X, Y, batch);
    }

    /** Writes the four gradients into the buffers and returns the loss. */
    public double gradient(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y,
            double batch, Matrix dW1, Matrix db1, Matrix dW2, Matrix db2) {
        double value = forward(W1, b1, W2, b2, X, Y, batch);
        loss.gradient(logits, Y.data(), k, n, 1 / batch, g);
        gemm.multiply(g, false, hidden, true, dW2.data(), k, n, h);
        rowSums(g, k, db2.data());
        gemm.multiply(W2.data(), true, g, false, g1, h, k, n);
        for (int i = 0; i < g1.length; i++) {
            double t = hidden[i];
            g1[i] *= 1 - t * t;
        }
        gemm.multiply(g1, false, X.data(), true, dW1.data(), h, n, d);
        rowSums(g1, h, db1.data());
        return value;
    }

    private double forward(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y,
            double batch) {
        gemm.multiply(W1.data(), false, X.data(), false, hidden, h, d, n);
        double[] bias1 = b1.data();
        for (int i = 0; i < h; i++) {
            double b = bias1[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                hidden[row + j] = Math.tanh(hidden[row + j] + b);
            }
        }
        gemm.multiply(W2.data(), false, hidden, false, logits, k, h, n);
        double[] bias2 = b2.data();
        for (int i = 0; i < k; i++) {
            double b = bias2[i];
            int row = i * n;
            for (int j = 0; j < n; j++) {
                logits[row + j] += b;
            }
        }
        return loss.value(logits, Y.data(), k, n) / batch;
    }

    private void rowSums(double[] a, int rows, double[] out) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                s += a[row + j];
            }
            out[i] = s;
        }
    }
}
