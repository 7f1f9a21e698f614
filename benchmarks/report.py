#!/usr/bin/env python3
"""Writes docs/PERFORMANCE.md from the results of one benchmarks/run.sh run.

Reads JMH's JSON (AverageTime in ns/op, gc profiler), the PyTorch script's JSON, the
compile-time probe's JSON and FmaPeak's JSON; any of the last three may be missing, and the
report then says why. With run.sh --vector also the JMH JSON of the generated code on a JVM with
--add-modules jdk.incubator.vector and of the product kernel alone (GemmBenchmark).
Every figure is a median: per JMH fork the median of its measurement iterations, then the
median over forks.
"""

import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess

import limits

WORKLOADS = {
    "mlp": {"class": "MlpBenchmark", "sizes": ["tiny", "small", "large"],
            "formula": "l = −sum(Y ⊙ logSoftmax(W₂ σ(W₁X))) w.r.t. W₁, W₂",
            "shapes": {"tiny": "d=16, h=32, k=10, n=1", "small": "d=64, h=64, k=10, n=32",
                       "large": "d=784, h=256, k=10, n=256"}},
    "logreg": {"class": "LogregBenchmark", "sizes": ["20x100", "500x10000"],
               "formula": "l = sum(softplus(−y ⊙ Xᵀw)) w.r.t. w",
               "shapes": {"20x100": "d=20, n=100", "500x10000": "d=500, n=10000"}},
    "gauss": {"class": "GaussBenchmark", "sizes": ["8", "64", "256"],
              "formula": "f(Σ) = log det Σ + tr(Σ⁻¹S) w.r.t. Σ (SPD inputs)",
              "shapes": {"8": "n=8", "64": "n=64", "256": "n=256"}},
    "digits": {"class": "DigitsBenchmark", "sizes": ["64-32-10x64"],
               "formula": "mean cross-entropy of tanh(W₁X + b₁𝟏ᵀ) → W₂H + b₂𝟏ᵀ w.r.t. W₁, b₁, W₂, b₂",
               "shapes": {"64-32-10x64": "64→32→10, batch 64"}},
}

# The sizes whose GFLOP/s are reported, and the targets against PyTorch by size class.
LARGE = {("mlp", "large"), ("logreg", "500x10000"), ("gauss", "256")}
TINY = {("mlp", "tiny"), ("logreg", "20x100"), ("gauss", "8")}
MEDIUM = {("mlp", "small"), ("gauss", "64")}

IMPLEMENTATIONS = [
    ("generated", "generated (buffer overload)"),
    ("generatedAllocating", "generated (allocating overload)"),
    ("generatedTwoThreads", "generated, two threads (opt-in, buffer overload)"),
    ("generatedVector", "generated, --add-modules jdk.incubator.vector (buffer overload)"),
    ("hand", "hand-written loops"),
    ("ejml", "EJML"),
]


def flops(workload, size, op):
    """Nominal flops: multiply-adds of the products and factorisations (2 flops each) that the
    hand-derived algorithm performs; elementwise work is not counted. The same count is used
    for every implementation, so GFLOP/s compare like with like."""
    x = limits.dims(workload, size)
    if workload == "logreg":
        return 2.0 * x["d"] * x["n"] if op == "value" else 4.0 * x["d"] * x["n"]
    if workload == "gauss":
        n3 = float(x["n"]) ** 3
        # LU (2n³/3) and the inverse from it (2n³); the gradient adds Σ⁻¹S and (Σ⁻¹S)Σ⁻¹.
        return 8 * n3 / 3 if op == "value" else 8 * n3 / 3 + 4 * n3
    # mlp and digits: the two layers' products.
    d, h, k, n = x["d"], x["h"], x["k"], x["n"]
    return 2.0 * n * (h * d + k * h) if op == "value" else 2.0 * n * (2 * h * d + 3 * k * h)


def median_of_forks(raw):
    """Median over forks of each fork's median iteration."""
    return statistics.median(statistics.median(fork) for fork in raw if fork)


def load_jmh(path, suffix=""):
    """{(workload, size, implementation, op): {"ns": …, "bytes": …, "forks": …}}; the suffix is
    appended to the implementation's name (the run with the Vector API: "Vector")."""
    by_class = {w["class"]: name for name, w in WORKLOADS.items()}
    pattern = re.compile(r"^(generated|hand|ejml)(Value|Gradient)(Allocating|TwoThreads)?$")
    out = {}
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    for e in entries:
        cls, method = e["benchmark"].rsplit(".", 2)[-2:]
        m = pattern.match(method)
        if cls not in by_class or not m:
            continue
        impl = m.group(1) + (m.group(3) or "") + suffix
        op = m.group(2).lower()
        ns = median_of_forks(e["primaryMetric"]["rawData"])
        gc = {k.lstrip("·"): v for k, v in e.get("secondaryMetrics", {}).items()}
        alloc = gc.get("gc.alloc.rate.norm")
        out[(by_class[cls], e["params"]["size"], impl, op)] = {
            "ns": ns,
            "bytes": median_of_forks(alloc["rawData"]) if alloc else None,
            # A fork whose kernels C2 compiled with their vectors boxed allocates for every
            # vector: the median over forks would hide one such fork, the worst shows it.
            "bytes_worst": max(statistics.median(f) for f in alloc["rawData"] if f)
            if alloc else None,
            "forks": len(e["primaryMetric"]["rawData"]),
            "iterations": e.get("measurementIterations"),
        }
    return out


def load_gemm(path):
    """{(shape, "scalar" | "vector"): ns} from GemmBenchmark's JSON."""
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    return {(e["params"]["shape"], e["benchmark"].rsplit(".", 1)[-1]):
            median_of_forks(e["primaryMetric"]["rawData"]) for e in entries}


def gemm_flops(shape):
    m, p, n = (int(v) for v in shape.split("/")[0].split("x"))
    return 2.0 * m * p * n


def gemm_table(gemm, peak):
    """The product kernel alone: scalar against vector, GFLOP/s and share of the FMA peak."""
    fma = peak and peak.get("fma_gflops")
    lines = [row(["product m×p×n / variant", "scalar", "vector", "GFLOP/s scalar",
                  "GFLOP/s vector", "vector speed-up", "vector / FMA peak"]), row(["---"] * 7)]
    for shape in dict.fromkeys(k[0] for k in gemm):
        s, v = gemm.get((shape, "scalar")), gemm.get((shape, "vector"))
        f = gemm_flops(shape)
        lines.append(row([shape, fmt_ns(s), fmt_ns(v), f"{f / s:.1f}" if s else "–",
                          f"{f / v:.1f}" if v else "–",
                          fmt_ratio(ratio(s, v)),
                          f"{100 * f / v / fma:.0f}%" if v and fma else "–"]))
    return lines + [""]


def load_forms(path):
    """{form: ns} from WrittenFormsBenchmark's JSON."""
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    return {e["params"]["form"]: median_of_forks(e["primaryMetric"]["rawData"]) for e in entries}


def forms_table(forms):
    """Each loss written two ways, side by side: equal times mean no wasted work."""
    pairs = [("ridge d=400 n=20000", "ridge/row", "wᵀX", "ridge/column", "Xᵀw"),
             ("Gaussian d=64 n=20000", "gaussian/mean", "in Σ and μ", "gaussian/sigma", "in Σ alone")]
    lines = [row(["loss", "written", "gradient", "written", "gradient", "ratio"]), row(["---"] * 6)]
    for name, a, a_text, b, b_text in pairs:
        if a in forms and b in forms:
            lines.append(row([name, a_text, fmt_ns(forms[a]), b_text, fmt_ns(forms[b]),
                              fmt_ratio(ratio(forms[a], forms[b]))]))
    return lines + [""]


def load_alloc(path):
    """{(workload, size, method): bytes per call} from AllocationProbe."""
    with open(path, encoding="utf-8") as f:
        return {(r["workload"], r["size"], r["method"]): r["bytes"] for r in json.load(f)}


def load_torch(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    results = {(r["workload"], r["size"], r["threads"], r["op"]): r["ns"] for r in data["results"]}
    return results, data["meta"]


def fmt_ns(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:,.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:,.1f} µs"
    return f"{ns:,.0f} ns"


def fmt_ratio(r):
    return "–" if r is None else f"{r:.2f}×"


def ratio(a, b):
    return a / b if a is not None and b else None


def fmt_bytes(b):
    return "–" if b is None else f"{b:,.0f}"


def command_output(args):
    try:
        p = subprocess.run(args, capture_output=True, text=True, timeout=30)
        return (p.stdout + p.stderr).strip()
    except (OSError, subprocess.SubprocessError):
        return "unavailable"


def load_average():
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def machine(java, load_start):
    lscpu = command_output(["lscpu"])
    model = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines()
                  if l.startswith("Model name")), platform.processor())
    mem = command_output(["free", "-g"]).splitlines()
    total = mem[1].split()[1] + " GiB" if len(mem) > 1 else "unknown"
    os_name = "unknown"
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    blas_env = ", ".join(f"{k}={v}" for k, v in sorted(os.environ.items())
                         if k.startswith("OPENBLAS_")) or "none"
    return [
        ("CPU", f"{model}, {os.cpu_count()} cores visible"),
        ("Memory", total),
        ("OS", f"{os_name}, Linux {platform.release()}"),
        ("JDK", command_output([java, "-version"]).replace("\n", "; ")),
        ("OpenBLAS environment", blas_env),
        ("Load average (1, 5, 15 min)", f"{load_start} when the run started, {load_average()} "
         f"when it ended; above 0 means other work shared the {os.cpu_count()} cores"),
    ]


def row(cells):
    return "| " + " | ".join(cells) + " |"


def detail_tables(jmh, torch):
    lines = []
    for name, w in WORKLOADS.items():
        sizes = [s for s in w["sizes"] if any(k[0] == name and k[1] == s for k in jmh)]
        if not sizes:
            continue
        lines += [f"### {name}: {w['formula']}", ""]
        lines.append(row(["size", "implementation", "value", "value+gradient",
                          "gradient/value", "B/op, JMH gc (gradient)",
                          "GFLOP/s (value / gradient)"]))
        lines.append(row(["---"] * 7))
        for size in sizes:
            large = (name, size) in LARGE
            for impl, label in IMPLEMENTATIONS:
                # The allocating overload has no value method of its own: value is the same call.
                v = jmh.get((name, size, "generated" if impl == "generatedAllocating" else impl, "value"))
                g = jmh.get((name, size, impl, "gradient"))
                if not g:
                    continue
                vns = v["ns"] if v else None
                gf = "–"
                if large:
                    gf = f"{flops(name, size, 'value') / vns:.1f} / " if vns else "– / "
                    gf += f"{flops(name, size, 'gradient') / g['ns']:.1f}"
                lines.append(row([f"{size} ({w['shapes'][size]})", label, fmt_ns(vns),
                                  fmt_ns(g["ns"]), fmt_ratio(ratio(g["ns"], vns)),
                                  fmt_bytes(g["bytes"]), gf]))
            for threads in (1, 2):
                tv = torch.get((name, size, threads, "value"))
                tg = torch.get((name, size, threads, "gradient"))
                if tg is None:
                    continue
                gf = "–"
                if large:
                    gf = (f"{flops(name, size, 'value') / tv:.1f} / "
                          f"{flops(name, size, 'gradient') / tg:.1f}")
                lines.append(row([f"{size} ({w['shapes'][size]})",
                                  f"PyTorch, {threads} thread{'s' if threads > 1 else ''}",
                                  fmt_ns(tv), fmt_ns(tg), fmt_ratio(ratio(tg, tv)), "n/a", gf]))
        lines.append("")
    return lines


def summary(jmh, torch, alloc):
    vector = any(k[2] == "generatedVector" for k in jmh)
    head = ["workload", "size", "generated gradient", "generated / hand-written",
            "generated / EJML", "generated / PyTorch 1 thread",
            "generated / PyTorch 2 threads", "gradient / value (generated)",
            "B/call, buffer overload (exact)", "GFLOP/s (generated gradient)"]
    if vector:
        head += ["with --add-modules jdk.incubator.vector", "that / PyTorch 1 thread",
                 "GFLOP/s (that)"]
    lines = [row(head), row(["---"] * len(head))]
    for name, w in WORKLOADS.items():
        for size in w["sizes"]:
            g = jmh.get((name, size, "generated", "gradient"))
            if not g:
                continue
            v = jmh.get((name, size, "generated", "value"))
            hand = jmh.get((name, size, "hand", "gradient"))
            ejml = jmh.get((name, size, "ejml", "gradient"))
            gf = f"{flops(name, size, 'gradient') / g['ns']:.1f}" if (name, size) in LARGE else "–"
            cells = [name, size, fmt_ns(g["ns"]),
                     fmt_ratio(ratio(g["ns"], hand and hand["ns"])),
                     fmt_ratio(ratio(g["ns"], ejml and ejml["ns"])),
                     fmt_ratio(ratio(g["ns"], torch.get((name, size, 1, "gradient")))),
                     fmt_ratio(ratio(g["ns"], torch.get((name, size, 2, "gradient")))),
                     fmt_ratio(ratio(g["ns"], v and v["ns"])),
                     fmt_bytes(alloc.get((name, size, "generatedGradient"))), gf]
            if vector:
                gv = jmh.get((name, size, "generatedVector", "gradient"))
                gvns = gv and gv["ns"]
                cells += [fmt_ns(gvns),
                          fmt_ratio(ratio(gvns, torch.get((name, size, 1, "gradient")))),
                          f"{flops(name, size, 'gradient') / gvns:.1f}"
                          if gvns and (name, size) in LARGE else "–"]
            lines.append(row(cells))
    return lines + [""]


def target_checks(jmh, torch, compile_cost, alloc, gemm, peak):
    """The issue's targets, each checked against this run; one line per miss or pass."""
    checks = []
    for name, w in WORKLOADS.items():
        for size in w["sizes"]:
            g = jmh.get((name, size, "generated", "gradient"))
            if not g:
                continue
            where = f"{name} {size}"
            hand = jmh.get((name, size, "hand", "gradient"))
            if hand:
                r = g["ns"] / hand["ns"]
                checks.append((where, "gradient ≤ 1.0× hand-written", f"{r:.2f}×", r <= 1.0))
            v = jmh.get((name, size, "generated", "value"))
            if v:
                r = g["ns"] / v["ns"]
                checks.append((where, "gradient/value ≤ 2.5", f"{r:.2f}", r <= 2.5))
            exact = alloc.get((name, size, "generatedGradient"))
            if exact is not None:
                checks.append((where, "0 B/op (buffer overload)", f"{exact:.2f} B/call",
                               exact == 0))
            t = torch.get((name, size, 1, "gradient"))
            if t:
                speedup = t / g["ns"]
                if (name, size) in TINY:
                    checks.append((where, "≥ 10× faster than PyTorch (1 thread)",
                                   f"{speedup:.1f}× faster", speedup >= 10))
                elif (name, size) in MEDIUM:
                    checks.append((where, "at least as fast as PyTorch (1 thread)",
                                   f"{speedup:.2f}× its speed", speedup >= 1))
                elif (name, size) in LARGE:
                    checks.append((where, "≥ half PyTorch's speed (1 thread)",
                                   f"{speedup:.2f}× its speed", speedup >= 0.5))
            if (name, size) == ("mlp", "large"):
                gf = flops(name, size, "gradient") / g["ns"]
                checks.append((where, "≥ 25 GFLOP/s on one core", f"{gf:.1f} GFLOP/s", gf >= 25))
    checks += vector_target_checks(jmh, torch, gemm, peak)
    if compile_cost:
        ms = compile_cost["per_method_ms"]
        checks.append(("compile", "≤ 100 ms per annotated method", f"{ms:.1f} ms", ms <= 100))
    lines = [row(["where", "target", "this run", "met"]), row(["---"] * 4)]
    lines += [row([w, t, m, "yes" if ok else "**no**"]) for w, t, m, ok in checks]
    return lines + [""], [c for c in checks if not c[3]]


def best_costs(cost_runs):
    """The fastest of each unit cost over CostProbe's runs (a lower bound must not count a slow
    moment), or None without runs."""
    if not cost_runs:
        return None
    return {"read_gbs": {b: max(c["read_gbs"][b] for c in cost_runs)
                         for b in cost_runs[0]["read_gbs"]},
            "ns_per_entry": {f: min(c["ns_per_entry"][f] for c in cost_runs)
                             for f in cost_runs[0]["ns_per_entry"]}}


def limits_table(jmh, peak, costs, vector_costs=None):
    """Each generated gradient's time split into lower bounds from the machine's unit costs."""
    fma = peak["fma_gflops"]
    lines = [row(["workload", "size", "path", "value+gradient", "flops at FMA peak",
                  "reads at measured bandwidth", "elementwise functions", "rest",
                  "what limits it"]), row(["---"] * 9)]
    for name, w in WORKLOADS.items():
        for size in w["sizes"]:
            for impl, path in (("generated", "scalar"), ("generatedVector", "vector")):
                g = jmh.get((name, size, impl, "gradient"))
                if not g:
                    continue
                # The vector path's passes over arrays cost what CostProbe measured on a JVM
                # with the Vector API.
                unit = vector_costs if path == "vector" and vector_costs else costs
                a = limits.attribute(name, size, g["ns"], flops(name, size, "gradient"), fma,
                                     unit)
                lines.append(row([name, size, path, fmt_ns(g["ns"]),
                                  limits.fmt_share(a["compute"]), limits.fmt_share(a["memory"]),
                                  limits.fmt_share(a["functions"]),
                                  f"{100 * max(a['rest'], 0):.0f}%",
                                  limits.verdict(a, path == "vector")]))
    return lines + [""]


def vector_target_checks(jmh, torch, gemm, peak):
    """The Vector API issue's targets: the generated code on a JVM with the module."""
    checks = []
    def versus_torch(name, size, speed, text):
        gv = jmh.get((name, size, "generatedVector", "gradient"))
        t = torch.get((name, size, 1, "gradient"))
        if gv and t:
            s = t / gv["ns"]
            checks.append((f"{name} {size} (vector)", text, f"{s:.2f}× its speed", s >= speed))
    versus_torch("mlp", "large", 1.0, "at least as fast as PyTorch (1 thread)")
    versus_torch("mlp", "small", 1.0, "at least as fast as PyTorch (1 thread)")
    versus_torch("logreg", "500x10000", 1.0, "at least as fast as PyTorch (1 thread)")
    versus_torch("gauss", "256", 1.5, "≥ 1.5× PyTorch's speed (1 thread)")
    for name, w in WORKLOADS.items():
        for size in w["sizes"]:
            gv = jmh.get((name, size, "generatedVector", "gradient"))
            if gv and gv.get("bytes_worst") is not None:
                worst = gv["bytes_worst"]
                checks.append((f"{name} {size} (vector)",
                               "vectors stay in registers: every fork ≤ 1 KB/op (JMH gc)",
                               f"{worst:,.0f} B/op in the worst fork", worst <= 1024))
    fma = peak and peak.get("fma_gflops")
    if fma:
        for shape in ("256x784x256/AB", "256x256x784/ABt", "1024x1024x1024/AB"):
            v = gemm.get((shape, "vector"))
            if v:
                share = gemm_flops(shape) / v / fma
                checks.append((f"product {shape} (vector)", "≥ 65% of the FMA peak",
                               f"{100 * share:.0f}%", share >= 0.65))
    return checks


def load_all(paths):
    """The JSON of every given file that exists (a probe that failed left none)."""
    out = []
    for path in paths:
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                out.append(json.load(f))
    return out


def best(runs, higher):
    """The first run with each of the named rates replaced by its highest over the runs."""
    if not runs:
        return None
    out = dict(runs[0])
    for key in higher:
        out[key] = max(r[key] for r in runs)
    return out


def drift(peaks, cost_runs):
    """How much the machine's unit costs moved between their measurements in this run."""
    if len(peaks) + len(cost_runs) < 3:
        return []
    parts = []
    if len(peaks) > 1:
        parts.append("FMA peak " + " / ".join(f"{p['fma_gflops']:.1f}" for p in peaks)
                     + " GFLOP/s")
    if len(cost_runs) > 1:
        top = max(cost_runs[0]["read_gbs"], key=int)
        parts.append(f"{int(top) >> 20} MB read " + " / ".join(
            f"{c['read_gbs'][top]:.1f}" for c in cost_runs) + " GB/s")
        parts.append("exp " + " / ".join(f"{c['ns_per_entry']['exp']:.2f}" for c in cost_runs)
                     + " ns")
    return [f"- Unit costs measured {max(len(peaks), len(cost_runs))} times in this run (in "
            f"order): {'; '.join(parts)}. The tables use the best of each; a spread means the "
            "machine's speed changed during the run (other work on its host), and every time "
            "above carries that spread."]


def kept_sections(path):
    """The sections other scripts own in the existing report, carried over unchanged.

    Such a section sits between `<!-- NAME: begin -->` and `<!-- NAME: end -->` lines (e.g.
    benchmarks/compare-sklearn.sh's); this report rewrites everything else.
    """
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    kept = []
    for m in re.finditer(r"^<!-- (.+?): begin -->$.*?^<!-- \1: end -->$", text, re.M | re.S):
        kept += [m.group(0), ""]
    return kept


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jmh", required=True)
    p.add_argument("--alloc", required=True, help="AllocationProbe's JSON")
    p.add_argument("--torch", help="the PyTorch script's JSON, if it ran")
    p.add_argument("--torch-note", default="", help="why PyTorch did not run")
    p.add_argument("--compile", help="the compile-time probe's JSON, if it ran")
    p.add_argument("--jmh-vector", help="JMH JSON of the generated code with the Vector API")
    p.add_argument("--jmh-gemm", help="GemmBenchmark's JMH JSON (scalar and vector kernels)")
    p.add_argument("--peak", nargs="*", default=[],
                   help="FmaPeak's JSON files (measured more than once: the best counts)")
    p.add_argument("--vector-costs", nargs="*", default=[],
                   help="CostProbe's JSON files from a JVM with the Vector API module")
    p.add_argument("--costs", nargs="*", default=[],
                   help="CostProbe's JSON files (read bandwidth, function costs; the best counts)")
    p.add_argument("--jmh-forms", help="WrittenFormsBenchmark's JMH JSON, if it ran")
    p.add_argument("--command", required=True, help="the command that produced the results")
    p.add_argument("--mode", choices=["quick", "full"], required=True)
    p.add_argument("--jmh-options", required=True, help="the JMH options used")
    p.add_argument("--rounds", type=int, default=1,
                   help="how many rounds run.sh ran (one fork of every benchmark each)")
    p.add_argument("--java", default="java")
    p.add_argument("--load-start", default="unknown", help="/proc/loadavg when the run started")
    p.add_argument("--out", required=True)
    a = p.parse_args()

    jmh = load_jmh(a.jmh)
    if a.jmh_vector and os.path.exists(a.jmh_vector):
        jmh.update(load_jmh(a.jmh_vector, "Vector"))
    gemm = load_gemm(a.jmh_gemm) if a.jmh_gemm and os.path.exists(a.jmh_gemm) else {}
    peaks = load_all(a.peak)
    peak = best(peaks, higher=("fma_gflops", "mul_add_gflops", "fma256_gflops"))
    cost_runs = load_all(a.costs)
    costs = best_costs(cost_runs)
    vector_costs = best_costs(load_all(a.vector_costs))
    alloc = load_alloc(a.alloc)
    torch, torch_meta = ({}, None)
    if a.torch and os.path.exists(a.torch):
        torch, torch_meta = load_torch(a.torch)
    compile_cost = None
    if a.compile and os.path.exists(a.compile):
        with open(a.compile, encoding="utf-8") as f:
            compile_cost = json.load(f)

    out = ["# Performance", ""]
    if a.mode == "quick":
        out += ["> **Quick, noisy smoke run.** These figures come from `run.sh --quick`: one JMH "
                "fork per benchmark, few and short iterations, on a shared two-core machine, and "
                "possibly only some workloads. They show that the suite runs end to end and give "
                "rough orders of magnitude; they are not the published measurements. Run "
                "`benchmarks/run.sh` (the full run) for figures to quote.", ""]
    out += [f"Generated {datetime.date.today().isoformat()} by `benchmarks/run.sh`; every figure "
            "below comes from the command shown here.", "",
            "## How it was measured", "",
            f"- Command: `{a.command}`",
            f"- JMH options: `{a.jmh_options}` (mode AverageTime, ns/op; each benchmark of each "
            "size in its own forked JVM; `-prof gc` for bytes allocated per operation), in "
            f"{a.rounds} round{'s' if a.rounds != 1 else ''}: a round runs every benchmark once, "
            "then PyTorch's side, and the rounds follow one another, so each benchmark's forks "
            "are spread over the whole run rather than run back to back (a slow phase of the "
            "shared machine then touches one fork of many benchmarks, which the median passes "
            "over).",
            "- Each figure is a median: per fork the median of its measurement iterations, then "
            "the median over forks.",
            "- *value* is the forward pass alone; *value+gradient* is the forward and backward "
            "pass. For the generated class, value+gradient is the buffer overload unless the "
            "allocating overload is named; hand-written and EJML code write into buffers too.",
            "- GFLOP/s (large sizes only) divide a nominal count by the time: two flops per "
            "multiply-add of the products and factorisations the hand-derived algorithm performs "
            "(mlp value 2n(hd+kh), gradient 2n(2hd+3kh); logreg 2dn and 4dn; gauss 8n³/3 for LU "
            "and inverse, plus 4n³ for Σ⁻¹SΣ⁻¹), elementwise work not counted, the same count for "
            "every implementation.",
            "- Allocation: *B/call (exact)* is `AllocationProbe`: the JVM's count of bytes "
            "allocated by the calling thread after a 0.5 s warm-up, the least over three 0.2 s "
            "windows (so a one-off JIT event does not count, a steady allocation does). The "
            "JMH gc column also carries JMH's own per-iteration allocations spread over the "
            "calls, hundreds of bytes per call for slow calls even where nothing is allocated.",
            "- All implementations agree on value and gradient to 1e-9 relative "
            "(`ImplementationsAgreeTest`), so they do the same work.",
            "- Scalar functions: the hand-written and EJML code call the JDK's `Math.tanh` and "
            "`Math.log1p`, as an expert would; generated code calls the runtime's `Fn.tanh` (one "
            "exponential for |x| ≥ 0.3) and `Fn.softplus` (log(1 + e) from `Math.log`), which are "
            "as accurate (about 2 ulps) and, on JDKs where those two are native calls (17), "
            "several times faster. The digits and logreg ratios include that difference.",
            "- *generated, two threads (opt-in)* (mlp only) is the class built with "
            "`new LossesMlpGradient(2)`: products of at least 2²² multiply-adds split their "
            "columns between the calling thread and a helper thread. Its time is the caller's "
            "wall time, so it needs the second core free; it is not part of the targets.",
            "- *generated, --add-modules jdk.incubator.vector* (run.sh --vector) is the same "
            "generated class on a JVM started with that option, where the runtime's products "
            "use its Vector API kernels (same bits); only the generated benchmarks run twice.",
            "- Peak: `FmaPeak`, 16 independent chains of vector fused multiply-adds on one core "
            "(and of a separate multiply and add, which the kernels use to keep their bits), "
            "median of 15 rounds in the thread's CPU time.", ""]
    commit = command_output(["git", "rev-parse", "--short", "HEAD"])
    if command_output(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " with uncommitted changes"
    out += ["## Machine", "", f"- Source: commit {commit}"]
    out += [f"- {k}: {v}" for k, v in machine(a.java, a.load_start)]
    out += drift(peaks, cost_runs)
    if peak:
        out.append(f"- Peak, one core (`FmaPeak`): **{peak['fma_gflops']:.1f} GFLOP/s** with "
                   f"{peak['vector_bits']}-bit fused multiply-adds, "
                   f"{peak['mul_add_gflops']:.1f} with a separate multiply and add, "
                   f"{peak['fma256_gflops']:.1f} with 256-bit fused multiply-adds")
    else:
        out.append("- Peak: not measured (FmaPeak did not run)")
    if torch_meta:
        out.append(f"- PyTorch {torch_meta['torch']} (Python {torch_meta['python']}), float64, "
                   f"CPU; median of {torch_meta['samples']} samples of ≥ "
                   f"{torch_meta['min_sample_seconds']} s each"
                   + (f" in each round, then the median over the {torch_meta['rounds']} rounds"
                      if torch_meta.get("rounds", 1) > 1 else "")
                   + "; BLAS: "
                   f"{torch_meta.get('blas', 'unknown')}")
        if "openblas_core" in torch_meta:
            pinned = {k: v for k, v in torch_meta.get("openblas_env", {}).items()
                      if k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
            out.append(f"- PyTorch ran with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE "
                       f"{'set: ' + str(pinned) if pinned else 'unset'} (the machine's own "
                       f"environment above applies to nothing else), so OpenBLAS chose its "
                       f"**{torch_meta['openblas_core']}** kernels; its products agreed with "
                       f"plain sums to {torch_meta['product_error']:.1e} relative")
    out.append("")

    checks, misses = target_checks(jmh, torch, compile_cost, alloc, gemm, peak)
    out += ["## Targets", "",
            "The issue's targets for the generated code, checked against this run. PyTorch "
            "targets compare with PyTorch on one thread, as the generated code uses one.", ""]
    out += checks
    out += ["## Summary", "", "Ratios are times: below 1× means the generated code is faster.", ""]
    out += summary(jmh, torch, alloc)
    out += ["## Per workload", ""] + detail_tables(jmh, torch)
    out += ["## What limits each workload", ""]
    if peak and costs:
        reads = ", ".join(f"{int(b) / (1 << 20):,.0f} MB {r:.1f} GB/s"
                          for b, r in sorted(costs["read_gbs"].items(), key=lambda e: int(e[0])))
        fns = ", ".join(f"{f} {ns:.1f} ns" for f, ns in costs["ns_per_entry"].items())
        out += ["Each generated gradient's time (value+gradient, buffer overload) against three "
                "lower bounds measured on this machine in this run: its nominal flops (as for "
                f"GFLOP/s) at the FMA peak ({peak['fma_gflops']:.1f} GFLOP/s); the bytes its "
                "passes must read at least once (inputs once per pass that reads them, gradients "
                "written) at the rate one thread reads a working set that size (`CostProbe`: "
                f"{reads}), counted only above 8 MB, smaller data being read from cache; and the "
                "elementwise functions its code calls, at their time per entry over an array "
                f"(`CostProbe`: {fns}); each the best of its measurements in this run. *Rest* "
                "is what none of them explains: loop and call overhead, packing, and how far "
                "the JIT's code falls short of the units. Shares "
                "may overlap (an out-of-order core runs them together), so the bounds say which "
                "unit would limit, not a sum. Rules: memory if it alone explains half the time, "
                "else compute if the flops at peak do, else the functions where they take 30% "
                "and more than the rest, else the code the JIT made of the loops where they do "
                "real work (≥ 5 GFLOP/s), else fixed per-call costs.", ""]
        if vector_costs:
            out += [f"With `--add-modules jdk.incubator.vector` the sigmoid pass costs "
                    f"{vector_costs['ns_per_entry']['sigmoid_pass']:.2f} ns an entry "
                    "(`CostProbe` on a JVM with the module, best of its runs); the vector rows "
                    "count it at that cost.", ""]
        out += limits_table(jmh, peak, costs, vector_costs)
    else:
        out += ["Not measured in this run (FmaPeak or CostProbe did not run).", ""]
    forms = load_forms(a.jmh_forms) if a.jmh_forms and os.path.exists(a.jmh_forms) else {}
    if forms:
        out += ["## Losses written two ways", "",
                "`WrittenFormsBenchmark`: the buffer-taking gradient of a loss written in two ways "
                "that should cost the same (`benchmarks/src/main/java/dev/tracegrad/bench/"
                "WrittenForms.java`). A ratio near 1× means the processor found the same work in "
                "both; the Gaussian in its mean and covariance has one more gradient (d×1) to "
                "write than in its covariance alone.", ""]
        out += forms_table(forms)
    if gemm:
        out += ["## Products alone", "",
                "`GemmBenchmark`: `Gemm.multiply` on one thread, as the generated code calls it, "
                "for the mlp workload's products (large and small, in the generated class's "
                "order: W₁X, W₂H, G·Hᵀ, W₂ᵀG, G·Xᵀ) and 1024³; *scalar* on a JVM started as usual, "
                "*vector* on one with `--add-modules jdk.incubator.vector` (each fork checks "
                "which kernel it runs). Both give the same bits. GFLOP/s = 2mpn / time.", ""]
        out += gemm_table(gemm, peak)

    out += ["## PyTorch", ""]
    if torch_meta:
        out += ["`benchmarks/torch_bench.py`: the same workloads in float64 on the CPU; each "
                "thread count in its own process with `torch.set_num_threads` and "
                "`OMP_NUM_THREADS`/`OPENBLAS_NUM_THREADS` set alike; value under "
                "`torch.no_grad()`, gradient as forward plus `backward()`; each call ends with "
                "`.item()` as the Java calls return a double. Two-thread figures need both cores "
                "free: OpenBLAS's threads spin while they wait, so under a load average above "
                "about 1 they measure contention more than PyTorch.", ""]
    else:
        out += [f"Not run: {a.torch_note or 'no results'}.", ""]

    out += ["## Compile time", ""]
    if compile_cost:
        n = compile_cost["methods"]
        out += [f"javac on one file of {n} annotated methods (the four workloads in turn), in a "
                f"fresh process each time, median of {compile_cost['repeats']}: "
                f"{compile_cost['without_ms']:.0f} ms without the processor (`-proc:none`), "
                f"{compile_cost['with_ms']:.0f} ms with it, so "
                f"**{compile_cost['per_method_ms']:.1f} ms per annotated method** (generating "
                "and compiling its class).", ""]
    else:
        out += ["Not measured in this run.", ""]

    out += ["## Where the generated code falls short", ""]
    if misses:
        out += [f"- {w}: {t} — measured {m}" for w, t, m, _ in misses]
    else:
        out.append("- Every target checked in this run is met.")
    out.append("")

    out += kept_sections(a.out)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
