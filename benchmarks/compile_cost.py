#!/usr/bin/env python3
"""Compile-time cost of the TraceGrad processor per annotated method.

Writes one source file with many @Differentiable methods (the workloads of the benchmarks'
Losses.java in turn, numbered apart), compiles it with a fresh javac process with and without the
processor, and reports the median wall times. The difference divided by the number of methods is the cost per method; it includes
compiling the generated classes, as a user's build would.
"""

import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

LOSSES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                      "src/main/java/dev/tracegrad/bench/Losses.java")


def annotated_methods(path):
    """The @Differentiable methods of the benchmarks' Losses.java, as source text."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return re.findall(r"^    @Differentiable.*?^    }\n", text, flags=re.S | re.M)


def source(methods):
    """One class with `methods` annotated methods: the workloads in turn, numbered apart."""
    templates = annotated_methods(LOSSES)
    if not templates:
        sys.exit(f"no @Differentiable methods found in {LOSSES}")
    body = []
    for i in range(methods):
        body.append(re.sub(r"(static double \w+)\(", rf"\g<1>{i}(", templates[i % len(templates)],
                           count=1))
    return ("package probe;\n\n"
            "import static dev.tracegrad.Ops.*;\n\n"
            "import dev.tracegrad.Differentiable;\n"
            "import dev.tracegrad.Matrix;\n\n"
            "final class ManyLosses {\n" + "\n".join(body) + "}\n")


def compile_ms(javac, args, workdir):
    out = tempfile.mkdtemp(dir=workdir)
    start = time.perf_counter()
    proc = subprocess.run([javac, "-d", out, "-s", out] + args, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        sys.exit("javac failed:\n" + proc.stdout + proc.stderr)
    return elapsed, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runtime-jar", required=True)
    parser.add_argument("--processor-dir", required=True, help="folder of the processor's jars")
    parser.add_argument("--methods", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    javac = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "javac")
    if not os.path.exists(javac):
        javac = "javac"
    processor_path = os.pathsep.join(sorted(glob.glob(os.path.join(args.processor_dir, "*.jar"))))
    with tempfile.TemporaryDirectory() as work:
        src = os.path.join(work, "probe", "ManyLosses.java")
        os.makedirs(os.path.dirname(src))
        with open(src, "w", encoding="utf-8") as f:
            f.write(source(args.methods))
        common = ["-cp", args.runtime_jar, "--release", "17", src]
        plain = ["-proc:none"] + common
        processed = ["-processorpath", processor_path] + common
        # Alternate the two so that drift in machine load hits both alike.
        without, with_ = [], []
        generated = 0
        for _ in range(args.repeats):
            without.append(compile_ms(javac, plain, work)[0])
            ms, out = compile_ms(javac, processed, work)
            with_.append(ms)
            generated = len(glob.glob(os.path.join(out, "probe", "*Gradient.java")))
    if generated != args.methods:
        sys.exit(f"expected {args.methods} generated classes but found {generated}")
    result = {
        "methods": args.methods, "repeats": args.repeats,
        "without_ms": statistics.median(without), "with_ms": statistics.median(with_),
        "without_all_ms": without, "with_all_ms": with_,
    }
    result["per_method_ms"] = (result["with_ms"] - result["without_ms"]) / args.methods
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    print(f"javac without processor {result['without_ms']:.0f} ms, with {result['with_ms']:.0f} ms"
          f" for {args.methods} methods: {result['per_method_ms']:.1f} ms per method")


if __name__ == "__main__":
    main()
