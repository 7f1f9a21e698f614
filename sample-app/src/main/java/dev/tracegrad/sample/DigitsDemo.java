package dev.tracegrad.sample;

import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.tanh;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Adam;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/**
 * Handwritten digits (UCI optical digits, 8×8 images): a 64 → 32 → 10 network with tanh hidden
 * units, trained with Adam on mini-batches through the generated {@code LossesDigitsGradient}.
 */
public final class DigitsDemo {
    static final int HIDDEN = 32;
    static final int TEST_SIZE = 360;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 0.01;

    private final Matrix w1;
    private final Matrix b1;
    private final Matrix w2;
    private final Matrix b2;

    private DigitsDemo(int inputs, int classes, Random random) {
        // Xavier-style initial scale keeps tanh out of saturation at the start.
        w1 = scale(1 / Math.sqrt(inputs), Matrix.random(HIDDEN, inputs, random));
        b1 = Matrix.zeros(HIDDEN, 1);
        w2 = scale(1 / Math.sqrt(HIDDEN), Matrix.random(classes, HIDDEN, random));
        b2 = Matrix.zeros(classes, 1);
    }

    /** Trains for {@code epochs} epochs, printing one line per epoch; returns the history. */
    public static TrainingHistory run(PrintStream out, int epochs, long seed) {
        Dataset all = Dataset.load("digits.csv.gz");
        // Pixels are counts 0..16: scale to [0, 1].
        Dataset scaled = new Dataset(all.name(), scale(1.0 / 16, all.features()), all.labels(),
                all.classNames());
        Dataset[] split = scaled.split(TEST_SIZE, seed);
        Dataset train = split[0];
        Dataset test = split[1];
        out.printf(Locale.ROOT, "digits: %d train / %d test images, 64-%d-%d network, batch %d, Adam%n",
                train.size(), test.size(), HIDDEN, all.classNames().size(), BATCH);

        Random random = new Random(seed);
        DigitsDemo model = new DigitsDemo(train.dimension(), all.classNames().size(), random);
        TrainingHistory history = model.train(out, train, test, epochs, random);
        out.printf(Locale.ROOT, "digits: test accuracy %.1f%%%n", 100 * history.last().testAccuracy());
        return history;
    }

    private TrainingHistory train(PrintStream out, Dataset train, Dataset test, int epochs,
            Random random) {
        var gradient = new LossesDigitsGradient();
        Matrix[] params = {w1, b1, w2, b2};
        Matrix[] grads = {Matrix.zeros(w1.rows(), w1.cols()), Matrix.zeros(b1.rows(), 1),
            Matrix.zeros(w2.rows(), w2.cols()), Matrix.zeros(b2.rows(), 1)};
        Adam adam = new Adam(LEARNING_RATE);
        TrainingHistory history = new TrainingHistory();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            int[] order = Dataset.permutation(train.size(), random);
            double lossSum = 0;
            for (int from = 0; from < order.length; from += BATCH) {
                int[] batch = java.util.Arrays.copyOfRange(order, from,
                        Math.min(order.length, from + BATCH));
                Dataset b = train.select(batch);
                double loss = gradient.gradient(w1, b1, w2, b2, b.features(), b.labels(),
                        grads[0], grads[1], grads[2], grads[3]);
                lossSum += loss * batch.length;
                adam.step(params, grads);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            TrainingHistory.Epoch e = new TrainingHistory.Epoch(epoch, lossSum / train.size(),
                    accuracy(train), accuracy(test), millis);
            history.add(e);
            out.printf(Locale.ROOT,
                    "epoch %3d  loss %.4f  train accuracy %5.1f%%  test accuracy %5.1f%%  %4d ms%n",
                    e.epoch(), e.loss(), 100 * e.trainAccuracy(), 100 * e.testAccuracy(), e.millis());
        }
        return history;
    }

    private double accuracy(Dataset d) {
        Matrix hidden = tanh(Losses.dense(w1, b1, d.features()));
        return Classifier.accuracy(Losses.dense(w2, b2, hidden), d.labels());
    }
}
