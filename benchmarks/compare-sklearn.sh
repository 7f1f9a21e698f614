#!/usr/bin/env bash
# Compares TraceGrad's optimizers with scikit-learn and SciPy on L2 logistic regression (breast
# cancer, standardised, C = 1) and writes the table into a section of docs/PERFORMANCE.md.
#
#   benchmarks/compare-sklearn.sh                 build, fit, compare, write the section
#   benchmarks/compare-sklearn.sh --skip-build    reuse benchmarks/target/benchmarks.jar
#
# Options:
#   --skip-build      do not build the benchmarks jar
#   --repeats N       timed fits per optimizer, after warm-up (default 30)
#   --out FILE        report path (default: docs/PERFORMANCE.md; only the section between the
#                     compare-sklearn markers is replaced, or it is appended)
#
# Needs a JDK 17+, Maven and Debian's python3 with python3-sklearn, python3-scipy and
# python3-statsmodels, which are installed with apt-get when missing (PYTHON overrides the
# interpreter, default /usr/bin/python3). Exits 1 if a fit that must agree with scikit-learn's
# differs by more than 1e-5, or a standard error from statsmodels' by more than 1e-4 relative.

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=true
repeats=30
out="docs/PERFORMANCE.md"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --skip-build) build=false ;;
    --repeats) repeats="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,/^$/p' "$root/benchmarks/compare-sklearn.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare-sklearn.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

python="${PYTHON:-/usr/bin/python3}"
if ! "$python" -c 'import sklearn, scipy, statsmodels' 2>/dev/null; then
  echo "compare-sklearn.sh: installing python3-sklearn python3-scipy python3-statsmodels" >&2
  if [[ $(id -u) -eq 0 ]]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get install -y -q python3-sklearn python3-scipy python3-statsmodels >&2
fi

load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
jar="benchmarks/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
data="sample-app/src/main/resources/datasets/breast_cancer.csv"
results="benchmarks/target/results"
mkdir -p "$results"

if $build; then
  mvn -B -q -pl benchmarks -am -DskipTests package
fi

"$java" -cp "$jar" dev.tracegrad.bench.optim.OptimizerComparison "$data" "$results/optimizers.json" "$repeats"

source="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then source+=" with local changes"; fi
"$python" benchmarks/compare_sklearn.py --data "$data" --tracegrad "$results/optimizers.json" \
  --report "$out" --repeats "$repeats" --command "benchmarks/compare-sklearn.sh" \
  --source "$source" --load-start "$load_start"
