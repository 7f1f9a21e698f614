// Corpus: generated program, seed 158, method loss1, kept whole
// because it combines Math.exp, Math.log, Math.sqrt, add, addColumn, det, div, dot, double wrt, exp, log, logSoftmax, mul, neg, relu, scale, sigmoid, sin, softplus, sum, t, tanh.
// Expected: value and gradients agree.
// fuzz-class Corpus158loss1
// fuzz-method loss1 dims=1,1,4,1 wrt=H,x,W,A,lambda,y name=*
// fuzz-param M matrix 1 0 GENERAL 1528024692882163248
// fuzz-param W matrix 0 3 GENERAL -3510490673546867729
// fuzz-param A matrix 2 3 GENERAL 651241170165003743
// fuzz-param y matrix 2 2 NEAR_IDENTITY -2134087374576455571
// fuzz-param H matrix 2 2 GENERAL 1200882122932096791
// fuzz-param Z matrix 2 0 GENERAL 3935200366331779009
// fuzz-param x matrix 1 3 GENERAL -711599429443467166
// fuzz-param B matrix 3 0 GENERAL 9222156970581496705
// fuzz-param j matrix 3 3 GENERAL 9210782924995946041
// fuzz-param lambda double 0.775
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Corpus158loss1 {
  @Differentiable(wrt = {"H", "x", "W", "A", "lambda", "y"})
  static double loss1(Matrix M, Matrix W, Matrix A, Matrix y, Matrix H, Matrix Z, Matrix x, Matrix B, Matrix j, double lambda) {
    Matrix h1 = addColumn(t(M), mul(W, B));
    Matrix h2 = div(sigmoid(x), Ops.exp(tanh(Ops.neg(x))));
    double s3 = Math.sqrt(Math.exp((0.1 * (Math.log(((lambda * lambda) + 0.5)) + det(Ops.add(y, scale(0.1, Ops.sin(H))))))));
    final Matrix h4 = Ops.addColumn(softplus(A), Ops.exp(tanh(Z)));
    return (((dot(mul(logSoftmax(exp(sigmoid(t(A)))), relu(Ops.log(softplus(exp(tanh(y)))))), relu(mul(j, Ops.t(h4)))) + sum(h1)) + sum(h2)) + s3);
  }
}
