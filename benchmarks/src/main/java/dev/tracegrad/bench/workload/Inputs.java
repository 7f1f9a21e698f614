package dev.tracegrad.bench.workload;

import dev.tracegrad.Matrix;
import java.util.Random;

/** Random inputs of the shapes the workloads need. */
final class Inputs {
    private Inputs() {}

    /** Standard normal entries scaled by 1/√fanIn, so that pre-activations stay of order one. */
    static Matrix weights(int rows, int cols, Random random) {
        Matrix m = Matrix.random(rows, cols, random);
        double s = 1 / Math.sqrt(cols);
        double[] a = m.data();
        for (int i = 0; i < a.length; i++) {
            a[i] *= s;
        }
        return m;
    }

    /** One-hot labels: a k×n matrix with a single 1 in each column. */
    static Matrix oneHot(int k, int n, Random random) {
        Matrix y = Matrix.zeros(k, n);
        for (int j = 0; j < n; j++) {
            y.set(random.nextInt(k), j, 1);
        }
        return y;
    }

    /** An n×1 column of labels ±1. */
    static Matrix signs(int n, Random random) {
        Matrix y = Matrix.zeros(n, 1);
        for (int i = 0; i < n; i++) {
            y.set(i, 0, random.nextBoolean() ? 1 : -1);
        }
        return y;
    }

    /**
     * A symmetric positive semidefinite n×n matrix AAᵀ/m with A n×m standard normal (a sample
     * covariance); adding the identity makes it positive definite and well conditioned.
     */
    static Matrix spd(int n, int m, Random random, boolean plusIdentity) {
        Matrix a = Matrix.random(n, m, random);
        double[] x = a.data();
        Matrix s = Matrix.zeros(n, n);
        double[] out = s.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double dot = 0;
                for (int p = 0; p < m; p++) {
                    dot += x[i * m + p] * x[j * m + p];
                }
                double v = dot / m + (plusIdentity && i == j ? 1 : 0);
                out[i * n + j] = v;
                out[j * n + i] = v;
            }
        }
        return s;
    }
}
