// Found by the differential fuzzer (seeds 2013 and 2692 of the range 1000..3999), shrunk by hand
// from the fuzzer's output.
// Two sumsq of elementwise maps of the same matrix Y, which is not differentiated, are fused into
// one loop over Y in forward(); each declares its temporary "double sq", so the generated class
// does not compile. (With Y in wrt the maps are kept for the backward pass and it compiles.)
// When the user has a variable called sq, both temporaries become sq_ and clash the same way.
// Expected: compiles without errors or warnings; value and dB agree.
// Was (fixed): COMPILE: ERROR /SOURCE_OUTPUT/fuzz/DuplicateSqFGradient.java:110: variable sq is already
// defined in method forward(dev.tracegrad.Matrix,dev.tracegrad.Matrix)
// fuzz-class DuplicateSq
// fuzz-method f dims=1,3,2 wrt=B name=*
// fuzz-param Y matrix 1 2 GENERAL 2013
// fuzz-param B matrix 2 1 GENERAL 2692
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

class DuplicateSq {
  @Differentiable(wrt = "B")
  static double f(Matrix Y, Matrix B) {
    return sumsq(exp(Y)) + sumsq(tanh(Y)) + sum(B);
  }
}
