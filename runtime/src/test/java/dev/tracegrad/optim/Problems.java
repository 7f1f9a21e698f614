package dev.tracegrad.optim;

import dev.tracegrad.Matrix;
import java.util.Random;

/** Test objectives with known minima, written out by hand (values, gradients, H·v). */
final class Problems {
    private Problems() {}

    /**
     * f(x) = ½xᵀAx − bᵀx for one n×1 variable, with A = Q·diag(λ)·Q, Q = I − 2uuᵀ/uᵀu a
     * Householder reflection (symmetric and orthogonal) and λ spaced geometrically from 1 to
     * the condition number κ. The minimiser A⁻¹b = Q·diag(1/λ)·Q·b is known in closed form.
     */
    static final class Quadratic implements Objective {
        final double[][] a;
        final double[] b;
        final double[] lambda;
        final double[] u;

        Quadratic(int n, double condition, Random random) {
            lambda = new double[n];
            for (int i = 0; i < n; i++) {
                lambda[i] = n == 1 ? 1 : Math.pow(condition, (double) i / (n - 1));
            }
            u = gaussian(n, random);
            b = gaussian(n, random);
            // A = Q diag(λ) Q, entry by entry: Σₖ Q_ik λ_k Q_kj.
            double[][] q = householder(u);
            a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        s += q[i][k] * lambda[k] * q[k][j];
                    }
                    a[i][j] = s;
                }
            }
        }

        /** A⁻¹b = Q·diag(1/λ)·(Q·b). */
        double[] minimizer() {
            double[][] q = householder(u);
            int n = b.length;
            double[] qb = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    qb[i] += q[i][k] * b[k];
                }
                qb[i] /= lambda[i];
            }
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    x[i] += q[i][k] * qb[k];
                }
            }
            return x;
        }

        static double[][] householder(double[] u) {
            int n = u.length;
            double uu = 0;
            for (double v : u) {
                uu += v * v;
            }
            double[][] q = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    q[i][j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / uu;
                }
            }
            return q;
        }

        Matrix start() {
            return Matrix.zeros(b.length, 1);
        }

        /** Q·v (Q is symmetric, so this is also Qᵀ·v). */
        private double[] reflect(double[] v) {
            double[][] q = householder(u);
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                for (int k = 0; k < v.length; k++) {
                    out[i] += q[i][k] * v[k];
                }
            }
            return out;
        }

        /**
         * In the eigenbasis, y = Qx and c = Qb: f = Σₖ (½λₖyₖ − cₖ)·yₖ. The same function as
         * ½xᵀAx − bᵀx, evaluated without its cancellation (the terms λₖyₖ² of the stiff
         * directions are small near the minimum), so that a line search sees decreases down to
         * rounding of f itself rather than of λmax·|x|².
         */
        @Override
        public double value(Matrix[] x) {
            double[] y = reflect(x[0].data());
            double[] c = reflect(b);
            double f = 0;
            for (int k = 0; k < y.length; k++) {
                f += (0.5 * lambda[k] * y[k] - c[k]) * y[k];
            }
            return f;
        }

        /** g = Ax − b = Q(Λy − c). */
        @Override
        public double gradient(Matrix[] x, Matrix[] g) {
            double[] y = reflect(x[0].data());
            double[] c = reflect(b);
            double[] r = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                r[k] = lambda[k] * y[k] - c[k];
            }
            System.arraycopy(reflect(r), 0, g[0].data(), 0, r.length);
            return value(x);
        }

        @Override
        public boolean hasHvp() {
            return true;
        }

        /** H·v = QΛQv. */
        @Override
        public void hvp(Matrix[] x, Matrix[] v, Matrix[] hv) {
            double[] y = reflect(v[0].data());
            for (int k = 0; k < y.length; k++) {
                y[k] *= lambda[k];
            }
            System.arraycopy(reflect(y), 0, hv[0].data(), 0, y.length);
        }
    }

    /** Rosenbrock's (1 − x)² + 100(y − x²)² over two 1×1 variables; minimum 0 at (1, 1). */
    static final class Rosenbrock implements Objective {
        @Override
        public double value(Matrix[] v) {
            double x = v[0].data()[0];
            double y = v[1].data()[0];
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }

        @Override
        public double gradient(Matrix[] v, Matrix[] g) {
            double x = v[0].data()[0];
            double y = v[1].data()[0];
            g[0].data()[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            g[1].data()[0] = 200 * (y - x * x);
            return value(v);
        }

        @Override
        public boolean hasHvp() {
            return true;
        }

        @Override
        public void hvp(Matrix[] v, Matrix[] d, Matrix[] hv) {
            double x = v[0].data()[0];
            double y = v[1].data()[0];
            double hxx = 2 - 400 * (y - x * x) + 800 * x * x;
            double hxy = -400 * x;
            double hyy = 200;
            double dx = d[0].data()[0];
            double dy = d[1].data()[0];
            hv[0].data()[0] = hxx * dx + hxy * dy;
            hv[1].data()[0] = hxy * dx + hyy * dy;
        }

        static Matrix[] start() {
            return new Matrix[] {Matrix.of(1, 1, -1.2), Matrix.of(1, 1, 1)};
        }
    }

    /**
     * L2-regularised logistic regression over variables w (d×1) and an intercept b (1×1), the
     * intercept not penalised: Σᵢ [log(1 + e^zᵢ) − yᵢzᵢ] + (λ/2)‖w‖², zᵢ = wᵀxᵢ + b. Data are
     * columns of X (d×n), labels 0/1.
     */
    static final class Logistic implements Objective {
        final double[][] x;
        final double[] y;
        final double lambda;

        Logistic(double[][] x, double[] y, double lambda) {
            this.x = x;
            this.y = y;
            this.lambda = lambda;
        }

        /** n samples with d standard normal features; labels drawn from a true model, noisy. */
        static Logistic random(int d, int n, double lambda, Random random) {
            double[][] x = new double[d][n];
            double[] y = new double[n];
            double[] truth = gaussian(d, random);
            for (int i = 0; i < n; i++) {
                double z = 0.3;
                for (int k = 0; k < d; k++) {
                    x[k][i] = random.nextGaussian();
                    z += truth[k] * x[k][i];
                }
                y[i] = random.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
            }
            return new Logistic(x, y, lambda);
        }

        /** The samples from..to−1 as their own objective, with penalty λ·share. */
        Logistic shard(int from, int to, double share) {
            double[][] xs = new double[x.length][];
            for (int k = 0; k < x.length; k++) {
                xs[k] = java.util.Arrays.copyOfRange(x[k], from, to);
            }
            return new Logistic(xs, java.util.Arrays.copyOfRange(y, from, to), lambda * share);
        }

        Matrix[] start() {
            return new Matrix[] {Matrix.zeros(x.length, 1), Matrix.zeros(1, 1)};
        }

        private double z(double[] w, double b, int i) {
            double z = b;
            for (int k = 0; k < w.length; k++) {
                z += w[k] * x[k][i];
            }
            return z;
        }

        @Override
        public double value(Matrix[] v) {
            double[] w = v[0].data();
            double b = v[1].data()[0];
            double f = 0;
            for (int i = 0; i < y.length; i++) {
                double z = z(w, b, i);
                // log(1 + e^z), stable for either sign of z
                f += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y[i] * z;
            }
            double ww = 0;
            for (double wk : w) {
                ww += wk * wk;
            }
            return f + 0.5 * lambda * ww;
        }

        @Override
        public double gradient(Matrix[] v, Matrix[] g) {
            if (v[0].rows() != x.length || v[0].cols() != 1) {
                throw new IllegalArgumentException("w must be " + x.length + "×1 but is "
                        + v[0].rows() + "×" + v[0].cols());
            }
            double[] w = v[0].data();
            double b = v[1].data()[0];
            double[] gw = g[0].data();
            java.util.Arrays.fill(gw, 0);
            double gb = 0;
            for (int i = 0; i < y.length; i++) {
                double r = sigmoid(z(w, b, i)) - y[i];
                for (int k = 0; k < w.length; k++) {
                    gw[k] += r * x[k][i];
                }
                gb += r;
            }
            for (int k = 0; k < w.length; k++) {
                gw[k] += lambda * w[k];
            }
            g[1].data()[0] = gb;
            return value(v);
        }

        @Override
        public boolean hasHvp() {
            return true;
        }

        @Override
        public void hvp(Matrix[] v, Matrix[] d, Matrix[] hv) {
            double[] w = v[0].data();
            double b = v[1].data()[0];
            double[] dw = d[0].data();
            double db = d[1].data()[0];
            double[] hw = hv[0].data();
            java.util.Arrays.fill(hw, 0);
            double hb = 0;
            for (int i = 0; i < y.length; i++) {
                double s = sigmoid(z(w, b, i));
                double dz = db;
                for (int k = 0; k < w.length; k++) {
                    dz += dw[k] * x[k][i];
                }
                double c = s * (1 - s) * dz;
                for (int k = 0; k < w.length; k++) {
                    hw[k] += c * x[k][i];
                }
                hb += c;
            }
            for (int k = 0; k < w.length; k++) {
                hw[k] += lambda * dw[k];
            }
            hv[1].data()[0] = hb;
        }

        static double sigmoid(double z) {
            return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
        }
    }

    /** An objective with value and gradient only. */
    static Objective withoutHvp(Objective f) {
        return new Objective() {
            @Override
            public double value(Matrix[] x) {
                return f.value(x);
            }

            @Override
            public double gradient(Matrix[] x, Matrix[] g) {
                return f.gradient(x, g);
            }
        };
    }

    static double[] gaussian(int n, Random random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    static Matrix[] copy(Matrix[] x) {
        Matrix[] c = new Matrix[x.length];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].copy();
        }
        return c;
    }

    static double maxAbs(Matrix[] g) {
        double m = 0;
        for (Matrix a : g) {
            for (double v : a.data()) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    static Matrix[] zerosLike(Matrix[] x) {
        Matrix[] z = new Matrix[x.length];
        for (int i = 0; i < x.length; i++) {
            z[i] = Matrix.zeros(x[i].rows(), x[i].cols());
        }
        return z;
    }
}
