package dev.tracegrad.kernel;

import static dev.tracegrad.kernel.ArithmeticExp.C10;
import static dev.tracegrad.kernel.ArithmeticExp.C11;
import static dev.tracegrad.kernel.ArithmeticExp.C12;
import static dev.tracegrad.kernel.ArithmeticExp.C13;
import static dev.tracegrad.kernel.ArithmeticExp.C2;
import static dev.tracegrad.kernel.ArithmeticExp.C3;
import static dev.tracegrad.kernel.ArithmeticExp.C4;
import static dev.tracegrad.kernel.ArithmeticExp.C5;
import static dev.tracegrad.kernel.ArithmeticExp.C6;
import static dev.tracegrad.kernel.ArithmeticExp.C7;
import static dev.tracegrad.kernel.ArithmeticExp.C8;
import static dev.tracegrad.kernel.ArithmeticExp.C9;
import static dev.tracegrad.kernel.ArithmeticExp.FAST_HIGH;
import static dev.tracegrad.kernel.ArithmeticExp.FAST_LOW;
import static dev.tracegrad.kernel.ArithmeticExp.LN2_HI;
import static dev.tracegrad.kernel.ArithmeticExp.LN2_LO;
import static dev.tracegrad.kernel.ArithmeticExp.LOG2E;
import static dev.tracegrad.kernel.ArithmeticExp.SHIFTER;
import static dev.tracegrad.kernel.ArithmeticExp.RECIPROCAL_MAGIC;
import static dev.tracegrad.kernel.ArithmeticExp.SHIFTER_BITS_LESS_BIAS;
import static dev.tracegrad.kernel.ArithmeticExp.SIGMOID_FAST_HIGH;
import static dev.tracegrad.kernel.ArithmeticExp.SIGMOID_FAST_LOW;
import static dev.tracegrad.kernel.ArithmeticTanh.BY_EXP_FROM;
import static dev.tracegrad.kernel.ArithmeticTanh.R0;
import static dev.tracegrad.kernel.ArithmeticTanh.R1;
import static dev.tracegrad.kernel.ArithmeticTanh.R2;
import static dev.tracegrad.kernel.ArithmeticTanh.SATURATES_FROM;
import static dev.tracegrad.kernel.ArithmeticTanh.SIGN_BIT;
import static dev.tracegrad.kernel.ArithmeticTanh.T11;
import static dev.tracegrad.kernel.ArithmeticTanh.T13;
import static dev.tracegrad.kernel.ArithmeticTanh.T15;
import static dev.tracegrad.kernel.ArithmeticTanh.T17;
import static dev.tracegrad.kernel.ArithmeticTanh.T19;
import static dev.tracegrad.kernel.ArithmeticTanh.T21;
import static dev.tracegrad.kernel.ArithmeticTanh.T23;
import static dev.tracegrad.kernel.ArithmeticTanh.T25;
import static dev.tracegrad.kernel.ArithmeticTanh.T3;
import static dev.tracegrad.kernel.ArithmeticTanh.T5;
import static dev.tracegrad.kernel.ArithmeticTanh.T7;
import static dev.tracegrad.kernel.ArithmeticTanh.T9;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayFunctions}'s passes written with the Vector API: {@link ArithmeticExp}'s steps lane by
 * lane (fused multiply-adds, additions, negations and exponent bits), so each lane has exactly
 * the bits of the scalar {@code ArithmeticExp} form, in the interpreter as after C2. No lane
 * divides or subtracts: a − c is written a + (−c), the same number, and 1/d is
 * {@link ArithmeticExp#reciprocal}'s Newton steps (tanh's: {@link ArithmeticTanh#reciprocal}'s), because the Vector API's division and
 * subtraction, once run, spoiled how C2 compiled the product kernels (see that method). A vector with a
 * lane outside the range where 2ᵏ is normal (|x| beyond about 708, NaN) and the last, partial
 * vector are computed by the scalar form. tanh, which caps |x| before its exponential, takes
 * every lane in vectors ({@link ArithmeticTanh}'s steps, signs by bit masks).
 */
final class VectorArrayFunctions implements ArrayFunctionsKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);
    /*
     * The constants as vectors, broadcast once: each broadcast in a loop is one more Vector API
     * call for C2 to inline, and tanh's loops came near its node-count cutoff (see tanh).
     */
    private static final VectorSpecies<Long> LONGS = S.withLanes(long.class);
    private static final LongVector L_SIGN_BIT = LongVector.broadcast(LONGS, SIGN_BIT);
    private static final LongVector L_NOT_SIGN_BIT = LongVector.broadcast(LONGS, ~SIGN_BIT);
    private static final LongVector L_NEG_SHIFTER_BITS_LESS_BIAS = LongVector.broadcast(LONGS, -SHIFTER_BITS_LESS_BIAS);
    private static final LongVector L_RECIPROCAL_MAGIC = LongVector.broadcast(LONGS, RECIPROCAL_MAGIC);
    private static final DoubleVector V_LOG2E = DoubleVector.broadcast(S, LOG2E);
    private static final DoubleVector V_SHIFTER = DoubleVector.broadcast(S, SHIFTER);
    private static final DoubleVector V_NEG_SHIFTER = DoubleVector.broadcast(S, -SHIFTER);
    private static final DoubleVector V_C13 = DoubleVector.broadcast(S, C13);
    private static final DoubleVector V_C12 = DoubleVector.broadcast(S, C12);
    private static final DoubleVector V_MINUS_TWO = DoubleVector.broadcast(S, -2.0);
    private static final DoubleVector V_SATURATES_FROM = DoubleVector.broadcast(S, SATURATES_FROM);
    private static final DoubleVector V_BY_EXP_FROM = DoubleVector.broadcast(S, BY_EXP_FROM);
    private static final DoubleVector V_R0 = DoubleVector.broadcast(S, R0);
    private static final DoubleVector V_R1 = DoubleVector.broadcast(S, R1);
    private static final DoubleVector V_R2 = DoubleVector.broadcast(S, R2);
    private static final DoubleVector V_MINUS_SATURATES_FROM = DoubleVector.broadcast(S, -SATURATES_FROM);
    private static final DoubleVector V_T25 = DoubleVector.broadcast(S, T25);
    private static final DoubleVector V_T23 = DoubleVector.broadcast(S, T23);
    private static final DoubleVector V_LN2_LO = DoubleVector.broadcast(S, LN2_LO);
    private static final DoubleVector V_LN2_HI = DoubleVector.broadcast(S, LN2_HI);
    private static final DoubleVector V_C11 = DoubleVector.broadcast(S, C11);
    private static final DoubleVector V_C10 = DoubleVector.broadcast(S, C10);
    private static final DoubleVector V_C9 = DoubleVector.broadcast(S, C9);
    private static final DoubleVector V_C8 = DoubleVector.broadcast(S, C8);
    private static final DoubleVector V_C7 = DoubleVector.broadcast(S, C7);
    private static final DoubleVector V_C6 = DoubleVector.broadcast(S, C6);
    private static final DoubleVector V_C5 = DoubleVector.broadcast(S, C5);
    private static final DoubleVector V_C4 = DoubleVector.broadcast(S, C4);
    private static final DoubleVector V_C3 = DoubleVector.broadcast(S, C3);
    private static final DoubleVector V_C2 = DoubleVector.broadcast(S, C2);
    private static final DoubleVector V_T3 = DoubleVector.broadcast(S, T3);
    private static final DoubleVector V_T5 = DoubleVector.broadcast(S, T5);
    private static final DoubleVector V_T7 = DoubleVector.broadcast(S, T7);
    private static final DoubleVector V_T9 = DoubleVector.broadcast(S, T9);
    private static final DoubleVector V_T11 = DoubleVector.broadcast(S, T11);
    private static final DoubleVector V_T13 = DoubleVector.broadcast(S, T13);
    private static final DoubleVector V_T15 = DoubleVector.broadcast(S, T15);
    private static final DoubleVector V_T17 = DoubleVector.broadcast(S, T17);
    private static final DoubleVector V_T19 = DoubleVector.broadcast(S, T19);
    private static final DoubleVector V_T21 = DoubleVector.broadcast(S, T21);

    /** Loaded reflectively by {@link Vectorization}. */
    VectorArrayFunctions() {}

    @Override
    public void exp(double[] x, double[] out, int n) {
        int k = 0;
        for (int bound = S.loopBound(n); k < bound; k += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, k);
            if (inFastRange(v)) {
                exp(v).intoArray(out, k);
            } else {
                for (int i = k; i < k + L; i++) {
                    out[i] = ArithmeticExp.exp(x[i]);
                }
            }
        }
        for (; k < n; k++) {
            out[k] = ArithmeticExp.exp(x[k]);
        }
    }

    @Override
    public void sigmoid(double[] x, double[] out, int n) {
        int k = 0;
        for (int bound = S.loopBound(n); k < bound; k += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, k);
            if (inRange(v, SIGMOID_FAST_LOW, SIGMOID_FAST_HIGH)) {
                reciprocal(exp(v.neg()).add(1.0)).intoArray(out, k);
            } else {
                for (int i = k; i < k + L; i++) {
                    out[i] = ArithmeticExp.sigmoid(x[i]);
                }
            }
        }
        for (; k < n; k++) {
            out[k] = ArithmeticExp.sigmoid(x[k]);
        }
    }

    /**
     * {@link ArithmeticTanh#tanh}, lane by lane, in two sweeps over the whole vectors: the first
     * stores the polynomial's result in the lanes below the switch point and x capped to
     * ±{@link ArithmeticTanh#SATURATES_FROM} in the others,
     * the second the exponential form's in the lanes still at or above it (the polynomial's
     * results stay below: tanh 0.3 = 0.291…), or NaN. So each lane gets exactly one branch, also in
     * place. One loop doing both passed C2's node-count cutoff for inlining on JDK 17, and the
     * calls left out took their vectors as objects, allocating on every call.
     */
    @Override
    public void tanh(double[] x, double[] out, int n) {
        int bound = S.loopBound(n);
        for (int k = bound; k < n; k++) {
            out[k] = ArithmeticTanh.tanh(x[k]);
        }
        tanhBelowSwitch(x, out, bound);
        tanhFromSwitch(out, bound);
    }

    /**
     * out[k] = tanh x[k] by the polynomial where |x[k]| &lt; {@link ArithmeticTanh#BY_EXP_FROM},
     * else x[k] capped to ±{@link ArithmeticTanh#SATURATES_FROM}.
     */
    private static void tanhBelowSwitch(double[] x, double[] out, int bound) {
        for (int k = 0; k < bound; k += L) {
            DoubleVector v = DoubleVector.fromArray(S, x, k);
            LongVector bits = (LongVector) v.reinterpretAsLongs();
            DoubleVector a = bits.and(L_NOT_SIGN_BIT).reinterpretAsDoubles();
            DoubleVector odd = withSign(odd(a), bits);
            DoubleVector capped = v.max(V_MINUS_SATURATES_FROM).min(V_SATURATES_FROM);
            capped.blend(odd, a.compare(VectorOperators.LT, V_BY_EXP_FROM)).intoArray(out, k);
        }
    }

    /** y[k] = tanh y[k] by the exponential form where |y[k]| ≥ {@link ArithmeticTanh#BY_EXP_FROM} or NaN. */
    private static void tanhFromSwitch(double[] y, int bound) {
        for (int k = 0; k < bound; k += L) {
            DoubleVector v = DoubleVector.fromArray(S, y, k);
            LongVector bits = (LongVector) v.reinterpretAsLongs();
            DoubleVector a = bits.and(L_NOT_SIGN_BIT).reinterpretAsDoubles();
            DoubleVector byExp = withSign(byExp(a), bits);
            byExp.blend(v, a.compare(VectorOperators.LT, V_BY_EXP_FROM)).intoArray(y, k);
        }
    }

    /** The magnitude (+0 or more, or NaN) with the sign bit of the given lanes. */
    private static DoubleVector withSign(DoubleVector magnitude, LongVector bits) {
        return ((LongVector) magnitude.reinterpretAsLongs()).or(bits.and(L_SIGN_BIT)).reinterpretAsDoubles();
    }

    /** {@link ArithmeticTanh#odd}, lane by lane. */
    private static DoubleVector odd(DoubleVector a) {
        DoubleVector s = a.mul(a);
        DoubleVector p = s.fma(V_T25, V_T23);
        p = p.fma(s, V_T21);
        p = p.fma(s, V_T19);
        p = p.fma(s, V_T17);
        p = p.fma(s, V_T15);
        p = p.fma(s, V_T13);
        p = p.fma(s, V_T11);
        p = p.fma(s, V_T9);
        p = p.fma(s, V_T7);
        p = p.fma(s, V_T5);
        p = p.fma(s, V_T3);
        return s.mul(a).fma(p, a);
    }

    /** {@link ArithmeticTanh#byExp}, lane by lane. */
    private static DoubleVector byExp(DoubleVector a) {
        DoubleVector e = exp(a.mul(V_MINUS_TWO));
        return e.neg().add(ONE).mul(reciprocalNearOne(e.add(ONE)));
    }

    /** {@link ArithmeticTanh#reciprocal}, lane by lane. */
    private static DoubleVector reciprocalNearOne(DoubleVector d) {
        DoubleVector y = d.fma(V_R2, V_R1).fma(d, V_R0);
        DoubleVector negD = d.neg();
        y = y.fma(negD.fma(y, ONE), y);
        y = y.fma(negD.fma(y, ONE), y);
        return y.fma(negD.fma(y, ONE), y);
    }

    /** Whether every lane is in [FAST_LOW, FAST_HIGH] (so none is NaN). */
    private static boolean inFastRange(DoubleVector v) {
        return inRange(v, FAST_LOW, FAST_HIGH);
    }

    /** Whether every lane is in [low, high] (so none is NaN). */
    private static boolean inRange(DoubleVector v, double low, double high) {
        return v.compare(VectorOperators.GE, low).and(v.compare(VectorOperators.LE, high)).allTrue();
    }

    /** {@link ArithmeticExp#reciprocal}, lane by lane. */
    private static DoubleVector reciprocal(DoubleVector d) {
        DoubleVector y = ((LongVector) d.reinterpretAsLongs()).neg().add(L_RECIPROCAL_MAGIC)
                .reinterpretAsDoubles();
        DoubleVector negD = d.neg();
        y = y.fma(negD.fma(y, ONE), y);
        y = y.fma(negD.fma(y, ONE), y);
        y = y.fma(negD.fma(y, ONE), y);
        y = y.fma(negD.fma(y, ONE), y);
        return y.fma(negD.fma(y, ONE), y);
    }

    /** {@link ArithmeticExp#exp}'s fast path, lane by lane. */
    private static DoubleVector exp(DoubleVector x) {
        DoubleVector t = x.fma(V_LOG2E, V_SHIFTER);
        DoubleVector negK = t.add(V_NEG_SHIFTER).neg();
        DoubleVector r = negK.fma(V_LN2_LO, negK.fma(V_LN2_HI, x));
        DoubleVector p = r.fma(V_C13, V_C12);
        p = p.fma(r, V_C11);
        p = p.fma(r, V_C10);
        p = p.fma(r, V_C9);
        p = p.fma(r, V_C8);
        p = p.fma(r, V_C7);
        p = p.fma(r, V_C6);
        p = p.fma(r, V_C5);
        p = p.fma(r, V_C4);
        p = p.fma(r, V_C3);
        p = p.fma(r, V_C2);
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        LongVector bits = ((LongVector) t.reinterpretAsLongs()).add(L_NEG_SHIFTER_BITS_LESS_BIAS)
                .lanewise(VectorOperators.LSHL, 52);
        return p.mul(bits.reinterpretAsDoubles());
    }
}
