package dev.tracegrad.bench.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** The logreg loss and its gradient with EJML; formulas as in {@code HandLogreg}. */
public final class EjmlLogreg {
    private final DMatrixRMaj margins = new DMatrixRMaj(1, 1);

    /** The loss. */
    public double value(DMatrixRMaj w, DMatrixRMaj X, DMatrixRMaj y) {
        CommonOps_DDRM.multTransA(X, w, margins);
        double sum = 0;
        for (int j = 0; j < margins.numRows; j++) {
            double z = -y.data[j] * margins.data[j];
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
        }
        return sum;
    }

    /** Writes ∂l/∂w into {@code dw} and returns the loss. */
    public double gradient(DMatrixRMaj w, DMatrixRMaj X, DMatrixRMaj y, DMatrixRMaj dw) {
        CommonOps_DDRM.multTransA(X, w, margins);
        double sum = 0;
        for (int j = 0; j < margins.numRows; j++) {
            double z = -y.data[j] * margins.data[j];
            sum += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
            double e = Math.exp(-Math.abs(z));
            double sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            margins.data[j] = -y.data[j] * sigmoid;
        }
        CommonOps_DDRM.mult(X, margins, dw);
        return sum;
    }
}
