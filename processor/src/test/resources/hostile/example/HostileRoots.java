package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/**
 * A parameter named {@code dev}, the root of the runtime's package, in losses that use softplus
 * (whose gradient calls {@code Fn.expNegAbs}) beside sigmoid, products and the LU kernel.
 */
class HostileRoots {
  @Differentiable
  static double packageRootsWithSoftplusAndSigmoid(Matrix dev, Matrix java, Matrix javax, Matrix com, Matrix Fn, Matrix Math) {
    return sum(softplus(mul(dev, java))) + sum(sigmoid(javax)) + dot(softplus(com), sigmoid(Fn)) + logdet(Math) + tr(inv(dev));
  }

  @Differentiable
  static double exceptionAndAnnotationNamesWithSoftplusAndSigmoid(Matrix SingularMatrixException, Matrix IllegalArgumentException,
      Matrix Generated, Matrix GeneratedGradient, Matrix Differentiable, Matrix Ops, Matrix dev, Matrix Fn) {
    return logdet(SingularMatrixException) + tr(inv(IllegalArgumentException)) + sum(softplus(Generated))
        + sum(sigmoid(GeneratedGradient)) + dot(Differentiable, Ops) + sum(softplus(mul(dev, Fn))) + sum(sigmoid(Fn));
  }

}
