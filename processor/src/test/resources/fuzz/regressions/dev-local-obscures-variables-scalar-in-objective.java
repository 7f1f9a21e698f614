// Found by the differential fuzzer in the campaign of seeds 10001..: seed 16033, method loss0,
// shrunk; seed 15694, method loss2 (a double parameter dev that is not wrt), shrunk to the same.
// A local (or a double parameter) named dev beside a double wrt parameter: objective(...)'s
// Objective reads the double variable through the fully qualified
// dev.tracegrad.kernel.Variables.scalar(variables[0], "beta"), and the generated class has a
// double named dev in scope there, so javac reads dev.tracegrad as a member of a double. Same
// cause as dev-data-parameter-beside-double-wrt-in-objective.java (a Matrix dev parameter), other
// trigger: no parameter of that name is needed.
// Expected: compiles without errors or warnings; value and dbeta agree.
// Was (fixed): COMPILE: ERROR /SOURCE_OUTPUT/fuzz/Repro16033loss0Loss0Gradient.java:123: double cannot
// be dereferenced (and twice at line 130, in gradient's Variables.scalar and scalarData)
// Fixed: objective()'s arguments are CodeBlocks, so Variables.scalar goes through its static
// import when dev is taken.
// fuzz-class Repro16033loss0
// fuzz-method loss0 dims=1,4,2 wrt=beta name=* points=0,1,2
// fuzz-param beta double -0.378
package fuzz;

import static dev.tracegrad.Ops.*;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;
import dev.tracegrad.Ops;

class Repro16033loss0 {
  @Differentiable(wrt = "beta")
  static double loss0(double beta) {
    final var dev = Math.exp(beta);
    return dev;
  }
}
