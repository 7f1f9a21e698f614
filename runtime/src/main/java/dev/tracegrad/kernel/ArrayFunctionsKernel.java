package dev.tracegrad.kernel;

/**
 * An alternative implementation of {@link ArrayFunctions}'s passes. The only one is the Vector API
 * kernel, loaded by {@link Vectorization}; it computes with {@link ArithmeticExp}'s and {@link
 * ArithmeticTanh}'s steps, so its bits are those of their scalar forms, the same in every JIT tier.
 */
interface ArrayFunctionsKernel {
    /** out[k] = {@link ArithmeticExp#exp}(x[k]) for k &lt; n. */
    void exp(double[] x, double[] out, int n);

    /** out[k] = {@link ArithmeticExp#sigmoid}(x[k]) for k &lt; n. */
    void sigmoid(double[] x, double[] out, int n);

    /** out[k] = {@link ArithmeticTanh#tanh}(x[k]) for k &lt; n. */
    void tanh(double[] x, double[] out, int n);
}
