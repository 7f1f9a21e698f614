package dev.tracegrad.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.optim.Hessians;
import dev.tracegrad.optim.Lbfgs;
import dev.tracegrad.optim.NewtonCg;
import dev.tracegrad.optim.Objective;
import dev.tracegrad.optim.OptimResult;
import dev.tracegrad.optim.Status;
import org.junit.jupiter.api.Test;

/**
 * Logistic regression on the breast-cancer data (features standardised over the whole set,
 * population standard deviation), fitted with the runtime's optimizers through a hand-written
 * objective, against references computed independently with NumPy 2.4 and SciPy 1.17: Newton
 * iterations with a dense solve to a gradient of 1e-15, and standard errors
 * √diag((XᵀWX)⁻¹) at the maximum-likelihood estimate, the definition statsmodels' {@code Logit}
 * uses.
 */
class FitBreastCancerTest {
    /** L2 penalty ½‖w‖² (C = 1), intercept not penalised: w₁ … w₃₀, then b. */
    private static final double[] PENALISED = {
        -0.3630925319179318, -0.38767544241875834, -0.3510621186796736, -0.4356098032859759,
        -0.16183110281524513, 0.5626540336981031, -0.8599171195924008, -0.962280223488176,
        0.0762090314790287, 0.3222262369486114, -1.2909422896744196, 0.2689219013878872,
        -0.6599745965624584, -1.012557732180283, -0.27721295890401515, 0.7363240127967526,
        0.11053932078141106, -0.33340761888316484, 0.295793025903185, 0.6809196730583752,
        -1.029262261647953, -1.314607634446452, -0.8233473825766972, -1.010706832113417,
        -0.6706819627765849, 0.04456425178742162, -0.8733339165222502, -0.9120031219319644,
        -0.8878373243070147, -0.479818908043161, 0.21450271740174867};
    private static final double PENALISED_VALUE = 37.75894596187597;
    /** Mean texture, mean smoothness, mean symmetry, worst concavity (columns 1, 4, 8, 26). */
    private static final int[] FOUR = {1, 4, 8, 26};
    private static final double[] FOUR_COEFFICIENTS = {-1.0853351650502587, -0.5321442476779553,
        -0.1317840038449198, -2.087886066495629, 0.7687097104891006};
    private static final double[] FOUR_STANDARD_ERRORS = {0.15559600871085658,
        0.1714574807477788, 0.16963682314479891, 0.2133443192035546, 0.1357044592021713};

    private final Dataset data = standardised();

    private static Dataset standardised() {
        Dataset all = Dataset.load("breast_cancer.csv");
        double[] mean = all.featureMeans();
        return all.standardised(mean, all.featureStds(mean));
    }

    @Test
    void penalisedFitsAgreeWithTheReference() {
        Logistic f = new Logistic(data.features(), data.labels(), 1);
        OptimResult lbfgs = Lbfgs.minimize(f, f.start(), Lbfgs.Options.defaults()
                .withGradientTolerance(1e-6).withFunctionTolerance(Double.MIN_VALUE));
        OptimResult newton = NewtonCg.minimize(f, f.start(), NewtonCg.Options.defaults()
                .withGradientTolerance(1e-9).withFunctionTolerance(Double.MIN_VALUE));
        for (OptimResult r : new OptimResult[] {lbfgs, newton}) {
            assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
            assertCoefficients(PENALISED, r, 1e-5);
            assertEquals(PENALISED_VALUE, r.value(), 1e-12 * PENALISED_VALUE);
        }
        // SciPy's L-BFGS-B takes 54 iterations to a gradient of 1e-6 on this function.
        assertTrue(lbfgs.iterations() <= 60, "L-BFGS iterations " + lbfgs.iterations());
        assertTrue(newton.iterations() <= 20, "Newton-CG iterations " + newton.iterations());
    }

    @Test
    void standardErrorsComeFromTheInverseHessian() {
        Matrix x = Matrix.zeros(FOUR.length, data.size());
        for (int i = 0; i < FOUR.length; i++) {
            for (int j = 0; j < data.size(); j++) {
                x.set(i, j, data.features().get(FOUR[i], j));
            }
        }
        Logistic f = new Logistic(x, data.labels(), 0);
        OptimResult r = NewtonCg.minimize(f, f.start(), NewtonCg.Options.defaults()
                .withGradientTolerance(1e-10).withFunctionTolerance(Double.MIN_VALUE));
        assertEquals(Status.CONVERGED_GRADIENT, r.status(), r::toString);
        assertCoefficients(FOUR_COEFFICIENTS, r, 1e-8);
        Matrix covariance = Ops.inv(Hessians.dense(f, r.x()));
        for (int i = 0; i < 5; i++) {
            double se = Math.sqrt(covariance.get(i, i));
            assertEquals(FOUR_STANDARD_ERRORS[i], se, 1e-4 * FOUR_STANDARD_ERRORS[i], "se " + i);
        }
    }

    private static void assertCoefficients(double[] expected, OptimResult r, double tolerance) {
        double[] w = r.x()[0].data();
        for (int i = 0; i < expected.length; i++) {
            double got = i < w.length ? w[i] : r.x()[1].get(0, 0);
            assertEquals(expected[i], got, tolerance * Math.max(1, Math.abs(expected[i])),
                    "coefficient " + i);
        }
    }

    /**
     * Σⱼ [log(1 + e^zⱼ) − yⱼzⱼ] + (λ/2)‖w‖² with zⱼ = wᵀxⱼ + b over the columns xⱼ of X, labels
     * 0/1; variables w (d×1) and b (1×1).
     */
    private static final class Logistic implements Objective {
        private final double[] x;
        private final int d;
        private final int n;
        private final int[] y;
        private final double lambda;
        private final double[] z;

        Logistic(Matrix x, int[] y, double lambda) {
            this.x = x.data();
            this.d = x.rows();
            this.n = x.cols();
            this.y = y;
            this.lambda = lambda;
            this.z = new double[n];
        }

        Matrix[] start() {
            return new Matrix[] {Matrix.zeros(d, 1), Matrix.zeros(1, 1)};
        }

        private void scores(double[] w, double b) {
            for (int j = 0; j < n; j++) {
                double s = b;
                for (int i = 0; i < d; i++) {
                    s += w[i] * x[i * n + j];
                }
                z[j] = s;
            }
        }

        private static double sigmoid(double t) {
            return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
        }

        @Override
        public double value(Matrix[] v) {
            double[] w = v[0].data();
            scores(w, v[1].get(0, 0));
            double f = 0;
            for (int j = 0; j < n; j++) {
                f += Math.max(z[j], 0) + Math.log1p(Math.exp(-Math.abs(z[j]))) - y[j] * z[j];
            }
            double ww = 0;
            for (double wi : w) {
                ww += wi * wi;
            }
            return f + 0.5 * lambda * ww;
        }

        @Override
        public double gradient(Matrix[] v, Matrix[] g) {
            double value = value(v);
            double[] w = v[0].data();
            double[] gw = g[0].data();
            double gb = 0;
            for (int i = 0; i < d; i++) {
                gw[i] = lambda * w[i];
            }
            for (int j = 0; j < n; j++) {
                double r = sigmoid(z[j]) - y[j];
                for (int i = 0; i < d; i++) {
                    gw[i] += r * x[i * n + j];
                }
                gb += r;
            }
            g[1].set(0, 0, gb);
            return value;
        }

        @Override
        public boolean hasHvp() {
            return true;
        }

        @Override
        public void hvp(Matrix[] v, Matrix[] dir, Matrix[] hv) {
            scores(v[0].data(), v[1].get(0, 0));
            double[] dw = dir[0].data();
            double db = dir[1].get(0, 0);
            double[] hw = hv[0].data();
            double hb = 0;
            for (int i = 0; i < d; i++) {
                hw[i] = lambda * dw[i];
            }
            for (int j = 0; j < n; j++) {
                double s = sigmoid(z[j]);
                double dz = db;
                for (int i = 0; i < d; i++) {
                    dz += dw[i] * x[i * n + j];
                }
                double c = s * (1 - s) * dz;
                for (int i = 0; i < d; i++) {
                    hw[i] += c * x[i * n + j];
                }
                hb += c;
            }
            hv[1].set(0, 0, hb);
        }
    }
}
