package dev.tracegrad.kernel;

/**
 * Scalar functions used both by {@link dev.tracegrad.Ops} and by generated code, so that the two
 * compute bit-identical values. Called by generated code; not part of the DSL.
 *
 * <p>The stable forms matter: {@code sigmoid} and {@code softplus} stay finite and accurate for
 * inputs of any magnitude (no {@code exp} that would overflow is ever taken).
 */
public final class Fn {
    /**
     * Whether {@link Math#log1p} is a native call: JDKs before 21, whose StrictMath routines were
     * native fdlibm code (from 21 they are Java, which C2 compiles inline). A constant, so the JIT
     * keeps only one branch of {@link #log1pUnit}.
     */
    private static final boolean LOG1P_IS_NATIVE = Runtime.version().feature() < 21;

    /** Smallest |x| whose tanh is taken from an exponential (see {@link #tanh}). */
    private static final double TANH_BY_EXP_FROM = 0.3;

    private Fn() {}

    /**
     * The logistic function 1 / (1 + e⁻ˣ), like the stable form {@link #sigmoid(double, double)}
     * within about 2 ulps of the exact value; sigmoid(±1000) is exactly 1 and 0. Only below
     * −709, where e⁻ˣ would overflow, is it evaluated as eˣ (to which eˣ / (1 + eˣ) rounds there).
     * That test almost never changes outcome, whereas branching on the sign of x mispredicts on
     * half of random inputs: this form is about a sixth faster over a layer of activations.
     */
    public static double sigmoid(double x) {
        return x >= -709 ? 1 / (1 + Math.exp(-x)) : Math.exp(x);
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

    /**
     * σ(x) given e = {@link #expNegAbs}(x), in the stable form: 1 / (1 + e) for x ≥ 0 and
     * e / (1 + e) below.
     */
    public static double sigmoid(double x, double e) {
        return x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }

    /** {@link #softplus}(x) given e = {@link #expNegAbs}(x); the same bits as the one-argument form. */
    public static double softplus(double x, double e) {
        return Math.max(x, 0) + log1pUnit(e);
    }

    /** log(1 + e) for 0 ≤ e ≤ 1, by whichever of the two forms is faster on this JDK. */
    private static double log1pUnit(double e) {
        return LOG1P_IS_NATIVE ? log1pFromLog(e) : Math.log1p(e);
    }

    /**
     * log(1 + e) for 0 ≤ e ≤ 1, from {@link Math#log}, which is intrinsic, for JDKs where
     * {@link Math#log1p} is a native call (softplus over an array on JDK 17: 12 against 19 ns an
     * entry; on JDK 25, where log1p is compiled Java, the logreg gradient is 9% faster with
     * log1p). u = 1 + e rounds away d = e − (u − 1), which for e ≤ 1 is computed exactly
     * (Fast2Sum), and log(u + d) = log u + d/u to within d², so the result keeps the digits that
     * 1 + e dropped: within about 1 ulp of log1p(e) (1.04 measured), e itself when 1 + e rounds
     * to 1.
     */
    static double log1pFromLog(double e) {
        double u = 1 + e;
        double d = e - (u - 1);
        return Math.log(u) + d / u;
    }

    /**
     * tanh x. For |x| ≥ 0.3 it is (1 − e) / (1 + e) with e = e^−2|x|, given the sign of x; nearer 0,
     * where 1 − e would lose digits to cancellation, it is {@link Math#tanh}. Both are within
     * about 2 ulps of the exact value (the exponential form measured at most 2.2 ulps over
     * [0.3, ∞), as Math.tanh does there). One exponential is faster than Math.tanh: 3.9 against
     * 13.5 ns a call on JDK 17, which calls the native fdlibm routine, and 4.4 against 8.3 ns on
     * JDK 25.
     */
    public static double tanh(double x) {
        double a = Math.abs(x);
        if (a >= TANH_BY_EXP_FROM) {
            double e = Math.exp(-2 * a);
            return Math.copySign((1 - e) / (1 + e), x);
        }
        return Math.tanh(x);
    }

    /** max(x, 0) written as {@code x > 0 ? x : 0}, so relu(−0.0) and relu(NaN) are 0. */
    public static double relu(double x) {
        return x > 0 ? x : 0;
    }

    /**
     * 1/x, and 0 at x = 0 (either sign): the factor 1/‖A‖ of the gradient A/‖A‖ of the Frobenius
     * norm, which is taken as 0 at A = 0, where every entry of A is 0 too.
     */
    public static double reciprocalOrZero(double x) {
        return x == 0 ? 0 : 1 / x;
    }

    /**
     * The step 1 for x &gt; 0, 0 for x &lt; 0 and ½ at 0 (NaN for NaN): the share of max(A, B)'s
     * gradient that goes to A is H(A − B), so a tie splits it half and half.
     */
    public static double halfStep(double x) {
        return x > 0 ? 1 : x < 0 ? 0 : x == 0 ? 0.5 : x;
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

    /**
     * ln Γ(x) ({@link Gamma#logGamma}): what generated code calls for {@code logGamma}, so that it
     * computes what {@code Ops.logGamma} does. For x &gt; 0; +∞ at 0, NaN below.
     */
    public static double logGamma(double x) {
        return Gamma.logGamma(x);
    }

    /** ψ(x) ({@link Gamma#digamma}), the derivative of {@link #logGamma}, in its gradients. */
    public static double digamma(double x) {
        return Gamma.digamma(x);
    }

    /** ψ′(x) ({@link Gamma#trigamma}), the second derivative of {@link #logGamma}, in H·v. */
    public static double trigamma(double x) {
        return Gamma.trigamma(x);
    }
}
