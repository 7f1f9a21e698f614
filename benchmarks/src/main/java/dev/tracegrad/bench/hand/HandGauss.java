package dev.tracegrad.bench.hand;

import dev.tracegrad.Matrix;

/**
 * f(Σ) = log|det Σ| + tr(Σ⁻¹S), by hand, for a general (not assumed symmetric) Σ:
 * ∂f/∂Σ = Σ⁻ᵀ − (Σ⁻¹SΣ⁻¹)ᵀ, from one LU factorisation and the inverse it gives.
 */
public final class HandGauss {
    private final int n;
    private final Lu lu;
    private final double[] inverse;
    private final double[] left;
    private final double[] both;
    private final Gemm gemm = new Gemm();

    /** Scratch for n×n Σ and S. */
    public HandGauss(int n) {
        this.n = n;
        this.lu = new Lu(n);
        this.inverse = new double[n * n];
        this.left = new double[n * n];
        this.both = new double[n * n];
    }

    /** The value. */
    public double value(Matrix Sigma, Matrix S) {
        lu.factor(Sigma.data());
        lu.inverse(inverse);
        return lu.logAbsDet() + traceOfProduct(inverse, S.data());
    }

    /** Writes ∂f/∂Σ into {@code dSigma} and returns the value. */
    public double gradient(Matrix Sigma, Matrix S, Matrix dSigma) {
        double[] s = S.data();
        lu.factor(Sigma.data());
        lu.inverse(inverse);
        double value = lu.logAbsDet() + traceOfProduct(inverse, s);
        gemm.multiply(inverse, false, s, false, left, n, n, n);
        gemm.multiply(left, false, inverse, false, both, n, n, n);
        double[] out = dSigma.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = inverse[j * n + i] - both[j * n + i];
            }
        }
        return value;
    }

    /** tr(AB) = Σᵢⱼ aᵢⱼ bⱼᵢ, without forming AB. */
    private double traceOfProduct(double[] a, double[] b) {
        double t = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t += a[i * n + j] * b[j * n + i];
            }
        }
        return t;
    }
}
