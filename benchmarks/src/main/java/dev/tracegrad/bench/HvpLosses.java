package dev.tracegrad.bench;

import static dev.tracegrad.Ops.addColumn;
import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.logSoftmax;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.neg;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.softplus;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tanh;
import static dev.tracegrad.Ops.tr;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/**
 * The workloads of {@link Losses} with Hessian-vector products ({@code hvp = true}), for
 * {@code HvpBenchmark}: the same bodies, generating {@code HvpLosses…Gradient} classes.
 */
public final class HvpLosses {
    private HvpLosses() {}

    /** Softmax cross-entropy of a one-hidden-layer sigmoid network: −sum(Y ⊙ logSoftmax(W2 σ(W1 X))). */
    @Differentiable(wrt = {"W1", "W2"}, hvp = true)
    public static double mlp(Matrix W1, Matrix W2, Matrix X, Matrix Y) {
        Matrix H = sigmoid(mul(W1, X));
        return -sum(hadamard(Y, logSoftmax(mul(W2, H))));
    }

    /** Logistic regression with labels ±1: sum(softplus(−y ⊙ Xᵀw)). */
    @Differentiable(wrt = "w", hvp = true)
    public static double logreg(Matrix w, Matrix X, Matrix y) {
        return sum(softplus(neg(hadamard(y, mul(t(X), w)))));
    }

    /** The Gaussian negative log-likelihood in Σ, up to constants: log det Σ + tr(Σ⁻¹S). */
    @Differentiable(wrt = "Sigma", hvp = true)
    public static double gauss(Matrix Sigma, Matrix S) {
        return logdet(Sigma) + tr(mul(inv(Sigma), S));
    }

    /**
     * Mean cross-entropy of the sample app's digits classifier (64→32→10, tanh, with biases), over
     * a batch of {@code batchSize} columns; written exactly as in the sample app.
     */
    @Differentiable(wrt = {"W1", "b1", "W2", "b2"}, hvp = true)
    public static double digits(
            Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, Matrix Y, double batchSize) {
        Matrix hidden = tanh(addColumn(mul(W1, X), b1));
        Matrix logits = addColumn(mul(W2, hidden), b2);
        return -dot(Y, logSoftmax(logits)) / batchSize;
    }
}
