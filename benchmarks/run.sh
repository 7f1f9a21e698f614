#!/usr/bin/env bash
# Builds and runs the TraceGrad benchmarks and writes docs/PERFORMANCE.md.
#
#   benchmarks/run.sh            full run: 3 rounds × (5 warm-up + 5 measured 1 s iterations), ~45 min
#   benchmarks/run.sh --quick    smoke run: 1 round × (2 warm-up + 3 measured 0.5 s iterations)
#
# A round runs every benchmark once, in a JMH fork of its own, then PyTorch's side; the rounds
# follow one another and their results are merged (merge_rounds.py). So each benchmark's forks
# are spread over the whole run: on a shared machine whose speed changes from minute to minute,
# a slow phase touches one fork of many benchmarks, which the median over forks passes over,
# instead of every fork of the few benchmarks that JMH's -f N would run back to back in it.
#
# Options:
#   --quick               few, short iterations; the report is labelled a noisy smoke run
#   --forks N             rounds, i.e. JMH forks per benchmark (default 3, 1 with --quick; each
#                         figure is the median over forks of the per-fork medians, PyTorch's the
#                         median over rounds)
#   --workloads LIST      comma-separated subset of mlp,logreg,gauss,digits (default: all)
#   --skip-build          reuse benchmarks/target/benchmarks.jar
#   --no-torch            do not run (or install) the PyTorch comparison
#   --no-compile-cost     do not measure the processor's compile time
#   --out FILE            report path (default: docs/PERFORMANCE.md)
#   --hvp                 also measure Hessian-vector products (HvpBenchmark: the buffer-taking hvp
#                         beside the buffer-taking gradient on every workload, and PyTorch's
#                         torch.autograd.functional.hvp); the table goes to
#                         benchmarks/target/results/hvp.md, not into the report
#   --vector              also run the generated benchmarks on a JVM started with
#                         --add-modules jdk.incubator.vector (the runtime's opt-in Vector API
#                         kernels; a column of their own), and the product kernel alone, scalar
#                         against vector (GemmBenchmark)
#
# Every run also measures, at its start and again at its end, the machine's peak (FmaPeak,
# vector fused multiply-adds on one core) and its unit costs (CostProbe: read bandwidth,
# elementwise functions) for the report's "what limits each workload" section; the report
# takes the best of each and states the spread.
# Needs a JDK 17+, Maven and python3. PyTorch comes from Debian's python3-torch (with OpenBLAS),
# installed with apt-get when missing; if that fails the report says PyTorch was skipped.

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command_line="benchmarks/run.sh"
for arg in "$@"; do
  # Quote only what the shell would otherwise split or expand.
  if [[ "$arg" =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then command_line+=" $arg"; else command_line+=" $(printf '%q' "$arg")"; fi
done

quick=false
workloads="mlp,logreg,gauss,digits"
build=true
torch=true
compile_cost=true
out="docs/PERFORMANCE.md"
vector=false
hvp=false
forks=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true ;;
    --forks) forks="$2"; shift ;;
    --workloads) workloads="$2"; shift ;;
    --skip-build) build=false ;;
    --no-torch) torch=false ;;
    --no-compile-cost) compile_cost=false ;;
    --out) out="$2"; shift ;;
    --vector) vector=true ;;
    --hvp) hvp=true ;;
    -h|--help) sed -n '2,/^$/p' "$root/benchmarks/run.sh" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if $quick; then
  mode=quick
  rounds="${forks:-1}"
  jmh_options="-f 1 -wi 2 -w 500ms -i 3 -r 500ms"
  torch_options="--samples 5 --min-sample-seconds 0.02"
  compile_repeats=3
else
  mode=full
  rounds="${forks:-3}"
  jmh_options="-f 1 -wi 5 -w 1s -i 5 -r 1s"
  torch_options="--samples 15 --min-sample-seconds 0.1"
  compile_repeats=5
fi
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --forks takes a positive number" >&2; exit 2; }

# JMH benchmark classes are named after the workloads: mlp → MlpBenchmark.
classes=""
IFS=',' read -r -a selected <<< "$workloads"
for w in "${selected[@]}"; do
  case "$w" in
    mlp|logreg|gauss|digits) classes+="${classes:+|}${w^}Benchmark" ;;
    *) echo "run.sh: unknown workload $w (known: mlp, logreg, gauss, digits)" >&2; exit 2 ;;
  esac
done

results="benchmarks/target/results"
jar="benchmarks/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

if $build; then
  echo "== building the benchmarks jar"
  # clean: the compiler plugin's incremental build does not run the processor again on
  # unchanged sources when only the processor changed, and would measure stale generated code.
  mvn -B -q -pl benchmarks -am -DskipTests clean package
fi
[[ -f "$jar" ]] || { echo "run.sh: $jar is missing; run without --skip-build" >&2; exit 1; }
rm -rf "$results"
mkdir -p "$results"
# Other work on the machine skews every figure; the report states the load before and after.
load_start="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

vector_flag="--add-modules=jdk.incubator.vector"
# The unit costs are measured at the start and again at the end: the report takes the best of
# each and states the spread, which shows whether the machine's speed changed during the run.
unit_costs() {
  echo "== the machine's unit costs ($1): FmaPeak, CostProbe"
  "$java" "$vector_flag" -cp "$jar" dev.tracegrad.bench.FmaPeak "$results/peak-$1.json" \
    2> "$results/peak-$1.log" || echo "FmaPeak failed (see $results/peak-$1.log)"
  "$java" -cp "$jar" dev.tracegrad.bench.CostProbe "$results/costs-$1.json" \
    2> "$results/costs-$1.log" || echo "CostProbe failed (see $results/costs-$1.log)"
  if $vector; then
    # The runtime's passes over arrays (the sigmoid pass) run vector code with the module.
    "$java" "$vector_flag" -cp "$jar" dev.tracegrad.bench.CostProbe "$results/costs-vector-$1.json" \
      2> "$results/costs-vector-$1.log" || echo "CostProbe failed (see $results/costs-vector-$1.log)"
  fi
}
unit_costs start

# Debian's python3-torch installs for Debian's own interpreter, which need not be the python3
# first on PATH (pyenv, a venv): use whichever of the two imports torch.
torch_python() {
  local p
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import torch' 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# Debian's torch calls whatever libblas.so.3 the alternatives system selects; without OpenBLAS
# that is the unoptimised reference BLAS, which would make PyTorch a straw man.
have_openblas() {
  dpkg-query -W -f='${Status}' libopenblas0-pthread 2>/dev/null | grep -q 'ok installed'
}

torch_note=""
torch_env="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE"
py=""
if $torch; then
  if ! torch_python >/dev/null || ! have_openblas; then
    echo "== installing Debian's python3-torch and OpenBLAS"
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo -n"
    export DEBIAN_FRONTEND=noninteractive
    packages="python3-torch libopenblas0-pthread"
    $sudo apt-get install -y -q $packages >"$results/apt.log" 2>&1 \
      || { $sudo apt-get update -q >>"$results/apt.log" 2>&1 \
           && $sudo apt-get install -y -q $packages >>"$results/apt.log" 2>&1; } \
      || true
  fi
  if ! py="$(torch_python)"; then
    py=""
    torch_note="python3-torch could not be installed or imported (see $results/apt.log)"
    echo "== PyTorch skipped: $torch_note"
  fi
else
  torch_note="skipped with --no-torch"
fi

# JMH, one fork per benchmark, into rounds/$1-$2.json ($1 names the results, $2 is the round).
jmh() {
  local name="$1" round="$2"
  shift 2
  # shellcheck disable=SC2086  # jmh_options is a list of words on purpose
  "$java" -jar "$jar" $jmh_options -rf json -rff "$results/rounds/$name-$round.json" "$@" \
    | tee -a "$results/$name.log"
}
# Round $1: every benchmark of the run once, then PyTorch's side.
round() {
  local r="$1"
  echo "== round $r of $rounds, JMH ($mode): $classes"
  jmh jmh "$r" -prof gc "dev\\.tracegrad\\.bench\\.jmh\\.($classes)\\."
  echo "== round $r of $rounds, JMH ($mode): losses written two ways (WrittenFormsBenchmark)"
  jmh jmh-forms "$r" "dev\\.tracegrad\\.bench\\.jmh\\.WrittenFormsBenchmark\\."
  if $vector; then
    echo "== round $r of $rounds, JMH ($mode), generated code with $vector_flag: $classes"
    # Only the generated code calls the runtime's kernels; hand-written and EJML code would
    # measure the same twice.
    jmh jmh-vector "$r" -prof gc -jvmArgsAppend "$vector_flag" \
      "dev\\.tracegrad\\.bench\\.jmh\\.($classes)\\.generated(Value|Gradient)\$"
    echo "== round $r of $rounds, JMH ($mode): the product kernel alone, scalar and vector"
    # GemmBenchmark's forks add the module themselves (vector) or not (scalar).
    jmh jmh-gemm "$r" "dev\\.tracegrad\\.bench\\.jmh\\.GemmBenchmark\\."
  fi
  if $hvp; then
    echo "== round $r of $rounds, JMH ($mode): Hessian-vector products beside gradients (HvpBenchmark)"
    jmh jmh-hvp "$r" -prof gc "dev\\.tracegrad\\.bench\\.jmh\\.HvpBenchmark\\."
  fi
  if [[ -n "$py" ]]; then
    echo "== round $r of $rounds, PyTorch ($py)"
    # OpenBLAS picks its kernels for the CPU it finds unless OPENBLAS_CORETYPE pins a family
    # (this machine's environment pins Haswell, i.e. AVX2, and an L2 size): the comparison is
    # with PyTorch as it runs by default, so both are unset for PyTorch alone. torch_bench.py
    # checks its products and records the kernel OpenBLAS chose.
    # shellcheck disable=SC2086
    $torch_env "$py" benchmarks/torch_bench.py --out "$results/rounds/torch-$r.json" \
      --workloads "$workloads" $torch_options
    if $hvp; then
      echo "== round $r of $rounds, PyTorch hvp ($py, one thread)"
      # shellcheck disable=SC2086
      $torch_env OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 "$py" benchmarks/torch_bench.py \
        --out "$results/rounds/torch-hvp-$r.json" --workloads "$workloads" --threads 1 \
        --ops gradient,hvp $torch_options
    fi
  fi
}
mkdir -p "$results/rounds"
for ((r = 1; r <= rounds; r++)); do
  round "$r"
done
merged=(jmh jmh-forms)
$vector && merged+=(jmh-vector jmh-gemm)
$hvp && merged+=(jmh-hvp)
for name in "${merged[@]}"; do
  python3 benchmarks/merge_rounds.py jmh "$results/$name.json" "$results/rounds/$name"-[0-9]*.json
done
if [[ -n "$py" ]]; then
  python3 benchmarks/merge_rounds.py torch "$results/torch.json" "$results/rounds"/torch-[0-9]*.json
  if $hvp; then
    python3 benchmarks/merge_rounds.py torch "$results/torch-hvp.json" "$results/rounds"/torch-hvp-[0-9]*.json
  fi
fi

unit_costs end

echo "== bytes allocated per call, counted by the JVM after warm-up"
"$java" -cp "$jar" dev.tracegrad.bench.AllocationProbe "$results/alloc.json" "$workloads"

if $compile_cost; then
  echo "== compile time of 50 annotated methods, with and without the processor"
  python3 benchmarks/compile_cost.py --methods 50 --repeats "$compile_repeats" \
    --runtime-jar "$(ls benchmarks/target/runtime-path/*.jar)" \
    --processor-dir benchmarks/target/processor-path --out "$results/compile.json"
fi

# shellcheck disable=SC2046  # the vector costs' two paths, or none
python3 benchmarks/report.py --jmh "$results/jmh.json" --alloc "$results/alloc.json" \
  --torch "$results/torch.json" --jmh-vector "$results/jmh-vector.json" \
  --jmh-gemm "$results/jmh-gemm.json" --peak "$results/peak-start.json" "$results/peak-end.json" \
  --costs "$results/costs-start.json" "$results/costs-end.json" \
  --vector-costs $($vector && echo "$results/costs-vector-start.json $results/costs-vector-end.json") \
  --jmh-forms "$results/jmh-forms.json" \
  --torch-note "$torch_note" --compile "$results/compile.json" --mode "$mode" \
  --jmh-options "$jmh_options -prof gc" --rounds "$rounds" --command "$command_line" --java "$java" \
  --load-start "$load_start" --out "$out"

if $hvp; then
  echo "== Hessian-vector products: $results/hvp.md"
  python3 benchmarks/hvp_report.py --jmh "$results/jmh-hvp.json" --torch "$results/torch-hvp.json" \
    --out "$results/hvp.md"
fi
