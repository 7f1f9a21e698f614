// Found by the differential fuzzer, seed 53, method loss2, shrunk: Q.cols() (data, an int) was read as
// a value of unknown kind and sub(Q.cols(), X) became sub(Matrix, Matrix): generated code did not compile.
// Expected: compiles without errors or warnings
// Actual: COMPILE: ERROR /SOURCE_OUTPUT/fuzz/AloneLoss2Gradient.java:79: incompatible types: int cannot be converted to dev.tracegrad.Matrix
// ERROR /SOURCE_OUTPUT/fuzz/AloneLoss2Gradient.java:118: incompatible types: int cannot be converted to dev.tracegrad.Matrix
// fuzz-class Repro53loss2
// fuzz-method loss2 dims=1,1,1 wrt=Q name=* points=0,1,2
// fuzz-param X matrix 0 1 GENERAL 8237224188208539541
// fuzz-param Q matrix 0 1 GENERAL 1642004656095190326
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Repro53loss2 {
  static Matrix fuzzMix(Matrix a, Matrix b) {
    Matrix g = sigmoid(a);
    return hadamard(g, b);
  }

  static double fuzzEnergy(Matrix a, double s) {
    return s * sumsq(a);
  }

  @Differentiable(wrt = "Q")
  static double loss2(Matrix X, Matrix Q) {
    return sum(sub(Q.cols(), X));
  }
}
