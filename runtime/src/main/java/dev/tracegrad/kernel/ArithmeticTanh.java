package dev.tracegrad.kernel;

/**
 * tanh x from {@link ArithmeticExp}'s operations alone (additions, multiplications, fused
 * multiply-adds, exponent and sign bits): the scalar twin of the vector tanh, with the same bits
 * in every JIT tier and in each lane of a vector that performs the same steps.
 *
 * <p>On a = |x|, with the sign of x put back at the end (so tanh(−0) = −0):
 * <ul>
 *   <li>below {@link #BY_EXP_FROM} (the switch point of {@link Fn#tanh}), the odd polynomial
 *       a + a³·P(a²), P of degree 11 in a² by Horner's rule: tanh's Taylor series up to a²⁵, whose
 *       coefficients 2²ⁿ(2²ⁿ − 1)B₂ₙ/(2n)! come from the Bernoulli numbers B₂ₙ (the script
 *       {@code tanh-coefficients.py} in the tests' resources prints them; the terms left out
 *       change tanh by under 0.002 ulp at 0.3). Since a³·P is at most 3% of a, the sum is
 *       within about half an ulp. Subnormal a comes back unchanged (a² underflows to 0);</li>
 *   <li>from there, {@link Fn#tanh}'s form (1 − e)/(1 + e) with e = e^−2a by {@link ArithmeticExp#exp}
 *       and the quotient as (1 − e)·{@link #reciprocal}(1 + e), no division. a is
 *       first capped at {@link #SATURATES_FROM}, where e is below 2⁻⁵⁵ and the result is exactly
 *       1, as it is beyond: so ±∞ gives ±1 and every argument but NaN takes the fast exponential.</li>
 * </ul>
 * Against a 60-digit reference the tests measure at most 2.84 ulps (near |x| = 0.5, where 1 − e
 * carries e's error at twice the result's ulp; {@link Fn#tanh}: 2.17) and 0.55 below 0.3.
 */
final class ArithmeticTanh {
    /** Smallest |x| whose tanh is taken from the exponential, as in {@link Fn#tanh}. */
    static final double BY_EXP_FROM = 0.3;
    /** From here on tanh |x| rounds to 1 (e^−40 is below 2⁻⁵⁵): |x| is capped here. */
    static final double SATURATES_FROM = 20;
    /** The sign bit of a double. */
    static final long SIGN_BIT = 0x8000_0000_0000_0000L;
    /** tanh's Taylor coefficients of a³ … a²⁵, rounded (from {@code tanh-coefficients.py}). */
    static final double T3 = -0x1.5555555555555p-2; // −1/3
    static final double T5 = 0x1.1111111111111p-3; // 2/15
    static final double T7 = -0x1.ba1ba1ba1ba1cp-5; // −17/315
    static final double T9 = 0x1.664f4882c10fap-6; // 62/2835
    static final double T11 = -0x1.226e355e6c23dp-7; // −1382/155925
    static final double T13 = 0x1.d6d3d0e157de0p-9; // 21844/6081075
    static final double T15 = -0x1.7da36452b75e3p-10; // −929569/638512875
    static final double T17 = 0x1.3558248036744p-11; // 6404582/10854718875
    static final double T19 = -0x1.f57d7734d1664p-13; // −443861162/1856156927625
    static final double T21 = 0x1.967e18afcafadp-14; // 18888466084/194896477400625
    static final double T23 = -0x1.497d8eea25259p-15; // −113927491862/2900518163668125
    static final double T25 = 0x1.0b132d39a6050p-16; // 58870668456604/3698160658676859375

    /** The first guess at 1/d on [1, 1.55], R0 + R1·d + R2·d² (from {@code tanh-coefficients.py}). */
    static final double R0 = 0x1.346f67fcad351p+1; // 411320/170697
    static final double R1 = -0x1.e98353c0ab546p+0; // −6400/3347
    static final double R2 = 0x1.ffe8b548a5c85p-2; // 256000/512091

    private ArithmeticTanh() {}

    /** tanh x (see the class comment). */
    static double tanh(double x) {
        double a = Math.abs(x);
        double magnitude = a < BY_EXP_FROM ? odd(a) : byExp(Math.min(a, SATURATES_FROM));
        return Math.copySign(magnitude, x);
    }

    /** a + a³·P(a²), for 0 ≤ a &lt; {@link #BY_EXP_FROM}. */
    static double odd(double a) {
        double s = a * a;
        double p = Math.fma(T25, s, T23);
        p = Math.fma(p, s, T21);
        p = Math.fma(p, s, T19);
        p = Math.fma(p, s, T17);
        p = Math.fma(p, s, T15);
        p = Math.fma(p, s, T13);
        p = Math.fma(p, s, T11);
        p = Math.fma(p, s, T9);
        p = Math.fma(p, s, T7);
        p = Math.fma(p, s, T5);
        p = Math.fma(p, s, T3);
        return Math.fma(s * a, p, a);
    }

    /** (1 − e)/(1 + e), e = e^−2a, for a in [{@link #BY_EXP_FROM}, {@link #SATURATES_FROM}] (NaN stays NaN). */
    static double byExp(double a) {
        double e = ArithmeticExp.exp(-2 * a);
        return (1 + -e) * reciprocal(1 + e);
    }

    /**
     * 1/d for d in [1, 1.55] (1 + e above), within an ulp: a quadratic first guess whose relative
     * error is at most 0.0026 (Chebyshev-equioscillating, see {@code tanh-coefficients.py}), then
     * three of {@link ArithmeticExp#reciprocal}'s Newton steps, which square it each time. Fewer
     * operations than that method's five steps from a bit-pattern guess: the vector tanh sits
     * near the limit of what C2 inlines into one loop.
     */
    static double reciprocal(double d) {
        double y = Math.fma(Math.fma(R2, d, R1), d, R0);
        y = Math.fma(y, Math.fma(-d, y, 1.0), y);
        y = Math.fma(y, Math.fma(-d, y, 1.0), y);
        return Math.fma(y, Math.fma(-d, y, 1.0), y);
    }
}
