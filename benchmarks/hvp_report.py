#!/usr/bin/env python3
"""Hessian-vector products beside gradients: a Markdown table from HvpBenchmark's JMH JSON and,
when given, torch_bench.py's JSON run with --ops gradient,hvp (one thread).

For each workload: the median of the measured iterations of the buffer-taking gradient and hvp
(ns per call), their ratio (the target is hvp <= 2.5x gradient), and PyTorch's gradient and
torch.autograd.functional.hvp.
"""

import argparse
import json
import statistics


def load_jmh(path):
    """{(workload, op): median ns} from JMH's JSON (the raw iterations of all forks)."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for run in json.load(f):
            op = run["benchmark"].rsplit(".", 1)[1]
            workload = run["params"]["workload"]
            raw = [x for fork in run["primaryMetric"]["rawData"] for x in fork]
            out[(workload, op)] = statistics.median(raw)
    return out


def load_torch(path):
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError:
        return {}
    return {(r["workload"] + "/" + r["size"], r["op"]): r["ns"]
            for r in data["results"] if r["threads"] == 1}


def fmt(ns):
    if ns is None:
        return "—"
    return f"{ns / 1000:,.1f} µs" if ns >= 1000 else f"{ns:,.0f} ns"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--jmh", required=True)
    p.add_argument("--torch")
    p.add_argument("--out", required=True)
    args = p.parse_args()
    jmh = load_jmh(args.jmh)
    torch = load_torch(args.torch)
    workloads = sorted({w for w, _ in jmh}, key=lambda w: list(dict.fromkeys(w for w, _ in jmh)).index(w))
    lines = ["| workload | gradient | hvp | hvp / gradient | PyTorch gradient | PyTorch hvp | PyTorch hvp / gradient |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for w in workloads:
        g, h = jmh.get((w, "gradient")), jmh.get((w, "hvp"))
        tg, th = torch.get((w, "gradient")), torch.get((w, "hvp"))
        ratio = f"{h / g:.2f}×" if g and h else "—"
        tratio = f"{th / tg:.2f}×" if tg and th else "—"
        lines.append(f"| {w} | {fmt(g)} | {fmt(h)} | {ratio} | {fmt(tg)} | {fmt(th)} | {tratio} |")
    text = "\n".join(lines) + "\n"
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
