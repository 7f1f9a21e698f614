package dev.tracegrad.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Lu}'s row updates ({@link LuKernel}) written with the Vector API: a strip of columns of
 * the rows being updated is loaded once into vector registers, takes every update in ascending
 * order with the negated multiplier broadcast, and is stored once, instead of being loaded and
 * stored again every few updates. Loaded by {@link Vectorization} only when the JVM has {@code
 * jdk.incubator.vector}.
 *
 * <p>The same bits as the scalar loops: each lane is one entry, and it receives acc + (−m)·x for
 * ascending t with a separate multiply and add, exactly the operations of {@code y[j] += f *
 * x[j]} in that order. Columns past the last whole vector take the same operations in scalar
 * code. Nothing here subtracts or divides lanewise (a − m·x is written a + (−m)·x, the same
 * number; divisions stay in {@code Lu}'s scalar loops): the Vector API's subtraction and division,
 * once run, made C2 compile {@link VectorGemm}'s kernels with their vectors as objects (see
 * {@link VectorArrayFunctions}).
 *
 * <p>Strips: four rows by four vectors (16 accumulators, four loads of x and four broadcasts per
 * update), one row by eight vectors; then narrower strips for the columns left. Fewer than eight
 * independent sums leave the adder waiting on the previous update's sum.
 */
final class VectorLu implements LuKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector. */
    private static final int L = S.length();

    /** Loaded reflectively by {@link Vectorization}, after {@link VectorGemm} checked the species. */
    VectorLu() {}

    @Override
    public int lanes() {
        return L;
    }

    @Override
    public void update4(double[] y0, double[] y1, double[] y2, double[] y3, double[] m0,
            double[] m1, double[] m2, double[] m3, int o0, int o1, int o2, int o3, int ms,
            double[][] rows, int k0, int dk, int count, int from, int to) {
        int j = from;
        for (; j + 4 * L <= to; j += 4 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, y0, j);
            DoubleVector a1 = DoubleVector.fromArray(S, y0, j + L);
            DoubleVector a2 = DoubleVector.fromArray(S, y0, j + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, y0, j + 3 * L);
            DoubleVector b0 = DoubleVector.fromArray(S, y1, j);
            DoubleVector b1 = DoubleVector.fromArray(S, y1, j + L);
            DoubleVector b2 = DoubleVector.fromArray(S, y1, j + 2 * L);
            DoubleVector b3 = DoubleVector.fromArray(S, y1, j + 3 * L);
            DoubleVector c0 = DoubleVector.fromArray(S, y2, j);
            DoubleVector c1 = DoubleVector.fromArray(S, y2, j + L);
            DoubleVector c2 = DoubleVector.fromArray(S, y2, j + 2 * L);
            DoubleVector c3 = DoubleVector.fromArray(S, y2, j + 3 * L);
            DoubleVector d0 = DoubleVector.fromArray(S, y3, j);
            DoubleVector d1 = DoubleVector.fromArray(S, y3, j + L);
            DoubleVector d2 = DoubleVector.fromArray(S, y3, j + 2 * L);
            DoubleVector d3 = DoubleVector.fromArray(S, y3, j + 3 * L);
            int k = k0;
            int mt = 0;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector x0 = DoubleVector.fromArray(S, x, j);
                DoubleVector x1 = DoubleVector.fromArray(S, x, j + L);
                DoubleVector x2 = DoubleVector.fromArray(S, x, j + 2 * L);
                DoubleVector x3 = DoubleVector.fromArray(S, x, j + 3 * L);
                DoubleVector fa = DoubleVector.broadcast(S, -m0[o0 + mt]);
                a0 = a0.add(fa.mul(x0));
                a1 = a1.add(fa.mul(x1));
                a2 = a2.add(fa.mul(x2));
                a3 = a3.add(fa.mul(x3));
                DoubleVector fb = DoubleVector.broadcast(S, -m1[o1 + mt]);
                b0 = b0.add(fb.mul(x0));
                b1 = b1.add(fb.mul(x1));
                b2 = b2.add(fb.mul(x2));
                b3 = b3.add(fb.mul(x3));
                DoubleVector fc = DoubleVector.broadcast(S, -m2[o2 + mt]);
                c0 = c0.add(fc.mul(x0));
                c1 = c1.add(fc.mul(x1));
                c2 = c2.add(fc.mul(x2));
                c3 = c3.add(fc.mul(x3));
                DoubleVector fd = DoubleVector.broadcast(S, -m3[o3 + mt]);
                d0 = d0.add(fd.mul(x0));
                d1 = d1.add(fd.mul(x1));
                d2 = d2.add(fd.mul(x2));
                d3 = d3.add(fd.mul(x3));
            }
            a0.intoArray(y0, j);
            a1.intoArray(y0, j + L);
            a2.intoArray(y0, j + 2 * L);
            a3.intoArray(y0, j + 3 * L);
            b0.intoArray(y1, j);
            b1.intoArray(y1, j + L);
            b2.intoArray(y1, j + 2 * L);
            b3.intoArray(y1, j + 3 * L);
            c0.intoArray(y2, j);
            c1.intoArray(y2, j + L);
            c2.intoArray(y2, j + 2 * L);
            c3.intoArray(y2, j + 3 * L);
            d0.intoArray(y3, j);
            d1.intoArray(y3, j + L);
            d2.intoArray(y3, j + 2 * L);
            d3.intoArray(y3, j + 3 * L);
        }
        if (j + 2 * L <= to) {
            DoubleVector a0 = DoubleVector.fromArray(S, y0, j);
            DoubleVector a1 = DoubleVector.fromArray(S, y0, j + L);
            DoubleVector b0 = DoubleVector.fromArray(S, y1, j);
            DoubleVector b1 = DoubleVector.fromArray(S, y1, j + L);
            DoubleVector c0 = DoubleVector.fromArray(S, y2, j);
            DoubleVector c1 = DoubleVector.fromArray(S, y2, j + L);
            DoubleVector d0 = DoubleVector.fromArray(S, y3, j);
            DoubleVector d1 = DoubleVector.fromArray(S, y3, j + L);
            int k = k0;
            int mt = 0;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector x0 = DoubleVector.fromArray(S, x, j);
                DoubleVector x1 = DoubleVector.fromArray(S, x, j + L);
                DoubleVector fa = DoubleVector.broadcast(S, -m0[o0 + mt]);
                a0 = a0.add(fa.mul(x0));
                a1 = a1.add(fa.mul(x1));
                DoubleVector fb = DoubleVector.broadcast(S, -m1[o1 + mt]);
                b0 = b0.add(fb.mul(x0));
                b1 = b1.add(fb.mul(x1));
                DoubleVector fc = DoubleVector.broadcast(S, -m2[o2 + mt]);
                c0 = c0.add(fc.mul(x0));
                c1 = c1.add(fc.mul(x1));
                DoubleVector fd = DoubleVector.broadcast(S, -m3[o3 + mt]);
                d0 = d0.add(fd.mul(x0));
                d1 = d1.add(fd.mul(x1));
            }
            a0.intoArray(y0, j);
            a1.intoArray(y0, j + L);
            b0.intoArray(y1, j);
            b1.intoArray(y1, j + L);
            c0.intoArray(y2, j);
            c1.intoArray(y2, j + L);
            d0.intoArray(y3, j);
            d1.intoArray(y3, j + L);
            j += 2 * L;
        }
        if (j + L <= to) {
            DoubleVector a0 = DoubleVector.fromArray(S, y0, j);
            DoubleVector b0 = DoubleVector.fromArray(S, y1, j);
            DoubleVector c0 = DoubleVector.fromArray(S, y2, j);
            DoubleVector d0 = DoubleVector.fromArray(S, y3, j);
            int k = k0;
            int mt = 0;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector x0 = DoubleVector.fromArray(S, x, j);
                DoubleVector fa = DoubleVector.broadcast(S, -m0[o0 + mt]);
                a0 = a0.add(fa.mul(x0));
                DoubleVector fb = DoubleVector.broadcast(S, -m1[o1 + mt]);
                b0 = b0.add(fb.mul(x0));
                DoubleVector fc = DoubleVector.broadcast(S, -m2[o2 + mt]);
                c0 = c0.add(fc.mul(x0));
                DoubleVector fd = DoubleVector.broadcast(S, -m3[o3 + mt]);
                d0 = d0.add(fd.mul(x0));
            }
            a0.intoArray(y0, j);
            b0.intoArray(y1, j);
            c0.intoArray(y2, j);
            d0.intoArray(y3, j);
            j += L;
        }
        for (; j < to; j++) {
            double s0 = y0[j];
            double s1 = y1[j];
            double s2 = y2[j];
            double s3 = y3[j];
            int k = k0;
            int mt = 0;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double x = rows[k][j];
                s0 += -m0[o0 + mt] * x;
                s1 += -m1[o1 + mt] * x;
                s2 += -m2[o2 + mt] * x;
                s3 += -m3[o3 + mt] * x;
            }
            y0[j] = s0;
            y1[j] = s1;
            y2[j] = s2;
            y3[j] = s3;
        }
    }

    @Override
    public void update1(double[] y, double[] m, int o, int ms, double[][] rows, int k0, int dk,
            int count, int from, int to) {
        int j = from;
        for (; j + 8 * L <= to; j += 8 * L) {
            DoubleVector a0 = DoubleVector.fromArray(S, y, j);
            DoubleVector a1 = DoubleVector.fromArray(S, y, j + L);
            DoubleVector a2 = DoubleVector.fromArray(S, y, j + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, y, j + 3 * L);
            DoubleVector a4 = DoubleVector.fromArray(S, y, j + 4 * L);
            DoubleVector a5 = DoubleVector.fromArray(S, y, j + 5 * L);
            DoubleVector a6 = DoubleVector.fromArray(S, y, j + 6 * L);
            DoubleVector a7 = DoubleVector.fromArray(S, y, j + 7 * L);
            int k = k0;
            int mt = o;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector f = DoubleVector.broadcast(S, -m[mt]);
                a0 = a0.add(f.mul(DoubleVector.fromArray(S, x, j)));
                a1 = a1.add(f.mul(DoubleVector.fromArray(S, x, j + L)));
                a2 = a2.add(f.mul(DoubleVector.fromArray(S, x, j + 2 * L)));
                a3 = a3.add(f.mul(DoubleVector.fromArray(S, x, j + 3 * L)));
                a4 = a4.add(f.mul(DoubleVector.fromArray(S, x, j + 4 * L)));
                a5 = a5.add(f.mul(DoubleVector.fromArray(S, x, j + 5 * L)));
                a6 = a6.add(f.mul(DoubleVector.fromArray(S, x, j + 6 * L)));
                a7 = a7.add(f.mul(DoubleVector.fromArray(S, x, j + 7 * L)));
            }
            a0.intoArray(y, j);
            a1.intoArray(y, j + L);
            a2.intoArray(y, j + 2 * L);
            a3.intoArray(y, j + 3 * L);
            a4.intoArray(y, j + 4 * L);
            a5.intoArray(y, j + 5 * L);
            a6.intoArray(y, j + 6 * L);
            a7.intoArray(y, j + 7 * L);
        }
        if (j + 4 * L <= to) {
            DoubleVector a0 = DoubleVector.fromArray(S, y, j);
            DoubleVector a1 = DoubleVector.fromArray(S, y, j + L);
            DoubleVector a2 = DoubleVector.fromArray(S, y, j + 2 * L);
            DoubleVector a3 = DoubleVector.fromArray(S, y, j + 3 * L);
            int k = k0;
            int mt = o;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector f = DoubleVector.broadcast(S, -m[mt]);
                a0 = a0.add(f.mul(DoubleVector.fromArray(S, x, j)));
                a1 = a1.add(f.mul(DoubleVector.fromArray(S, x, j + L)));
                a2 = a2.add(f.mul(DoubleVector.fromArray(S, x, j + 2 * L)));
                a3 = a3.add(f.mul(DoubleVector.fromArray(S, x, j + 3 * L)));
            }
            a0.intoArray(y, j);
            a1.intoArray(y, j + L);
            a2.intoArray(y, j + 2 * L);
            a3.intoArray(y, j + 3 * L);
            j += 4 * L;
        }
        if (j + 2 * L <= to) {
            DoubleVector a0 = DoubleVector.fromArray(S, y, j);
            DoubleVector a1 = DoubleVector.fromArray(S, y, j + L);
            int k = k0;
            int mt = o;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector f = DoubleVector.broadcast(S, -m[mt]);
                a0 = a0.add(f.mul(DoubleVector.fromArray(S, x, j)));
                a1 = a1.add(f.mul(DoubleVector.fromArray(S, x, j + L)));
            }
            a0.intoArray(y, j);
            a1.intoArray(y, j + L);
            j += 2 * L;
        }
        if (j + L <= to) {
            DoubleVector a0 = DoubleVector.fromArray(S, y, j);
            int k = k0;
            int mt = o;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                double[] x = rows[k];
                DoubleVector f = DoubleVector.broadcast(S, -m[mt]);
                a0 = a0.add(f.mul(DoubleVector.fromArray(S, x, j)));
            }
            a0.intoArray(y, j);
            j += L;
        }
        for (; j < to; j++) {
            double s = y[j];
            int k = k0;
            int mt = o;
            for (int t = 0; t < count; t++, k += dk, mt += ms) {
                s += -m[mt] * rows[k][j];
            }
            y[j] = s;
        }
    }
}
