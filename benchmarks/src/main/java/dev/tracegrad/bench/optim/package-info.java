/**
 * The optimizers against scikit-learn and SciPy ({@code benchmarks/compare-sklearn.sh}): L2
 * logistic regression on the breast-cancer data, fitted with {@link dev.tracegrad.optim.Lbfgs}
 * on the generated objective of {@link dev.tracegrad.bench.optim.Logistic#penalised} and with
 * {@link dev.tracegrad.optim.NewtonCg} on that objective plus a hand-written Hessian-vector
 * product; {@code benchmarks/compare_sklearn.py} fits the same problem in Python and writes the
 * comparison into {@code docs/PERFORMANCE.md}.
 */
package dev.tracegrad.bench.optim;
