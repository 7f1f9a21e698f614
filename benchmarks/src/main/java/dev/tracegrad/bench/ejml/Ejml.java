package dev.tracegrad.bench.ejml;

import dev.tracegrad.Matrix;
import org.ejml.data.DMatrixRMaj;

/** Conversions between TraceGrad's {@link Matrix} and EJML's {@link DMatrixRMaj}; both are row-major. */
public final class Ejml {
    private Ejml() {}

    /** A copy of {@code m} as an EJML matrix. */
    public static DMatrixRMaj of(Matrix m) {
        return new DMatrixRMaj(m.rows(), m.cols(), true, m.data());
    }

    /** A copy of {@code m} as a TraceGrad matrix. */
    public static Matrix toMatrix(DMatrixRMaj m) {
        return Matrix.of(m.numRows, m.numCols, java.util.Arrays.copyOf(m.data, m.getNumElements()));
    }
}
