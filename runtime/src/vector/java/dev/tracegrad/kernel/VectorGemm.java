package dev.tracegrad.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Gemm}'s general case written with the Vector API: register-blocked micro-kernels over
 * packed panels, cache-blocked the way BLAS libraries block (GotoBLAS' loop order). Loaded by
 * {@link Vectorization} only when the JVM has {@code jdk.incubator.vector}; compiled apart from
 * the other classes so that they never link against it.
 *
 * <p>The same bits as the scalar loops and {@code Ops.mul}: each accumulator lane is one entry of
 * C, and the micro-kernel adds, for ascending k, the rounded product op(A)[i][k]·op(B)[k][j] to
 * it with a separate multiply and add (Java never contracts them into a fused multiply-add). Sums
 * start at +0.0; between blocks of k they are stored in C and reloaded, which changes no bits;
 * α multiplies the finished sum. Nothing is reassociated, so blocking, packing and thread splits
 * cannot change a result.
 *
 * <p>Blocking: op(B) is packed {@link #KC} rows at a time into micro-panels of {@link #NR}
 * columns (k-major, zero-padded), op(A) {@link #MC} rows at a time into micro-panels of
 * {@link #MR} rows; the micro-kernel keeps an MR×NR block of C in 2·MR vector registers (16
 * with AVX-512's 32 registers) and, per k, loads two vectors of B and broadcasts MR entries of A.
 * A product of at most {@link #DIRECT_ROWS} rows reads a stored (not transposed) B in place
 * rather than packing it for one or two register blocks; last rows of C that fill at most half a
 * register block go through a half-height micro-kernel. A stored (not transposed) A is read in
 * place too, eight rows side by side ({@link #rowsBlock}), where that is faster than packing it:
 * when few panels of B reuse it and its rows do not alias in the cache.
 *
 * <p>A product of at most {@link #NR} rows with B stored transposed (n×p) is computed as its
 * transpose, Cᵀ = B·op(A)ᵀ (see {@link #transposed}): packing op(B) would be a strided transposing
 * copy of all of B that costs more than the product's few register blocks, whereas B's stored rows
 * can be broadcast in place and op(A)ᵀ, only m columns wide, packs into a single panel. Its blocks
 * are 8 rows of B by one panel (m of its NR lanes used), stored transposed into C through the
 * tile. Each entry still sums the same terms in the same order.
 */
final class VectorGemm implements GemmKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    /** Doubles per vector. */
    private static final int L = S.length();
    /** Rows of C per register block. */
    static final int MR = 8;
    /** Columns of C per register block: two vectors. */
    static final int NR = 2 * L;
    /** Where a register block's accumulators load their zero start from: one row of zeros. */
    private static final double[] ZEROS = new double[NR];
    /**
     * Most k per block. Fewer, longer blocks mean fewer sweeps over the packed B and fewer
     * reloads of C's partial sums: interleaved in one JVM, 512 ran the mlp's 256×784×256 product
     * about 4% faster than 384 (two blocks of 392 against three of 262), the others as fast.
     */
    static final int KC = 512;
    /** Most rows of A per packed block (MC·KC doubles, at most 256 KB, stay in L2). */
    static final int MC = 64;
    /** Most columns of B per packed block. */
    static final int NC = 2048;
    /** Fewest multiply-adds for which the packing pays; smaller products keep the scalar loops. */
    static final long MIN_WORK = 2048;
    /** Most rows of C for which B is read where it is stored rather than packed. */
    static final int DIRECT_ROWS = 2 * MR;
    /** Most columns of C for which a stored (not transposed) A is read in place, unpacked. */
    static final int IN_PLACE_COLS = 512;
    /**
     * A's rows are read in place only if their stride in doubles is not a multiple of this
     * (2 KB): eight rows a multiple of 2 KB apart fall into one or two sets of the L1 cache.
     */
    static final int ALIASING_STRIDE = 256;

    /**
     * Loaded reflectively by {@link Vectorization}.
     *
     * @throws UnsupportedOperationException if the preferred vector holds fewer than 4 doubles
     */
    VectorGemm() {
        if (L < 4) {
            throw new UnsupportedOperationException("the preferred vector holds " + L
                    + " doubles; the Vector API kernels need at least 4 (256 bits)");
        }
    }

    @Override
    public String toString() {
        return "Vector API, " + L + " doubles per vector, " + MR + "×" + NR + " register blocks";
    }

    @Override
    public boolean accepts(int m, int p, int n) {
        return n >= L && (long) m * p * n >= MIN_WORK;
    }

    @Override
    public void multiply(double[] a, boolean transA, double[] b, boolean transB, double[] c,
            int m, int p, int n, double alpha, Workspace w) {
        if (transB && m <= NR) {
            transposed(a, transA, b, c, m, p, n, alpha, w);
            return;
        }
        int kc = kBlock(p);
        int ncMax = Math.min(n, NC);
        double[] pb = w.block(3, kc * roundUp(ncMax, NR));
        double[] tile = w.block(4, MR * NR);
        // With few rows of C, each packed panel of B would serve one or two register blocks:
        // read B where it is stored instead (rows n apart), packing only a last, narrow panel.
        boolean direct = !transB && m <= DIRECT_ROWS;
        // A stored as is, reused by few panels of B and with rows apart in the cache: broadcast
        // its entries where they are (eight rows side by side) rather than pack it.
        boolean inPlace = !transA && n <= IN_PLACE_COLS && p % ALIASING_STRIDE != 0;
        double[] pa = inPlace ? null : w.block(2, roundUp(Math.min(m, MC), MR) * kc);
        for (int j0 = 0; j0 < n; j0 += NC) {
            int j1 = Math.min(n, j0 + NC);
            int jFull = j0 + (j1 - j0) / NR * NR;
            for (int k0 = 0; k0 < p; k0 += kc) {
                int kl = Math.min(p, k0 + kc) - k0;
                boolean first = k0 == 0;
                packB(b, transB, p, n, k0, kl, j0, direct ? jFull : j0, j1, pb);
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int i1 = Math.min(m, i0 + MC);
                    if (!inPlace) {
                        packA(a, transA, m, p, i0, i1, k0, kl, pa);
                    }
                    for (int jr = j0; jr < j1; jr += NR) {
                        int cols = Math.min(NR, j1 - jr);
                        boolean fromB = direct && jr < jFull;
                        double[] bs = fromB ? b : pb;
                        int bOff = fromB ? k0 * n + jr : (jr - j0) * kl;
                        int ldb = fromB ? n : NR;
                        for (int ir = i0; ir < i1; ir += MR) {
                            int rows = Math.min(MR, i1 - ir);
                            int cOff = ir * n + jr;
                            boolean full = rows == MR && cols == NR;
                            if (full && inPlace) {
                                rowsBlock(a, ir * p + k0, p, MR, bs, bOff, ldb, kl, c, cOff, n,
                                        first);
                            } else if (full) {
                                block(pa, (ir - i0) * kl, bs, bOff, ldb, kl, c, cOff, n, first);
                            } else {
                                edgeIn(c, cOff, n, rows, cols, first, tile);
                                if (inPlace) {
                                    rowsBlock(a, ir * p + k0, p, rows, bs, bOff, ldb, kl, tile,
                                            0, NR, first);
                                } else {
                                    edgeBlock(pa, (ir - i0) * kl, bs, bOff, ldb, kl, rows, tile,
                                            first);
                                }
                                edgeOut(tile, c, cOff, n, rows, cols);
                            }
                        }
                    }
                }
            }
        }
        scale(c, m * n, alpha);
    }

    /**
     * C = α·C over its first {@code length} entries, after the sums are complete: each entry is
     * α times its sum, as the scalar kernel stores it. The register blocks never scale (see
     * {@link #block}).
     */
    private static void scale(double[] c, int length, double alpha) {
        if (alpha != 1.0) {
            for (int i = 0; i < length; i++) {
                c[i] = alpha * c[i];
            }
        }
    }

    /** KC or less: equal blocks of k rather than a short last one. */
    private static int kBlock(int p) {
        int kBlocks = (p + KC - 1) / KC;
        return (p + kBlocks - 1) / kBlocks;
    }

    /**
     * C = α·op(A)·Bᵀ with B stored n×p and m at most NR, computed as its transpose Cᵀ =
     * B·op(A)ᵀ. Packing op(B) would transpose all of B for one or two register blocks of C; here
     * B's stored rows are the broadcast operand, read in place, and the vector operand op(A)ᵀ
     * (p×m) fills a single packed panel of NR columns. Each block of Cᵀ is computed in the tile
     * and stored transposed into C; the sums are C's, term for term.
     */
    private static void transposed(double[] a, boolean transA, double[] b, double[] c, int m,
            int p, int n, double alpha, Workspace w) {
        int kc = kBlock(p);
        double[] pa = w.block(3, kc * NR);
        double[] tile = w.block(4, MR * NR);
        for (int k0 = 0; k0 < p; k0 += kc) {
            int kl = Math.min(p, k0 + kc) - k0;
            boolean first = k0 == 0;
            // op(A)ᵀ, p×m, is A stored p×m (transA) or the transpose of A stored m×p.
            packB(a, !transA, p, m, k0, kl, 0, 0, m, pa);
            for (int j0 = 0; j0 < n; j0 += MR) {
                int rows = Math.min(MR, n - j0);
                if (!first) {
                    for (int r = 0; r < rows; r++) {
                        for (int i = 0; i < m; i++) {
                            tile[r * NR + i] = c[i * n + j0 + r];
                        }
                    }
                }
                rowsBlock(b, j0 * p + k0, p, rows, pa, 0, NR, kl, tile, 0, NR, first);
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < m; i++) {
                        c[i * n + j0 + r] = tile[r * NR + i];
                    }
                }
            }
        }
        scale(c, m * n, alpha);
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /**
     * Packs rows k0..k0+kl−1, columns from..j1−1 of op(B) into micro-panels of NR columns: the
     * panel of columns j0 + q·NR.. at {@code q·NR·kl}, entry (k, j) at {@code k·NR + j} within
     * it; columns past j1 are zero. {@code from} is j0 or a later multiple of NR past it.
     */
    private static void packB(double[] b, boolean transB, int p, int n, int k0, int kl, int j0,
            int from, int j1, double[] pb) {
        for (int jr = from; jr < j1; jr += NR) {
            int off = (jr - j0) * kl;
            int cols = Math.min(NR, j1 - jr);
            if (transB) {
                // B stored n×p: op(B)[k][j] = b[j·p + k].
                for (int jj = 0; jj < cols; jj++) {
                    int src = (jr + jj) * p + k0;
                    for (int k = 0; k < kl; k++) {
                        pb[off + k * NR + jj] = b[src + k];
                    }
                }
                if (cols < NR) {
                    for (int k = 0; k < kl; k++) {
                        java.util.Arrays.fill(pb, off + k * NR + cols, off + (k + 1) * NR, 0.0);
                    }
                }
            } else if (cols == NR) {
                for (int k = 0; k < kl; k++) {
                    int src = (k0 + k) * n + jr;
                    int dst = off + k * NR;
                    DoubleVector.fromArray(S, b, src).intoArray(pb, dst);
                    DoubleVector.fromArray(S, b, src + L).intoArray(pb, dst + L);
                }
            } else {
                for (int k = 0; k < kl; k++) {
                    int dst = off + k * NR;
                    System.arraycopy(b, (k0 + k) * n + jr, pb, dst, cols);
                    java.util.Arrays.fill(pb, dst + cols, dst + NR, 0.0);
                }
            }
        }
    }

    /**
     * Packs rows i0..i1−1, columns k0..k0+kl−1 of op(A) into micro-panels of MR rows: panel q at
     * {@code q·MR·kl}, entry (i, k) at {@code k·MR + i} within it; rows past i1 are zero.
     */
    private static void packA(double[] a, boolean transA, int m, int p, int i0, int i1, int k0,
            int kl, double[] pa) {
        for (int ir = i0; ir < i1; ir += MR) {
            int off = (ir - i0) * kl;
            int rows = Math.min(MR, i1 - ir);
            if (transA) {
                // A stored p×m: op(A)[i][k] = a[k·m + i], MR consecutive entries per k.
                for (int k = 0; k < kl; k++) {
                    int dst = off + k * MR;
                    System.arraycopy(a, (k0 + k) * m + ir, pa, dst, rows);
                    if (rows < MR) {
                        java.util.Arrays.fill(pa, dst + rows, dst + MR, 0.0);
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = (ir + r) * p + k0;
                    for (int k = 0; k < kl; k++) {
                        pa[off + k * MR + r] = a[src + k];
                    }
                }
                for (int r = rows; r < MR; r++) {
                    for (int k = 0; k < kl; k++) {
                        pa[off + k * MR + r] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * An edge block (fewer than MR rows or NR columns of C left) is computed in the tile, whose
     * rows are NR apart: this copies its partial sums there from C (none on the first block of
     * k), a kernel adds to the tile, and {@link #edgeOut} copies the valid part back.
     */
    private static void edgeIn(double[] c, int cOff, int ldc, int rows, int cols, boolean first,
            double[] tile) {
        if (!first) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * NR, cols);
            }
        }
    }

    /** Copies an edge block's valid part from the tile to C. */
    private static void edgeOut(double[] tile, double[] c, int cOff, int ldc, int rows,
            int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, cOff + r * ldc, cols);
        }
    }

    /** A packed edge block into the tile: half a register block when that covers its rows. */
    private static void edgeBlock(double[] pa, int aOff, double[] pb, int bOff, int ldb, int kl,
            int rows, double[] tile, boolean first) {
        if (rows <= MR / 2) {
            halfBlock(pa, aOff, pb, bOff, ldb, kl, tile, first);
        } else {
            block(pa, aOff, pb, bOff, ldb, kl, tile, 0, NR, first);
        }
    }

    /**
     * The micro-kernel: the MR×NR block of C at {@code c[cOff]} (rows ldc apart) plus, for
     * ascending k below kl, A's packed column k times row k of B (at {@code pb[bOff + k·ldb]},
     * packed or where B is stored); starting from zero when
     * {@code first}, from the block's partial sums otherwise.
     *
     * <p>Each accumulator is one load (of the partial sums, or of {@link #ZEROS}) before the loop
     * and one store after it, with no branch between that would make it a merge of two vector
     * values (a zero start or a load, a scaled sum or not). Where C2 cannot prove a vector's
     * exact type it runs the Vector API's Java fallback, which allocates for every vector: the
     * digits gradient then allocated megabytes per call. With the merges that happened in 12 of
     * 16 JVMs that also ran the tanh kernel, without them in 4 of 16 (which is why that kernel
     * is opt-in, see {@link Vectorization}); the likely reason is an arm the profile never saw
     * taken (one k panel, α = 1) left uninlined, but the rest is not understood.
     */
    private static void block(double[] pa, int aOff, double[] pb, int bOff, int ldb, int kl,
            double[] c, int cOff, int ldc, boolean first) {
        double[] from = first ? ZEROS : c;
        int at = first ? 0 : cOff;
        int step = first ? 0 : ldc;
        DoubleVector c00 = DoubleVector.fromArray(S, from, at);
        DoubleVector c01 = DoubleVector.fromArray(S, from, at + L);
        DoubleVector c10 = DoubleVector.fromArray(S, from, at + step);
        DoubleVector c11 = DoubleVector.fromArray(S, from, at + step + L);
        DoubleVector c20 = DoubleVector.fromArray(S, from, at + 2 * step);
        DoubleVector c21 = DoubleVector.fromArray(S, from, at + 2 * step + L);
        DoubleVector c30 = DoubleVector.fromArray(S, from, at + 3 * step);
        DoubleVector c31 = DoubleVector.fromArray(S, from, at + 3 * step + L);
        DoubleVector c40 = DoubleVector.fromArray(S, from, at + 4 * step);
        DoubleVector c41 = DoubleVector.fromArray(S, from, at + 4 * step + L);
        DoubleVector c50 = DoubleVector.fromArray(S, from, at + 5 * step);
        DoubleVector c51 = DoubleVector.fromArray(S, from, at + 5 * step + L);
        DoubleVector c60 = DoubleVector.fromArray(S, from, at + 6 * step);
        DoubleVector c61 = DoubleVector.fromArray(S, from, at + 6 * step + L);
        DoubleVector c70 = DoubleVector.fromArray(S, from, at + 7 * step);
        DoubleVector c71 = DoubleVector.fromArray(S, from, at + 7 * step + L);
        for (int k = 0; k < kl; k++) {
            int ak = aOff + k * MR;
            int bk = bOff + k * ldb;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bk + L);
            DoubleVector x = DoubleVector.broadcast(S, pa[ak]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 1]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 2]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 3]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 4]);
            c40 = c40.add(x.mul(b0));
            c41 = c41.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 5]);
            c50 = c50.add(x.mul(b0));
            c51 = c51.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 6]);
            c60 = c60.add(x.mul(b0));
            c61 = c61.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 7]);
            c70 = c70.add(x.mul(b0));
            c71 = c71.add(x.mul(b1));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
    }

    /**
     * {@link #block}'s first MR/2 rows, into the edge tile (rows NR apart): for the last rows of
     * C when no more than half a register block is left.
     */
    private static void halfBlock(double[] pa, int aOff, double[] pb, int bOff, int ldb, int kl,
            double[] c, boolean first) {
        double[] from = first ? ZEROS : c;
        int step = first ? 0 : NR;
        DoubleVector c00 = DoubleVector.fromArray(S, from, 0);
        DoubleVector c01 = DoubleVector.fromArray(S, from, L);
        DoubleVector c10 = DoubleVector.fromArray(S, from, step);
        DoubleVector c11 = DoubleVector.fromArray(S, from, step + L);
        DoubleVector c20 = DoubleVector.fromArray(S, from, 2 * step);
        DoubleVector c21 = DoubleVector.fromArray(S, from, 2 * step + L);
        DoubleVector c30 = DoubleVector.fromArray(S, from, 3 * step);
        DoubleVector c31 = DoubleVector.fromArray(S, from, 3 * step + L);
        for (int k = 0; k < kl; k++) {
            int ak = aOff + k * MR;
            int bk = bOff + k * ldb;
            DoubleVector b0 = DoubleVector.fromArray(S, pb, bk);
            DoubleVector b1 = DoubleVector.fromArray(S, pb, bk + L);
            DoubleVector x = DoubleVector.broadcast(S, pa[ak]);
            c00 = c00.add(x.mul(b0));
            c01 = c01.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 1]);
            c10 = c10.add(x.mul(b0));
            c11 = c11.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 2]);
            c20 = c20.add(x.mul(b0));
            c21 = c21.add(x.mul(b1));
            x = DoubleVector.broadcast(S, pa[ak + 3]);
            c30 = c30.add(x.mul(b0));
            c31 = c31.add(x.mul(b1));
        }
        c00.intoArray(c, 0);
        c01.intoArray(c, L);
        c10.intoArray(c, NR);
        c11.intoArray(c, NR + L);
        c20.intoArray(c, 2 * NR);
        c21.intoArray(c, 2 * NR + L);
        c30.intoArray(c, 3 * NR);
        c31.intoArray(c, 3 * NR + L);
    }

    /**
     * {@link #block} for a broadcast operand read in place: row r of X at
     * {@code x[xOff + r·ldx]}, its k-th entry k places on (for r below {@code rows}; the others
     * repeat the last row, and their lanes are stored only into a tile), times row k of V at
     * {@code v[vOff + k·ldv]}, into the block of C at {@code c[cOff]} (rows ldc apart).
     *
     * <p>For a stored A this skips the packing, which took about a tenth of the mlp's
     * 256×784×256 product: interleaved in one JVM, 80.5 against 70.2 GFLOP/s with A packed, and
     * 71 against 56 on 64×64×32. It loses where A's block is reused by many panels of B (n =
     * 1024: 71 against 75) or its rows alias in the cache (p = 512: 75 against 84), hence
     * {@link #IN_PLACE_COLS} and {@link #ALIASING_STRIDE}.
     *
     * <p>It repeats {@link #block} but for how it addresses X. One kernel for both, with the
     * stride between k as a parameter (1 here, MR for a packed panel), ran packed products
     * 10–17% slower (256×256×784ᵀ 76 against 85 GFLOP/s, 1024³ 71 against 85, interleaved in
     * one JVM): C2 keeps a range check per load when a stride is not a constant.
     */
    private static void rowsBlock(double[] x, int xOff, int ldx, int rows, double[] v, int vOff,
            int ldv, int kl, double[] c, int cOff, int ldc, boolean first) {
        int x0 = xOff;
        int x1 = xOff + Math.min(1, rows - 1) * ldx;
        int x2 = xOff + Math.min(2, rows - 1) * ldx;
        int x3 = xOff + Math.min(3, rows - 1) * ldx;
        int x4 = xOff + Math.min(4, rows - 1) * ldx;
        int x5 = xOff + Math.min(5, rows - 1) * ldx;
        int x6 = xOff + Math.min(6, rows - 1) * ldx;
        int x7 = xOff + Math.min(7, rows - 1) * ldx;
        double[] from = first ? ZEROS : c;
        int at = first ? 0 : cOff;
        int step = first ? 0 : ldc;
        DoubleVector c00 = DoubleVector.fromArray(S, from, at);
        DoubleVector c01 = DoubleVector.fromArray(S, from, at + L);
        DoubleVector c10 = DoubleVector.fromArray(S, from, at + step);
        DoubleVector c11 = DoubleVector.fromArray(S, from, at + step + L);
        DoubleVector c20 = DoubleVector.fromArray(S, from, at + 2 * step);
        DoubleVector c21 = DoubleVector.fromArray(S, from, at + 2 * step + L);
        DoubleVector c30 = DoubleVector.fromArray(S, from, at + 3 * step);
        DoubleVector c31 = DoubleVector.fromArray(S, from, at + 3 * step + L);
        DoubleVector c40 = DoubleVector.fromArray(S, from, at + 4 * step);
        DoubleVector c41 = DoubleVector.fromArray(S, from, at + 4 * step + L);
        DoubleVector c50 = DoubleVector.fromArray(S, from, at + 5 * step);
        DoubleVector c51 = DoubleVector.fromArray(S, from, at + 5 * step + L);
        DoubleVector c60 = DoubleVector.fromArray(S, from, at + 6 * step);
        DoubleVector c61 = DoubleVector.fromArray(S, from, at + 6 * step + L);
        DoubleVector c70 = DoubleVector.fromArray(S, from, at + 7 * step);
        DoubleVector c71 = DoubleVector.fromArray(S, from, at + 7 * step + L);
        for (int k = 0; k < kl; k++) {
            int vk = vOff + k * ldv;
            DoubleVector b0 = DoubleVector.fromArray(S, v, vk);
            DoubleVector b1 = DoubleVector.fromArray(S, v, vk + L);
            DoubleVector xr = DoubleVector.broadcast(S, x[x0 + k]);
            c00 = c00.add(xr.mul(b0));
            c01 = c01.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x1 + k]);
            c10 = c10.add(xr.mul(b0));
            c11 = c11.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x2 + k]);
            c20 = c20.add(xr.mul(b0));
            c21 = c21.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x3 + k]);
            c30 = c30.add(xr.mul(b0));
            c31 = c31.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x4 + k]);
            c40 = c40.add(xr.mul(b0));
            c41 = c41.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x5 + k]);
            c50 = c50.add(xr.mul(b0));
            c51 = c51.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x6 + k]);
            c60 = c60.add(xr.mul(b0));
            c61 = c61.add(xr.mul(b1));
            xr = DoubleVector.broadcast(S, x[x7 + k]);
            c70 = c70.add(xr.mul(b0));
            c71 = c71.add(xr.mul(b1));
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + L);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + L);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + L);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + L);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + L);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + L);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + L);
    }
}
