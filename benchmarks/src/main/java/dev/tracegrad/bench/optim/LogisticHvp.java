package dev.tracegrad.bench.optim;

import dev.tracegrad.Matrix;
import dev.tracegrad.optim.Objective;
import java.util.Arrays;

/**
 * An objective for {@link Logistic#penalised} whose value and gradient are the generated ones
 * and whose Hessian-vector product is written by hand: H v = X diag(σ(zⱼ)(1 − σ(zⱼ))) Xᵀ v_w
 * (+ λ v_w on w) with z = Xᵀw + b, the intercept taking part through a row of ones. It counts its
 * calls, which {@link dev.tracegrad.optim.OptimResult} does not.
 */
final class LogisticHvp implements Objective {
    private final Objective generated;
    private final double[] x;
    private final int d;
    private final int n;
    private final double lambda;
    private final double[] scores;
    private final double[] curvature;
    private int hvps;

    LogisticHvp(Objective generated, Matrix features, double lambda) {
        this.generated = generated;
        this.x = features.data();
        this.d = features.rows();
        this.n = features.cols();
        this.lambda = lambda;
        this.scores = new double[n];
        this.curvature = new double[n];
    }

    @Override
    public double value(Matrix[] v) {
        return generated.value(v);
    }

    @Override
    public double gradient(Matrix[] v, Matrix[] g) {
        return generated.gradient(v, g);
    }

    @Override
    public boolean hasHvp() {
        return true;
    }

    @Override
    public void hvp(Matrix[] v, Matrix[] direction, Matrix[] hv) {
        hvps++;
        double[] w = v[0].data();
        double b = v[1].data()[0];
        double[] dw = direction[0].data();
        double db = direction[1].data()[0];
        // z = Xᵀw + b and dz = Xᵀv_w + v_b, row by row of X (contiguous in memory).
        Arrays.fill(scores, b);
        Arrays.fill(curvature, db);
        for (int i = 0; i < d; i++) {
            double wi = w[i];
            double dwi = dw[i];
            for (int j = 0, k = i * n; j < n; j++, k++) {
                scores[j] += wi * x[k];
                curvature[j] += dwi * x[k];
            }
        }
        for (int j = 0; j < n; j++) {
            double s = 1 / (1 + Math.exp(-scores[j]));
            curvature[j] *= s * (1 - s);
        }
        double[] hw = hv[0].data();
        double hb = 0;
        for (int i = 0; i < d; i++) {
            double sum = lambda * dw[i];
            for (int j = 0, k = i * n; j < n; j++, k++) {
                sum += x[k] * curvature[j];
            }
            hw[i] = sum;
        }
        for (int j = 0; j < n; j++) {
            hb += curvature[j];
        }
        hv[1].data()[0] = hb;
    }

    /** The Hessian-vector products computed so far. */
    int hvps() {
        return hvps;
    }

    /** Starts counting from 0 again. */
    void resetCount() {
        hvps = 0;
    }
}
