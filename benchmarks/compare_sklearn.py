#!/usr/bin/env python3
"""TraceGrad's optimizers against scikit-learn and SciPy on one problem; run by compare-sklearn.sh.

L2 logistic regression on the breast-cancer data, every feature standardised over the whole set
(mean 0, population standard deviation 1), C = 1, intercept not penalised:

    f(w, b) = sum_j log(1 + exp(-s_j (w.x_j + b))) + |w|^2 / 2,   s_j = +-1.

Fits it with scikit-learn's LogisticRegression(solver='lbfgs') twice (as Debian's 1.2 ships it,
and with ftol = 64 eps passed to its L-BFGS-B call, as scikit-learn >= 1.4 passes), with SciPy's
minimize(method='trust-ncg') on the same f, gradient and Hessian-vector product written in NumPy,
and reads TraceGrad's fits from the JSON that dev.tracegrad.bench.optim.OptimizerComparison
wrote. Every fit's coefficients are compared with the converged scikit-learn fit, and every fit's
max|gradient| is recomputed here from the same NumPy gradient. Also the standard errors of an
unpenalised fit on four features against statsmodels' Logit.

Writes the section between the markers below into the report (appended if absent) and exits 1 if
a fit that must agree (TraceGrad's, SciPy's trust-ncg) differs by more than 1e-5 relative to
max(1, |coefficient|), or a standard error by more than 1e-4 relative.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.optimize
import sklearn
import sklearn.linear_model._logistic as sklearn_logistic
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression

BEGIN = "<!-- benchmarks/compare-sklearn.sh: begin -->"
END = "<!-- benchmarks/compare-sklearn.sh: end -->"
COEFFICIENT_TOLERANCE = 1e-5
STANDARD_ERROR_TOLERANCE = 1e-4
FTOL_AS_SKLEARN_1_4 = 64 * np.finfo(float).eps


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    x, labels = data[:, :-1], data[:, -1].astype(int)
    return (x - x.mean(axis=0)) / x.std(axis=0), labels


class Problem:
    """f, its gradient and Hessian-vector product in theta = (w_1 .. w_d, b)."""

    def __init__(self, x, labels, lam):
        self.x, self.y, self.lam = x, labels, lam

    def z(self, theta):
        return self.x @ theta[:-1] + theta[-1]

    def value(self, theta):
        z = self.z(theta)
        return np.sum(np.logaddexp(0, z) - self.y * z) + 0.5 * self.lam * theta[:-1] @ theta[:-1]

    def gradient(self, theta):
        r = 1 / (1 + np.exp(-self.z(theta))) - self.y
        return np.r_[self.x.T @ r + self.lam * theta[:-1], r.sum()]

    def hvp(self, theta, v):
        s = 1 / (1 + np.exp(-self.z(theta)))
        c = s * (1 - s) * (self.x @ v[:-1] + v[-1])
        return np.r_[self.x.T @ c + self.lam * v[:-1], c.sum()]


def timings(run, repeats):
    """(median, least) wall time of a run, over repeats runs after as many warm-up runs."""
    for _ in range(repeats):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def sklearn_fit(x, labels, tol, ftol, repeats):
    """LogisticRegression(C=1, lbfgs); ftol, if given, is added to its L-BFGS-B options."""
    calls = []
    original = scipy.optimize.minimize

    def recording_minimize(*args, **kwargs):
        if ftol is not None and kwargs.get("method") == "L-BFGS-B":
            kwargs["options"] = {**kwargs["options"], "ftol": ftol}
        result = original(*args, **kwargs)
        calls.append(result)
        return result

    # scikit-learn's module calls optimize.minimize through its own reference to scipy.optimize:
    # the stand-in is installed there only for these fits.
    shim = type("Optimize", (), {"minimize": staticmethod(recording_minimize)})
    saved = sklearn_logistic.optimize
    sklearn_logistic.optimize = shim
    try:
        def run():
            return LogisticRegression(C=1.0, solver="lbfgs", tol=tol, max_iter=10_000).fit(x, labels)
        model = run()
        result = calls[-1]
        seconds, best = timings(run, repeats)
    finally:
        sklearn_logistic.optimize = saved
    return {
        "coefficients": np.r_[model.coef_[0], model.intercept_],
        "iterations": int(model.n_iter_[0]),
        "evaluations": int(result.nfev),
        "hvps": 0,
        "seconds": seconds,
        "best_seconds": best,
        "status": result.message if isinstance(result.message, str) else result.message.decode(),
    }


def trust_ncg_fit(problem, d, gtol, repeats):
    def run():
        return scipy.optimize.minimize(problem.value, np.zeros(d + 1), jac=problem.gradient,
                                       hessp=problem.hvp, method="trust-ncg",
                                       options={"gtol": gtol, "maxiter": 1000})
    result = run()
    seconds, best = timings(run, repeats)
    return {
        "coefficients": result.x,
        "iterations": int(result.nit),
        "evaluations": int(result.nfev),
        "hvps": int(result.nhev),
        "seconds": seconds,
        "best_seconds": best,
        "status": result.message,
    }


def stop_reason(status):
    """The optimizers' own words for why they stopped, in two kinds."""
    if "PROJECTED_GRADIENT" in status or "terminated successfully" in status or status == "CONVERGED_GRADIENT":
        return "gradient tolerance"
    if "REL_REDUCTION_OF_F" in status or status == "CONVERGED_FUNCTION":
        return "change in f"
    return status


def machine():
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} cores visible"


def load_average():
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="breast_cancer.csv")
    p.add_argument("--tracegrad", required=True, help="OptimizerComparison's JSON output")
    p.add_argument("--report", default="docs/PERFORMANCE.md")
    p.add_argument("--repeats", type=int, default=30)
    p.add_argument("--command", default="benchmarks/compare-sklearn.sh")
    p.add_argument("--source", default="unknown", help="the commit measured")
    p.add_argument("--load-start", default="unknown")
    args = p.parse_args()

    x, labels = load(args.data)
    n, d = x.shape
    problem = Problem(x, labels, 1.0)
    with open(args.tracegrad, encoding="utf-8") as f:
        tracegrad = json.load(f)

    reference = sklearn_fit(x, labels, 1e-6, FTOL_AS_SKLEARN_1_4, args.repeats)
    rows = [
        ("scikit-learn `LogisticRegression(solver='lbfgs', tol=1e-6)`, ftol = 64ε (as ≥ 1.4 passes): "
         "**the reference**", reference, False),
        ("scikit-learn, the same, ftol as Debian's 1.2.1 leaves it (SciPy's default 2.2e-9)",
         sklearn_fit(x, labels, 1e-6, None, args.repeats), False),
        ("SciPy `minimize(method='trust-ncg', gtol=1e-8)`, NumPy f, gradient and H·v",
         trust_ncg_fit(problem, d, 1e-8, args.repeats), True),
    ]
    labels_of = {
        "Lbfgs": "TraceGrad `Lbfgs` (max\\|g\\| ≤ 1e-6) on the generated objective",
        "NewtonCg": "TraceGrad `NewtonCg` (max\\|g\\| ≤ 1e-8) on the generated objective, "
                    "generated H·v (`hvp = true`)",
    }
    for fit in tracegrad["fits"]:
        fit["coefficients"] = np.array(fit["coefficients"])
        rows.append((labels_of[fit["optimizer"]], fit, True))

    failures = []
    table = ["| fit | max \\|Δ coefficient\\| | max \\|g\\| at its optimum | stopped on | iterations | "
             "f and ∇f evaluations | H·v products | time: median, least |",
             "|---|---|---|---|---|---|---|---|"]
    for label, fit, must_agree in rows:
        c = fit["coefficients"]
        diff = np.max(np.abs(c - reference["coefficients"]) / np.maximum(1, np.abs(reference["coefficients"])))
        gmax = np.max(np.abs(problem.gradient(c)))
        if must_agree and diff > COEFFICIENT_TOLERANCE:
            failures.append(f"{label}: coefficients differ by {diff:.2e}")
        shown = "–" if fit is reference else f"{diff:.1e}"
        table.append(f"| {label} | {shown} | {gmax:.1e} | {stop_reason(fit['status'])} | "
                     f"{fit['iterations']} | {fit['evaluations']} | "
                     f"{fit['hvps'] or '–'} | {fit['seconds'] * 1e3:.2f}, {fit['best_seconds'] * 1e3:.2f} ms |")
        print(f"{label}: Δ {diff:.2e}, max|g| {gmax:.2e}, {fit['iterations']} it, "
              f"{fit['evaluations']} ev, {fit['hvps']} hvp, {fit['seconds'] * 1e3:.2f} ms")

    reference_gmax = np.max(np.abs(problem.gradient(reference["coefficients"])))
    newton_diff = np.max(np.abs(rows[2][1]["coefficients"] - reference["coefficients"])
                         / np.maximum(1, np.abs(reference["coefficients"])))

    # Standard errors: statsmodels' Logit on the four features, unpenalised.
    four = tracegrad["four_features"]
    logit = sm.Logit(labels, sm.add_constant(x[:, four], prepend=False)).fit(
        method="newton", tol=1e-12, maxiter=100, disp=0)
    names = ["mean texture", "mean smoothness", "mean symmetry", "worst concavity", "intercept"]
    se_rows = ["| coefficient | statsmodels estimate | TraceGrad estimate | statsmodels standard error | "
               "TraceGrad standard error | relative difference |", "|---|---|---|---|---|---|"]
    for i, name in enumerate(names):
        ours, theirs = tracegrad["four_standard_errors"][i], logit.bse[i]
        rel = abs(ours - theirs) / theirs
        if rel > STANDARD_ERROR_TOLERANCE:
            failures.append(f"standard error of {name} differs by {rel:.2e}")
        se_rows.append(f"| {name} | {logit.params[i]:.6f} | {tracegrad['four_coefficients'][i]:.6f} | "
                       f"{theirs:.6f} | {ours:.6f} | {rel:.1e} |")

    section = f"""{BEGIN}
## Optimizers against scikit-learn and SciPy

Generated {datetime.date.today().isoformat()} by `{args.command}` (source: commit {args.source}); it
rewrites only this section. L2 logistic regression on the breast-cancer data ({n} samples, {d}
features standardised over the whole set: mean 0, population standard deviation 1), C = 1,
intercept not penalised: f(w, b) = Σⱼ log(1 + exp(−sⱼ(wᵀxⱼ + b))) + ½‖w‖², sⱼ = ±1, from w = 0,
b = 0. Max \\|Δ coefficient\\| is over the {d} coefficients and the intercept, each relative to
max(1, \\|reference\\|); max \\|g\\| is recomputed in NumPy at each fit's coefficients. Times are
the median and the least of {args.repeats} fits after as many warm-up fits (the least is the one
to compare when other work shares the machine: see the load below): scikit-learn's include its
input validation (`fit`), TraceGrad's are `minimize` alone on a warmed-up JVM (the first, cold
Lbfgs fit took {tracegrad['fits'][0]['cold_seconds'] * 1e3:.0f} ms).

{chr(10).join(table)}

- Debian's scikit-learn 1.2.1 passes only `gtol` to SciPy's L-BFGS-B, whose default `ftol`
  (2.2e-9 relative decrease of f) ends the fit after {rows[1][1]['iterations']} iterations whatever
  `tol` says, short of the optimum; scikit-learn 1.4 and later pass ftol = 64ε. The reference row
  is that call with the later ftol (the script adds it to the L-BFGS-B options for that fit). It
  too stops on the change in f, at max\\|g\\| = {reference_gmax:.1e}: {newton_diff:.0e} from the
  Newton fits, which reach max\\|g\\| ≈ 1e-10.
- Iterations: TraceGrad's `Lbfgs` and scikit-learn's L-BFGS-B (both memory 10, strong-Wolfe line
  searches) stop at the same max\\|g\\| ≤ 1e-6; `NewtonCg` and SciPy's trust-ncg are both
  trust-region Newton with Steihaug–Toint CG, SciPy stopping at ‖g‖₂ ≤ 1e-8.
- `NewtonCg` runs on the generated objective alone: the loss is declared with `hvp = true`, so
  its H·v products are generated too (derived by the same rules as the gradient), as are the
  Hessian columns behind the standard errors below.

Standard errors, unpenalised, on mean texture, mean smoothness, mean symmetry and worst
concavity (not collinear): TraceGrad's √diag(H⁻¹) at the `NewtonCg` optimum with H from
`Hessians.dense`, against statsmodels' `Logit(...).fit(method='newton').bse`:

{chr(10).join(se_rows)}

Versions: scikit-learn {sklearn.__version__}, SciPy {scipy.__version__}, NumPy {np.__version__},
statsmodels {statsmodels.__version__}, Python {platform.python_version()}; {tracegrad['java']}.
Machine: {machine()}; load average (1, 5, 15 min) {args.load_start} when the run started,
{load_average()} when it ended.
{END}
"""
    try:
        with open(args.report, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    with open(args.report, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote the comparison into {args.report}")
    if failures:
        print("DISAGREEMENT:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
