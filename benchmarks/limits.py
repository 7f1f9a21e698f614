"""What limits each workload: the report's attribution of a measured time to the machine's units.

For one call of a generated gradient, three lower bounds on its time, each from a unit cost
measured on the same machine in the same run:
  compute    nominal flops (report.flops) at the one-core FMA peak (FmaPeak);
  memory     the bytes its passes must read at least once, at the rate one thread reads a
             working set of that size (CostProbe), counted only when that exceeds 8 MB: smaller
             data stays in cache and is read faster than any rate measured here;
  functions  the elementwise functions the generated code calls (exp, log, sigmoid, softplus,
             tanh), each at its measured time per entry over an array (CostProbe).
Their shares of the measured time, and the rest (loop and call overhead, packing, what the JIT
made of the loops), name what limits it. The counts below follow the generated code of the four
workloads (benchmarks/src/main/java/dev/tracegrad/bench/Losses.java).
"""

MB = 1 << 20


def dims(workload, size):
    """The dimensions of a workload at a benchmark size (the JMH @Param values)."""
    if workload == "mlp":
        return dict(zip("dhkn", {"tiny": (16, 32, 10, 1), "small": (64, 64, 10, 32),
                                 "large": (784, 256, 10, 256)}[size]))
    if workload == "logreg":
        return dict(zip("dn", (int(v) for v in size.split("x"))))
    if workload == "gauss":
        return {"n": int(size)}
    return {"d": 64, "h": 32, "k": 10, "n": 64}


def function_calls(workload, size):
    """Calls per value+gradient of the generated code, by function."""
    x = dims(workload, size)
    if workload == "mlp":
        # σ on the hidden layer, a pass of its own (the runtime's ArrayFunctions.sigmoid, vector
        # code with the Vector API); logSoftmax: one exp per entry forward, one backward, a log
        # per column.
        return {"sigmoid_pass": x["h"] * x["n"], "exp": 2 * x["k"] * x["n"], "log": x["n"]}
    if workload == "logreg":
        # softplus takes the one exponential the derivative's σ reuses.
        return {"softplus": x["n"]}
    if workload == "gauss":
        return {}
    return {"tanh": x["h"] * x["n"], "exp": 2 * x["k"] * x["n"], "log": x["n"]}


def read_bytes(workload, size):
    """Bytes a value+gradient must read at least once: its inputs, once per pass that needs
    them, and its gradients written."""
    x = dims(workload, size)
    if workload == "logreg":
        # X in the forward product Xᵀw and again in the backward one, X·g.
        entries = 2 * x["d"] * x["n"] + 2 * x["n"] + 2 * x["d"]
    elif workload == "gauss":
        entries = 3 * x["n"] ** 2
    else:
        d, h, k, n = x["d"], x["h"], x["k"], x["n"]
        entries = 2 * (h * d + k * h) + d * n + k * n
    return 8 * entries


def read_rate(costs, nbytes):
    """GB/s for a working set of nbytes: the rate measured for the smallest set at least as
    large, or for the largest."""
    rates = sorted((int(b), r) for b, r in costs["read_gbs"].items())
    return next((r for b, r in rates if b >= nbytes), rates[-1][1])


def attribute(workload, size, ns, flops, peak, costs):
    """{compute, memory, functions, rest}: shares of ns (memory None when the data is in
    cache), and the figures behind them."""
    compute = flops / peak / ns if peak else None
    nbytes = read_bytes(workload, size)
    memory = None
    rate = None
    if nbytes >= 8 * MB:
        rate = read_rate(costs, nbytes)
        memory = nbytes / rate / ns
    calls = function_calls(workload, size)
    fn_ns = sum(c * costs["ns_per_entry"][f] for f, c in calls.items())
    functions = fn_ns / ns
    rest = 1 - (compute or 0) - (memory or 0) - functions
    return {"compute": compute, "memory": memory, "functions": functions, "rest": rest,
            "bytes": nbytes, "rate": rate, "calls": calls, "gflops": flops / ns}


def verdict(a, vector):
    """A sentence naming the limit, with its numbers."""
    c, m, f = a["compute"] or 0, a["memory"] or 0, a["functions"]
    if m >= 0.5:
        return (f"memory: {a['bytes'] / MB:,.0f} MB read at {a['rate']:.0f} GB/s take "
                f"{100 * m:.0f}% of the time")
    if c >= 0.5:
        return f"compute: {a['gflops']:.1f} GFLOP/s, {100 * c:.0f}% of the FMA peak"
    if f >= 0.3 and f >= a["rest"]:
        names = ", ".join(f"{n:,} {fn}" for fn, n in a["calls"].items())
        return f"elementwise functions: {names} take {100 * f:.0f}% of the time"
    if a["gflops"] >= 5:
        loops = ("the Vector API products and scalar loops" if vector
                 else "scalar loops as C2 compiles them")
        return (f"JIT code: {a['gflops']:.1f} GFLOP/s from {loops}, {100 * c:.0f}% of the "
                f"FMA peak (functions {100 * f:.0f}%)")
    return (f"fixed costs: flops at peak {100 * c:.0f}%, functions {100 * f:.0f}%, the rest "
            "is loops, calls and checks too short for the JIT to amortise")


def fmt_share(s):
    return "in cache" if s is None else f"{100 * s:.0f}%"
