package dev.tracegrad.bench.workload;

import dev.tracegrad.Matrix;
import java.util.Random;

/**
 * Inputs of the digits workload: the 64→32→10 tanh classifier (W1, b1, W2, b2) on a batch of 64
 * images of 8×8 pixels (X, 64×64, pixel values 0–16 scaled to [0, 1]) with one-hot labels Y.
 * The pixels are random: timing does not depend on their values.
 */
public record DigitsProblem(
        int d, int h, int k, int n, Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y) {

    /** The only benchmarked size. */
    public static final String SIZE = "64-32-10x64";

    /** The classifier's shape and batch. */
    public static DigitsProblem standard() {
        Random random = new Random(4);
        int d = 64;
        int h = 32;
        int k = 10;
        int n = 64;
        Matrix x = Matrix.zeros(d, n);
        double[] pixels = x.data();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(17) / 16.0;
        }
        return new DigitsProblem(d, h, k, n,
                Inputs.weights(h, d, random), Inputs.weights(h, 1, random),
                Inputs.weights(k, h, random), Inputs.weights(k, 1, random),
                x, Inputs.oneHot(k, n, random));
    }

    /** The batch size as the loss takes it. */
    public double batch() {
        return n;
    }
}
