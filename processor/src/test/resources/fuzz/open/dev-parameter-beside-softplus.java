// Issue 16, item 2, still open: a parameter named dev (the first name of dev.tracegrad) in a loss that
// uses softplus. The gradient of softplus calls Fn.expNegAbs, which generated code writes fully
// qualified, dev.tracegrad.kernel.Fn.expNegAbs(...), even though it imports it statically
// (emit/ExprWriter.sharedExp formats the member as $T.$L, so JavaPoet does not apply the static
// import); the parameter dev obscures the package.
// Expected: compiles without errors or warnings; value, ddev and dFn agree.
// Is: COMPILE: cannot find symbol: variable tracegrad, location: variable dev of type Matrix
// fuzz-class DevBesideSoftplus
// fuzz-method loss dims=1,3,2 wrt=* name=*
// fuzz-param dev matrix 1 2 GENERAL 7311286130446214547
// fuzz-param Fn matrix 1 2 GENERAL -2904411395834271118
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class DevBesideSoftplus {
  @Differentiable
  static double loss(Matrix dev, Matrix Fn) {
    return sum(softplus(dev)) + sum(sigmoid(Fn));
  }
}
