package dev.tracegrad.bench.hand;

import dev.tracegrad.Matrix;

/**
 * l = −sum(Y ⊙ logSoftmax(W2 σ(W1 X))), by hand. With H = σ(W1X), Z = W2H and G = softmax(Z) ⊙
 * 𝟏(𝟏ᵀY) − Y: ∂l/∂W2 = G Hᵀ and ∂l/∂W1 = (W2ᵀG ⊙ H ⊙ (1 − H)) Xᵀ.
 */
public final class HandMlp {
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

    /** Scratch for inputs of these dimensions: W1 h×d, W2 k×h, X d×n, Y k×n. */
    public HandMlp(int d, int h, int k, int n) {
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
    public double value(Matrix W1, Matrix W2, Matrix X, Matrix Y) {
        return forward(W1, W2, X, Y);
    }

    /** Writes ∂l/∂W1 and ∂l/∂W2 into the buffers and returns the loss. */
    public double gradient(Matrix W1, Matrix W2, Matrix X, Matrix Y, Matrix dW1, Matrix dW2) {
        double value = forward(W1, W2, X, Y);
        loss.gradient(logits, Y.data(), k, n, 1, g);
        gemm.multiply(g, false, hidden, true, dW2.data(), k, n, h);
        gemm.multiply(W2.data(), true, g, false, g1, h, k, n);
        for (int i = 0; i < g1.length; i++) {
            double s = hidden[i];
            g1[i] *= s * (1 - s);
        }
        gemm.multiply(g1, false, X.data(), true, dW1.data(), h, n, d);
        return value;
    }

    private double forward(Matrix W1, Matrix W2, Matrix X, Matrix Y) {
        gemm.multiply(W1.data(), false, X.data(), false, hidden, h, d, n);
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = 1 / (1 + Math.exp(-hidden[i]));
        }
        gemm.multiply(W2.data(), false, hidden, false, logits, k, h, n);
        return loss.value(logits, Y.data(), k, n);
    }
}
