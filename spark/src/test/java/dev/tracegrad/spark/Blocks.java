package dev.tracegrad.spark;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Synthetic logistic-regression blocks and what the tests build from them. */
final class Blocks {
    private Blocks() {}

    static final double LAMBDA = 0.1;

    /** A shard of columns: X is d×n (row-major), y is 1×n with labels ±1. */
    record Block(int index, int d, int n, double[] X, double[] y) implements Serializable {}

    /** Blocks of n columns each, labels from a fixed w, seeded. */
    static List<Block> make(int count, int d, int n, long seed) {
        Random r = new Random(seed);
        double[] wTrue = new double[d];
        for (int i = 0; i < d; i++) {
            wTrue[i] = r.nextGaussian();
        }
        List<Block> blocks = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[] X = new double[d * n];
            double[] y = new double[n];
            for (int i = 0; i < X.length; i++) {
                X[i] = r.nextGaussian();
            }
            for (int j = 0; j < n; j++) {
                double m = 0.3;
                for (int i = 0; i < d; i++) {
                    m += wTrue[i] * X[i * n + j];
                }
                y[j] = m + 0.5 * r.nextGaussian() > 0 ? 1 : -1;
            }
            blocks.add(new Block(k, d, n, X, y));
        }
        return blocks;
    }

    /** The block's objective (with the generated H·v), its regulariser share λ / shares. */
    static Objective objective(Block b, int shares) {
        return new TestLossesLogisticGradient().objective(Matrix.of(b.d(), b.n(), b.X()),
                Matrix.of(1, b.n(), b.y()), LAMBDA / shares);
    }

    /** The block's objective with its H·v hidden: what a class generated without hvp offers. */
    static Objective withoutHvp(Block b, int shares) {
        Objective f = objective(b, shares);
        return new Objective() {
            @Override
            public double value(Matrix[] x) {
                return f.value(x);
            }

            @Override
            public double gradient(Matrix[] x, Matrix[] g) {
                return f.gradient(x, g);
            }
        };
    }

    static Matrix[] point(int d, long seed) {
        Random r = new Random(seed);
        return new Matrix[] {Matrix.random(d, 1, r), Matrix.of(1, 1, r.nextGaussian())};
    }

    static Matrix[] zeros(int d) {
        return new Matrix[] {Matrix.zeros(d, 1), Matrix.zeros(1, 1)};
    }

    static JavaSparkContext context(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("tracegrad-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        return new JavaSparkContext(conf);
    }
}
