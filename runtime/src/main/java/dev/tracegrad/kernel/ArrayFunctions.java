package dev.tracegrad.kernel;

/**
 * Entrywise passes over whole arrays, called by generated code for a loop that only applies one
 * function, and in place after a loop that stores the function's argument into a whole buffer:
 * out[k] = f(x[k]) for k &lt; n ({@code out} may be {@code x}).
 *
 * <p>On the plain JVM each pass is the loop over {@link Fn}'s (or {@link Math}'s) function, with
 * its bits. With the Vector API kernels ({@link Vectorization}) the passes are computed in
 * vectors by {@link ArithmeticExp}'s and {@link ArithmeticTanh}'s steps, with the same bits in
 * every JIT tier, thread split and run: eˣ faithfully rounded (within one ulp of the exact value,
 * as {@code Math.exp} is) but one ulp off {@code Math.exp} on some entries, σ and tanh within
 * 2.5 and 3 ulps of the exact value (as {@link Fn}'s are within 2.5); the system property
 * {@code dev.tracegrad.vector.functions=false} keeps these passes scalar (and bit-identical to
 * the plain JVM) while the products still use vectors. The tanh pass runs in vectors only with
 * {@code dev.tracegrad.vector.tanh=true} (why: {@link Vectorization}); otherwise it is the
 * plain loop, with {@link Fn#tanh}'s bits.
 */
public final class ArrayFunctions {
    private static final ArrayFunctionsKernel VECTOR = Vectorization.FUNCTIONS;
    /** The kernel for tanh: only on request (see {@link Vectorization}). */
    private static final ArrayFunctionsKernel VECTOR_TANH = Vectorization.TANH ? VECTOR : null;

    private ArrayFunctions() {}

    /** out[k] = eˣ of x[k], for k &lt; n. */
    public static void exp(double[] x, double[] out, int n) {
        if (VECTOR != null) {
            VECTOR.exp(x, out, n);
            return;
        }
        for (int k = 0; k < n; k++) {
            out[k] = Math.exp(x[k]);
        }
    }

    /** out[k] = {@link Fn#sigmoid(double)}(x[k]), for k &lt; n. */
    public static void sigmoid(double[] x, double[] out, int n) {
        if (VECTOR != null) {
            VECTOR.sigmoid(x, out, n);
            return;
        }
        for (int k = 0; k < n; k++) {
            out[k] = Fn.sigmoid(x[k]);
        }
    }

    /** out[k] = {@link Fn#tanh}(x[k]), for k &lt; n. */
    public static void tanh(double[] x, double[] out, int n) {
        if (VECTOR_TANH != null) {
            VECTOR_TANH.tanh(x, out, n);
            return;
        }
        for (int k = 0; k < n; k++) {
            out[k] = Fn.tanh(x[k]);
        }
    }
}
