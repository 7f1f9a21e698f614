package dev.tracegrad.kernel;

/**
 * Scalar functions used both by {@link dev.tracegrad.Ops} and by generated code, so that the two
 * compute bit-identical values. Called by generated code; not part of the DSL.
 *
 * <p>The stable forms matter: {@code sigmoid} and {@code softplus} stay finite and accurate for
 * inputs of any magnitude (no {@code exp} of a large positive number is ever taken).
 */
public final class Fn {
    private Fn() {}

    /**
     * The logistic function 1 / (1 + e⁻ˣ). For x &lt; 0 it is evaluated as eˣ / (1 + eˣ), which is
     * the same value but cannot overflow; sigmoid(±1000) is exactly 1 and 0.
     */
    public static double sigmoid(double x) {
        return sigmoid(x, expNegAbs(x));
    }

    /**
     * log(1 + eˣ), evaluated as max(x, 0) + log1p(e^−|x|): finite for every finite x, never
     * negative, softplus(1000) = 1000 and softplus(−1000) = 0. Its derivative is {@link #sigmoid}.
     */
    public static double softplus(double x) {
        return softplus(x, expNegAbs(x));
    }

    /**
     * e^−|x|, the one exponential that both {@link #sigmoid} and {@link #softplus} take. Code that
     * needs both at the same x computes it once and passes it to the two-argument forms.
     */
    public static double expNegAbs(double x) {
        return Math.exp(-Math.abs(x));
    }

    /** {@link #sigmoid}(x) given e = {@link #expNegAbs}(x); the same bits as the one-argument form. */
    public static double sigmoid(double x, double e) {
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** {@link #softplus}(x) given e = {@link #expNegAbs}(x); the same bits as the one-argument form. */
    public static double softplus(double x, double e) {
        return Math.max(x, 0) + Math.log1p(e);
    }

    /** max(x, 0) written as {@code x > 0 ? x : 0}, so relu(−0.0) and relu(NaN) are 0. */
    public static double relu(double x) {
        return x > 0 ? x : 0;
    }

    /**
     * The derivative of {@link #relu}: 1 for x &gt; 0, else 0. The kink at 0 gets derivative 0;
     * defining it here keeps that convention in one place.
     */
    public static double step(double x) {
        return x > 0 ? 1 : 0;
    }

    /**
     * The derivative of {@code abs}: −1, 0 or 1 ({@link Math#signum}), so |x| has derivative 0 at
     * its kink.
     */
    public static double sign(double x) {
        return Math.signum(x);
    }
}
