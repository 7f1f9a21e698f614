package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

import static dev.tracegrad.Ops.*;

/**
 * Fifty annotated methods, valid and invalid ones interleaved. Every invalid method ("bad...")
 * has exactly one mistake; the line where the processor must report it ends in a comment
 * "expect TraceGrad" followed by the diagnostic id. Parameters follow a shape convention the
 * test relies on: a Matrix parameter named by one lower-case letter is n×1, any other n×n.
 */
abstract class Fifty {
  private static final double[] WEIGHTS = {1, 2};

  static Matrix helper(Matrix A) {
    return A;
  }

  @Differentiable
  static double ok01(Matrix A, Matrix B) {
    return sumsq(mul(A, B));
  }

  @Differentiable
  static double badFor(Matrix A) {
    double s = sum(A);
    for (int i = 0; i < 2; i++) { } // expect TraceGradUnsupportedStatement
    return s;
  }

  @Differentiable
  static double ok02(Matrix A) {
    return tr(inv(A)) + logdet(A);
  }

  @Differentiable
  static double badIf(Matrix A, double s) {
    if (s > 0) { // expect TraceGradUnsupportedStatement
      return sum(A);
    }
    return s;
  }

  @Differentiable
  static double ok03(Matrix A) {
    return det(A);
  }

  @Differentiable
  static double badSwitch(Matrix A) {
    double s = sum(A);
    switch (2) { // expect TraceGradUnsupportedStatement
      default:
        break;
    }
    return s;
  }

  @Differentiable
  static double ok04(Matrix A, Matrix x) {
    return sum(sigmoid(mul(A, x)));
  }

  @Differentiable
  static double badTry(Matrix A) {
    double s = sum(A);
    try { // expect TraceGradUnsupportedStatement
      s = s + 1;
    } finally {
      s = s * 2;
    }
    return s;
  }

  @Differentiable
  static double ok05(Matrix A, Matrix B) {
    return sum(softplus(A)) - dot(B, tanh(A));
  }

  @Differentiable
  static double badField(Matrix A) {
    return sum(A) * A.get(0, 0); // expect TraceGradWrtDependentData
  }

  @Differentiable
  static double ok06(Matrix x, Matrix A) {
    return scalar(mul(mul(t(x), A), x));
  }

  @Differentiable
  static double badLambda(Matrix A) {
    return sum(() -> A); // expect TraceGradNotCarriedOver
  }

  @Differentiable
  static double ok07(Matrix A, Matrix B) {
    return -dot(B, logSoftmax(A));
  }

  @Differentiable
  static double badMethodRef(Matrix A) {
    return sum(Ops::t); // expect TraceGradNotCarriedOver
  }

  @Differentiable
  static double ok08(Matrix A) {
    return sum(exp(scale(0.1, A))) + sumsq(relu(A));
  }

  @Differentiable
  static double badArray(Matrix A) {
    return WEIGHTS[0] * sum(A); // expect TraceGradPrivateMember
  }

  @Differentiable(wrt = {"s", "A"})
  static double ok09(Matrix A, double s) {
    return s * sumsq(A) + Math.exp(s);
  }

  @Differentiable
  static double badUnknownCall(Matrix A) {
    return Math.floor(sum(helper(A))); // expect TraceGradUnknownCall
  }

  @Differentiable
  static double ok10(Matrix A) {
    return sum(log(A)) + sum(sqrt(A));
  }

  @Differentiable
  double badInstance(Matrix A) { // expect TraceGradNotStatic
    return sum(A);
  }

  @Differentiable
  static double ok11(Matrix A, double s) {
    return sum(pow(A, 3)) + Math.pow(s, 2) * tr(A);
  }

  @Differentiable
  static double badReassign(Matrix A) {
    Matrix B = A;
    B = t(A); // expect TraceGradReassignment
    return sum(B);
  }

  @Differentiable
  static double ok12(Matrix A, Matrix B) {
    return sum(div(A, B));
  }

  @Differentiable
  static double badCompound(Matrix A, double s) {
    s += 1; // expect TraceGradReassignment
    return s * sum(A);
  }

  @Differentiable
  static double ok13(Matrix A, Matrix x) {
    return sumsq(addColumn(A, x));
  }

  @Differentiable
  static double badIncrement(Matrix A, double s) {
    double r = s++ * sum(A); // expect TraceGradReassignment
    return r;
  }

  @Differentiable
  static double ok14(Matrix A, Matrix B) {
    return sum(rowSums(A)) + scalar(mul(colSums(hadamard(A, B)), rowSums(B)));
  }

  @Differentiable
  static Matrix badReturnType(Matrix A) { // expect TraceGradWrongReturnType
    return t(A);
  }

  @Differentiable
  static double ok15(Matrix A, Matrix B) {
    return sum(sin(A)) + sum(cos(B));
  }

  @Differentiable(wrt = {"A", "f"}) // expect TraceGradWrongParameterType
  static double badParamType(Matrix A,
      float f) {
    return sum(A);
  }

  @Differentiable
  static double ok16(Matrix A) {
    return sum(abs(A)) + sumsq(square(A));
  }

  @Differentiable(wrt = {"A", "C"}) // expect TraceGradUnknownWrt
  static double badWrt(Matrix A, Matrix B) {
    return dot(A, B);
  }

  @Differentiable
  static double ok17(Matrix A, Matrix B) {
    var C = mul(A, B);
    final double s = tr(C);
    return s * s;
  }

  @Differentiable(wrt = {"A", "A"}) // expect TraceGradDuplicateWrt
  static double badDuplicateWrt(Matrix A) {
    return sum(A);
  }

  @Differentiable
  static double ok18(Matrix A, Matrix B) {
    return dot(B, softmax(A));
  }

  @Differentiable(wrt = {"A", "p"})
  static double badPowExponent(Matrix A, double p) {
    return sum(pow(A, 2 * p)); // expect TraceGradWrtDependentExponent
  }

  @Differentiable
  static double ok19(Matrix A) {
    return sumsq(neg(t(A))) + tr(square(A));
  }

  @Differentiable
  static double badMathPowExponent(Matrix A) {
    return Math.pow(2.0, sum(A)); // expect TraceGradWrtDependentExponent
  }

  @Differentiable
  static double ok20(Matrix A) {
    return logdet(add(A, t(A)));
  }

  @Differentiable
  static double badTypeArguments(Matrix A, Matrix B) {
    return sum(Ops.<Matrix>mul(A, B)); // expect TraceGradUnsupportedExpression
  }

  @Differentiable
  static double ok21(Matrix A, Matrix x) {
    return sumsq(mul(inv(A), x));
  }

  @Differentiable
  static double badVarargs(Matrix... As) { // expect TraceGradVarargs
    return 1.0;
  }

  @Differentiable(name = "FiftyCustomName")
  static double ok22(Matrix A, Matrix x) {
    return sum(mul(t(x), mul(t(A), x)));
  }

  @Differentiable
  static double badTernary(Matrix A, double s) {
    return s > 0 ? sum(A) : 0.0; // expect TraceGradWrtDependentData
  }

  @Differentiable(wrt = "s")
  static double ok23(Matrix A, double s) {
    return s * s * sum(A) - Math.log(s) + Math.sqrt(s);
  }

  @Differentiable
  static double badCast(Matrix A) {
    return (double) sum(A); // expect TraceGradWrtDependentData
  }

  @Differentiable
  static double ok24(Matrix A, Matrix B) {
    return Ops.sum(Ops.mul(Ops.t(A), Ops.sub(B, A)));
  }

  @Differentiable
  static double badString(Matrix A) {
    return sum(A) % 2.0; // expect TraceGradUnsupportedOperator
  }

  @Differentiable
  static double ok25(Matrix A) {
    return 2 * tr(A) / 3 + 1 - 7 / 2;
  }

  @Differentiable
  static double badNew(Matrix A) {
    return Double.valueOf(sum(A)); // expect TraceGradWrtDependentData
  }
}
