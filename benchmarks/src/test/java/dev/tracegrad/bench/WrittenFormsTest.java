package dev.tracegrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;
import dev.tracegrad.bench.workload.GaussProblem;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The two ways of writing each loss of {@link WrittenForms} have the same value and gradient. */
class WrittenFormsTest {
    @Test
    void ridgeAsARowAndAsAColumnAgree() {
        Random random = new Random(1);
        Matrix w = Matrix.random(5, 1, random);
        Matrix x = Matrix.random(5, 9, random);
        Matrix y = Matrix.random(1, 9, random);
        Matrix dRow = Matrix.zeros(5, 1);
        Matrix dColumn = Matrix.zeros(5, 1);
        double row = new WrittenFormsRidgeRowGradient().gradient(w, x, y, 0.3, dRow);
        double column = new WrittenFormsRidgeColumnGradient().gradient(w, x, Ops.t(y), 0.3, dColumn);
        assertEquals(WrittenForms.ridgeRow(w, x, y, 0.3), row, 1e-12 * Math.abs(row));
        assertEquals(row, column, 1e-12 * Math.abs(row));
        // closed form: 2X(Xᵀw − yᵀ) + 2λw
        Matrix expected = Ops.add(Ops.scale(2, Ops.mul(x, Ops.sub(Ops.mul(Ops.t(x), w), Ops.t(y)))), Ops.scale(0.6, w));
        for (int i = 0; i < 5; i++) {
            assertEquals(expected.get(i, 0), dRow.get(i, 0), 1e-12 * (1 + Math.abs(expected.get(i, 0))));
            assertEquals(expected.get(i, 0), dColumn.get(i, 0), 1e-12 * (1 + Math.abs(expected.get(i, 0))));
        }
    }

    @Test
    void gaussianInItsMeanHasTheClosedFormGradient() {
        Random random = new Random(2);
        int d = 4;
        int n = 7;
        Matrix sigma = GaussProblem.random(d).Sigma();
        Matrix mu = Matrix.random(d, 1, random);
        Matrix x = Matrix.random(d, n, random);
        Matrix dSigmaMean = Matrix.zeros(d, d);
        Matrix dMu = Matrix.zeros(d, 1);
        Matrix dSigma = Matrix.zeros(d, d);
        double withMean = new WrittenFormsGaussianMeanGradient().gradient(sigma, mu, x, dSigmaMean, dMu);
        double sigmaOnly = new WrittenFormsGaussianSigmaGradient().gradient(sigma, mu, x, dSigma);
        assertEquals(WrittenForms.gaussianMean(sigma, mu, x), withMean, 1e-12 * Math.abs(withMean));
        assertEquals(withMean, sigmaOnly, 1e-12 * Math.abs(withMean));
        // closed form: ∂/∂μ tr(CᵀAC) = −(A + Aᵀ)C𝟏 with A = Σ⁻¹, C = X − μ𝟏ᵀ
        Matrix a = Ops.inv(sigma);
        Matrix c = Ops.sub(x, Ops.repeatCols(mu, n));
        Matrix expected = Ops.scale(-1, Ops.mul(Ops.add(a, Ops.t(a)), Ops.mul(c, Ops.ones(n, 1))));
        for (int i = 0; i < d; i++) {
            assertEquals(expected.get(i, 0), dMu.get(i, 0), 1e-10 * (1 + Math.abs(expected.get(i, 0))));
            for (int j = 0; j < d; j++) {
                assertEquals(dSigma.get(i, j), dSigmaMean.get(i, j), 1e-12 * (1 + Math.abs(dSigma.get(i, j))));
            }
        }
    }
}
