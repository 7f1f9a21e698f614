package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/**
 * Parameter names that are also the names of types, packages and members the generated code
 * refers to; each method uses one of them, beside B, in a loss that needs the LU kernel, the
 * argument checks and the scalar functions.
 */
class HostileNames {
  @Differentiable
  static double usesMatrix(Matrix Matrix, Matrix B) {
    return logdet(Matrix) + sum(softmax(mul(Matrix, B))) + det(Matrix) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesLu(Matrix Lu, Matrix B) {
    return logdet(Lu) + sum(softmax(mul(Lu, B))) + det(Lu) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesChecks(Matrix Checks, Matrix B) {
    return logdet(Checks) + sum(softmax(mul(Checks, B))) + det(Checks) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesFn(Matrix Fn, Matrix B) {
    return logdet(Fn) + sum(softmax(mul(Fn, B))) + det(Fn) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesDev(Matrix dev, Matrix B) {
    return logdet(dev) + sum(softmax(mul(dev, B))) + det(dev) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesJava(Matrix java, Matrix B) {
    return logdet(java) + sum(softmax(mul(java, B))) + det(java) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesJavax(Matrix javax, Matrix B) {
    return logdet(javax) + sum(softmax(mul(javax, B))) + det(javax) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesCom(Matrix com, Matrix B) {
    return logdet(com) + sum(softmax(mul(com, B))) + det(com) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesExample(Matrix example, Matrix B) {
    return logdet(example) + sum(softmax(mul(example, B))) + det(example) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesMath(Matrix Math, Matrix B) {
    return logdet(Math) + sum(softmax(mul(Math, B))) + det(Math) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesDouble(Matrix Double, Matrix B) {
    return logdet(Double) + sum(softmax(mul(Double, B))) + det(Double) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesSystem(Matrix System, Matrix B) {
    return logdet(System) + sum(softmax(mul(System, B))) + det(System) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesObject(Matrix Object, Matrix B) {
    return logdet(Object) + sum(softmax(mul(Object, B))) + det(Object) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesString(Matrix String, Matrix B) {
    return logdet(String) + sum(softmax(mul(String, B))) + det(String) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesArrays(Matrix Arrays, Matrix B) {
    return logdet(Arrays) + sum(softmax(mul(Arrays, B))) + det(Arrays) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesOverride(Matrix Override, Matrix B) {
    return logdet(Override) + sum(softmax(mul(Override, B))) + det(Override) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesResult(Matrix Result, Matrix B) {
    return logdet(Result) + sum(softmax(mul(Result, B))) + det(Result) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesDERIVATION(Matrix DERIVATION, Matrix B) {
    return logdet(DERIVATION) + sum(softmax(mul(DERIVATION, B))) + det(DERIVATION) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesHostileNames(Matrix HostileNames, Matrix B) {
    return logdet(HostileNames) + sum(softmax(mul(HostileNames, B))) + det(HostileNames) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesValue(Matrix value, Matrix B) {
    return logdet(value) + sum(softmax(mul(value, B))) + det(value) + sum(sigmoid(B)) + tr(inv(B));
  }

  @Differentiable
  static double usesGradient(Matrix gradient, Matrix B) {
    return logdet(gradient) + sum(softmax(mul(gradient, B))) + det(gradient) + sum(sigmoid(B)) + tr(inv(B));
  }

  // A variable named like a package root beside one named like a kernel type: a fully qualified
  // dev.tracegrad.kernel.Checks would be obscured by dev, so kernel members are imported statically.
  @Differentiable
  static double usesChecksAndDev(Matrix Checks, Matrix dev) {
    return logdet(Checks) + sum(softmax(mul(Checks, dev))) + det(Checks) + sum(sigmoid(dev)) + tr(inv(dev));
  }

  @Differentiable
  static double usesMathAndJava(Matrix Math, Matrix java) {
    return logdet(Math) + sum(logSoftmax(mul(Math, java))) + sumsq(exp(java)) + sum(sqrt(exp(Math))) + tr(inv(java));
  }

  @Differentiable
  static double usesMatrixGemmFnArraysDoubleAndJavax(Matrix Matrix, Matrix javax, Matrix Gemm, Matrix Fn, Matrix Arrays, Matrix Double) {
    return sum(logSoftmax(mul(Matrix, Gemm))) + dot(Fn, Arrays) + sumsq(tanh(javax)) + sum(softplus(Double)) + logdet(Matrix);
  }

  // Every package root and simple type name generated code mentions, as parameters of losses that
  // use softplus and sigmoid together (their kernels are Fn members, imported statically) beside
  // products, the LU kernel and the argument checks. A parameter named dev beside softplus is in
  // HostileRoots.java.
  @Differentiable
  static double kernelTypesWithSoftplusAndSigmoid(Matrix Matrix, Matrix Checks, Matrix Lu, Matrix Gemm, Matrix Workspace, Matrix Arrays, Matrix Double, Matrix String) {
    return sum(softplus(mul(Matrix, Gemm))) + sum(sigmoid(mul(Workspace, Lu))) + logdet(Checks) + det(Arrays)
        + sum(logSoftmax(Double)) + sumsq(softplus(String)) + tr(inv(Lu));
  }

  @Differentiable
  static double exceptionAndAnnotationNamesWithSoftplusAndSigmoid(Matrix SingularMatrixException, Matrix IllegalArgumentException,
      Matrix Generated, Matrix GeneratedGradient, Matrix Differentiable, Matrix Ops, Matrix java, Matrix Fn) {
    return logdet(SingularMatrixException) + tr(inv(IllegalArgumentException)) + sum(softplus(Generated))
        + sum(sigmoid(GeneratedGradient)) + dot(Differentiable, Ops) + sum(softplus(mul(java, Fn))) + sum(sigmoid(Fn));
  }

  @Differentiable
  static double javaLangNamesWithSoftplusAndSigmoid(Matrix System, Matrix Object, Matrix Override, Matrix Integer,
      Matrix Thread, Matrix Runnable, Matrix example, Matrix Math, double Double) {
    return Double * sum(softplus(mul(System, Object))) + sum(sigmoid(Override)) + sum(softmax(Integer))
        + dot(sigmoid(Thread), softplus(Runnable)) + logdet(example) + sum(sqrt(exp(Math)));
  }
}
