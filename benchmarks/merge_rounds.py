#!/usr/bin/env python3
"""Merges the result files of run.sh's rounds into one file of the single-round format.

run.sh runs every benchmark once per round, one fork each, and the rounds one after another, so
a benchmark's forks are spread over the whole run instead of following one another: a phase in
which the shared machine runs slower then touches one fork of every benchmark rather than all
forks of a few, and the median over forks passes it over.

  merge_rounds.py jmh OUT IN...    JMH JSON: an entry per benchmark and parameters, with the
                                   forks (rawData) of every round, primary and secondary metrics
  merge_rounds.py torch OUT IN...  torch_bench.py JSON: each figure the median over rounds
"""

import copy
import json
import statistics
import sys


def key(entry):
    return entry["benchmark"], tuple(sorted(entry.get("params", {}).items()))


def add_forks(metric, more):
    metric["rawData"] += more["rawData"]
    # JMH's summary of one round's forks would now be wrong: the report reads rawData only.
    for stale in ("score", "scoreError", "scoreConfidence", "scorePercentiles"):
        metric.pop(stale, None)


def merge_jmh(rounds):
    merged = {}
    for entries in rounds:
        for e in entries:
            m = merged.get(key(e))
            if m is None:
                merged[key(e)] = copy.deepcopy(e)
                continue
            m["forks"] = m.get("forks", 1) + e.get("forks", 1)
            add_forks(m["primaryMetric"], e["primaryMetric"])
            for name, metric in e.get("secondaryMetrics", {}).items():
                target = m.setdefault("secondaryMetrics", {}).get(name)
                if target is None:
                    m["secondaryMetrics"][name] = metric
                else:
                    add_forks(target, metric)
    return list(merged.values())


def merge_torch(rounds):
    figures = {}
    for data in rounds:
        for r in data["results"]:
            k = (r["workload"], r["size"], r["threads"], r["op"])
            figures.setdefault(k, dict(r, rounds=[]))["rounds"].append(r["ns"])
    for r in figures.values():
        r["ns"] = statistics.median(r["rounds"])
    return {"meta": dict(rounds[0]["meta"], rounds=len(rounds)), "results": list(figures.values())}


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("jmh", "torch"):
        sys.exit(__doc__)
    kind, out, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    rounds = []
    for path in inputs:
        with open(path, encoding="utf-8") as f:
            rounds.append(json.load(f))
    merged = merge_jmh(rounds) if kind == "jmh" else merge_torch(rounds)
    with open(out, "w", encoding="utf-8") as f:
        json.dump(merged, f, indent=1)


if __name__ == "__main__":
    main()
