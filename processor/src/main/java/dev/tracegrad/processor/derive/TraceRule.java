package dev.tracegrad.processor.derive;

/**
 * The rules of the trace method, numbered as TRACE-METHOD.md numbers them and as the derivation
 * text cites them: the differential rules 1–8, then the trace tricks 9–13.
 */
public enum TraceRule {
  /** d(X ± Y) = dX ± dY. */
  SUM(1, "d(X ± Y) = dX ± dY"),
  /** d(XY) = (dX)Y + X dY. */
  PRODUCT(2, "d(XY) = (dX)Y + X dY"),
  /** d(Xᵀ) = (dX)ᵀ. */
  TRANSPOSE(3, "d(Xᵀ) = (dX)ᵀ"),
  /** d tr(X) = tr(dX). */
  TRACE(4, "d tr(X) = tr(dX)"),
  /** d(X⁻¹) = −X⁻¹ (dX) X⁻¹. */
  INVERSE(5, "d(X⁻¹) = −X⁻¹ (dX) X⁻¹"),
  /** d|X| = |X| tr(X⁻¹ dX). */
  DETERMINANT(6, "d|X| = |X| tr(X⁻¹ dX)"),
  /** d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY. */
  HADAMARD(7, "d(X ⊙ Y) = dX ⊙ Y + X ⊙ dY"),
  /** d σ(X) = σ′(X) ⊙ dX for an entrywise σ. */
  ENTRYWISE(8, "d σ(X) = σ′(X) ⊙ dX"),
  /** A scalar equals its trace: a = tr(a). */
  SCALAR_IS_ITS_TRACE(9, "a = tr(a)"),
  /** tr(Aᵀ) = tr(A). */
  TRACE_OF_TRANSPOSE(10, "tr(Aᵀ) = tr(A)"),
  /** tr(A ± B) = tr(A) ± tr(B). */
  TRACE_IS_LINEAR(11, "tr(A ± B) = tr(A) ± tr(B)"),
  /** tr(AB) = tr(BA). */
  TRACE_IS_CYCLIC(12, "tr(AB) = tr(BA)"),
  /** tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀ C). */
  TRACE_OF_HADAMARD(13, "tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀ C)");

  private final int number;
  private final String statement;

  TraceRule(int number, String statement) {
    this.number = number;
    this.statement = statement;
  }

  /** The number the text cites, [1] to [13]. */
  public int number() {
    return number;
  }

  /** The rule in one line. */
  public String statement() {
    return statement;
  }

  /** Whether this is a differential rule (1–8), not a trace trick (9–13). */
  public boolean differential() {
    return number <= 8;
  }
}
