package dev.tracegrad.kernel;

/**
 * An alternative implementation of the row updates {@link Lu}'s factorisation and substitutions
 * are made of, with the same bits: each entry takes its updates in ascending order, each the
 * rounded product of the negated multiplier and the other row's entry added to the rounded
 * partial sum (no fused multiply-add, no reassociation). The only one is the Vector API kernel,
 * loaded by {@link Vectorization} when the JVM runs with {@code --add-modules
 * jdk.incubator.vector}; {@code Lu} arranges its loops around these calls only when it has one.
 *
 * <p>Both methods apply {@code count} rows of {@code rows}: for t = 0, 1, …, count − 1 in that
 * order, with k = k0 + t·dk, a row y takes y[j] += (−m[o + t·ms]) · rows[k][j] for every j in
 * [from, to), where m and o are that row's multiplier array and offset. −m·x is −(m·x)
 * exactly, so this is y[j] − m·x[j] to the bit.
 */
interface LuKernel {
    /** Doubles per vector: {@code Lu} calls the kernel for rows of at least two vectors. */
    int lanes();

    /**
     * Four rows y0 … y3 at once, with multipliers m0[o0 + t·ms] … m3[o3 + t·ms]: the
     * accumulators stay in registers across all {@code count} updates.
     */
    void update4(double[] y0, double[] y1, double[] y2, double[] y3, double[] m0, double[] m1,
            double[] m2, double[] m3, int o0, int o1, int o2, int o3, int ms, double[][] rows,
            int k0, int dk, int count, int from, int to);

    /** One row y with multipliers m[o + t·ms]. */
    void update1(double[] y, double[] m, int o, int ms, double[][] rows, int k0, int dk, int count,
            int from, int to);
}
