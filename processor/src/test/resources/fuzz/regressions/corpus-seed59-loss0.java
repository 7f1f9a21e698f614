// Corpus: generated program, seed 59, method loss0, kept whole
// because it combines add, colSums, cos, det, dot, exp, log, mul, neg, pow, relu, scale, sigmoid, softmax, softplus, sqrt, square, sub, sum, sumsq, t, tanh.
// Expected: value and gradients agree.
// fuzz-class Corpus59loss0
// fuzz-method loss0 dims=1,1,5,3,4 wrt=K,Y,piv,n,W2,W1 name=Fuzz59Grad0
// fuzz-param K matrix 2 1 GENERAL 8369146301196263133
// fuzz-param x matrix 4 3 GENERAL -7921912045080396923
// fuzz-param piv matrix 3 1 GENERAL -7526681692956364251
// fuzz-param Y matrix 4 4 NEAR_IDENTITY -8753044575515324457
// fuzz-param S matrix 1 0 GENERAL 1887961799128944155
// fuzz-param n matrix 0 3 GENERAL 3102421112020586832
// fuzz-param A matrix 3 3 GENERAL -3906623689094324436
// fuzz-param W1 matrix 4 4 NEAR_IDENTITY 4255314021787745132
// fuzz-param W2 matrix 2 2 GENERAL -4914820240210612293
// fuzz-param y matrix 3 2 GENERAL 8260668102320544229
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Corpus59loss0 {
  @Differentiable(wrt = {"K", "Y", "piv", "n", "W2", "W1"}, name = "Fuzz59Grad0")
  static double loss0(Matrix K, Matrix x, Matrix piv, Matrix Y, Matrix S, Matrix n, Matrix A, Matrix W1, Matrix W2, Matrix y) {
    final Matrix h1 = t(sub(pow(exp(scale(0.3, x)), 2.5), mul(x, A)));
    Matrix h2 = sub(tanh(colSums(t(S))), neg(add(Ops.sqrt(Ops.sigmoid(t(S))), mul(n, piv))));
    Matrix h3 = mul(log(add(exp(sigmoid(sub(K, K))), square(Ops.mul(W2, K)))), cos(sqrt(softmax(S))));
    var h4 = softmax(sub(Ops.scale(2, relu(t(h3))), Ops.mul(sub(n, n), softplus(y))));
    return (((det(mul(W1, Y)) + sum(h1)) + sumsq(h2)) + dot(h4, h4));
  }
}
