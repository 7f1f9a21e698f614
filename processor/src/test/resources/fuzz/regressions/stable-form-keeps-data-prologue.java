// Found by the differential fuzzer, seed 93, method loss0, shrunk: a stable form (log Σ exp) rewrote
// the program and dropped its data prologue (the shape query t.rows()).
// Expected: the generated class runs at these inputs
// Actual: CRASH: no method value/2
// fuzz-class Repro93loss0
// fuzz-method loss0 dims=1,1,1,1 wrt=x name=* points=0,1,2
// fuzz-param x matrix 3 2 GENERAL 5142724136655268139
// fuzz-param t matrix 1 0 GENERAL 1113775670429209650
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Repro93loss0 {
  static Matrix fuzzMix(Matrix a, Matrix b) {
    Matrix g = sigmoid(a);
    return hadamard(g, b);
  }

  static double fuzzEnergy(Matrix a, double s) {
    return s * sumsq(a);
  }

  @Differentiable(wrt = "x")
  static double loss0(Matrix x, Matrix t) {
    final double s1 = Math.log(sum(exp(x)));
    return t.rows();
  }
}
