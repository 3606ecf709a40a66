#!/usr/bin/env bash
# Side-by-side membership benchmark (docs/benchmarks.md, "The cluster scenario"): our Gossiper against
# scalecube-cluster, every run in its own fresh network namespace so that the loopback counters
# count that run only.
#
# usage: scripts/cluster-bench.sh [SIZES] [--settle SECONDS] [--measure SECONDS] [--crash K]
#        scripts/cluster-bench.sh N --soak SECONDS [--churn SECONDS]
#   e.g. scripts/cluster-bench.sh 16,64,128      scripts/cluster-bench.sh 1000
#        scripts/cluster-bench.sh 64 --soak 1800 --churn 10
#
# Prints each run's JSON line, then per size the median line of each implementation (field-wise
# medians, a run that gave up counting as the worst value; join_converge_ms_max and
# status_propagation_ms_max are the slowest run's), one line of ratios ours/scalecube and one of
# ours encrypted/ours.
# CPU, allocation, bytes and memory are measured over the --measure window (default 60 s) after
# the --settle period (default 30 s), whose first 10 s are reported apart as
# cpu_ms_per_node_s_first_10s (JIT warm-up). Members beyond 250 run in several JVMs.
# --soak runs our implementation once, restarting one member every --churn seconds (default 10),
# and prints one JSON line per minute (heap after GC, threads, open descriptors, CPU, bytes).
# Durations are seconds, or take a unit (500ms, 30s, 2m).
# Environment: RUNS (3), IMPLS ("swim scalecube"), ENCRYPT (1: also run ours with AES-GCM, each
# encrypted run right after a plain one, with a ratio line swim-encrypted/swim), JAVA_OPTS
# ("-Xmx2g -XX:+UseSerialGC"), BASE_PORT (20000), OUT (a directory for the JSON lines and each
# run's log; default a new one under /tmp).
# Needs root (ip netns), python3 and a JDK 17. Every JVM runs under flock /tmp/swim-build.lock,
# so no Maven build and no other benchmark runs at the same time.
set -uo pipefail

if [ "$(id -u)" != "0" ]; then
  echo "cluster-bench: must run as root: each run needs its own network namespace (ip netns)" >&2
  exit 1
fi
command -v ip >/dev/null || { echo "cluster-bench: 'ip' (iproute2) is missing" >&2; exit 1; }
command -v python3 >/dev/null || { echo "cluster-bench: python3 is missing" >&2; exit 1; }

SIZES="16,64,128"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then
  SIZES="$1"
  shift
fi
PASS=()
SOAK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --settle | --measure | --churn | --crash)
      [ $# -ge 2 ] || { echo "cluster-bench: $1 needs a value" >&2; exit 2; }
      PASS+=("$1" "$2")
      shift 2
      ;;
    --soak)
      [ $# -ge 2 ] || { echo "cluster-bench: --soak needs a value" >&2; exit 2; }
      SOAK="$2"
      PASS+=("$1" "$2")
      shift 2
      ;;
    *)
      echo "cluster-bench: unknown option $1 (see the usage at the top of $0)" >&2
      exit 2
      ;;
  esac
done
RUNS="${RUNS:-3}"
IMPLS="${IMPLS:-swim scalecube}"
ENCRYPT="${ENCRYPT:-1}"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g -XX:+UseSerialGC}"
BASE_PORT="${BASE_PORT:-20000}"
LOCK=/tmp/swim-build.lock
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/swim-benchmarks/target/swim-benchmarks.jar"
OUT="${OUT:-$(mktemp -d /tmp/cluster-bench.XXXXXX)}"
mkdir -p "$OUT"
RESULTS="$OUT/runs.jsonl"
: >"$RESULTS"

CURRENT_NS=""
cleanup() {
  if [ -n "$CURRENT_NS" ]; then
    ip netns pids "$CURRENT_NS" 2>/dev/null | xargs -r kill -9 2>/dev/null
    ip netns del "$CURRENT_NS" 2>/dev/null
    CURRENT_NS=""
  fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP

if [ ! -f "$JAR" ]; then
  echo "cluster-bench: building $JAR" >&2
  (cd "$ROOT" && flock "$LOCK" ./mvnw -B -q -pl swim-benchmarks -am install -DskipTests) || {
    echo "cluster-bench: the build failed" >&2
    exit 1
  }
fi
echo "cluster-bench: sizes $SIZES, $RUNS run(s) each, logs and JSON lines in $OUT" >&2

# One run in a fresh namespace; prints its JSON line (a null line if the JVM printed none).
run_one() {
  local impl="$1" n="$2" run="$3" extra="$4" tag="$1"
  [ -n "$extra" ] && tag="$impl-enc"
  local ns="swimbench-$$-$n-$tag-$run"
  local log="$OUT/$ns.log"
  ip netns add "$ns" || { echo "cluster-bench: cannot create namespace $ns" >&2; return 1; }
  CURRENT_NS="$ns"
  ip netns exec "$ns" ip link set lo up
  local need=$((2 * n * (n - 1) + 64 * n + 1024))
  local line
  line="$(
    ulimit -n "$(ulimit -Hn)" 2>/dev/null
    if [ "$impl" = scalecube ] && [ "$(ulimit -n)" -lt "$need" ]; then
      ulimit -n "$need" 2>/dev/null ||
        echo "cluster-bench: cannot raise the open-files limit to $need (hard limit $(ulimit -Hn))" >>"$log"
    fi
    # shellcheck disable=SC2086
    flock "$LOCK" ip netns exec "$ns" java $JAVA_OPTS -jar "$JAR" cluster --impl "$impl" \
      --nodes "$n" --base-port "$BASE_PORT" $extra ${PASS[@]+"${PASS[@]}"} 2>>"$log" |
      grep '^{' | if [ -n "$SOAK" ]; then tee /dev/stderr | tail -1; else tail -1; fi
  )"
  cleanup
  if [ -z "$line" ]; then
    line="$(python3 "$(dirname "$0")/cluster_bench_summary.py" error "$impl" "$n" "$log")"
  fi
  echo "$line" >>"$RESULTS"
  echo "$line"
}

summarize() {
  python3 "$(dirname "$0")/cluster_bench_summary.py" "$RESULTS" "$1"
}

IFS=',' read -r -a SIZE_LIST <<<"$SIZES"
if [ -n "$SOAK" ]; then
  # one run of ours: the per-minute lines go to standard error as they come, the result last
  [ ${#SIZE_LIST[@]} -eq 1 ] || { echo "cluster-bench: --soak takes one size" >&2; exit 2; }
  echo "cluster-bench: soak of ${SIZE_LIST[0]} members for $SOAK s" >&2
  run_one swim "${SIZE_LIST[0]}" 1 ""
  exit 0
fi
for n in "${SIZE_LIST[@]}"; do
  for impl in $IMPLS; do
    for run in $(seq 1 "$RUNS"); do
      echo "cluster-bench: n=$n impl=$impl run $run/$RUNS" >&2
      run_one "$impl" "$n" "$run" ""
      # each encrypted run right after a plain one, so that both see the same machine
      if [ "$impl" = swim ] && [ "$ENCRYPT" = 1 ]; then
        echo "cluster-bench: n=$n impl=swim (encrypted) run $run/$RUNS" >&2
        run_one swim "$n" "$run" "--encrypt"
      fi
    done
  done
  summarize "$n"
done
