package dev.tracegrad.processor.derive;

/**
 * The rules of the trace method, numbered as TRACE-METHOD.md numbers them and as the derivation
 * text cites them: the differential rules 1–8, then the trace tricks 9–13, then the rules of the
 * ops added in 0.2 (14 and up), each a differential rule with its trace trick.
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
  TRACE_OF_HADAMARD(13, "tr(Aᵀ(B ⊙ C)) = tr((A ⊙ B)ᵀ C)"),
  /** d‖X‖ = tr(Xᵀ dX)/‖X‖, taken as 0 at X = 0. */
  NORM(14, "d‖X‖ = tr(Xᵀ dX)/‖X‖ (0 at X = 0)"),
  /** d log 𝟏ᵀexp(X)𝟏 = tr(exp(X − lse(X)𝟏𝟏ᵀ)ᵀ dX). */
  LOG_SUM_EXP(15, "d logSumExp(X) = tr(exp(X − logSumExp(X))ᵀ dX)"),
  /** d log 𝟏ᵀexp(X) = 𝟏ᵀ(exp(X − 𝟏 colLogSumExp(X)) ⊙ dX). */
  COL_LOG_SUM_EXP(16, "d colLogSumExp(X) = 𝟏ᵀ(exp(X − 𝟏 colLogSumExp(X)) ⊙ dX)"),
  /** d max(X, Y) = H(X − Y) ⊙ dX + H(Y − X) ⊙ dY, H the step with H(0) = ½; min swaps them. */
  MAX_MIN(17, "d max(X, Y) = H(X − Y) ⊙ dX + H(Y − X) ⊙ dY, H(0) = ½"),
  /** d diag(v) = diag(dv), d diagonal(X) = diagonal(dX); tr(Gᵀ diag(dv)) = diagonal(G)ᵀ dv. */
  DIAGONAL(18, "d diag(v) = diag(dv); tr(Gᵀ diag(dv)) = tr(diagonal(G)ᵀ dv)"),
  /**
   * d pick(X, idx) = pick(dX, idx); tr(gᵀ pick(dX, idx)) = tr(scatter(g, idx)ᵀ dX), scatter(g, idx)
   * having g_j at (idx[j], j) and zeros elsewhere; d scatter(g, idx) = scatter(dg, idx).
   */
  PICK(19, "d pick(X, idx) = pick(dX, idx); tr(gᵀ pick(dX, idx)) = tr(scatter(g, idx)ᵀ dX)"),
  /**
   * d gatherCols(X, idx) = gatherCols(dX, idx); tr(Gᵀ gatherCols(dX, idx)) = tr(scatterAdd(G,
   * idx)ᵀ dX), scatterAdd(G, idx) adding column j of G into column idx[j] of a zero matrix.
   */
  GATHER(20, "d gatherCols(X, idx) = gatherCols(dX, idx); tr(Gᵀ gatherCols(dX, idx)) = tr(scatterAdd(G, idx)ᵀ dX)");

  private final int number;
  private final String statement;

  TraceRule(int number, String statement) {
    this.number = number;
    this.statement = statement;
  }

  /** The number the text cites, [1] to [18]. */
  public int number() {
    return number;
  }

  /** The rule in one line. */
  public String statement() {
    return statement;
  }

  /** Whether this is a differential rule (1–8, 14 and up), not a trace trick (9–13). */
  public boolean differential() {
    return number <= 8 || number >= 14;
  }
}
