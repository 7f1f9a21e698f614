package dev.tracegrad.bench.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The mlp loss and its gradient with EJML; formulas as in {@code HandMlp}. */
public final class EjmlMlp {
    private final DMatrixRMaj hidden = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj logits = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj g = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj g1 = new DMatrixRMaj(1, 1);

    /** The loss. */
    public double value(DMatrixRMaj W1, DMatrixRMaj W2, DMatrixRMaj X, DMatrixRMaj Y) {
        CommonOps_DDRM.mult(W1, X, hidden);
        double[] a = hidden.data;
        for (int i = 0, size = hidden.getNumElements(); i < size; i++) {
            a[i] = 1 / (1 + Math.exp(-a[i]));
        }
        CommonOps_DDRM.mult(W2, hidden, logits);
        return ColumnLogSoftmax.crossEntropyInPlace(logits, Y);
    }

    /** Writes ∂l/∂W1 and ∂l/∂W2 into the buffers and returns the loss. */
    public double gradient(DMatrixRMaj W1, DMatrixRMaj W2, DMatrixRMaj X, DMatrixRMaj Y,
            DMatrixRMaj dW1, DMatrixRMaj dW2) {
        double value = value(W1, W2, X, Y);
        g.reshape(logits.numRows, logits.numCols);
        ColumnLogSoftmax.gradient(logits, Y, 1, g);
        CommonOps_DDRM.multTransB(g, hidden, dW2);
        CommonOps_DDRM.multTransA(W2, g, g1);
        double[] d = g1.data;
        double[] s = hidden.data;
        for (int i = 0, size = g1.getNumElements(); i < size; i++) {
            d[i] *= s[i] * (1 - s[i]);
        }
        CommonOps_DDRM.multTransB(g1, X, dW1);
        return value;
    }
}
