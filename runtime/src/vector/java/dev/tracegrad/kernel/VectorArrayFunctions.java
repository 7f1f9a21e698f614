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

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayFunctions}'s passes written with the Vector API: {@link ArithmeticExp}'s steps lane by
 * lane (fused multiply-adds, additions, negations and exponent bits), so each lane has exactly
 * the bits of the scalar {@code ArithmeticExp} form, in the interpreter as after C2. No lane
 * divides or subtracts: a − c is written a + (−c), the same number, and 1/d is
 * {@link ArithmeticExp#reciprocal}'s Newton steps, because the Vector API's division and
 * subtraction, once run, spoiled how C2 compiled the product kernels (see that method). A vector with a
 * lane outside the range where 2ᵏ is normal (|x| beyond about 708, NaN) and the last, partial
 * vector are computed by the scalar form.
 */
final class VectorArrayFunctions implements ArrayFunctionsKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final DoubleVector ONE = DoubleVector.broadcast(S, 1.0);

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
        DoubleVector y = ((LongVector) d.reinterpretAsLongs()).neg().add(RECIPROCAL_MAGIC)
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
        DoubleVector t = x.fma(LOG2E, SHIFTER);
        DoubleVector negK = t.add(-SHIFTER).neg();
        DoubleVector r = negK.fma(b(LN2_LO), negK.fma(b(LN2_HI), x));
        DoubleVector p = r.fma(C13, C12);
        p = p.fma(r, b(C11));
        p = p.fma(r, b(C10));
        p = p.fma(r, b(C9));
        p = p.fma(r, b(C8));
        p = p.fma(r, b(C7));
        p = p.fma(r, b(C6));
        p = p.fma(r, b(C5));
        p = p.fma(r, b(C4));
        p = p.fma(r, b(C3));
        p = p.fma(r, b(C2));
        p = p.fma(r, ONE);
        p = p.fma(r, ONE);
        LongVector bits = ((LongVector) t.reinterpretAsLongs()).add(-SHIFTER_BITS_LESS_BIAS)
                .lanewise(VectorOperators.LSHL, 52);
        return p.mul(bits.reinterpretAsDoubles());
    }

    private static DoubleVector b(double c) {
        return DoubleVector.broadcast(S, c);
    }
}
