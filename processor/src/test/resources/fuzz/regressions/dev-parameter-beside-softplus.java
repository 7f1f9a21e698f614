// A parameter named dev (the first name of dev.tracegrad) in a loss that uses softplus: the
// gradient of softplus calls Fn.expNegAbs, which generated code wrote fully qualified,
// dev.tracegrad.kernel.Fn.expNegAbs(...), and the parameter dev obscured the package
// ("cannot find symbol: variable tracegrad"). Fixed: the call goes through its static import.
// Expected: compiles without errors or warnings; value, ddev and dFn agree.
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
