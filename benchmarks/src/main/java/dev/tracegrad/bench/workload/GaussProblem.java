package dev.tracegrad.bench.workload;

import dev.tracegrad.Matrix;
import java.util.List;
import java.util.Random;

/**
 * Inputs of the gauss workload: a symmetric positive definite Σ and a sample covariance S, both
 * n×n.
 *
 * @param size the size's name, as in {@link #SIZES}
 */
public record GaussProblem(String size, int n, Matrix Sigma, Matrix S) {

    /** The benchmarked sizes, named by n. */
    public static final List<String> SIZES = List.of("8", "64", "256");

    /** Parses a size named by n, e.g. {@code 64}. */
    public static GaussProblem of(String size) {
        return random(Integer.parseInt(size));
    }

    /** Inputs of any order n, from a fixed seed. */
    public static GaussProblem random(int n) {
        Random random = new Random(3);
        return new GaussProblem(Integer.toString(n), n,
                Inputs.spd(n, n, random, true), Inputs.spd(n, 2 * n, random, false));
    }
}
