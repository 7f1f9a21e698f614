#!/usr/bin/env python3
"""PyTorch baselines for the TraceGrad benchmarks.

The same workloads as the JMH suite (float64, CPU, samples as columns), timed for the forward
pass alone ("value") and for forward plus backward ("gradient"), and with --ops hvp for the
Hessian-vector product torch.autograd.functional.hvp ("hvp"), with 1 and 2 intra-op threads. Each timing is the median over samples of a batch of calls long enough for the clock.
Results go to a JSON file that benchmarks/report.py reads.
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn.functional as F

DTYPE = torch.float64


def weights(rows, cols, gen):
    return torch.randn(rows, cols, dtype=DTYPE, generator=gen) / math.sqrt(cols)


def one_hot(k, n, gen):
    y = torch.zeros(k, n, dtype=DTYPE)
    y[torch.randint(k, (n,), generator=gen), torch.arange(n)] = 1
    return y


def spd(n, m, gen, plus_identity):
    a = torch.randn(n, m, dtype=DTYPE, generator=gen)
    s = a @ a.T / m
    return s + torch.eye(n, dtype=DTYPE) if plus_identity else s


def mlp(size, gen):
    d, h, k, n = {"tiny": (16, 32, 10, 1), "small": (64, 64, 10, 32),
                  "large": (784, 256, 10, 256)}[size]
    w1, w2 = weights(h, d, gen), weights(k, h, gen)
    x, y = torch.randn(d, n, dtype=DTYPE, generator=gen), one_hot(k, n, gen)

    def loss(w1, w2):
        hidden = torch.sigmoid(w1 @ x)
        return -(y * F.log_softmax(w2 @ hidden, dim=0)).sum()

    return loss, [w1, w2]


def logreg(size, gen):
    d, n = (int(v) for v in size.split("x"))
    w, x = weights(d, 1, gen), torch.randn(d, n, dtype=DTYPE, generator=gen)
    y = torch.where(torch.rand(n, 1, generator=gen, dtype=DTYPE) < 0.5, 1.0, -1.0).to(DTYPE)

    def loss(w):
        return F.softplus(-y * (x.T @ w)).sum()

    return loss, [w]


def gauss(size, gen):
    n = int(size)
    sigma, s = spd(n, n, gen, True), spd(n, 2 * n, gen, False)

    def loss(sigma):
        return torch.logdet(sigma) + torch.trace(torch.linalg.inv(sigma) @ s)

    return loss, [sigma]


def digits(size, gen):
    d, h, k, n = 64, 32, 10, 64
    w1, b1, w2, b2 = weights(h, d, gen), weights(h, 1, gen), weights(k, h, gen), weights(k, 1, gen)
    x = torch.randint(17, (d, n), generator=gen).to(DTYPE) / 16
    y = one_hot(k, n, gen)

    def loss(w1, b1, w2, b2):
        hidden = torch.tanh(w1 @ x + b1)
        return -(y * F.log_softmax(w2 @ hidden + b2, dim=0)).sum() / n

    return loss, [w1, b1, w2, b2]


WORKLOADS = {
    "mlp": (mlp, ["tiny", "small", "large"]),
    "logreg": (logreg, ["20x100", "500x10000"]),
    "gauss": (gauss, ["8", "64", "256"]),
    "digits": (digits, ["64-32-10x64"]),
}


def median_ns(call, min_sample_s, samples):
    """Median time of one call, over samples of as many calls as fill min_sample_s."""
    for _ in range(3):
        call()
    calls = 1
    while True:
        start = time.perf_counter_ns()
        for _ in range(calls):
            call()
        elapsed = time.perf_counter_ns() - start
        if elapsed >= min_sample_s * 1e9 or calls >= 1 << 20:
            break
        calls *= 2
    times = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(calls):
            call()
        times.append((time.perf_counter_ns() - start) / calls)
    return statistics.median(times), calls


def measure(name, size, threads, min_sample_s, samples, ops=("value", "gradient")):
    make, _ = WORKLOADS[name]
    loss, params = make(size, torch.Generator().manual_seed(7))
    directions_gen = torch.Generator().manual_seed(11)
    directions = tuple(torch.randn(p.shape, dtype=DTYPE, generator=directions_gen) for p in params)

    def value():
        with torch.no_grad():
            return loss(*params).item()

    leaves = [p.clone().requires_grad_(True) for p in params]

    def gradient():
        for p in leaves:
            p.grad = None
        out = loss(*leaves)
        out.backward()
        return out.item()

    def hvp():
        # the loss and H·v at params along the directions (double backward inside)
        out, products = torch.autograd.functional.hvp(loss, tuple(params), directions)
        return out.item()

    by_op = {"value": value, "gradient": gradient, "hvp": hvp}
    rows = []
    for op, call in ((op, by_op[op]) for op in ops):
        ns, calls = median_ns(call, min_sample_s, samples)
        rows.append({"workload": name, "size": size, "threads": threads, "op": op,
                     "ns": ns, "calls_per_sample": calls, "samples": samples})
        print(f"torch {name:6} {size:12} threads={threads} {op:8} {ns:14.1f} ns", flush=True)
    return rows


def blas_library():
    """The BLAS library this process loaded (Debian's torch takes whichever libblas.so.3 the
    alternatives system selects), or "unknown"."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower()}
        return ", ".join(sorted(os.path.realpath(p) for p in paths if p.startswith("/"))) or "none"
    except OSError:
        return "unknown"


def openblas_core():
    """The kernel family OpenBLAS chose on this CPU (openblas_get_corename), or "unknown": it
    shows whether OPENBLAS_CORETYPE pinned it (Haswell is AVX2) or it picked its own."""
    import ctypes
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = sorted({line.split()[-1] for line in maps if "libopenblas" in line})
        if not paths:
            return "unknown"
        lib = ctypes.CDLL(paths[0])
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return "unknown"


def check_products(gen):
    """Fails unless BLAS products are right to rounding: a 96×200×64 product against sums of
    entrywise products, which do not go through the BLAS kernel."""
    a = torch.randn(96, 200, dtype=DTYPE, generator=gen)
    b = torch.randn(200, 64, dtype=DTYPE, generator=gen)
    blas = a @ b
    plain = (a.unsqueeze(2) * b.unsqueeze(0)).sum(1)
    error = ((blas - plain).abs().max() / plain.abs().max()).item()
    if not error < 1e-13:
        sys.exit(f"BLAS products are wrong on this machine: relative error {error:.3g}")
    return error


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--workloads", default=",".join(WORKLOADS),
                        help="comma-separated subset of " + ",".join(WORKLOADS))
    parser.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    parser.add_argument("--samples", type=int, default=15, help="timed samples per figure")
    parser.add_argument("--min-sample-seconds", type=float, default=0.05,
                        help="each sample repeats the call until it lasts this long")
    parser.add_argument("--ops", default="value,gradient",
                        help="comma-separated subset of value,gradient,hvp")
    args = parser.parse_args()

    names = [w for w in args.workloads.split(",") if w]
    unknown = [w for w in names if w not in WORKLOADS]
    if unknown:
        sys.exit(f"unknown workloads {unknown}; known: {list(WORKLOADS)}")
    counts = [int(t) for t in args.threads.split(",")]
    if len(counts) > 1:
        merge_runs(args, counts)
        return
    # Inter-op parallelism would only add scheduling noise to these single-graph calls.
    torch.set_num_interop_threads(1)
    torch.set_num_threads(counts[0])
    product_error = check_products(torch.Generator().manual_seed(3))
    results = []
    for name in names:
        for size in WORKLOADS[name][1]:
            results.extend(measure(name, size, counts[0], args.min_sample_seconds, args.samples,
                                   tuple(op for op in args.ops.split(",") if op)))
    meta = {"torch": torch.__version__, "python": sys.version.split()[0], "blas": blas_library(),
            "openblas_core": openblas_core(), "product_error": product_error,
            "openblas_env": {k: v for k, v in sorted(os.environ.items()) if k.startswith("OPENBLAS_")},
            "config": torch.__config__.show(), "samples": args.samples,
            "min_sample_seconds": args.min_sample_seconds}
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "results": results}, f, indent=1)


def merge_runs(args, counts):
    """Runs each thread count in its own process and merges the results.

    torch.set_num_threads governs torch's own OpenMP pool, but BLAS libraries size their pools
    from the environment when they load; a fresh process with the thread variables set is the
    only way to give both the same count.
    """
    merged, meta = [], None
    for threads in counts:
        env = dict(os.environ, OMP_NUM_THREADS=str(threads),
                   OPENBLAS_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
        part = f"{args.out}.{threads}-threads"
        subprocess.run([sys.executable, os.path.abspath(__file__), "--out", part,
                        "--workloads", args.workloads, "--threads", str(threads),
                        "--samples", str(args.samples), "--ops", args.ops,
                        "--min-sample-seconds", str(args.min_sample_seconds)],
                       env=env, check=True)
        with open(part, encoding="utf-8") as f:
            data = json.load(f)
        os.remove(part)
        merged.extend(data["results"])
        meta = data["meta"]
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "results": merged}, f, indent=1)


if __name__ == "__main__":
    main()
