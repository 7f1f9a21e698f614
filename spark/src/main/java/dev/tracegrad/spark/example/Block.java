package dev.tracegrad.spark.example;

import dev.tracegrad.Matrix;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;

/**
 * One block of a synthetic logistic-regression data set: n columns of X (d×n, row-major) and their
 * labels y (±1). Block k of a data set is drawn from its own seeded generator, so it can be made
 * on the executor that holds it and is the same on every run.
 */
public record Block(int index, int d, int n, double[] X, double[] y) implements Serializable {
    /** The true weights of the synthetic data: w_i = (−1)^i (1 + i/d), intercept 0.5. */
    public static double[] trueWeights(int d) {
        double[] w = new double[d];
        for (int i = 0; i < d; i++) {
            w[i] = (i % 2 == 0 ? 1 : -1) * (1 + (double) i / d);
        }
        return w;
    }

    /** Block {@code index} of a data set with standard normal features and 10% label noise. */
    public static Block generate(int index, int d, int n, long seed) {
        Random r = new Random(seed * 1_000_003L + index);
        double[] w = trueWeights(d);
        double[] X = new double[d * n];
        double[] y = new double[n];
        double[] margin = new double[n];
        Arrays.fill(margin, 0.5);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < n; j++) {
                double v = r.nextGaussian();
                X[i * n + j] = v;
                margin[j] += w[i] * v / Math.sqrt(d);
            }
        }
        for (int j = 0; j < n; j++) {
            boolean positive = margin[j] > 0;
            y[j] = (r.nextDouble() < 0.1) != positive ? 1 : -1;
        }
        return new Block(index, d, n, X, y);
    }

    /** This block's objective, with its share λ/shares of the regulariser. */
    public dev.tracegrad.optim.Objective objective(double lambda, int shares) {
        return new ExampleLossesLogisticGradient().objective(Matrix.of(d, n, X),
                Matrix.of(1, n, y), lambda / shares);
    }
}
