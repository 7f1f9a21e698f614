package dev.tracegrad.kernel;

/**
 * eˣ from additions, multiplications, fused multiply-adds and exponent bits alone: the scalar
 * twin of the vector exponential. Every operation is an IEEE 754 basic operation, exactly
 * rounded and the same in the interpreter, in each JIT tier and lane by lane in a vector, so a
 * vector kernel that performs the same steps gives the same bits as this method — unlike
 * {@link Math#exp}, which no vector code can reproduce, and the Vector API's own {@code EXP},
 * whose bits change when C2 compiles the loop.
 *
 * <p>The method: x = k·ln 2 + r with k = rint(x·log₂e) (by adding and subtracting 1.5·2⁵²) and
 * |r| ≤ ln 2 / 2 (Cody and Waite's two-part ln 2); eʳ by its Taylor polynomial of degree 13 in
 * Horner's form (truncation below 10⁻¹⁷ relative); eˣ = eʳ·2ᵏ, exactly, with 2ᵏ built from its
 * exponent bits. The result is within one ulp of the exact value (faithfully rounded; the tests
 * measure at most about 0.88 ulp), and equal to {@code Math.exp(x)} on most inputs, one ulp off on
 * the others. Overflow gives +∞, underflow the correctly scaled subnormal or 0, NaN stays NaN.
 */
final class ArithmeticExp {
    /** log₂ e, rounded. */
    static final double LOG2E = 0x1.71547652b82fep0;
    /** 1.5·2⁵²: x·log₂e + SHIFTER rounds x·log₂e to an integer held in the low bits. */
    static final double SHIFTER = 0x1.8p52;
    /** The bits of SHIFTER less the exponent bias: bits(t) − this, shifted by 52, is 2ᵏ. */
    static final long SHIFTER_BITS_LESS_BIAS = Double.doubleToRawLongBits(SHIFTER) - 1023;
    /** ln 2's leading 42 bits: k·LN2_HI is exact for every |k| below 2¹¹. */
    static final double LN2_HI = 0x1.62e42fefa3800p-1;
    /** ln 2 − LN2_HI, rounded. */
    static final double LN2_LO = 0x1.ef35793c76730p-45;
    /** 1/n!, the Taylor coefficients of eʳ from degree 13 down to 2, rounded. */
    static final double C13 = 1.0 / 6227020800.0;
    static final double C12 = 1.0 / 479001600.0;
    static final double C11 = 1.0 / 39916800.0;
    static final double C10 = 1.0 / 3628800.0;
    static final double C9 = 1.0 / 362880.0;
    static final double C8 = 1.0 / 40320.0;
    static final double C7 = 1.0 / 5040.0;
    static final double C6 = 1.0 / 720.0;
    static final double C5 = 1.0 / 120.0;
    static final double C4 = 1.0 / 24.0;
    static final double C3 = 1.0 / 6.0;
    static final double C2 = 0.5;
    /**
     * The arguments for which 2ᵏ and eʳ·2ᵏ are normal numbers: a vector kernel takes the fast
     * path when all its lanes are in [FAST_LOW, FAST_HIGH] and calls {@link #exp} otherwise.
     */
    static final double FAST_LOW = -708;
    static final double FAST_HIGH = 709;
    /** Above this eˣ overflows to +∞ (ln of the largest double is 709.78…). */
    private static final double OVERFLOWS_ABOVE = 710;
    /** Below this eˣ is under half the smallest subnormal and rounds to 0 (its ln is −745.13…). */
    private static final double VANISHES_BELOW = -746;

    private ArithmeticExp() {}

    /** eˣ, faithfully rounded (see the class comment). */
    static double exp(double x) {
        if (!(x >= VANISHES_BELOW)) {
            return x != x ? x : 0.0;
        }
        if (x > OVERFLOWS_ABOVE) {
            return Double.POSITIVE_INFINITY;
        }
        double t = Math.fma(x, LOG2E, SHIFTER);
        double k = t - SHIFTER;
        double p = expOfReduced(Math.fma(-k, LN2_LO, Math.fma(-k, LN2_HI, x)));
        if (x >= FAST_LOW && x <= FAST_HIGH) {
            return p * Double.longBitsToDouble((Double.doubleToRawLongBits(t) - SHIFTER_BITS_LESS_BIAS) << 52);
        }
        // 2ᵏ is not a normal number: scale in two exact-or-once-rounded halves.
        int ki = (int) k;
        int half = ki >> 1;
        return p * powerOfTwo(ki - half) * powerOfTwo(half);
    }

    /** eʳ for |r| ≤ ln 2 / 2 (a little more is harmless). */
    static double expOfReduced(double r) {
        double p = Math.fma(C13, r, C12);
        p = Math.fma(p, r, C11);
        p = Math.fma(p, r, C10);
        p = Math.fma(p, r, C9);
        p = Math.fma(p, r, C8);
        p = Math.fma(p, r, C7);
        p = Math.fma(p, r, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1.0);
        return Math.fma(p, r, 1.0);
    }

    private static double powerOfTwo(int n) {
        return Double.longBitsToDouble((long) (n + 1023) << 52);
    }

    /**
     * The arguments of {@link #sigmoid} whose 1/(1 + e⁻ˣ) a vector kernel computes lane by lane:
     * e⁻ˣ on the fast path, and 1 + e⁻ˣ at most about 10³⁰⁴, so that its reciprocal is a normal
     * number that {@link #reciprocal} reaches.
     */
    static final double SIGMOID_FAST_LOW = -700;
    static final double SIGMOID_FAST_HIGH = -FAST_LOW;

    /**
     * {@link Fn#sigmoid(double)}'s form with this exponential: 1/(1 + e⁻ˣ), the reciprocal by
     * {@link #reciprocal} between {@link #SIGMOID_FAST_LOW} and {@link #SIGMOID_FAST_HIGH}, by a
     * division outside (where a vector kernel calls this method), eˣ below −709.
     */
    static double sigmoid(double x) {
        if (x >= SIGMOID_FAST_LOW && x <= SIGMOID_FAST_HIGH) {
            return reciprocal(1 + exp(-x));
        }
        return x >= -709 ? 1 / (1 + exp(-x)) : exp(x);
    }

    /** Subtracted from a double's bits, a first guess at its reciprocal's (within 12%). */
    static final long RECIPROCAL_MAGIC = 0x7fde623822fc16e6L;

    /**
     * 1/d for d between 2⁻¹⁰²¹ and 2¹⁰²¹, within an ulp, by Newton's iteration y ← y + y(1 − dy)
     * from the guess {@link #RECIPROCAL_MAGIC} − bits(d): five steps, each squaring the relative
     * error, each residual 1 − dy exact in a fused multiply-add. A division would give the
     * correctly rounded value, but once the Vector API's division (or subtraction) had run, C2
     * compiled another vector kernel of the same JVM, the products' few-rows kernel, with its
     * vectors as objects: 5.8 MB allocated per mlp large gradient, on JDK 17 (see
     * {@code VectorSteadyStateTest}). These steps use only multiply-adds.
     */
    static double reciprocal(double d) {
        double y = Double.longBitsToDouble(RECIPROCAL_MAGIC + -Double.doubleToRawLongBits(d));
        y = Math.fma(y, Math.fma(-d, y, 1.0), y);
        y = Math.fma(y, Math.fma(-d, y, 1.0), y);
        y = Math.fma(y, Math.fma(-d, y, 1.0), y);
        y = Math.fma(y, Math.fma(-d, y, 1.0), y);
        return Math.fma(y, Math.fma(-d, y, 1.0), y);
    }

}
