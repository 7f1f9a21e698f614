// Corpus: generated program, seed 69, method loss1, kept whole
// because it combines abs, add, addColumn, colSums, cos, div, exp, hadamard, mul, neg, pow, rowSums, scalar, scale, sigmoid, sin, softmax, softplus, square, sub, sumsq, t.
// Expected: value and gradients agree.
// fuzz-class Corpus69loss1
// fuzz-method loss1 dims=1,2,5,4 wrt=* name=*
// fuzz-param X matrix 3 2 GENERAL -919944336482399187
// fuzz-param V matrix 1 0 GENERAL -3902577707835943542
// fuzz-param H matrix 3 1 GENERAL -3481601160086860070
// fuzz-param A matrix 1 0 GENERAL -6553886026598993574
// fuzz-param Q matrix 1 0 GENERAL 593359147341997620
// fuzz-param y matrix 1 1 GENERAL 1834129187942045310
// fuzz-param backward matrix 1 3 GENERAL -4210113583026565311
// fuzz-param S matrix 1 2 GENERAL 6158062351622708371
// fuzz-param K matrix 2 1 GENERAL 8021452927335041501
// fuzz-param grad matrix 3 2 GENERAL 1773089460045321523
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Corpus69loss1 {
  @Differentiable
  static double loss1(Matrix X, Matrix V, Matrix H, Matrix A, Matrix Q, Matrix y, Matrix backward, Matrix S, Matrix K, Matrix grad) {
    Matrix h1 = softplus(addColumn(S, V));
    Matrix h2 = hadamard(cos(Ops.softplus(softmax(H))), abs(hadamard(softplus(H), softmax(H))));
    final Matrix h3 = addColumn(mul(addColumn(Ops.add(t(h2), backward), pow(add(exp(scale(0.3, V)), square(V)), 0.5)), softplus(sub(grad, X))), add(sigmoid(rowSums(S)), softmax(sub(Q, A))));
    var h4 = sin(div(add(exp(sigmoid(K)), mul(Ops.t(h3), y)), softplus(exp(sigmoid(Ops.softmax(t(S)))))));
    return ((scalar(neg(colSums(A))) + sumsq(h1)) + sumsq(h4));
  }
}
