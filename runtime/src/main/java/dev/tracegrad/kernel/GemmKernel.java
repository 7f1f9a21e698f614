package dev.tracegrad.kernel;

/**
 * An alternative implementation of {@link Gemm}'s general (packed) case, with the same contract
 * and the same bits: every entry summed over k in ascending order, each term a rounded product
 * added to the rounded partial sum, α applied once at the end. The only one is the Vector API
 * kernel, loaded by {@link Vectorization} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 */
interface GemmKernel {
    /** Whether this kernel pays for a product of these extents (the packing costs it time). */
    boolean accepts(int m, int p, int n);

    /**
     * C = α·op(A)·op(B) with the bits of {@code Gemm}'s packed case, for any m, p, n ≥ 1 (Gemm
     * calls it only for extents it {@linkplain #accepts accepts}).
     */
    void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c, int m,
            int p, int n, double alpha, Workspace w);
}
