package dev.tracegrad;

import dev.tracegrad.kernel.Checks;
import dev.tracegrad.kernel.Fn;
import dev.tracegrad.kernel.Gamma;
import dev.tracegrad.kernel.Lu;
import dev.tracegrad.kernel.Normal;
import dev.tracegrad.kernel.Reductions;
import java.util.function.DoubleUnaryOperator;

/**
 * The vocabulary of a {@link Differentiable} method, with the reference semantics the generated
 * code reproduces. Use it as {@code import static dev.tracegrad.Ops.*}.
 *
 * <p>Every op checks its arguments first (null → {@link NullPointerException} naming the
 * parameter; incompatible shapes → {@link IllegalArgumentException} naming the op, the operands
 * and their shapes), never modifies them, and returns a new matrix.
 *
 * <p>The order of floating-point operations is fixed, because generated code follows the same
 * order and is tested against these methods: sums run sequentially in row-major order (per row
 * or per column for {@link #rowSums}/{@link #colSums}), and each entry of a product
 * C = AB accumulates A[i][k]·B[k][j] over ascending k, starting from 0. Scalar functions with a
 * numerically delicate form come from {@link Fn}, shared with generated code.
 */
public final class Ops {
    private static final String SAME_SHAPE = "A and B must have the same shape";

    private Ops() {}

    // ---------------------------------------------------------------- linear structure

    /** A + B. */
    public static Matrix add(Matrix A, Matrix B) {
        sameShape("add", A, B);
        double[] a = A.data();
        double[] b = B.data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] + b[i];
        }
        return Matrix.wrap(A.rows(), A.cols(), c);
    }

    /** A − B. */
    public static Matrix sub(Matrix A, Matrix B) {
        sameShape("sub", A, B);
        double[] a = A.data();
        double[] b = B.data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] - b[i];
        }
        return Matrix.wrap(A.rows(), A.cols(), c);
    }

    /** −A. */
    public static Matrix neg(Matrix A) {
        return map("neg", A, x -> -x);
    }

    /** sA, for any scalar expression s. */
    public static Matrix scale(double s, Matrix A) {
        return map("scale", A, x -> s * x);
    }

    /**
     * The matrix product AB, accumulated in i-k-j order: for each row i, for ascending k, row k
     * of B scaled by A[i][k] is added to row i of C. Each C[i][j] is therefore the sum over
     * ascending k, which generated code reproduces.
     */
    public static Matrix mul(Matrix A, Matrix B) {
        nonNull("mul", A, "A");
        nonNull("mul", B, "B");
        if (A.cols() != B.rows()) {
            throw Checks.shapeMismatch("mul", "A", A.rows(), A.cols(), "B", B.rows(), B.cols(),
                    "columns of A must equal rows of B");
        }
        int m = A.rows();
        int p = A.cols();
        int n = B.cols();
        double[] a = A.data();
        double[] b = B.data();
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < p; k++) {
                double aik = a[i * p + k];
                for (int j = 0; j < n; j++) {
                    c[i * n + j] += aik * b[k * n + j];
                }
            }
        }
        return Matrix.wrap(m, n, c);
    }

    /** The transpose Aᵀ. */
    public static Matrix t(Matrix A) {
        nonNull("t", A, "A");
        int m = A.rows();
        int n = A.cols();
        double[] a = A.data();
        double[] c = new double[a.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[j * m + i] = a[i * n + j];
            }
        }
        return Matrix.wrap(n, m, c);
    }

    /**
     * A + b𝟏ᵀ: the column b added to every column of A, the usual bias term when a batch is
     * stored one sample per column.
     *
     * @param b an m×1 column, for A of m rows
     */
    public static Matrix addColumn(Matrix A, Matrix b) {
        nonNull("addColumn", A, "A");
        nonNull("addColumn", b, "b");
        if (b.cols() != 1 || b.rows() != A.rows()) {
            throw Checks.shapeMismatch("addColumn", "A", A.rows(), A.cols(), "b", b.rows(),
                    b.cols(), "b must be (rows of A)×1");
        }
        int n = A.cols();
        double[] a = A.data();
        double[] bias = b.data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] + bias[i / n];
        }
        return Matrix.wrap(A.rows(), n, c);
    }

    /** A𝟏: the m×1 column of row sums, each summed left to right. */
    public static Matrix rowSums(Matrix A) {
        nonNull("rowSums", A, "A");
        int m = A.rows();
        int n = A.cols();
        double[] a = A.data();
        double[] c = new double[m];
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += a[i * n + j];
            }
            c[i] = s;
        }
        return Matrix.wrap(m, 1, c);
    }

    /**
     * The 1×n row of A[idx[j], j]: for A k×n and idx of length n (with class indices, {@code
     * -sum(pick(logSoftmax(Z), labels))} is the cross-entropy).
     *
     * @throws IndexOutOfBoundsException if idx does not have n entries or one is not in [0, k),
     *     naming idx, the position and the bound
     */
    public static Matrix pick(Matrix A, int[] idx) {
        nonNull("pick", A, "A");
        int n = A.cols();
        dev.tracegrad.kernel.Indexing.check(idx, A.rows(), n, "idx");
        double[] a = A.data();
        double[] c = new double[n];
        for (int j = 0; j < n; j++) {
            c[j] = a[idx[j] * n + j];
        }
        return Matrix.wrap(1, n, c);
    }

    /**
     * The m×n matrix of columns E[:, idx[j]]: for E m×V and idx of length n, each entry in [0, V)
     * (an embedding lookup).
     *
     * @throws IndexOutOfBoundsException if an entry of idx is not in [0, V), naming idx, the
     *     position and the bound
     */
    public static Matrix gatherCols(Matrix E, int[] idx) {
        nonNull("gatherCols", E, "E");
        int m = E.rows();
        int v = E.cols();
        dev.tracegrad.kernel.Indexing.check(idx, v, -1, "idx");
        int n = idx.length;
        double[] e = E.data();
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = e[i * v + idx[j]];
            }
        }
        return Matrix.wrap(m, n, c);
    }

    /** 𝟏ᵀA: the 1×n row of column sums, each summed top to bottom. */
    public static Matrix colSums(Matrix A) {
        nonNull("colSums", A, "A");
        int m = A.rows();
        int n = A.cols();
        double[] a = A.data();
        double[] c = new double[n];
        // Row-major traversal; each c[j] still receives its terms in ascending row order.
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[j] += a[i * n + j];
            }
        }
        return Matrix.wrap(1, n, c);
    }

    // ---------------------------------------------------------------- elementwise

    /** A ⊙ B, the elementwise (Hadamard) product. */
    public static Matrix hadamard(Matrix A, Matrix B) {
        sameShape("hadamard", A, B);
        double[] a = A.data();
        double[] b = B.data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] * b[i];
        }
        return Matrix.wrap(A.rows(), A.cols(), c);
    }

    /** Elementwise A / B (IEEE division: x/0 is ±∞ or NaN, no exception). */
    public static Matrix div(Matrix A, Matrix B) {
        sameShape("div", A, B);
        double[] a = A.data();
        double[] b = B.data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a[i] / b[i];
        }
        return Matrix.wrap(A.rows(), A.cols(), c);
    }

    /** Elementwise eˣ. */
    public static Matrix exp(Matrix A) {
        return map("exp", A, Math::exp);
    }

    /** Elementwise natural logarithm (NaN below 0, −∞ at 0, as {@link Math#log}). */
    public static Matrix log(Matrix A) {
        return map("log", A, Math::log);
    }

    /** Elementwise 1/(1 + e⁻ˣ), in the form of {@link Fn#sigmoid} that is exact at ±1000. */
    public static Matrix sigmoid(Matrix A) {
        return map("sigmoid", A, Fn::sigmoid);
    }

    /** Elementwise hyperbolic tangent. */
    public static Matrix tanh(Matrix A) {
        return map("tanh", A, Fn::tanh);
    }

    /** Elementwise max(x, 0), as {@link Fn#relu}; its derivative at 0 is taken as 0. */
    public static Matrix relu(Matrix A) {
        return map("relu", A, Fn::relu);
    }

    /** Elementwise log(1 + eˣ), as {@link Fn#softplus}: finite and never negative. */
    public static Matrix softplus(Matrix A) {
        return map("softplus", A, Fn::softplus);
    }

    /** Elementwise x², computed as x·x. */
    public static Matrix square(Matrix A) {
        return map("square", A, x -> x * x);
    }

    /** Elementwise square root. */
    public static Matrix sqrt(Matrix A) {
        return map("sqrt", A, Math::sqrt);
    }

    /** Elementwise |x|; its derivative at 0 is taken as 0 ({@link Fn#sign}). */
    public static Matrix abs(Matrix A) {
        return map("abs", A, Math::abs);
    }

    /** Elementwise sine. */
    public static Matrix sin(Matrix A) {
        return map("sin", A, Math::sin);
    }

    /** Elementwise cosine. */
    public static Matrix cos(Matrix A) {
        return map("cos", A, Math::cos);
    }

    /** Elementwise log(1 + x) with {@link Math#log1p}: accurate where x is tiny. */
    public static Matrix log1p(Matrix A) {
        return map("log1p", A, Math::log1p);
    }

    /** Elementwise eˣ − 1 with {@link Math#expm1}: accurate where x is tiny. */
    public static Matrix expm1(Matrix A) {
        return map("expm1", A, Math::expm1);
    }

    /**
     * Elementwise Φ(x), the standard normal distribution function ({@link Normal#normCdf}), accurate
     * to about 1e-15 relative in both tails.
     */
    public static Matrix normCdf(Matrix A) {
        return map("normCdf", A, Normal::normCdf);
    }

    /**
     * Elementwise log Φ(x) ({@link Normal#logNormCdf}), finite for every finite x: logNormCdf(−1000)
     * ≈ −500007.8 where log(normCdf(−1000)) is −∞.
     */
    public static Matrix logNormCdf(Matrix A) {
        return map("logNormCdf", A, Normal::logNormCdf);
    }

    /**
     * Elementwise ln Γ(x) ({@link Gamma#logGamma}), to about 1e-15 relative, for entries &gt; 0
     * (count and rate models: negative binomial, beta, gamma, Dirichlet). Outside the domain an
     * entry 0 gives +∞ and a negative one NaN. Its derivative is digamma ψ, its second trigamma ψ′.
     */
    public static Matrix logGamma(Matrix A) {
        return map("logGamma", A, Gamma::logGamma);
    }

    // Scalar forms of the entrywise functions java.lang.Math lacks. The others are written with
    // Math (Math.tanh(s)): an Ops.tanh(double) would make tanh(s) ambiguous for code that also
    // imports java.lang.Math.* on demand.

    /** The logistic function 1/(1 + e⁻ˢ) of a scalar, as {@link #sigmoid(Matrix)} computes each entry. */
    public static double sigmoid(double s) {
        return Fn.sigmoid(s);
    }

    /** max(s, 0) of a scalar, as {@link #relu(Matrix)} computes each entry. */
    public static double relu(double s) {
        return Fn.relu(s);
    }

    /** log(1 + eˢ) of a scalar, as {@link #softplus(Matrix)} computes each entry. */
    public static double softplus(double s) {
        return Fn.softplus(s);
    }

    /** s², computed as s·s. */
    public static double square(double s) {
        return s * s;
    }

    /** Φ(s), as {@link #normCdf(Matrix)} computes each entry. */
    public static double normCdf(double s) {
        return Normal.normCdf(s);
    }

    /** log Φ(s), as {@link #logNormCdf(Matrix)} computes each entry. */
    public static double logNormCdf(double s) {
        return Normal.logNormCdf(s);
    }

    /** ln Γ(s) for s &gt; 0, as {@link #logGamma(Matrix)} computes each entry. */
    public static double logGamma(double s) {
        return Gamma.logGamma(s);
    }

    /**
     * Elementwise xᵖ with {@link Math#pow}. In a {@link Differentiable} method p must not depend
     * on a parameter being differentiated.
     */
    public static Matrix pow(Matrix A, double p) {
        return map("pow", A, x -> Math.pow(x, p));
    }

    /**
     * Softmax of each column: exp(a)/𝟏ᵀexp(a), computed stably as exp(a − max a) / Σ exp(a −
     * max a) (the sum running down the column), so columns with entries of ±1000 give finite
     * probabilities that sum to 1.
     */
    public static Matrix softmax(Matrix A) {
        nonNull("softmax", A, "A");
        int m = A.rows();
        int n = A.cols();
        double[] a = A.data();
        double[] c = new double[a.length];
        for (int j = 0; j < n; j++) {
            double max = columnMax(a, m, n, j);
            double sum = 0;
            for (int i = 0; i < m; i++) {
                double e = Math.exp(a[i * n + j] - max);
                c[i * n + j] = e;
                sum += e;
            }
            for (int i = 0; i < m; i++) {
                c[i * n + j] /= sum;
            }
        }
        return Matrix.wrap(m, n, c);
    }

    /**
     * log softmax of each column, computed as a − max a − log Σ exp(a − max a) (never as the log
     * of a softmax that may have underflowed to 0): logSoftmax of the column [1000, 0] is
     * exactly [0, −1000].
     */
    public static Matrix logSoftmax(Matrix A) {
        nonNull("logSoftmax", A, "A");
        int m = A.rows();
        int n = A.cols();
        double[] a = A.data();
        double[] c = new double[a.length];
        for (int j = 0; j < n; j++) {
            double max = columnMax(a, m, n, j);
            double sum = 0;
            for (int i = 0; i < m; i++) {
                sum += Math.exp(a[i * n + j] - max);
            }
            double logSum = Math.log(sum);
            for (int i = 0; i < m; i++) {
                c[i * n + j] = a[i * n + j] - max - logSum;
            }
        }
        return Matrix.wrap(m, n, c);
    }

    // ---------------------------------------------------------------- inverse and determinants

    /**
     * The inverse A⁻¹, from an LU factorisation with partial pivoting ({@link Lu}).
     *
     * @throws IllegalArgumentException if A is not square
     * @throws SingularMatrixException if A is singular to working precision
     */
    public static Matrix inv(Matrix A) {
        int n = square("inv", A);
        double[] lu = new double[n * n];
        int[] piv = new int[n];
        Lu.requireNonSingular(Lu.factor(A.data(), n, lu, piv), "inv: A");
        double[] c = new double[n * n];
        Lu.inverse(lu, piv, n, c);
        return Matrix.wrap(n, n, c);
    }

    /**
     * The determinant |A|, from an LU factorisation. A matrix that is singular to working
     * precision (see {@link Lu#factor}) has determinant exactly 0; this never throws for it.
     *
     * @throws IllegalArgumentException if A is not square
     */
    public static double det(Matrix A) {
        int n = square("det", A);
        double[] lu = new double[n * n];
        int[] piv = new int[n];
        int sign = Lu.factor(A.data(), n, lu, piv);
        return Lu.det(lu, n, sign);
    }

    /**
     * log|det A|, as the sum of log|u_kk| of an LU factorisation: finite where the determinant
     * itself would overflow or underflow. The sign of the determinant is dropped.
     *
     * @throws IllegalArgumentException if A is not square
     * @throws SingularMatrixException if A is singular to working precision (log 0 is not finite)
     */
    public static double logdet(Matrix A) {
        int n = square("logdet", A);
        double[] lu = new double[n * n];
        int[] piv = new int[n];
        Lu.requireNonSingular(Lu.factor(A.data(), n, lu, piv), "logdet: A");
        return Lu.logAbsDet(lu, n);
    }

    // ---------------------------------------------------------------- scalar-valued

    /**
     * The trace, Σ A[i][i] in ascending i.
     *
     * @throws IllegalArgumentException if A is not square
     */
    public static double tr(Matrix A) {
        int n = square("tr", A);
        double[] a = A.data();
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += a[i * n + i];
        }
        return s;
    }

    /** 𝟏ᵀA𝟏, the sum of all entries in row-major order. */
    public static double sum(Matrix A) {
        double s = 0;
        for (double x : nonNull("sum", A, "A").data()) {
            s += x;
        }
        return s;
    }

    /** Σᵢⱼ A[i][j]·B[i][j] = tr(AᵀB), in row-major order; equals {@code sum(hadamard(A, B))}. */
    public static double dot(Matrix A, Matrix B) {
        sameShape("dot", A, B);
        double[] a = A.data();
        double[] b = B.data();
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ‖A‖²_F, the sum of squared entries in row-major order. */
    public static double sumsq(Matrix A) {
        double s = 0;
        for (double x : nonNull("sumsq", A, "A").data()) {
            s += x * x;
        }
        return s;
    }

    /**
     * The entry of a 1×1 matrix, e.g. {@code scalar(mul(mul(t(x), A), x))} for xᵀAx.
     *
     * @throws IllegalArgumentException if A is not 1×1
     */
    public static double scalar(Matrix A) {
        nonNull("scalar", A, "A");
        if (A.rows() != 1 || A.cols() != 1) {
            throw Checks.wrongShape("scalar", "A", A.rows(), A.cols(), "1×1");
        }
        return A.data()[0];
    }

    // ---------------------------------------------------------------- added in 0.2: broadcasting

    /** A + s: s added to every entry. */
    public static Matrix add(Matrix A, double s) {
        return map("add", A, x -> x + s);
    }

    /** s + A: s added to every entry. */
    public static Matrix add(double s, Matrix A) {
        return map("add", A, x -> s + x);
    }

    /** A − s: s subtracted from every entry. */
    public static Matrix sub(Matrix A, double s) {
        return map("sub", A, x -> x - s);
    }

    /** s − A entrywise: {@code sub(1, A)} is 1 − A. */
    public static Matrix sub(double s, Matrix A) {
        return map("sub", A, x -> s - x);
    }

    /** A / s entrywise (each entry divided by s, not multiplied by 1/s). */
    public static Matrix div(Matrix A, double s) {
        return map("div", A, x -> x / s);
    }

    /** s / A entrywise. */
    public static Matrix div(double s, Matrix A) {
        return map("div", A, x -> s / x);
    }

    /**
     * 𝟏ₘr: the 1×n row r as every one of m rows.
     *
     * @throws IllegalArgumentException if r is not a row, or m is not a non-negative whole number
     */
    public static Matrix repeatRows(Matrix r, double m) {
        nonNull("repeatRows", r, "r");
        if (r.rows() != 1) {
            throw Checks.wrongShape("repeatRows", "r", r.rows(), r.cols(), "1×n");
        }
        int rows = Checks.size(m, "repeatRows: m");
        int n = r.cols();
        double[] c = new double[rows * n];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(r.data(), 0, c, i * n, n);
        }
        return Matrix.wrap(rows, n, c);
    }

    /**
     * c𝟏ₙᵀ: the m×1 column c as every one of n columns.
     *
     * @throws IllegalArgumentException if c is not a column, or n is not a non-negative whole number
     */
    public static Matrix repeatCols(Matrix c, double n) {
        nonNull("repeatCols", c, "c");
        if (c.cols() != 1) {
            throw Checks.wrongShape("repeatCols", "c", c.rows(), c.cols(), "m×1");
        }
        int cols = Checks.size(n, "repeatCols: n");
        int m = c.rows();
        double[] out = new double[m * cols];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(out, i * cols, (i + 1) * cols, c.data()[i]);
        }
        return Matrix.wrap(m, cols, out);
    }

    // ---------------------------------------------------------------- added in 0.2: constants and shapes

    /** The number of rows of A, as a double (a size for {@link #eye}, {@link #ones}, ...). */
    public static double rows(Matrix A) {
        return nonNull("rows", A, "A").rows();
    }

    /** The number of columns of A, as a double. */
    public static double cols(Matrix A) {
        return nonNull("cols", A, "A").cols();
    }

    /**
     * The n×n identity. Sizes are doubles so that {@code rows(A)} composes and an {@code int}
     * widens; they must hold a non-negative whole number.
     *
     * @throws IllegalArgumentException if n is not a non-negative whole number
     */
    public static Matrix eye(double n) {
        int k = Checks.size(n, "eye: n");
        double[] c = new double[k * k];
        for (int i = 0; i < k; i++) {
            c[i * k + i] = 1;
        }
        return Matrix.wrap(k, k, c);
    }

    /**
     * The r×c matrix of ones.
     *
     * @throws IllegalArgumentException if r or c is not a non-negative whole number
     */
    public static Matrix ones(double r, double c) {
        return fill("ones", r, c, 1);
    }

    /**
     * The r×c matrix of zeros.
     *
     * @throws IllegalArgumentException if r or c is not a non-negative whole number
     */
    public static Matrix zeros(double r, double c) {
        return fill("zeros", r, c, 0);
    }

    /**
     * The r×c matrix with every entry s (s𝟏𝟏ᵀ); s may be any scalar expression.
     *
     * @throws IllegalArgumentException if r or c is not a non-negative whole number
     */
    public static Matrix fill(double r, double c, double s) {
        return fill("fill", r, c, s);
    }

    private static Matrix fill(String op, double r, double c, double s) {
        int rows = Checks.size(r, op + ": r");
        int cols = Checks.size(c, op + ": c");
        double[] out = new double[rows * cols];
        java.util.Arrays.fill(out, s);
        return Matrix.wrap(rows, cols, out);
    }

    /**
     * diag(v): the n×n matrix with the entries of the n×1 or 1×n vector v on its diagonal.
     *
     * @throws IllegalArgumentException if v is neither a column nor a row
     */
    public static Matrix diag(Matrix v) {
        nonNull("diag", v, "v");
        if (v.rows() != 1 && v.cols() != 1) {
            throw Checks.wrongShape("diag", "v", v.rows(), v.cols(), "n×1 or 1×n");
        }
        int n = v.data().length;
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            c[i * n + i] = v.data()[i];
        }
        return Matrix.wrap(n, n, c);
    }

    /**
     * The diagonal of a square matrix as an n×1 column.
     *
     * @throws IllegalArgumentException if A is not square
     */
    public static Matrix diagonal(Matrix A) {
        int n = square("diagonal", A);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = A.data()[i * n + i];
        }
        return Matrix.wrap(n, 1, c);
    }

    // ---------------------------------------------------------------- added in 0.2: reductions

    /** The mean of all entries: {@link #sum}(A) / (rows · cols), the count as a double. */
    public static double mean(Matrix A) {
        return sum(A) / ((double) A.rows() * (double) A.cols());
    }

    /** The m×1 column of row means: (1/n)·A𝟏. */
    public static Matrix rowMeans(Matrix A) {
        return scale(1.0 / (double) nonNull("rowMeans", A, "A").cols(), rowSums(A));
    }

    /** The 1×n row of column means: (1/m)·𝟏ᵀA. */
    public static Matrix colMeans(Matrix A) {
        return scale(1.0 / (double) nonNull("colMeans", A, "A").rows(), colSums(A));
    }

    /** The Frobenius norm √(sumsq A). Its gradient A/‖A‖ is taken as 0 at A = 0. */
    public static double norm(Matrix A) {
        return Math.sqrt(sumsq(nonNull("norm", A, "A")));
    }

    /**
     * log Σᵢⱼ exp Aᵢⱼ, computed stably ({@link Reductions#logSumExp}): shifted by the largest entry,
     * so entries of ±1000 give a finite result.
     */
    public static double logSumExp(Matrix A) {
        double[] a = nonNull("logSumExp", A, "A").data();
        return Reductions.logSumExp(a, a.length);
    }

    /**
     * The 1×n row of log Σᵢ exp Aᵢⱼ, per column, computed stably ({@link Reductions#colLogSumExp}).
     */
    public static Matrix colLogSumExp(Matrix A) {
        nonNull("colLogSumExp", A, "A");
        int n = A.cols();
        double[] out = new double[n];
        Reductions.colLogSumExp(A.data(), A.rows(), n, new double[n], out);
        return Matrix.wrap(1, n, out);
    }

    // ---------------------------------------------------------------- added in 0.2: max and min

    /** max(A, B) entrywise, as {@link Math#max} (NaN propagates); at ties the gradient splits half and half. */
    public static Matrix max(Matrix A, Matrix B) {
        return zip("max", A, B, Math::max);
    }

    /** min(A, B) entrywise, as {@link Math#min} (NaN propagates); at ties the gradient splits half and half. */
    public static Matrix min(Matrix A, Matrix B) {
        return zip("min", A, B, Math::min);
    }

    /** max(A, s) entrywise. */
    public static Matrix max(Matrix A, double s) {
        return map("max", A, x -> Math.max(x, s));
    }

    /** max(s, A) entrywise. */
    public static Matrix max(double s, Matrix A) {
        return map("max", A, x -> Math.max(s, x));
    }

    /** min(A, s) entrywise. */
    public static Matrix min(Matrix A, double s) {
        return map("min", A, x -> Math.min(x, s));
    }

    /** min(s, A) entrywise. */
    public static Matrix min(double s, Matrix A) {
        return map("min", A, x -> Math.min(s, x));
    }

    private static Matrix zip(String op, Matrix A, Matrix B, java.util.function.DoubleBinaryOperator f) {
        sameShape(op, A, B);
        double[] a = A.data();
        double[] b = B.data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = f.applyAsDouble(a[i], b[i]);
        }
        return Matrix.wrap(A.rows(), A.cols(), c);
    }

    // ---------------------------------------------------------------- helpers

    private static Matrix map(String op, Matrix A, DoubleUnaryOperator f) {
        double[] a = nonNull(op, A, "A").data();
        double[] c = new double[a.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = f.applyAsDouble(a[i]);
        }
        return Matrix.wrap(A.rows(), A.cols(), c);
    }

    /** Largest entry of column j; NaN if the column has one, so NaN propagates. */
    private static double columnMax(double[] a, int m, int n, int j) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            max = Math.max(max, a[i * n + j]);
        }
        return max;
    }

    private static Matrix nonNull(String op, Matrix A, String name) {
        return Checks.nonNull(A, op + ": " + name);
    }

    private static void sameShape(String op, Matrix A, Matrix B) {
        nonNull(op, A, "A");
        nonNull(op, B, "B");
        if (A.rows() != B.rows() || A.cols() != B.cols()) {
            throw Checks.shapeMismatch(
                    op, "A", A.rows(), A.cols(), "B", B.rows(), B.cols(), SAME_SHAPE);
        }
    }

    /** Checks that A is square and returns its order. */
    private static int square(String op, Matrix A) {
        nonNull(op, A, "A");
        if (A.rows() != A.cols()) {
            throw Checks.wrongShape(op, "A", A.rows(), A.cols(), "square");
        }
        return A.rows();
    }
}
