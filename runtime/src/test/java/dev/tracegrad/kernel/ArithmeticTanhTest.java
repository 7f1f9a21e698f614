package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.ArrayPass.assertBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import java.util.function.DoubleConsumer;
import org.junit.jupiter.api.Test;

/**
 * {@link ArithmeticTanh} against the 60-digit {@link ExpReference#tanh}, beside {@link Fn#tanh}
 * (with {@code Math.exp} and {@code Math.tanh}) on the same points; its special values, its
 * symmetry, and the cap on |x| that changes no bits.
 */
class ArithmeticTanhTest {
    /**
     * The bound on ArithmeticTanh's error: 2.52 ulps measured on this test's points, 2.84 in a
     * wider search (400,000 points in [0.3, 1]), both near x = ±0.5, where 1 − e (e = e^−2|x|,
     * faithful) has twice the result's ulp and carries e's error. Below 0.3 the polynomial
     * stays under an ulp.
     */
    private static final double MAX_ULPS = 3.0;
    /** The bound below 0.3: 0.543 ulp measured (the last addition's half ulp and a little). */
    private static final double POLYNOMIAL_ULPS = 0.6;
    /** {@link Fn#tanh} on the same points, for comparison: 2.08 measured here, 2.17 in the wider search. */
    private static final double FN_MAX_ULPS = 2.5;

    @Test
    void nearTheExactValueAcrossTheRange() {
        Random random = new Random(97);
        Checker arithmetic = new Checker("ArithmeticTanh.tanh");
        Checker fn = new Checker("Fn.tanh");
        Checker polynomial = new Checker("ArithmeticTanh.tanh below 0.3");
        DoubleConsumer at = x -> {
            BigDecimal exact = ExpReference.tanh(x);
            arithmetic.at(x, ArithmeticTanh.tanh(x), exact);
            if (Math.abs(x) < ArithmeticTanh.BY_EXP_FROM) {
                polynomial.at(x, ArithmeticTanh.tanh(x), exact);
            }
            fn.at(x, Fn.tanh(x), exact);
        };
        // Uniform where tanh is not yet 1, both signs.
        for (int i = 0; i < 10_000; i++) {
            at.accept(uniform(random, -20, 20));
        }
        // Dense over the exponential's first stretch, where 1 − e cancels most: [0.3, 1].
        for (int i = 0; i < 10_000; i++) {
            double x = uniform(random, 0.3, 1);
            at.accept(i % 2 == 0 ? x : -x);
        }
        // The polynomial: |x| from 1e-20 to 0.3, log-uniform and uniform.
        for (int i = 0; i < 5_000; i++) {
            double x = i % 2 == 0 ? Math.pow(10, uniform(random, -20, Math.log10(0.3))) : uniform(random, 0, 0.3);
            at.accept(i % 4 < 2 ? x : -x);
        }
        // Both sides of the switch point, and of the cap.
        for (double edge : new double[] {ArithmeticTanh.BY_EXP_FROM, ArithmeticTanh.SATURATES_FROM, 19.06}) {
            double up = edge;
            double down = edge;
            for (int i = 0; i < 50; i++) {
                at.accept(up);
                at.accept(-down);
                up = Math.nextUp(up);
                down = Math.nextDown(down);
            }
        }
        // Far out, where both are exactly ±1.
        for (int i = 0; i < 500; i++) {
            at.accept(uniform(random, -1000, 1000));
        }
        assertTrue(arithmetic.worst < MAX_ULPS, arithmetic.report());
        assertTrue(polynomial.worst < POLYNOMIAL_ULPS, polynomial.report());
        assertTrue(fn.worst < FN_MAX_ULPS, fn.report());
    }

    /** Records the worst error in ulps of the exact value, checking signs on the way. */
    private static final class Checker {
        final String name;
        double worst;
        double worstAt = Double.NaN;
        int points;

        Checker(String name) {
            this.name = name;
        }

        void at(double x, double result, BigDecimal exact) {
            points++;
            String where = name + "(" + x + ") = " + result + ", exact " + exact.round(MathContext.DECIMAL64);
            assertTrue(exact.signum() == 0 || Math.signum(result) == exact.signum(), where);
            assertTrue(Math.abs(result) <= 1, where);
            double error = exact.signum() == 0 ? Math.abs(result) : ExpReference.ulpError(Math.abs(result), exact.abs());
            if (error > worst) {
                worst = error;
                worstAt = x;
            }
        }

        String report() {
            return name + ": max error " + worst + " ulp at x = " + worstAt + " over " + points + " points";
        }
    }

    @Test
    void specialValues() {
        assertBits(0.0, ArithmeticTanh.tanh(0.0), "tanh(0)");
        assertBits(-0.0, ArithmeticTanh.tanh(-0.0), "tanh(-0)");
        assertBits(Double.NaN, ArithmeticTanh.tanh(Double.NaN), "tanh(NaN)");
        assertBits(1.0, ArithmeticTanh.tanh(Double.POSITIVE_INFINITY), "tanh(+inf)");
        assertBits(-1.0, ArithmeticTanh.tanh(Double.NEGATIVE_INFINITY), "tanh(-inf)");
        assertBits(1.0, ArithmeticTanh.tanh(Double.MAX_VALUE), "tanh(max)");
        assertBits(-1.0, ArithmeticTanh.tanh(-1e300), "tanh(-1e300)");
        assertBits(1.0, ArithmeticTanh.tanh(20), "tanh(20)");
        assertBits(-1.0, ArithmeticTanh.tanh(-710), "tanh(-710)");
        // tanh x = x − x³/3 + …: below about 2⁻²⁶ the cubic term is under half an ulp and x is
        // the correctly rounded value, subnormals included.
        for (double x : new double[] {Double.MIN_VALUE, -Double.MIN_VALUE, 3 * Double.MIN_VALUE, 0x1p-1040,
            Double.MIN_NORMAL, -Double.MIN_NORMAL, 1e-300, -1e-200, 1e-20, 0x1p-27}) {
            assertBits(x, ArithmeticTanh.tanh(x), "tanh(" + x + ")");
            assertBits(x, ExpReference.tanh(x).doubleValue(), "the reference's tanh(" + x + ")");
        }
        // Hand-checked values (mpmath, 20 digits): tanh 0.5 = 0.46211715726000975850, tanh 1 =
        // 0.76159415595576488812, tanh 0.25 = 0.24491866240370912928, tanh 3 = 0.99505475368673045133.
        assertEquals(0.46211715726000975850, ArithmeticTanh.tanh(0.5), 2 * Math.ulp(0.46));
        assertEquals(0.76159415595576488812, ArithmeticTanh.tanh(1), 2 * Math.ulp(0.76));
        assertEquals(-0.24491866240370912928, ArithmeticTanh.tanh(-0.25), Math.ulp(0.24));
        assertEquals(0.99505475368673045133, ArithmeticTanh.tanh(3), 2 * Math.ulp(0.99));
    }

    @Test
    void oddAndWithinAFewUlpsOfFnTanh() {
        Random random = new Random(101);
        int differ = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double x = i % 2 == 0 ? uniform(random, -5, 5) : random.nextGaussian() * 0.2;
            double t = ArithmeticTanh.tanh(x);
            assertBits(-t, ArithmeticTanh.tanh(-x), "tanh(" + -x + ")");
            double f = Fn.tanh(x);
            assertTrue(Math.abs(t - f) <= 4 * Math.ulp(f), "tanh(" + x + ") = " + t + ", Fn.tanh " + f);
            differ += t == f ? 0 : 1;
        }
        // Different exponentials and, below 0.3, a different polynomial than Math.tanh's: the
        // bits agree on most entries, not all.
        assertTrue(differ > 0 && differ < n / 2, differ + " of " + n + " differ from Fn.tanh");
    }

    @Test
    void reciprocalWithinAnUlpOfTheDivisionOnItsInterval() {
        // 1 + e for e in (0, e^−0.6]: [1, 1.549]; the division is correctly rounded.
        Random random = new Random(107);
        int differing = 0;
        int count = 200_000;
        for (int i = 0; i < count; i++) {
            double d = i == 0 ? 1 : i == 1 ? 1.55 : 1 + 0.55 * random.nextDouble();
            double y = ArithmeticTanh.reciprocal(d);
            double exact = 1 / d;
            assertTrue(Math.abs(y - exact) <= Math.ulp(exact), "1/" + d + ": " + y + " vs " + exact);
            differing += y == exact ? 0 : 1;
        }
        assertTrue(differing < count / 100, differing + " of " + count + " differ from the division");
        assertBits(1.0, ArithmeticTanh.reciprocal(1), "1/1");
        assertBits(Double.NaN, ArithmeticTanh.reciprocal(Double.NaN), "1/NaN");
    }

    @Test
    void theCapChangesNoBits() {
        // From 19.06 (e^−38.12 below 2⁻⁵⁵) the uncapped form already gives exactly 1, up to where
        // e^−2a leaves the exponential's fast range.
        Random random = new Random(103);
        for (int i = 0; i < 10_000; i++) {
            double a = uniform(random, 19.06, 354);
            assertBits(1.0, ArithmeticTanh.byExp(a), "(1 - e)/(1 + e) at " + a);
        }
        assertBits(1.0, ArithmeticTanh.byExp(19.06), "at 19.06");
        // Exactly, tanh a rounds to 1 from (55 ln 2)/2 = 19.0615 on.
        assertBits(Math.nextDown(1.0), ExpReference.tanh(19.06).doubleValue(), "the reference at 19.06");
        assertBits(1.0, ExpReference.tanh(19.07).doubleValue(), "the reference at 19.07");
        assertTrue(ArithmeticTanh.byExp(18) < 1, "below the cap tanh is not yet 1");
    }

    private static double uniform(Random random, double low, double high) {
        return low + (high - low) * random.nextDouble();
    }
}
