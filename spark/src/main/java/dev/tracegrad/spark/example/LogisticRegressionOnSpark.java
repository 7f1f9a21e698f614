package dev.tracegrad.spark.example;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.OptimResult;
import dev.tracegrad.spark.SparkObjective;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits L2-regularised logistic regression to synthetic data split into blocks, with L-BFGS over a
 * {@link SparkObjective}: each evaluation of the loss and its gradient is one Spark job over the
 * blocks, and the optimizer runs on the driver. Prints a line per iteration.
 *
 * <p>Runs in {@code local[*]} unless a master is given (by {@code spark-submit --master}, or
 * {@code --master} here). Options: {@code --columns N} (default 1000000), {@code --features d}
 * (20), {@code --blocks B} (4 per core of the default parallelism), {@code --lambda λ} (1),
 * {@code --seed s} (1), {@code --master URL}.
 */
public final class LogisticRegressionOnSpark {
    private LogisticRegressionOnSpark() {}

    public static void main(String[] args) {
        long columns = 1_000_000;
        int d = 20;
        int blocks = 0;
        double lambda = 1;
        long seed = 1;
        String master = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--columns" -> columns = Long.parseLong(need(args[i], value));
                case "--features" -> d = Integer.parseInt(need(args[i], value));
                case "--blocks" -> blocks = Integer.parseInt(need(args[i], value));
                case "--lambda" -> lambda = Double.parseDouble(need(args[i], value));
                case "--seed" -> seed = Long.parseLong(need(args[i], value));
                case "--master" -> master = need(args[i], value);
                case "--help" -> {
                    System.out.println("options: --columns N --features d --blocks B --lambda λ"
                            + " --seed s --master URL (default: spark-submit's, else local[*])");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--help lists them)");
            }
            i++;
        }
        SparkConf conf = new SparkConf().setAppName("tracegrad-logistic-regression");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            if (blocks == 0) {
                blocks = 4 * sc.defaultParallelism();
            }
            run(sc, columns, d, blocks, lambda, seed);
        }
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    static OptimResult run(JavaSparkContext sc, long columns, int d, int blocks, double lambda,
            long seed) {
        int n = (int) Math.ceil((double) columns / blocks);
        List<Integer> indices = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            indices.add(k);
        }
        int features = d;
        // One block per partition, each made on the executor that holds it (nothing large leaves
        // the driver). DISK_ONLY: the executors keep each block on local disk, so a partition's
        // later tasks prefer the executor whose cached objective holds the block in memory,
        // without a second copy of the data in the executor's heap.
        JavaRDD<Block> data = sc.parallelize(indices, blocks)
                .map(k -> Block.generate(k, features, n, seed))
                .persist(StorageLevel.DISK_ONLY());
        int shares = blocks;
        double l = lambda;
        System.out.printf(Locale.ROOT, "logistic regression: %d columns × %d features in %d blocks"
                + " on %s (%d cores)%n", (long) n * blocks, d, blocks, sc.master(),
                sc.defaultParallelism());
        long start = System.nanoTime();
        OptimResult fit;
        try (SparkObjective<Block> f = SparkObjective.of(data, b -> b.objective(l, shares))) {
            Matrix[] x0 = {Matrix.zeros(d, 1), Matrix.zeros(1, 1)};
            fit = Lbfgs.minimize(f, x0, Lbfgs.Options.defaults().withMaxIterations(200)
                    .withProgress(p -> {
                        System.out.printf(Locale.ROOT, "iteration %3d  loss/column %.8f  max|g| %.3e"
                                + "  step %.3e  %6.1f s%n", p.iteration(),
                                p.value() / ((double) n * shares), p.gradientNorm(), p.step(),
                                (System.nanoTime() - start) / 1e9);
                        return true;
                    }));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] w = fit.x()[0].data();
        double[] truth = Block.trueWeights(d);
        double dot = 0;
        double ww = 0;
        double tt = 0;
        for (int i = 0; i < d; i++) {
            dot += w[i] * truth[i];
            ww += w[i] * w[i];
            tt += truth[i] * truth[i];
        }
        System.out.printf(Locale.ROOT, "%s after %d iterations, %d evaluations, %.1f s"
                + " (%.1f ms per evaluation)%n", fit.status(), fit.iterations(),
                fit.evaluations(), seconds, 1000 * seconds / fit.evaluations());
        System.out.printf(Locale.ROOT, "cosine(w, true w) = %.6f, b = %.4f%n",
                dot / Math.sqrt(ww * tt), fit.x()[1].data()[0]);
        data.unpersist();
        return fit;
    }
}
