package dev.tracegrad.bench.workload;

import dev.tracegrad.Matrix;
import java.util.List;
import java.util.Random;

/**
 * Inputs of the logreg workload: weights w (d×1), data X (d×n), labels y (n×1) of ±1.
 *
 * @param size the size's name, as in {@link #SIZES}
 */
public record LogregProblem(String size, int d, int n, Matrix w, Matrix X, Matrix y) {

    /** The benchmarked sizes, named d×n. */
    public static final List<String> SIZES = List.of("20x100", "500x10000");

    /** Parses a size named {@code d}x{@code n}, e.g. {@code 20x100}. */
    public static LogregProblem of(String size) {
        String[] dn = size.split("x");
        if (dn.length != 2) {
            throw new IllegalArgumentException("logreg size must read DxN but is " + size);
        }
        return random(size, Integer.parseInt(dn[0]), Integer.parseInt(dn[1]));
    }

    /** Inputs of any shape, from a fixed seed. */
    public static LogregProblem random(String size, int d, int n) {
        Random random = new Random(2);
        return new LogregProblem(size, d, n,
                Inputs.weights(d, 1, random), Matrix.random(d, n, random),
                Inputs.signs(n, random));
    }
}
