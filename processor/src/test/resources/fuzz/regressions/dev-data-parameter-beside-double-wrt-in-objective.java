// Found by the differential fuzzer (seed 129, method loss2: 66 parameters, a 26-layer network, a
// double wrt parameter mu and a matrix parameter dev that is not wrt), shrunk by hand from the
// fuzzer's output.
// objective(...) binds the parameters that are not wrt; its Objective calls value and gradient
// with each double variable read through the fully qualified
// dev.tracegrad.kernel.Variables.scalar(variables_[k], "mu"), which the bound parameter dev
// obscures, so the generated class does not compile. (Issue 16, item 2 fixed the same obscuring
// for Fn.expNegAbs beside softplus; it needs a double wrt parameter and a non-wrt one named dev,
// java or javax.)
// Expected: compiles without errors or warnings; value, dA and dmu agree.
// Was (fixed): COMPILE: ERROR /SOURCE_OUTPUT/fuzz/DevBesideDoubleWrtFGradient.java:152: cannot find
// symbol, symbol: variable tracegrad, location: variable dev of type dev.tracegrad.Matrix
// Fixed: objective()'s arguments are CodeBlocks, so Variables.scalar goes through its static
// import when dev is taken.
// fuzz-class DevBesideDoubleWrt
// fuzz-method f dims=1,2,3 wrt=A,mu name=*
// fuzz-param dev matrix 1 2 GENERAL 129
// fuzz-param A matrix 2 1 GENERAL 2
// fuzz-param mu double 0.7
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

class DevBesideDoubleWrt {
  @Differentiable(wrt = {"A", "mu"})
  static double f(Matrix dev, Matrix A, double mu) {
    return mu * sum(A) + sumsq(dev);
  }
}
