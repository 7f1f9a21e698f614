package dev.tracegrad.bench.ejml;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.decomposition.lu.LUDecompositionAlt_DDRM;
import org.ejml.dense.row.linsol.lu.LinearSolverLu_DDRM;

/**
 * log|det Σ| + tr(Σ⁻¹S) and ∂/∂Σ = Σ⁻ᵀ − (Σ⁻¹SΣ⁻¹)ᵀ with EJML's LU: the log-determinant is read
 * off the factor's diagonal (EJML's determinant would overflow at n = 256), the inverse comes
 * from the same factorisation.
 */
public final class EjmlGauss {
    private final LUDecompositionAlt_DDRM lu = new LUDecompositionAlt_DDRM();
    private final LinearSolverLu_DDRM solver = new LinearSolverLu_DDRM(lu);
    private final DMatrixRMaj inverse = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj left = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj both = new DMatrixRMaj(1, 1);

    /** The value. */
    public double value(DMatrixRMaj Sigma, DMatrixRMaj S) {
        if (!solver.setA(Sigma)) {
            throw new ArithmeticException("singular matrix");
        }
        inverse.reshape(Sigma.numRows, Sigma.numCols);
        solver.invert(inverse);
        return logAbsDet() + traceOfProduct(inverse, S);
    }

    /** Writes ∂f/∂Σ into {@code dSigma} and returns the value. */
    public double gradient(DMatrixRMaj Sigma, DMatrixRMaj S, DMatrixRMaj dSigma) {
        double value = value(Sigma, S);
        CommonOps_DDRM.mult(inverse, S, left);
        CommonOps_DDRM.mult(left, inverse, both);
        CommonOps_DDRM.subtract(inverse, both, left);
        CommonOps_DDRM.transpose(left, dSigma);
        return value;
    }

    private double logAbsDet() {
        DMatrixRMaj factors = lu.getLU();
        double s = 0;
        for (int k = 0; k < factors.numRows; k++) {
            s += Math.log(Math.abs(factors.unsafe_get(k, k)));
        }
        return s;
    }

    /** tr(AB) without forming AB. */
    private static double traceOfProduct(DMatrixRMaj a, DMatrixRMaj b) {
        int n = a.numRows;
        double t = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                t += a.unsafe_get(i, j) * b.unsafe_get(j, i);
            }
        }
        return t;
    }
}
