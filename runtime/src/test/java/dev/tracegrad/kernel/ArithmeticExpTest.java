package dev.tracegrad.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ArithmeticExp} against the 60-digit {@link ExpReference}: within one ulp of the exact value
 * everywhere (faithfully rounded) and at most {@link #MAX_ULPS} measured, across the whole range,
 * around the reduction's switching points and the edges of the fast range, through the subnormal
 * results and up to overflow; within an ulp of {@link Math#exp} and {@link StrictMath#exp}; the
 * special values; its Newton reciprocal; and its sigmoid.
 */
class ArithmeticExpTest {
    /**
     * The bound on exp's error: 0.845 ulp measured on this test's points (at x = −135.51, where r
     * is near −ln 2 / 2), 0.876 in a wider search of 500,000 points near the switching points. The
     * error budget there is ½ ulp for the last rounding plus about 0.18 each for the rounding of r
     * and of the last product p·r, below 0.9.
     */
    private static final double MAX_ULPS = 0.9;
    /**
     * The bound on sigmoid's error: three roundings after a faithful exponential. 2.13 ulps
     * measured on this test's points, 2.28 in a wider search, where {@link Fn#sigmoid} with
     * {@code Math.exp} has the same error.
     */
    private static final double SIGMOID_ULPS = 2.5;
    private static final double LN2 = Math.log(2);
    private static final BigDecimal MAX = new BigDecimal(Double.MAX_VALUE);

    @Test
    void theReferenceAgreesWithE() {
        MathContext mc = new MathContext(80);
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 70; k++) {
            term = term.divide(BigDecimal.valueOf(k), mc);
            sum = sum.add(term, mc);
        }
        assertEquals(0, sum.round(new MathContext(68)).compareTo(ExpReference.E.round(new MathContext(68))),
                sum.toString());
        // And the reference's Taylor sums against e: (e^½)² = e and (e^¼)⁴·e⁻¹ = 1, to 55 digits.
        MathContext digits55 = new MathContext(55);
        assertEquals(0, ExpReference.exp(0.5).pow(2).round(digits55).compareTo(ExpReference.E.round(digits55)));
        assertEquals(0, ExpReference.exp(0.25).pow(4).multiply(ExpReference.exp(-1)).round(digits55)
                .compareTo(BigDecimal.ONE));
        assertEquals(0, ExpReference.exp(-0.375).multiply(ExpReference.exp(0.375)).round(digits55)
                .compareTo(BigDecimal.ONE));
    }

    @Test
    void faithfullyRoundedAcrossTheRange() {
        Random random = new Random(41);
        Checker check = new Checker();
        // Uniform over the whole range of finite nonzero results and a little beyond.
        for (int i = 0; i < 10_000; i++) {
            check.at(uniform(random, -745.2, 709.79));
        }
        // Dense around 0: |x| from 1e-20 to 1, both signs, and the tiniest doubles.
        for (int i = 0; i < 2_000; i++) {
            double x = Math.pow(10, uniform(random, -20, 0));
            check.at(i % 2 == 0 ? x : -x);
        }
        check.at(Double.MIN_VALUE);
        check.at(-Double.MIN_VALUE);
        check.at(Double.MIN_NORMAL);
        // The reduction's switching points (j + ½)·ln 2, where k changes and |r| is largest, for
        // every k that gives a finite nonzero result: the nearest double and its neighbours.
        for (int j = -1076; j <= 1024; j++) {
            double x = (j + 0.5) * LN2;
            check.at(x);
            check.at(Math.nextUp(x));
            check.at(Math.nextDown(x));
            check.at(x * (1 + 1e-13));
            check.at(x * (1 - 1e-13));
        }
        // The fast range's edges, where the two-step scaling takes over.
        for (double edge : new double[] {ArithmeticExp.FAST_LOW, ArithmeticExp.FAST_HIGH}) {
            double x = edge;
            double y = edge;
            for (int i = 0; i < 20; i++) {
                check.at(x);
                check.at(y);
                x = Math.nextUp(x);
                y = Math.nextDown(y);
            }
            for (int i = 0; i < 500; i++) {
                check.at(uniform(random, edge - 0.5, edge + 0.5));
            }
        }
        // Subnormal results, down to where they round to 0.
        for (int i = 0; i < 2_000; i++) {
            check.at(uniform(random, -745.2, -708));
        }
        // Near overflow: ln of the largest double is 709.7827128933840.
        for (int i = 0; i < 1_000; i++) {
            check.at(uniform(random, 709.7, 709.79));
        }
        for (double x = 709.782712893383; x <= 709.782712893385; x = Math.nextUp(x)) {
            check.at(x);
        }
        assertTrue(check.points >= 20_000, check.points + " points");
        assertTrue(check.worst < MAX_ULPS,
                "max error " + check.worst + " ulp at x = " + check.worstAt + " over " + check.points + " points");
    }

    /** Records the worst error; asserts each point faithful (handling overflow on the way). */
    private static final class Checker {
        double worst;
        double worstAt = Double.NaN;
        int points;

        void at(double x) {
            points++;
            double result = ArithmeticExp.exp(x);
            BigDecimal exact = ExpReference.exp(x);
            String where = "exp(" + x + ") = " + result + ", exact " + exact.round(MathContext.DECIMAL64);
            if (exact.compareTo(MAX) > 0) {
                // Between the largest double and +∞, both are faithful; past 2¹⁰²⁴ only +∞.
                BigDecimal twoTo1024 = BigDecimal.valueOf(2).pow(1024);
                assertTrue(result == Double.POSITIVE_INFINITY
                        || result == Double.MAX_VALUE && exact.compareTo(twoTo1024) < 0, where);
                return;
            }
            assertTrue(Double.isFinite(result), where);
            double error = ExpReference.ulpError(result, exact);
            assertTrue(error < 1, where + ": " + error + " ulp");
            if (error > worst) {
                worst = error;
                worstAt = x;
            }
        }
    }

    @Test
    void withinAnUlpOfMathExpAndStrictMathExp() {
        Random random = new Random(43);
        int n = 100_000;
        int differFromMath = 0;
        int differFromStrict = 0;
        for (int i = 0; i < n; i++) {
            double x = uniform(random, -745, 709.78);
            double result = ArithmeticExp.exp(x);
            double math = Math.exp(x);
            double strict = StrictMath.exp(x);
            assertTrue(adjacentOrEqual(result, math), "exp(" + x + ") = " + result + ", Math.exp " + math);
            assertTrue(adjacentOrEqual(result, strict), "exp(" + x + ") = " + result + ", StrictMath.exp " + strict);
            differFromMath += result == math ? 0 : 1;
            differFromStrict += result == strict ? 0 : 1;
        }
        double fraction = (double) differFromMath / n;
        assertTrue(fraction < 0.15, "differs from Math.exp on " + fraction + " of the entries");
        assertTrue((double) differFromStrict / n < 0.15,
                "differs from StrictMath.exp on " + (double) differFromStrict / n + " of the entries");
    }

    private static boolean adjacentOrEqual(double a, double b) {
        return a == b || a == Math.nextUp(b) || a == Math.nextDown(b);
    }

    @Test
    void specialValues() {
        assertEquals(1.0, ArithmeticExp.exp(0.0));
        assertEquals(1.0, ArithmeticExp.exp(-0.0));
        assertEquals(Double.POSITIVE_INFINITY, ArithmeticExp.exp(Double.POSITIVE_INFINITY));
        assertEquals(0.0, ArithmeticExp.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.doubleToRawLongBits(0.0),
                Double.doubleToRawLongBits(ArithmeticExp.exp(Double.NEGATIVE_INFINITY)), "+0.0");
        assertTrue(Double.isNaN(ArithmeticExp.exp(Double.NaN)));
        assertEquals(Double.POSITIVE_INFINITY, ArithmeticExp.exp(710));
        assertEquals(Double.POSITIVE_INFINITY, ArithmeticExp.exp(709.79));
        assertEquals(Double.POSITIVE_INFINITY, ArithmeticExp.exp(1e300));
        // Just below overflow: 1.7928227943945155e308, finite and faithful.
        assertFaithful(709.78);
        assertTrue(ArithmeticExp.exp(709.78) > 1.79e308);
        assertEquals(0.0, ArithmeticExp.exp(-1e300));
        assertEquals(0.0, ArithmeticExp.exp(-746));
        // Below ln(2⁻¹⁰⁷⁵) = −745.1332 the exact value is under half the smallest subnormal: 0.
        assertEquals(0.0, ExpReference.exp(-745.2).doubleValue());
        assertEquals(0.0, ArithmeticExp.exp(-745.2));
        // Just above it, e^−745.1 = 0.517·2⁻¹⁰⁷⁴ rounds up to the smallest subnormal.
        assertEquals(Double.MIN_VALUE, ExpReference.exp(-745.1).doubleValue());
        assertEquals(Double.MIN_VALUE, ArithmeticExp.exp(-745.1));
        // ln(2⁻¹⁰⁷⁴) = −744.4401: e^−744.44 is 1.00007·2⁻¹⁰⁷⁴.
        assertEquals(Double.MIN_VALUE, ExpReference.exp(-744.44).doubleValue());
        assertEquals(Double.MIN_VALUE, ArithmeticExp.exp(-744.44));
        // Subnormal results, whose ulp is the smallest subnormal: e^−720 = 2.03e−313, e^−740.
        for (double x : new double[] {-720, -730.5, -740, -708.5, -708.1}) {
            assertFaithful(x);
        }
        assertTrue(ArithmeticExp.exp(-720) < Double.MIN_NORMAL && ArithmeticExp.exp(-720) > 2.0e-313);
        // e¹ against Math.E (e correctly rounded).
        double e = ArithmeticExp.exp(1);
        assertTrue(adjacentOrEqual(e, Math.E), e + " vs " + Math.E);
        assertFaithful(1);
        assertFaithful(-1);
        assertFaithful(0.5);
    }

    @Test
    void powersOfTwo() {
        // e^(k·ln 2 rounded) is 2ᵏ·e^δ with δ the rounding error of k·ln 2: every result is faithful,
        // and where the exact value rounds to 2ᵏ (small |k|, and others by chance), the result is
        // within an ulp of 2ᵏ.
        int roundsToPower = 0;
        for (int k = -1074; k <= 1023; k++) {
            double x = k * LN2;
            double power = Math.scalb(1.0, k);
            double result = ArithmeticExp.exp(x);
            assertFaithful(x);
            if (ExpReference.exp(x).doubleValue() == power) {
                roundsToPower++;
                assertTrue(adjacentOrEqual(result, power), "exp(" + k + "·ln 2) = " + result + ", 2^" + k);
            }
        }
        // Which k those are depends on δ; k = 0, ±1, ±2 among them.
        for (int k = -2; k <= 2; k++) {
            assertEquals(Math.scalb(1.0, k), ExpReference.exp(k * LN2).doubleValue(), "2^" + k);
            assertTrue(adjacentOrEqual(ArithmeticExp.exp(k * LN2), Math.scalb(1.0, k)), "2^" + k);
        }
        assertTrue(roundsToPower >= 16, roundsToPower + " powers");
    }

    @Test
    void sigmoidNearTheExactValue() {
        Random random = new Random(47);
        double[] fixed = {0, -0.0, 1, -1, 0.5, -0.5, 5, -5, 20, -20, 36, 37, 38, -36.7, -40, -100, -700,
            -708, -708.5, -708.9, -709, -709.5, -720, -745, -745.1, 700, 709, 710, 745, 800, -800};
        for (int i = 0; i < fixed.length + 3_000; i++) {
            double x = i < fixed.length ? fixed[i]
                    : i % 3 == 0 ? uniform(random, -800, 800) : uniform(random, -40, 40);
            double result = ArithmeticExp.sigmoid(x);
            BigDecimal exact = ExpReference.sigmoid(x);
            double error = ExpReference.ulpError(result, exact);
            assertTrue(error < SIGMOID_ULPS, "sigmoid(" + x + ") = " + result + ", exact " + exact.round(MathContext.DECIMAL64)
                    + ": " + error + " ulp");
        }
        assertEquals(0.5, ArithmeticExp.sigmoid(0));
        assertEquals(1.0, ArithmeticExp.sigmoid(1000));
        assertEquals(0.0, ArithmeticExp.sigmoid(-1000));
        assertEquals(1.0, ArithmeticExp.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0.0, ArithmeticExp.sigmoid(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(ArithmeticExp.sigmoid(Double.NaN)));
        // Below −709 the exp(x) branch: e^−709.5 is subnormal, e^−800 rounds to 0.
        assertEquals(ArithmeticExp.exp(-709.5), ArithmeticExp.sigmoid(-709.5));
        assertTrue(ArithmeticExp.sigmoid(-709.5) > 0);
        assertEquals(0.0, ArithmeticExp.sigmoid(-800));
    }

    @Test
    void reciprocalWithinAnUlpOfTheDivision() {
        // Over the range sigmoid gives it (1 + e⁻ˣ for x in [−700, 708]: 1 to about 10³⁰⁴), and at
        // the mantissas where the first guess is worst; the division is correctly rounded.
        Random random = new Random(59);
        int differing = 0;
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            double d = i % 2 == 0 ? 1 + random.nextDouble() : Math.exp(uniform(random, 0, 700));
            double y = ArithmeticExp.reciprocal(d);
            double exact = 1 / d;
            assertTrue(Math.abs(y - exact) <= Math.ulp(exact), "1/" + d + ": " + y + " vs " + exact);
            if (y != exact) {
                differing++;
            }
        }
        assertTrue(differing < count / 100, differing + " of " + count + " differ from the division");
        for (double d : new double[] {1, 2, 4, 0x1p100, 0x1p1000}) {
            assertEquals(1 / d, ArithmeticExp.reciprocal(d), "1/" + d); // exact
        }
        for (double d : new double[] {3, 1.5, 0x1.fffffffffffffp0, 0x1.0000000000001p0, 1e304}) {
            assertTrue(Math.abs(ArithmeticExp.reciprocal(d) - 1 / d) <= Math.ulp(1 / d), "1/" + d);
        }
    }

    private static void assertFaithful(double x) {
        double result = ArithmeticExp.exp(x);
        double error = ExpReference.ulpError(result, ExpReference.exp(x));
        assertTrue(error < 1, "exp(" + x + ") = " + result + ": " + error + " ulp");
    }

    private static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
