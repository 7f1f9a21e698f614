package dev.tracegrad.kernel;

/**
 * The log-gamma function ln Γ and its first two derivatives, digamma ψ and trigamma ψ′, for
 * positive arguments: the values behind the {@code logGamma} op and its gradients (count and rate
 * models: negative binomial, beta, gamma, Dirichlet, Student-t degrees of freedom). Called by
 * {@code Ops.logGamma} and, through {@link Fn}, by generated code; not part of the DSL.
 *
 * <p>Each is within about 1e-15 relative of the exact value, checked against a high-precision
 * reference ({@code runtime/src/test/python/special_references.py}). Where the function has a zero
 * (ln Γ at 1 and 2, ψ at x₀ ≈ 1.4616) the series about it keep relative accuracy right up to the
 * zero: no result is the difference of two large, nearly equal numbers.
 *
 * <p>How: large arguments take the asymptotic (Stirling) series; moderate ones step down (ln Γ, ψ)
 * or up (ψ′, whose terms are all positive) by the recurrences Γ(x + 1) = x Γ(x),
 * ψ(x + 1) = ψ(x) + 1/x and ψ′(x + 1) = ψ′(x) − 1/x² onto [1.25, 2.5], where Taylor series
 * about 2 and about x₀ converge quickly. Their coefficients are printed by
 * {@code runtime/src/test/python/special_coefficients.py}.
 *
 * <p>Outside the domain: at 0 (of either sign) ln Γ and ψ′ are +∞ and ψ is −∞, their limits from
 * the right; negative arguments, −∞ and NaN give NaN; at +∞, ln Γ and ψ are +∞ and ψ′ is 0.
 */
public final class Gamma {
    /** From here up, the asymptotic series, whose terms fall below 1e-17 of the value by x = 10. */
    private static final double ASYMPTOTIC_FROM = 10;

    /** ln √(2π) − 1/2, the constant of Stirling's series as it is summed here. */
    private static final double HALF_LOG_TWO_PI_MINUS_HALF = 0.41893853320467274178;

    /** The positive root x₀ of ψ, split into the nearest double and the double nearest the rest. */
    private static final double DIGAMMA_ROOT_HI = 1.4616321449683622;
    private static final double DIGAMMA_ROOT_LO = 9.549995429965697e-17;

    /**
     * ln Γ(2 + z) = (1 − γ) z + Σₖ₌₂ (−1)ᵏ (ζ(k) − 1)/k zᵏ; entry j multiplies z^(j+1). Used for
     * |z| ≤ 1/2, where the 30 terms leave an error below 1e-19.
     */
    private static final double[] LOG_GAMMA_AT_2 = {
        4.22784335098467139393e-1, 3.22467033424113218236e-1, -6.73523010531980951332e-2,
        2.0580808427784547879e-2, -7.38555102867398526627e-3, 2.89051033074152328575e-3,
        -1.19275391170326097711e-3, 5.09669524743042422336e-4, -2.23154758453579379761e-4,
        9.94575127818085337146e-5, -4.49262367381331417002e-5, 2.05072127756706915532e-5,
        -9.43948827526839590399e-6, 4.37486678990748780418e-6, -2.03921575380136623678e-6,
        9.55141213040741983286e-7, -4.49246919876456604329e-7, 2.12071848055546658692e-7,
        -1.00432248239680996087e-7, 4.76981016936398056576e-8, -2.27110946089431649103e-8,
        1.08386592148969540911e-8, -5.18347504197004665512e-9, 2.48367454380247831719e-9,
        -1.19214014058609120744e-9, 5.73136724167886201333e-10, -2.75952288512423314518e-10,
        1.33047643742444894815e-10, -6.42296456383810002208e-11, 3.10442477473222727624e-11
    };

    /** ψ(2 + z), the derivative of the series above; entry j multiplies z^j. Used for |z| ≤ 1/2. */
    private static final double[] DIGAMMA_AT_2 = {
        4.22784335098467139393e-1, 6.44934066848226436472e-1, -2.020569031595942854e-1,
        8.2323233711138191516e-2, -3.69277551433699263314e-2, 1.73430619844491397145e-2,
        -8.3492773819228268398e-3, 4.07735619794433937869e-3, -2.00839282608221441785e-3,
        9.94575127818085337146e-4, -4.94188604119464558702e-4, 2.46086553308048298638e-4,
        -1.22713347578489146752e-4, 6.12481350587048292585e-5, -3.05882363070204935517e-5,
        1.52822594086518717326e-5, -7.6371976378997622736e-6, 3.81729326499983985646e-6,
        -1.90821271655393892566e-6, 9.53962033872796113152e-7, -4.76932986787806463117e-7,
        2.38450502727732990004e-7, -1.19219925965311073068e-7, 5.96081890512594796124e-8,
        -2.98035035146522801861e-8, 1.49015548283650412347e-8, -7.45071178983542949198e-9,
        3.72533402478845705482e-9, -1.8626597235130490064e-9, 9.31327432419668182872e-10
    };

    /**
     * ψ(x₀ + t) = Σₖ₌₁ (−1)^(k+1) ζ(k + 1, x₀) tᵏ about the root x₀; entry j multiplies t^(j+1).
     * Used for x₀ + t in [1.25, 1.75], |t| ≤ 0.29, where the terms shrink by 0.2 each.
     */
    private static final double[] DIGAMMA_AT_ROOT = {
        9.67672245447621170427e-1, -4.42763168983592106093e-1, 2.58499760955651010624e-1,
        -1.63942705442406527504e-1, 1.07824050691262365757e-1, -7.21995612564547109261e-2,
        4.88042881641431072251e-2, -3.31611264748473592923e-2, 2.25976482322181046596e-2,
        -1.54247659049489591388e-2, 1.05387916166121753881e-2, -7.20453438635686824097e-3,
        4.92678139572985344635e-3, -3.36980165543932808279e-3, 2.30512632673492783694e-3,
        -1.57693677143019725927e-3, 1.07882520191629658069e-3, -7.38070938996005129566e-4,
        5.04953265834602035177e-4, -3.45468025106307699556e-4, 2.36356015640270527924e-4,
        -1.61706220919748034494e-4, 1.10633727687474109041e-4, -7.56917958219506591924e-5,
        5.17857579522208086899e-5, -3.54300709476596063157e-5
    };

    /** Stirling's series for ln Γ: B₂ₖ / (2k (2k − 1)), k = 1..8, multiplying x^−(2k−1). */
    private static final double[] STIRLING = {
        1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360360, 1.0 / 156,
        -3617.0 / 122400
    };

    /** The asymptotic series for ψ: B₂ₖ / (2k), k = 1..8, multiplying x^−2k. */
    private static final double[] DIGAMMA_ASYMPTOTIC = {
        1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132, -691.0 / 32760, 1.0 / 12,
        -3617.0 / 8160
    };

    /** The asymptotic series for ψ′: B₂ₖ, k = 1..10, multiplying x^−(2k+1). */
    private static final double[] TRIGAMMA_ASYMPTOTIC = {
        1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510,
        43867.0 / 798, -174611.0 / 330
    };

    private Gamma() {}

    /**
     * ln Γ(x) for x &gt; 0, to within about 1e-15 relative; at 1 and 2, where it is 0, it is
     * exactly 0, and near them it keeps that relative accuracy (ln Γ(1 + ε) ≈ −γε). +∞ at 0 and
     * +∞, NaN below 0 and at NaN. Its derivative is {@link #digamma}.
     */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            return x == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (x >= ASYMPTOTIC_FROM) {
            // (x − 1/2)(ln x − 1) − 1/2 is (x − 1/2) ln x − x without the cancellation of the
            // last two, and overflows only where ln Γ does. ln x − 1 is exact for x ≥ e².
            double inverse = 1 / x;
            return (x - 0.5) * (Math.log(x) - 1) + HALF_LOG_TWO_PI_MINUS_HALF
                + inverse * polynomial(STIRLING, inverse * inverse);
        }
        if (x >= 2.5) {
            // Γ(x) = (x − 1)(x − 2)…(x − n) Γ(x − n), with x − n in [1.5, 2.5); every x − k is exact.
            int n = (int) (x - 1.5);
            double product = x - 1;
            for (int k = 2; k <= n; k++) {
                product *= x - k;
            }
            return logGammaNearTwo(x - n - 2) + Math.log(product);
        }
        if (x >= 1.5) {
            return logGammaNearTwo(x - 2);
        }
        if (x >= 0.5) {
            // ln Γ(x) = ln Γ(x + 1) − ln x, with x + 1 = 2 + (x − 1) and x − 1 exact: near x = 1,
            // (1 − γ) ε − ε loses less than a bit.
            return logGammaNearTwo(x - 1) - Math.log(x);
        }
        return logGammaNearTwo(x) - Math.log(x) - Math.log1p(x);
    }

    /**
     * ψ(x) = d/dx ln Γ(x) for x &gt; 0, to within about 1e-15 relative, also next to its root
     * x₀ ≈ 1.4616 (the Taylor series about it is evaluated at x − x₀ taken in double-double).
     * −∞ at 0, +∞ at +∞, NaN below 0 and at NaN. Its derivative is {@link #trigamma}.
     */
    public static double digamma(double x) {
        if (!(x > 0)) {
            return x == 0 ? Double.NEGATIVE_INFINITY : Double.NaN;
        }
        if (x >= ASYMPTOTIC_FROM) {
            double inverseSquare = 1 / (x * x);
            return Math.log(x) - 0.5 / x - inverseSquare * polynomial(DIGAMMA_ASYMPTOTIC, inverseSquare);
        }
        if (x >= 2.5) {
            // ψ(x) = ψ(x − n) + Σₖ 1/(x − k): every term positive, every x − k exact.
            int n = (int) (x - 1.5);
            double sum = 0;
            for (int k = n; k >= 1; k--) {
                sum += 1 / (x - k);
            }
            return digammaOnCore(x - n) + sum;
        }
        // ψ(x) = ψ(x + 1) − 1/x; below 1.25, ψ ≤ ψ(1.25) ≈ −0.23, so nothing cancels.
        double shift = 0;
        while (x < 1.25) {
            shift -= 1 / x;
            x += 1;
        }
        return digammaOnCore(x) + shift;
    }

    /**
     * ψ′(x) = d²/dx² ln Γ(x) for x &gt; 0, to within about 1e-15 relative. +∞ at 0, 0 at +∞, NaN
     * below 0 and at NaN.
     */
    public static double trigamma(double x) {
        if (!(x > 0)) {
            return x == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        // ψ′(x) = Σₖ 1/(x + k)² + ψ′(x + n), all terms positive.
        double sum = 0;
        int k = 0;
        double shifted = x;
        while (shifted < ASYMPTOTIC_FROM) {
            sum += 1 / (shifted * shifted);
            shifted = x + ++k;
        }
        double inverse = 1 / shifted;
        double inverseSquare = inverse * inverse;
        return sum + inverse + inverseSquare * (0.5 + inverse * polynomial(TRIGAMMA_ASYMPTOTIC, inverseSquare));
    }

    /** ln Γ(2 + z) for |z| ≤ 1/2. */
    private static double logGammaNearTwo(double z) {
        return z * polynomial(LOG_GAMMA_AT_2, z);
    }

    /** ψ(x) for x in [1.25, 2.5]: about the root below 1.75, about 2 from there. */
    private static double digammaOnCore(double x) {
        if (x < 1.75) {
            double t = (x - DIGAMMA_ROOT_HI) - DIGAMMA_ROOT_LO; // x − HI is exact (Sterbenz)
            return t * polynomial(DIGAMMA_AT_ROOT, t);
        }
        return polynomial(DIGAMMA_AT_2, x - 2);
    }

    /** Σⱼ cⱼ zʲ by Horner's rule. */
    private static double polynomial(double[] c, double z) {
        double sum = c[c.length - 1];
        for (int j = c.length - 2; j >= 0; j--) {
            sum = sum * z + c[j];
        }
        return sum;
    }
}
