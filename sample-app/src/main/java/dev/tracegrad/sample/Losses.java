package dev.tracegrad.sample;

import static dev.tracegrad.Ops.add;
import static dev.tracegrad.Ops.addColumn;
import static dev.tracegrad.Ops.dot;
import static dev.tracegrad.Ops.eye;
import static dev.tracegrad.Ops.hadamard;
import static dev.tracegrad.Ops.inv;
import static dev.tracegrad.Ops.logSoftmax;
import static dev.tracegrad.Ops.logdet;
import static dev.tracegrad.Ops.mul;
import static dev.tracegrad.Ops.neg;
import static dev.tracegrad.Ops.pick;
import static dev.tracegrad.Ops.scale;
import static dev.tracegrad.Ops.sigmoid;
import static dev.tracegrad.Ops.softplus;
import static dev.tracegrad.Ops.sum;
import static dev.tracegrad.Ops.sumsq;
import static dev.tracegrad.Ops.t;
import static dev.tracegrad.Ops.tanh;
import static dev.tracegrad.Ops.tr;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

/**
 * The sample's losses. Each is ordinary Java that runs with the reference semantics of
 * {@code Ops}; TraceGrad generates a {@code Losses…Gradient} class for each while this file
 * compiles. Samples are columns: a data matrix X is d×n.
 */
public final class Losses {
    private Losses() {}

    /** The seed's first example: l = −yᵀ log softmax(a). The gradient is softmax(a)(𝟏ᵀy) − y. */
    @Differentiable(wrt = "a")
    public static double softmaxCrossEntropy(Matrix a, Matrix y) {
        return -dot(y, logSoftmax(a));
    }

    /** The seed's second example: a two-layer network with a sigmoid hidden layer. */
    @Differentiable(wrt = {"W1", "W2"})
    public static double twoLayer(Matrix W1, Matrix W2, Matrix x, Matrix y) {
        Matrix a1 = mul(W1, x);
        Matrix h1 = sigmoid(a1);
        Matrix a2 = mul(W2, h1);
        return -dot(y, logSoftmax(a2));
    }

    /** A dense layer: W x + b, the bias b (m×1) added to every column of x. */
    static Matrix dense(Matrix W, Matrix b, Matrix x) {
        return addColumn(mul(W, x), b);
    }

    /**
     * The digits classifier: 64 → 32 (tanh) → 10 with biases, mean softmax cross-entropy over the
     * columns of a batch X with their classes in {@code labels}.
     */
    @Differentiable(wrt = {"W1", "b1", "W2", "b2"})
    public static double digits(Matrix W1, Matrix b1, Matrix W2, Matrix b2, Matrix X, int[] labels) {
        Matrix hidden = tanh(dense(W1, b1, X));
        Matrix logits = dense(W2, b2, hidden);
        return -sum(pick(logSoftmax(logits), labels)) / X.cols();
    }

    /**
     * L2-regularised logistic regression: mean softplus(−y ⊙ (Xᵀw + b)) + λ/2 ‖w‖², labels ±1
     * in the n×1 column y, the bias b added to every score.
     */
    @Differentiable(wrt = {"w", "b"})
    public static double logistic(Matrix w, double b, Matrix X, Matrix y, double lambda) {
        Matrix margins = hadamard(y, add(mul(t(X), w), b));
        return sum(softplus(neg(margins))) / X.cols() + 0.5 * lambda * sumsq(w);
    }

    /**
     * Gaussian negative log-likelihood of a covariance (up to constants and the factor n/2):
     * log det Σ + tr(Σ⁻¹S) with Σ = LLᵀ + εI, minimised over L. Its minimum is Σ = S.
     */
    @Differentiable(wrt = "L")
    public static double covariance(Matrix L, Matrix S, double eps) {
        Matrix sigma = add(mul(L, t(L)), scale(eps, eye(L.rows())));
        return logdet(sigma) + tr(mul(inv(sigma), S));
    }

    /**
     * The unpenalised logistic negative log-likelihood Σⱼ log(1 + exp(−yⱼ(wᵀxⱼ + b))), labels ±1
     * in the n×1 column y; its Hessian at the optimum is the inverse covariance of (w, b).
     */
    @Differentiable(wrt = {"w", "b"}, hvp = true)
    public static double logisticLikelihood(Matrix w, double b, Matrix X, Matrix y) {
        return sum(softplus(neg(hadamard(y, add(mul(t(X), w), b)))));
    }
}
