// Corpus: generated program, seed 52, method loss2, kept whole
// because it combines abs, add, cos, det, double wrt, exp, hadamard, inv, logSoftmax, logdet, mul, neg, relu, scale, sigmoid, sin, sqrt, square, sumsq, tanh, tr.
// Expected: value and gradients agree.
// fuzz-class Corpus52loss2
// fuzz-method loss2 dims=1,5,2 wrt=C,c,V,y name=*
// fuzz-param x matrix 2 2 NEAR_IDENTITY 8133021941146779537
// fuzz-param C matrix 2 0 GENERAL -5390835024546845596
// fuzz-param y matrix 2 2 GENERAL -2709778380798326177
// fuzz-param c double 1.019
// fuzz-param V matrix 2 0 GENERAL 7734121779920388279
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Corpus52loss2 {
  @Differentiable(wrt = {"C", "c", "V", "y"})
  static double loss2(Matrix x, Matrix C, Matrix y, double c, Matrix V) {
    final Matrix i = exp(sin(hadamard(abs(sqrt(add(Ops.exp(tanh(C)), square(V)))), Ops.mul(inv(add(x, scale(0.1, cos(y)))), C))));
    var s2 = det(add(x, scale(0.1, sigmoid(neg(x)))));
    Matrix h3 = hadamard(exp(sigmoid(scale(c, x))), relu(exp(scale(0.3, y))));
    return (((logdet(add(x, scale(0.1, Ops.scale(0.3, exp(Ops.sigmoid(logSoftmax(x))))))) + sumsq(i)) + (0.5 * s2)) + tr(h3));
  }
}
