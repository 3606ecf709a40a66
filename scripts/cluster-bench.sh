#!/usr/bin/env bash
# Side-by-side membership benchmark (docs/benchmarks.md, "The cluster scenario"): our Gossiper against
# scalecube-cluster, every run in its own fresh network namespace so that the loopback counters
# count that run only.
#
# usage: scripts/cluster-bench.sh [SIZES]          e.g. scripts/cluster-bench.sh 16,64,128
#
# Prints each run's JSON line, then per size the median line of each implementation (field-wise
# medians; a run that gave up counts as the worst value) and one line of ratios ours/scalecube.
# Environment: RUNS (3), IMPLS ("swim scalecube"), ENCRYPT (1: also run ours with AES-GCM,
# reported but not compared), JAVA_OPTS ("-Xmx2g -XX:+UseSerialGC"), BASE_PORT (20000),
# OUT (a directory for the JSON lines and each run's log; default a new one under /tmp).
# Needs root (ip netns), python3 and a JDK 17. Every JVM runs under flock /tmp/swim-build.lock,
# so no Maven build and no other benchmark runs at the same time.
set -uo pipefail

if [ "$(id -u)" != "0" ]; then
  echo "cluster-bench: must run as root: each run needs its own network namespace (ip netns)" >&2
  exit 1
fi
command -v ip >/dev/null || { echo "cluster-bench: 'ip' (iproute2) is missing" >&2; exit 1; }
command -v python3 >/dev/null || { echo "cluster-bench: python3 is missing" >&2; exit 1; }

SIZES="${1:-16,64,128}"
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
      --nodes "$n" --base-port "$BASE_PORT" $extra 2>>"$log" | grep '^{' | tail -1
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
for n in "${SIZE_LIST[@]}"; do
  for impl in $IMPLS; do
    for run in $(seq 1 "$RUNS"); do
      echo "cluster-bench: n=$n impl=$impl run $run/$RUNS" >&2
      run_one "$impl" "$n" "$run" ""
    done
    if [ "$impl" = swim ] && [ "$ENCRYPT" = 1 ]; then
      for run in $(seq 1 "$RUNS"); do
        echo "cluster-bench: n=$n impl=swim (encrypted) run $run/$RUNS" >&2
        run_one swim "$n" "$run" "--encrypt"
      done
    fi
  done
  summarize "$n"
done
