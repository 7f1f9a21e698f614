// Found by the differential fuzzer (seeds 3 and 107 of the default run), shrunk.
// API.md: the Result components are "d" + parameter name, in wrt order. With parameters dA and A,
// the gradient of A must be Result.dA(); the record has no other component of that name.
// Expected: Result(double value, Matrix dA)
// Was (fixed): Result(double value, Matrix dA_) (the name the buffer overload's output parameter needs,
// since dA is taken there by the first parameter, leaks into the record)
// fuzz-class ResultComponentClash
// fuzz-method loss2 dims=1,1,1,1 wrt=A name=*
// fuzz-param dA matrix 3 1 GENERAL -1011715875541492567
// fuzz-param A matrix 0 1 GENERAL 840700168574176213
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class ResultComponentClash {
  @Differentiable(wrt = "A")
  static double loss2(Matrix dA, Matrix A) {
    return sum(mul(A, t(dA)));
  }
}
