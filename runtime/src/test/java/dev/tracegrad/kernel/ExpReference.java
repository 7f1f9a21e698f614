package dev.tracegrad.kernel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * eˣ of a double to 60 significant digits in {@link BigDecimal}, independent of any floating-point
 * exponential: x is taken exactly, split into the nearest integer n and f = x − n (|f| ≤ ½, exact),
 * e^f summed from its Taylor series and eⁿ raised from a 70-digit constant of e. And the error of
 * a double result in units in the last place of the exact value.
 */
final class ExpReference {
    static final MathContext MC = new MathContext(60);
    /** e to 70 digits (mpmath); {@code ArithmeticExpTest} checks it against Σ 1/k!. */
    static final BigDecimal E =
            new BigDecimal("2.718281828459045235360287471352662497757247093699959574966967627724077");
    /** Taylor terms below this (relative to e^f ≥ 0.6) no longer change 60 digits. */
    private static final BigDecimal NEGLIGIBLE = new BigDecimal("1e-62");
    /** The largest double plus half its ulp, 2¹⁰²⁴ − 2⁹⁷⁰: from here a value rounds to +∞. */
    static final BigDecimal ROUNDS_TO_INFINITY =
            new BigDecimal(Double.MAX_VALUE).add(new BigDecimal(Math.ulp(Double.MAX_VALUE)).divide(BigDecimal.valueOf(2)));

    private ExpReference() {}

    /** 1/k! for k below 60, to 60 digits. */
    private static final BigDecimal[] INVERSE_FACTORIALS = new BigDecimal[60];
    /** eⁿ for |n| ≤ 1100 at index n + 1100, raised from {@link #E} when first asked for. */
    private static final BigDecimal[] POWERS = new BigDecimal[2201];

    static {
        INVERSE_FACTORIALS[0] = BigDecimal.ONE;
        for (int k = 1; k < INVERSE_FACTORIALS.length; k++) {
            INVERSE_FACTORIALS[k] = INVERSE_FACTORIALS[k - 1].divide(BigDecimal.valueOf(k), MC);
        }
    }

    /** eˣ for finite x with |x| ≤ 1100, to 60 digits. */
    static BigDecimal exp(double x) {
        BigDecimal exact = new BigDecimal(x);
        int n = exact.setScale(0, RoundingMode.HALF_EVEN).intValueExact();
        BigDecimal f = exact.subtract(BigDecimal.valueOf(n));
        // Σ fᵏ/k! until the terms (at most ½ᵏ/k!) no longer change 60 digits.
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal power = BigDecimal.ONE;
        for (int k = 1; k < INVERSE_FACTORIALS.length; k++) {
            power = power.multiply(f, MC);
            BigDecimal term = power.multiply(INVERSE_FACTORIALS[k], MC);
            sum = sum.add(term, MC);
            if (term.abs().compareTo(NEGLIGIBLE) < 0) {
                break;
            }
        }
        return sum.multiply(powerOfE(n), MC);
    }

    private static synchronized BigDecimal powerOfE(int n) {
        if (POWERS[n + 1100] == null) {
            POWERS[n + 1100] = E.pow(n, MC);
        }
        return POWERS[n + 1100];
    }

    /** The logistic function 1 / (1 + e⁻ˣ), to about 60 digits. */
    static BigDecimal sigmoid(double x) {
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(-x)), MC);
    }

    /**
     * tanh x to about 55 digits: (1 − e)/(1 + e) with e = e^−2|x| (at most 5 of the 60 digits lost
     * to cancellation), and below |x| = 10⁻⁵ the Taylor series x − x³/3 + 2x⁵/15 − 17x⁷/315 +
     * 62x⁹/2835 (the next term is under 10⁻⁵⁰ relative). Beyond |x| = 500 it is ±1 within 10⁻⁴³⁰.
     */
    static BigDecimal tanh(double x) {
        double a = Math.abs(x);
        BigDecimal t;
        if (a < 1e-5) {
            BigDecimal v = new BigDecimal(a);
            BigDecimal s = v.multiply(v, MC);
            BigDecimal series = new BigDecimal(62).divide(new BigDecimal(2835), MC);
            series = series.multiply(s, MC).subtract(new BigDecimal(17).divide(new BigDecimal(315), MC), MC);
            series = series.multiply(s, MC).add(new BigDecimal(2).divide(new BigDecimal(15), MC), MC);
            series = series.multiply(s, MC).subtract(BigDecimal.ONE.divide(new BigDecimal(3), MC), MC);
            t = v.add(v.multiply(s, MC).multiply(series, MC), MC);
        } else {
            BigDecimal e = exp(-2 * Math.min(a, 500));
            t = BigDecimal.ONE.subtract(e, MC).divide(BigDecimal.ONE.add(e, MC), MC);
        }
        return x < 0 ? t.negate() : t;
    }

    /**
     * The ulp of a positive exact value: that of the binade it lies in (not of the double it
     * rounds to, which may be the next power of two), {@link Double#MIN_VALUE} below the normal
     * numbers.
     */
    static BigDecimal ulp(BigDecimal exact) {
        double rounded = exact.doubleValue();
        double ulp = Math.ulp(rounded);
        boolean powerOfTwo = (Double.doubleToRawLongBits(rounded) & 0xfffffffffffffL) == 0;
        if (rounded > Double.MIN_NORMAL && powerOfTwo && new BigDecimal(rounded).compareTo(exact) > 0) {
            ulp /= 2;
        }
        return new BigDecimal(ulp);
    }

    /** |result − exact| in ulps of the exact (positive, at most the largest double) value. */
    static double ulpError(double result, BigDecimal exact) {
        return new BigDecimal(result).subtract(exact).abs().divide(ulp(exact), MathContext.DECIMAL64)
                .doubleValue();
    }
}
