// Found by the differential fuzzer (seeds 14 and 116 of the default range) while sigmoid and
// softplus of the same operand were being made to share their exponential e^-|x|.
// softplus(softplus(V)) needs sigmoid(V) and sigmoid(softplus(V)) for its gradient; both move into
// the forward loop beside the two softplus, so one loop body shares two exponentials and each
// declared "double e", which does not compile.
// Expected: compiles without errors or warnings; value and dV agree.
// Was (fixed): COMPILE: ERROR /SOURCE_OUTPUT/fuzz/AloneLoss2Gradient.java:134: variable e is already
// defined in method forward(dev.tracegrad.Matrix)
// fuzz-class TwoSharedExps
// fuzz-method loss2 dims=1,1,1,1,1 wrt=* name=*
// fuzz-param V matrix 4 1 GENERAL 6435525088335080115
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class TwoSharedExps {
  @Differentiable
  static double loss2(Matrix V) {
    return sum(softplus(Ops.softplus(V)));
  }
}
