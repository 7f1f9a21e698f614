package dev.tracegrad.kernel;

/**
 * The standard normal distribution: density φ, distribution function Φ, log Φ and the first two
 * derivatives of log Φ, accurate in both tails. The values behind the {@code normCdf} and
 * {@code logNormCdf} ops and their gradients (probit models, censored and truncated likelihoods).
 * Called by generated code; not part of the DSL.
 *
 * <p>Φ follows W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969, and his
 * ANORM routine): a rational function of x² near 0, of |x| for 0.66 &lt; |x| ≤ √32, of 1/x²
 * beyond, the last two multiplied by e^−x²/2. Each gives Φ(−|x|) = e^−x²/2 · R(|x|), so the
 * exponential never has to be divided out again: log Φ(x) = −x²/2 + log R(−x) for x &lt; −0.66,
 * finite for every finite x (log Φ(−1000) ≈ −500007.8), and φ/Φ = 1/(√(2π) R). All values are
 * within about 1e-15 relative of the exact ones (1e-14 for the second derivative of log Φ, whose
 * two terms partly cancel on −√32 &lt; x &lt; 0), checked against a high-precision reference
 * ({@code runtime/src/test/python/special_references.py}).
 *
 * <p>Every function maps NaN to NaN and has its limit at ±∞.
 */
public final class Normal {
    /** 1/√(2π). */
    private static final double INV_SQRT_2PI = 0.39894228040143267794;

    /** √(2π). */
    private static final double SQRT_2PI = 2.5066282746310005024;

    /** Up to this |x| Φ is 1/2 + x A(x²)/B(x²). */
    private static final double CENTRAL_TO = 0.66291;

    /** Up to this |x|, √32, Φ(−|x|) e^{x²/2} is C(|x|)/D(|x|); beyond, it is a rational in 1/x². */
    private static final double TAIL_FROM = 5.656854249492380195206754896838;

    /** Beyond this |x|, e^−x²/2 &lt; e^−800 rounds to 0. */
    private static final double EXP_UNDERFLOW = 40;

    /**
     * From this y = −x up, h = y² (1 − y Φ(−y)/φ(y)) is taken from its asymptotic series rather
     * than from Cody's tail approximation, whose limit at y = ∞ is 4e-15 from the true 1.
     */
    private static final double MILLS_SERIES_FROM = 20;

    /**
     * h = Σₖ (−1)ᵏ (2k + 1)!! / y²ᵏ, k = 0..13: for y ≥ 20 the first omitted term is below 1e-19 of
     * the sum (the series is asymptotic; its terms shrink while 2k + 1 &lt; y²).
     */
    private static final double[] MILLS_SERIES = {
        1, -3, 15, -105, 945, -10395, 135135, -2027025, 34459425, -654729075, 13749310575d,
        -316234143225d, 7905853580625d, -213458046676875d
    };

    // Cody's coefficients, in the order his ANORM routine uses them.
    private static final double[] A = {
        2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
        18154.981253343561249, 0.065682337918207449113
    };
    private static final double[] B = {
        47.20258190468824187, 976.09855173777669322, 10260.932208618978205, 45507.789335026729956
    };
    private static final double[] C = {
        0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
        597.27027639480026226, 2494.5375852903726711, 6848.1904505362823326,
        11602.651437647350124, 9842.7148383839780218, 1.0765576773720192317e-8
    };
    private static final double[] D = {
        22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
        6485.558298266760755, 18615.571640885098091, 34900.952721145977266,
        38912.003286093271411, 19685.429676859990727
    };
    private static final double[] P = {
        0.21589853405795699, 0.1274011611602473639, 0.022235277870649807,
        0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303
    };
    private static final double[] Q = {
        1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
        0.00378239633202758244, 7.29751555083966205e-5
    };

    private Normal() {}

    /** φ(x) = e^−x²/2 / √(2π), to within about 2 ulps; 0 for |x| ≥ 40. */
    public static double normPdf(double x) {
        return INV_SQRT_2PI * expHalfSquare(Math.abs(x));
    }

    /**
     * Φ(x) = P(Z ≤ x) for standard normal Z, to within about 1e-15 relative in both tails: Φ(−x)
     * keeps its relative accuracy down to where it leaves the normal doubles (Φ(−37.5) ≈ 4.6e-308)
     * and is 0 below about −38.5. Φ(x) rounds to 1 from about 8.3 up. Its derivative is
     * {@link #normPdf}.
     */
    public static double normCdf(double x) {
        double y = Math.abs(x);
        if (y <= CENTRAL_TO) {
            return 0.5 + x * central(x * x);
        }
        double lower = expHalfSquare(y) * tailFactor(y); // Φ(−y)
        return x < 0 ? lower : 1 - lower;
    }

    /**
     * log Φ(x), to within about 1e-15 relative, finite for every finite x: about −x²/2 − log(−x√(2π))
     * far below 0 (log Φ(−1000) ≈ −500007.8), about −Φ(−x) above (log1p(−Φ(−x)), which keeps the
     * digits that 1 − Φ(−x) would round away). Its derivative is {@link #logNormCdfDerivative}.
     */
    public static double logNormCdf(double x) {
        double y = Math.abs(x);
        if (y <= CENTRAL_TO) {
            return Math.log(0.5 + x * central(x * x));
        }
        if (x > 0) {
            return Math.log1p(-expHalfSquare(y) * tailFactor(y));
        }
        return -0.5 * y * y + Math.log(tailFactor(y)); // NaN falls through to here
    }

    /**
     * d/dx log Φ(x) = φ(x)/Φ(x), the inverse Mills ratio, to within about 1e-15 relative. Never
     * 0/0: below −0.66 the exponentials of φ and Φ cancel analytically and it is
     * 1/(√(2π) R(−x)), about −x − 1/x far below 0 (+∞ at −∞); above 0 it falls like φ(x) and is
     * 0 from about 38.5. Its derivative is {@link #logNormCdfSecondDerivative}.
     */
    public static double logNormCdfDerivative(double x) {
        double y = Math.abs(x);
        if (y <= CENTRAL_TO) {
            return INV_SQRT_2PI * expHalfSquare(y) / (0.5 + x * central(x * x));
        }
        if (x > 0) {
            double e = expHalfSquare(y);
            return INV_SQRT_2PI * e / (1 - e * tailFactor(y));
        }
        return INV_SQRT_2PI / tailFactor(y);
    }

    /**
     * d²/dx² log Φ(x) = −r(x) (x + r(x)) with r = {@link #logNormCdfDerivative}: always in
     * (−1, 0), tending to −1 as x → −∞ and to 0 as x → +∞. Below −√32, where x + r ≈ −1/x would
     * be the difference of two nearly equal numbers, it is computed from r = −x/(1 − g) as
     * −x² g/(1 − g)², with x² g = 1 − 3/x² + … computed directly, so it stays accurate to about
     * 1e-15 relative however negative x is; on (−√32, −3) the cancellation amplifies the error of
     * Φ's approximation up to about 1e-14.
     */
    public static double logNormCdfSecondDerivative(double x) {
        if (x < -TAIL_FROM) {
            // With y = −x and s = 1/y², the Mills ratio Φ(−y)/φ(y) is (1 − s h)/y, so
            // r = y/(1 − s h), x + r = y s h/(1 − s h) and r′ = −h/(1 − s h)², no cancellation.
            double y = -x;
            double s = 1 / (y * y);
            double h = y < MILLS_SERIES_FROM
                ? SQRT_2PI * tailRational(s)
                : polynomial(MILLS_SERIES, s);
            double oneMinus = 1 - s * h;
            return -h / (oneMinus * oneMinus);
        }
        double r = logNormCdfDerivative(x);
        return r == 0 ? -0.0 : -r * (x + r); // r = 0 at +∞, where x + r is ∞
    }

    /** Σⱼ cⱼ zʲ by Horner's rule. */
    private static double polynomial(double[] c, double z) {
        double sum = c[c.length - 1];
        for (int j = c.length - 2; j >= 0; j--) {
            sum = sum * z + c[j];
        }
        return sum;
    }

    /** A(s)/B(s): Φ(x) = 1/2 + x A(x²)/B(x²) for |x| ≤ 0.66291. */
    private static double central(double s) {
        double num = A[4] * s;
        double den = s;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * s;
            den = (den + B[i]) * s;
        }
        return (num + A[3]) / (den + B[3]);
    }

    /** R(y) = Φ(−y) e^{y²/2} for y &gt; 0.66291 (0 at y = ∞). */
    private static double tailFactor(double y) {
        if (y <= TAIL_FROM) {
            double num = C[8] * y;
            double den = y;
            for (int i = 0; i < 7; i++) {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        double s = 1 / (y * y);
        return (INV_SQRT_2PI - s * tailRational(s)) / y;
    }

    /** G(s) with R(y) = (1/√(2π) − s G(s)) / y, s = 1/y², for y ≥ √32; G(0) = 1/√(2π). */
    private static double tailRational(double s) {
        double num = P[5] * s;
        double den = s;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * s;
            den = (den + Q[i]) * s;
        }
        return (num + P[4]) / (den + Q[4]);
    }

    /**
     * e^−y²/2 for y ≥ 0, to within about 2 ulps also where y²/2 is in the hundreds (a rounded y²
     * would be off by up to 1e-13 relative there). y = h + t with h a multiple of 2⁻²⁰ of at most
     * 26 bits, so h²/2 is exact; e^−(2ht + t²)/2 ≈ 1 − u + u²/2 − u³/6 for the tiny u.
     */
    private static double expHalfSquare(double y) {
        if (!(y < EXP_UNDERFLOW)) {
            return y >= EXP_UNDERFLOW ? 0 : y; // NaN stays NaN
        }
        double h = Math.floor(y * 0x1p20) * 0x1p-20;
        double u = 0.5 * (y - h) * (y + h); // below 2⁻¹⁴
        return Math.exp(-0.5 * h * h) * (1 - u * (1 - u * (0.5 - u * (1.0 / 6))));
    }
}
