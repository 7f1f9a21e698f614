package dev.tracegrad.sample;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.addColumn;
import static dev.tracegrad.Ops.colSums;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.softmax;
import static dev.tracegrad.Ops.sub;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tanh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracegrad.GradientCheck;
import dev.tracegrad.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The sample's generated gradients against closed forms and central finite differences. */
class LossesGradientTest {
    private static final double TOL = 1e-6;
    private final Random random = new Random(7);

    @Test
    void softmaxCrossEntropyMatchesClosedFormForGeneralY() {
        Matrix a = Matrix.random(6, 1, random);
        Matrix y = Matrix.column(0.3, 0.0, 0.9, 0.1, 0.2, 0.4); // 1ᵀy = 1.9
        Matrix da = new LossesSoftmaxCrossEntropyGradient().gradient(a, y).da();
        // ∂l/∂a = softmax(a)(𝟏ᵀy) − y
        Matrix expected = sub(scale(colSums(y).get(0, 0), softmax(a)), y);
        assertClose(expected, da, 1e-12);
        assertTrue(GradientCheck.check(v -> Losses.softmaxCrossEntropy(v, y), a, da).passes(TOL));
    }

    @Test
    void twoLayerGradientsPassFiniteDifferences() {
        Matrix w1 = Matrix.random(5, 7, random);
        Matrix w2 = Matrix.random(4, 5, random);
        Matrix x = Matrix.random(7, 1, random);
        Matrix y = Matrix.column(0, 0, 1, 0);
        var r = new LossesTwoLayerGradient().gradient(w1, w2, x, y);
        assertEquals(Losses.twoLayer(w1, w2, x, y), r.value(), 1e-12);
        assertTrue(GradientCheck.check(v -> Losses.twoLayer(v, w2, x, y), w1, r.dW1()).passes(TOL));
        assertTrue(GradientCheck.check(v -> Losses.twoLayer(w1, v, x, y), w2, r.dW2()).passes(TOL));
    }

    @Test
    void digitsNetworkGradientsPassFiniteDifferencesOnABatch() {
        Matrix w1 = scale(0.3, Matrix.random(6, 8, random));
        Matrix b1 = Matrix.random(6, 1, random);
        Matrix w2 = scale(0.3, Matrix.random(3, 6, random));
        Matrix b2 = Matrix.random(3, 1, random);
        Matrix x = Matrix.random(8, 5, random);
        int[] labels = {0, 1, 2, 0, 1};
        var r = new LossesDigitsGradient().gradient(w1, b1, w2, b2, x, labels);
        assertEquals(Losses.digits(w1, b1, w2, b2, x, labels), r.value(), 1e-12);
        // The mean cross-entropy −(1/n) Σⱼ log softmax(W2 tanh(W1xⱼ + b1) + b2)[labelⱼ], by hand.
        double expected = 0;
        Matrix logits = addColumn(mul(w2, tanh(addColumn(mul(w1, x), b1))), b2);
        for (int j = 0; j < 5; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 3; k++) {
                max = Math.max(max, logits.get(k, j));
            }
            double sumExp = 0;
            for (int k = 0; k < 3; k++) {
                sumExp += Math.exp(logits.get(k, j) - max);
            }
            expected -= (logits.get(labels[j], j) - max - Math.log(sumExp)) / 5;
        }
        assertEquals(expected, r.value(), 1e-12);
        assertTrue(GradientCheck.check(v -> Losses.digits(v, b1, w2, b2, x, labels), w1, r.dW1()).passes(TOL));
        assertTrue(GradientCheck.check(v -> Losses.digits(w1, v, w2, b2, x, labels), b1, r.db1()).passes(TOL));
        assertTrue(GradientCheck.check(v -> Losses.digits(w1, b1, v, b2, x, labels), w2, r.dW2()).passes(TOL));
        assertTrue(GradientCheck.check(v -> Losses.digits(w1, b1, w2, v, x, labels), b2, r.db2()).passes(TOL));
    }

    @Test
    void logisticGradientsForWeightsAndDoubleBias() {
        int d = 4;
        int n = 9;
        Matrix w = Matrix.random(d, 1, random);
        Matrix x = Matrix.random(d, n, random);
        Matrix y = Matrix.zeros(n, 1);
        for (int j = 0; j < n; j++) {
            y.set(j, 0, j % 2 == 0 ? 1 : -1);
        }
        double b = 0.3;
        double lambda = 0.1;
        var r = new LossesLogisticGradient().gradient(w, b, x, y, lambda);
        assertEquals(Losses.logistic(w, b, x, y, lambda), r.value(), 1e-12);
        // Closed form: ∂/∂w = X (−y ⊙ σ(−m)) / n + λw with margins m = y ⊙ (Xᵀw + b).
        Matrix expected = scale(lambda, w);
        Matrix scores = mul(t(x), w);
        double db = 0;
        for (int j = 0; j < n; j++) {
            double m = y.get(j, 0) * (scores.get(j, 0) + b);
            double coef = -y.get(j, 0) / (1 + Math.exp(m)) / n;
            db += coef;
            for (int i = 0; i < d; i++) {
                expected.set(i, 0, expected.get(i, 0) + coef * x.get(i, j));
            }
        }
        assertClose(expected, r.dw(), 1e-12);
        assertEquals(db, r.db(), 1e-12);
        assertTrue(GradientCheck.check(
                (double v) -> Losses.logistic(w, v, x, y, lambda), b, r.db()).passes(TOL));
    }

    @Test
    void covarianceGradientMatchesClosedForm() {
        int d = 4;
        Matrix l = add(Matrix.identity(d), scale(0.2, Matrix.random(d, d, random)));
        Matrix z = Matrix.random(d, 3 * d, random);
        Matrix s = scale(1.0 / (3 * d), mul(z, t(z)));
        Matrix eye = Matrix.identity(d);
        double eps = 1e-3;
        Matrix dl = new LossesCovarianceGradient().gradient(l, s, eps).dL();
        // Σ = LLᵀ + εI symmetric, S symmetric: ∂f/∂Σ = Σ⁻¹ − Σ⁻¹SΣ⁻¹, ∂f/∂L = 2 (∂f/∂Σ) L.
        Matrix sigmaInv = inv(add(mul(l, t(l)), scale(eps, eye)));
        Matrix expected = scale(2, mul(sub(sigmaInv, mul(mul(sigmaInv, s), sigmaInv)), l));
        assertClose(expected, dl, 1e-9);
        assertTrue(GradientCheck.check(v -> Losses.covariance(v, s, eps), l, dl).passes(TOL));
    }

    static void assertClose(Matrix expected, Matrix actual, double tol) {
        assertEquals(expected.rows(), actual.rows(), "rows");
        assertEquals(expected.cols(), actual.cols(), "cols");
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double e = expected.get(i, j);
                assertEquals(e, actual.get(i, j), tol * Math.max(1, Math.abs(e)),
                        "entry (" + i + ", " + j + ")");
            }
        }
    }
}
