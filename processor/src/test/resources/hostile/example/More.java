package example;

import dev.tracegrad.Differentiable;
import dev.tracegrad.Matrix;

import static dev.tracegrad.Ops.*;

/**
 * Forbidden constructs beyond the fifty-method file, each alone in its method, between valid
 * methods. The line of each expected error ends in a comment "expect" and the diagnostic id.
 */
class More {
  @Differentiable
  static double fine1(Matrix A) {
    return sumsq(A);
  }

  @Differentiable
  static double badThis(Matrix A) {
    return sum(this.t(A)); // expect TraceGradNotCarriedOver
  }

  @Differentiable
  static double badLocalClass(Matrix A) {
    class Local { } // expect TraceGradUnsupportedStatement
    return sum(A);
  }

  @Differentiable
  static double fine2(Matrix A, Matrix B) {
    return dot(A, B);
  }

  @Differentiable
  static double badDoWhile(Matrix A) {
    double s = sum(A);
    do { } while (false); // expect TraceGradUnsupportedStatement
    return s;
  }

  @Differentiable
  static double badSynchronized(Matrix A) {
    double s = sum(A);
    synchronized (More.class) { } // expect TraceGradUnsupportedStatement
    return s;
  }

  @Differentiable
  static double badThrow(Matrix A) {
    double s = sum(A);
    throw new IllegalStateException(); // expect TraceGradUnsupportedStatement
  }

  @Differentiable
  static double badAssert(Matrix A) {
    double s = sum(A);
    assert s > 0; // expect TraceGradUnsupportedStatement
    return s;
  }

  @Differentiable
  static double badBlock(Matrix A) {
    { // expect TraceGradUnsupportedStatement
      double s = sum(A);
    }
    return sum(A);
  }

  @Differentiable
  static double badStaticField(Matrix A) {
    return sum(A) * A.get(0, 0); // expect TraceGradWrtDependentData
  }

  @Differentiable
  static double badNestedCall(Matrix A) {
    return sum(Inner.twice(A)); // expect TraceGradHelperOverloaded
  }

  @Differentiable
  static double badMatrixFactory(Matrix A) {
    return sum(A) + Math.signum(sum(A)); // expect TraceGradUnknownCall
  }

  @Differentiable
  static double badVarNoInit(Matrix A) {
    var s = 1.0;
    var r; // expect TraceGradMissingInitializer
    return s * sum(A);
  }

  @Differentiable
  static double fine3(Matrix A) {
    return tr(A);
  }

  static final double SCALE = 2;

  /** A nested helper class: its overloaded helper cannot be inlined. */
  static final class Inner {
    static Matrix twice(Matrix A) {
      return add(A, A);
    }

    static Matrix twice(Matrix A, double s) {
      return scale(2 * s, A);
    }
  }
}
