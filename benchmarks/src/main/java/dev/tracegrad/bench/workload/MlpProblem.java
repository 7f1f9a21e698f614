package dev.tracegrad.bench.workload;

import dev.tracegrad.Matrix;
import java.util.List;
import java.util.Random;

/**
 * Inputs of the mlp workload: W1 (h×d), W2 (k×h), data X (d×n) and one-hot labels Y (k×n).
 *
 * @param size the size's name, as in {@link #SIZES}
 */
public record MlpProblem(
        String size, int d, int h, int k, int n, Matrix W1, Matrix W2, Matrix X, Matrix Y) {

    /** The benchmarked sizes. */
    public static final List<String> SIZES = List.of("tiny", "small", "large");

    /** tiny: d=16, h=32, k=10, n=1; small: 64/64/10/32; large: 784/256/10/256. */
    public static MlpProblem of(String size) {
        switch (size) {
            case "tiny":
                return random(size, 16, 32, 10, 1);
            case "small":
                return random(size, 64, 64, 10, 32);
            case "large":
                return random(size, 784, 256, 10, 256);
            default:
                throw new IllegalArgumentException("unknown mlp size " + size + ", not in " + SIZES);
        }
    }

    /** Inputs of any shape, from a fixed seed. */
    public static MlpProblem random(String size, int d, int h, int k, int n) {
        Random random = new Random(1);
        return new MlpProblem(size, d, h, k, n,
                Inputs.weights(h, d, random), Inputs.weights(k, h, random),
                Matrix.random(d, n, random), Inputs.oneHot(k, n, random));
    }
}
