package dev.tracegrad.sample;

import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.t;

import dev.tracegrad.Matrix;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Breast cancer Wisconsin (569 samples, 30 features): L2-regularised logistic regression on
 * standardised features, full-batch gradient descent through the generated
 * {@code LossesLogisticGradient} (gradients for the weights w and the {@code double} bias b).
 */
public final class BreastCancerDemo {
    static final int TEST_SIZE = 114;
    static final double LAMBDA = 1e-3;
    static final double STEP = 0.5;

    private BreastCancerDemo() {}

    /** Trains for {@code iterations} steps; returns the test accuracy in [0, 1]. */
    public static double run(PrintStream out, int iterations, long seed) {
        Dataset[] split = Dataset.load("breast_cancer.csv").split(TEST_SIZE, seed);
        double[] mean = split[0].featureMeans();
        double[] std = split[0].featureStds(mean);
        Dataset train = split[0].standardised(mean, std);
        Dataset test = split[1].standardised(mean, std);
        out.printf(Locale.ROOT, "breast cancer: %d train / %d test samples, %d features, lambda %.0e%n",
                train.size(), test.size(), train.dimension(), LAMBDA);

        Matrix x = train.features();
        Matrix y = signs(train.labels());
        Matrix w = Matrix.zeros(train.dimension(), 1);
        Matrix dw = Matrix.zeros(train.dimension(), 1);
        double b = 0;
        double[] db = new double[1];
        var gradient = new LossesLogisticGradient();
        double loss = Double.NaN;
        for (int it = 0; it < iterations; it++) {
            loss = gradient.gradient(w, b, x, y, LAMBDA, dw, db);
            double[] wd = w.data();
            double[] gd = dw.data();
            for (int i = 0; i < wd.length; i++) {
                wd[i] -= STEP * gd[i];
            }
            b -= STEP * db[0];
        }
        double accuracy = accuracy(w, b, test);
        out.printf(Locale.ROOT, "breast cancer: final training loss %.4f, train accuracy %.1f%%%n",
                loss, 100 * accuracy(w, b, train));
        out.printf(Locale.ROOT, "breast cancer: test accuracy %.1f%%%n", 100 * accuracy);
        return accuracy;
    }

    /** Labels 0/1 as a column of −1/+1. */
    static Matrix signs(int[] labels) {
        Matrix y = Matrix.zeros(labels.length, 1);
        for (int j = 0; j < labels.length; j++) {
            y.set(j, 0, labels[j] == 1 ? 1 : -1);
        }
        return y;
    }

    static double accuracy(Matrix w, double b, Dataset d) {
        Matrix scores = mul(t(d.features()), w);
        int correct = 0;
        for (int j = 0; j < d.size(); j++) {
            int predicted = scores.get(j, 0) + b > 0 ? 1 : 0;
            if (predicted == d.labels()[j]) {
                correct++;
            }
        }
        return (double) correct / d.size();
    }
}
