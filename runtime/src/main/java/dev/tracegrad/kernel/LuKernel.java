package dev.tracegrad.kernel;

/**
 * An alternative implementation of {@link Lu}'s triangular substitutions, with the same bits: the
 * Vector API kernel, loaded by {@link Vectorization} when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}.
 */
interface LuKernel {
    /** Fewest entries per row (right-hand sides) for which this kernel is used. */
    int minWidth();

    /**
     * One substitution in place on rows[0..n), columns [0, len): every row i, taken in ascending
     * i (descending when {@code upward}), becomes row i + Σ_k (−c_ik) · row k over the rows k
     * it depends on, one rounded product and one rounded sum per k, then divided by lu[i·n + i]
     * when {@code divide}. The multiplier c_ik is lu[i·n + k], or lu[k·n + i] when {@code
     * transposed}. The rows k and their order: k &lt; i ascending when not {@code upward} (L Y
     * = PB, Uᵀ Z = B); k &gt; i ascending when {@code upward} and not {@code transposed} (U X =
     * Y); k &gt; i descending when both (Lᵀ W = Z).
     */
    void substitute(double[] lu, int n, double[][] rows, int len, boolean upward,
            boolean transposed, boolean divide);
}
