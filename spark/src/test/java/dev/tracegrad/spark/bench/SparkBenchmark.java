package dev.tracegrad.spark.bench;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.Objectives;
import dev.tracegrad.spark.SparkObjective;
import dev.tracegrad.spark.example.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * Gradient evaluations per second of the example's logistic loss (d = 20) over 1M and 4M columns
 * in 8 blocks: {@code Objectives.sum}, {@code Objectives.parallel(2)}, and a {@link SparkObjective}
 * on {@code local[1]} and {@code local[2]}; then Spark's per-evaluation overhead, from a
 * SparkObjective over tiny blocks (job scheduling, broadcast, tasks, results, the driver's sum).
 * Not a test: run it with
 *
 * <pre>
 * mvn -B -q -pl spark -am -DskipTests package exec:exec -Dexec.executable=java -Dexample.skip=false \
 *     -Dexample.main=dev.tracegrad.spark.bench.SparkBenchmark -Dexample.jvm=-Xmx8g \
 *     -Dexample.args="--columns 1000000,4000000 --seconds 5"
 * </pre>
 */
public final class SparkBenchmark {
    private SparkBenchmark() {}

    private static final int D = 20;

    public static void main(String[] args) {
        long[] columns = {1_000_000, 4_000_000};
        int blocks = 8;
        double seconds = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--columns" -> {
                    String[] parts = args[i + 1].split(",");
                    columns = new long[parts.length];
                    for (int k = 0; k < parts.length; k++) {
                        columns[k] = Long.parseLong(parts[k].trim());
                    }
                }
                case "--blocks" -> blocks = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "java %s, %d cores, d = %d, %d blocks, ~%.0f s per"
                + " measurement%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), D, blocks, seconds);
        System.out.println("| columns | Objectives.sum | Objectives.parallel(2) | Spark local[1]"
                + " | Spark local[2] |");
        System.out.println("|---|---|---|---|---|");
        for (long c : columns) {
            int n = (int) (c / blocks);
            double sum = local(blocks, n, 1, seconds);
            double parallel = local(blocks, n, 2, seconds);
            double spark1 = spark("local[1]", blocks, n, seconds);
            double spark2 = spark("local[2]", blocks, n, seconds);
            System.out.printf(Locale.ROOT, "| %,d | %s | %s | %s | %s |%n", (long) n * blocks,
                    rate(sum), rate(parallel), rate(spark1), rate(spark2));
        }
        System.out.println();
        System.out.println("Per-evaluation overhead: SparkObjective over blocks of 10 columns"
                + " (the compute is microseconds)");
        System.out.println("| master | partitions | ms per gradient evaluation | ms per bare Spark"
                + " job (count() of the same cached partitions) |");
        System.out.println("|---|---|---|---|");
        for (String master : new String[] {"local[1]", "local[2]"}) {
            for (int partitions : new int[] {2, 8, 32}) {
                double perSecond = spark(master, partitions, 10, Math.min(seconds, 3));
                double bare = bareJob(master, partitions, Math.min(seconds, 3));
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f |%n", master, partitions,
                        1000 / perSecond, 1000 / bare);
            }
        }
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.2f /s (%.1f ms)", perSecond, 1000 / perSecond);
    }

    private static Matrix[] point(long seed) {
        Random r = new Random(seed);
        return new Matrix[] {Matrix.random(D, 1, r), Matrix.of(1, 1, 0.1)};
    }

    /** Evaluations per second of f.gradient, after warming up. */
    private static double measure(Objective f, double seconds) {
        Matrix[] x = point(1);
        Matrix[] g = {Matrix.zeros(D, 1), Matrix.zeros(1, 1)};
        double check = 0;
        long warmEnd = System.nanoTime() + (long) (seconds * 0.4e9);
        do {
            check += f.gradient(x, g);
        } while (System.nanoTime() < warmEnd);
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        int count = 0;
        do {
            check += f.gradient(x, g);
            count++;
        } while (System.nanoTime() < end);
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!Double.isFinite(check)) {
            throw new IllegalStateException("non-finite value");
        }
        return count / elapsed;
    }

    private static double local(int blocks, int n, int threads, double seconds) {
        Objective[] parts = new Objective[blocks];
        for (int k = 0; k < blocks; k++) {
            parts[k] = Block.generate(k, D, n, 1).objective(1, blocks);
        }
        Objective f = threads == 1 ? Objectives.sum(parts) : Objectives.parallel(threads, parts);
        return measure(f, seconds);
    }

    /** Jobs per second of count() over a cached RDD of as many partitions: Spark's own cost. */
    private static double bareJob(String master, int partitions, double seconds) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("tracegrad-spark-bench")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<Integer> indices = new ArrayList<>();
            for (int k = 0; k < partitions; k++) {
                indices.add(k);
            }
            JavaRDD<Integer> rdd = sc.parallelize(indices, partitions).cache();
            long warmEnd = System.nanoTime() + (long) (seconds * 0.4e9);
            long check = 0;
            do {
                check += rdd.count();
            } while (System.nanoTime() < warmEnd);
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int count = 0;
            do {
                check += rdd.count();
                count++;
            } while (System.nanoTime() < end);
            if (check <= 0) {
                throw new IllegalStateException();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static double spark(String master, int blocks, int n, double seconds) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("tracegrad-spark-bench")
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<Integer> indices = new ArrayList<>();
            for (int k = 0; k < blocks; k++) {
                indices.add(k);
            }
            JavaRDD<Block> rdd = sc.parallelize(indices, blocks)
                    .map(k -> Block.generate(k, D, n, 1))
                    .persist(StorageLevel.DISK_ONLY());
            int shares = blocks;
            try (SparkObjective<Block> f = SparkObjective.of(rdd, b -> b.objective(1, shares))) {
                return measure(f, seconds);
            }
        }
    }
}
