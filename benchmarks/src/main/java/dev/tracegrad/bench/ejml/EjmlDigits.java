package dev.tracegrad.bench.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The digits loss and its gradients with EJML; formulas as in {@code HandDigits}. */
public final class EjmlDigits {
    private final DMatrixRMaj hidden = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj logits = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj g = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj g1 = new DMatrixRMaj(1, 1);

    /** The mean cross-entropy over the batch. */
    public double value(DMatrixRMaj W1, DMatrixRMaj b1, DMatrixRMaj W2, DMatrixRMaj b2,
            DMatrixRMaj X, DMatrixRMaj Y, double batch) {
        CommonOps_DDRM.mult(W1, X, hidden);
        addColumn(hidden, b1);
        double[] a = hidden.data;
        for (int i = 0, size = hidden.getNumElements(); i < size; i++) {
            a[i] = Math.tanh(a[i]);
        }
        CommonOps_DDRM.mult(W2, hidden, logits);
        addColumn(logits, b2);
        return ColumnLogSoftmax.crossEntropyInPlace(logits, Y) / batch;
    }

    /** Writes the four gradients into the buffers and returns the loss. */
    public double gradient(DMatrixRMaj W1, DMatrixRMaj b1, DMatrixRMaj W2, DMatrixRMaj b2,
            DMatrixRMaj X, DMatrixRMaj Y, double batch,
            DMatrixRMaj dW1, DMatrixRMaj db1, DMatrixRMaj dW2, DMatrixRMaj db2) {
        double value = value(W1, b1, W2, b2, X, Y, batch);
        g.reshape(logits.numRows, logits.numCols);
        ColumnLogSoftmax.gradient(logits, Y, 1 / batch, g);
        CommonOps_DDRM.multTransB(g, hidden, dW2);
        CommonOps_DDRM.sumRows(g, db2);
        CommonOps_DDRM.multTransA(W2, g, g1);
        double[] d = g1.data;
        double[] t = hidden.data;
        for (int i = 0, size = g1.getNumElements(); i < size; i++) {
            d[i] *= 1 - t[i] * t[i];
        }
        CommonOps_DDRM.multTransB(g1, X, dW1);
        CommonOps_DDRM.sumRows(g1, db1);
        return value;
    }

    /** A += b𝟏ᵀ. */
    private static void addColumn(DMatrixRMaj a, DMatrixRMaj b) {
        for (int i = 0; i < a.numRows; i++) {
            double v = b.data[i];
            int row = i * a.numCols;
            for (int j = 0; j < a.numCols; j++) {
                a.data[row + j] += v;
            }
        }
    }
}
