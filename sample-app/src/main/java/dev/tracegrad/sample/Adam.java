package dev.tracegrad.sample;

import dev.tracegrad.Matrix;

/**
 * The Adam optimiser (Kingma and Ba, 2015) over a fixed list of parameter matrices, updated in
 * place from gradients of the same shapes.
 */
public final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final double learningRate;
    private final double[][] m;
    private final double[][] v;
    private int step;

    public Adam(double learningRate, Matrix... parameters) {
        this.learningRate = learningRate;
        this.m = new double[parameters.length][];
        this.v = new double[parameters.length][];
        for (int p = 0; p < parameters.length; p++) {
            m[p] = new double[parameters[p].data().length];
            v[p] = new double[parameters[p].data().length];
        }
    }

    /** One step: parameters[p] −= lr · m̂ / (√v̂ + ε) with bias-corrected moments. */
    public void step(Matrix[] parameters, Matrix[] gradients) {
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int p = 0; p < parameters.length; p++) {
            double[] w = parameters[p].data();
            double[] g = gradients[p].data();
            double[] mp = m[p];
            double[] vp = v[p];
            for (int i = 0; i < w.length; i++) {
                mp[i] = BETA1 * mp[i] + (1 - BETA1) * g[i];
                vp[i] = BETA2 * vp[i] + (1 - BETA2) * g[i] * g[i];
                w[i] -= learningRate * (mp[i] / c1) / (Math.sqrt(vp[i] / c2) + EPSILON);
            }
        }
    }
}
