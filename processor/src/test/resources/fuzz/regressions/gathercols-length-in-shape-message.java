// Found by the differential fuzzer (seed 136, method loss0), the first run that generated
// gatherCols and pick with int[] index arrays; not shrunk (the shrinker then stopped on a
// candidate that read the index array as a value, since fixed in Evaluator).
// The generated class did not compile: a shape check's message shows the length of the index
// array C (the columns of gatherCols(..., C)), but checkShapes did not take C as a parameter
// (it took a data size only when a check compared it).
// Expected: compiles without errors or warnings; value and every gradient agree at points 0, 1, 2.
// Was (fixed): COMPILE: ERROR /SOURCE_OUTPUT/fuzz/AloneLoss0Gradient.java:1489: cannot find symbol
//   symbol: variable C
// Fixed: checkShapes takes every data size a check compares or its message shows
// (ShapeCheck.mentions).
// fuzz-class GatherColsLengthInShapeMessage
// fuzz-method loss0 dims=1,3,2 wrt=* name=* points=0,1,2
// fuzz-param X matrix 2 2 ILL_CONDITIONED_SPD 9077790640041787907
// fuzz-param Q matrix 1 1 ILL_CONDITIONED -1845380660907206609
// fuzz-param P matrix 1 2 GENERAL 950953608127449066
// fuzz-param Z matrix 1 1 GENERAL 4566898911851668127
// fuzz-param C index 2 0 -6449191317478517509
// fuzz-param variables matrix 2 1 GENERAL 1722315588369889567
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class GatherColsLengthInShapeMessage {
  static Matrix fuzzMix(Matrix a, Matrix b) {
    Matrix g = sigmoid(a);
    return hadamard(g, b);
  }

  static double fuzzEnergy(Matrix a, double s) {
    return s * sumsq(a);
  }

  @Differentiable
  static double loss0(Matrix X, Matrix Q, Matrix P, Matrix Z, int[] C, Matrix variables) {
    final var h1 = gatherCols(pow(div(fuzzMix(P, P), add(exp(scale(0.3, div(P, exp(tanh(P))))), square(P))), 3.0), C);
    var h2 = mul(div(t(P), exp(tanh(Ops.t(P)))), Ops.square(h1));
    return ((((logSumExp(Z) / sum(Ops.exp(tanh(logGamma(exp(tanh(variables))))))) + sum(h2)) + Ops.logdet(t(Q))) - dot(h2, mul(inv(X), h2)));
  }
}
