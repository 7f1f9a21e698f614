package dev.tracegrad.bench.hand;

import dev.tracegrad.Matrix;

/**
 * l = sum(softplus(−y ⊙ Xᵀw)), by hand. With m = Xᵀw: ∂l/∂w = X(−y ⊙ σ(−y ⊙ m)).
 */
public final class HandLogreg {
    private final int d;
    private final int n;
    private final double[] margins;
    private final Gemm gemm = new Gemm();

    /** Scratch for w d×1, X d×n, y n×1. */
    public HandLogreg(int d, int n) {
        this.d = d;
        this.n = n;
        this.margins = new double[n];
    }

    /** The loss. */
    public double value(Matrix w, Matrix X, Matrix y) {
        gemm.multiply(X.data(), true, w.data(), false, margins, n, d, 1);
        double[] labels = y.data();
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += softplus(-labels[j] * margins[j]);
        }
        return sum;
    }

    /** Writes ∂l/∂w into {@code dw} and returns the loss. */
    public double gradient(Matrix w, Matrix X, Matrix y, Matrix dw) {
        gemm.multiply(X.data(), true, w.data(), false, margins, n, d, 1);
        double[] labels = y.data();
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double z = -labels[j] * margins[j];
            sum += softplus(z);
            // The margin buffer is reused for ∂l/∂m once its value has been read.
            margins[j] = -labels[j] * sigmoid(z);
        }
        gemm.multiply(X.data(), false, margins, false, dw.data(), d, n, 1);
        return sum;
    }

    /** log(1 + eˣ) without overflow for large x. */
    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** 1 / (1 + e⁻ˣ), evaluated through e^−|x| so that no exp overflows. */
    private static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
}
