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
    line="$(python3 -c 'import json,sys; print(json.dumps({"impl": "swim" if sys.argv[1]=="swim" else "scalecube-cluster", "n": int(sys.argv[2]), "join_converge_ms": None, "cpu_ms_per_node_s": None, "lo_packets_per_node_s": None, "lo_bytes_per_node_s": None, "heap_bytes_per_node": None, "detect_first_ms": None, "detect_all_ms": None, "failed_during_steady": None, "error": "the JVM printed no result, see " + sys.argv[3]}, separators=(",", ":")))' "$impl" "$n" "$log")"
  fi
  echo "$line" >>"$RESULTS"
  echo "$line"
}

summarize() {
  python3 - "$RESULTS" "$1" <<'PY'
import json, math, sys

FIELDS = ["join_converge_ms", "cpu_ms_per_node_s", "lo_packets_per_node_s",
          "lo_bytes_per_node_s", "heap_bytes_per_node", "detect_first_ms", "detect_all_ms"]
path, n = sys.argv[1], int(sys.argv[2])
runs = [json.loads(l) for l in open(path) if l.strip()]
runs = [r for r in runs if r.get("n") == n]

def median(values):
    # a run that gave up (null) counts as the worst value
    v = sorted(math.inf if x is None else x for x in values)
    if not v:
        return None
    m = v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    return None if math.isinf(m) else (round(m, 4) if isinstance(m, float) else m)

groups = {}
for r in runs:
    enc = bool((r.get("config") or {}).get("encrypted", False))
    groups.setdefault((r["impl"], enc), []).append(r)

medians = {}
for (impl, enc), rs in groups.items():
    out = {"impl": impl, "version": rs[0].get("version"), "n": n, "encrypted": enc,
           "median": True, "runs": len(rs), "config": rs[0].get("config")}
    for f in FIELDS:
        out[f] = median([r.get(f) for r in rs])
    joins = [r.get("join_converge_ms") for r in rs]
    out["join_converge_ms_max"] = None if any(j is None for j in joins) else max(joins)
    failed = [r.get("failed_during_steady") for r in rs]
    out["failed_during_steady_max"] = None if any(x is None for x in failed) else max(failed)
    errors = sorted({r["error"] for r in rs if r.get("error")})
    if errors:
        out["errors"] = errors
    medians[(impl, enc)] = out
    print(json.dumps(out, separators=(",", ":")))

ours, peer = medians.get(("swim", False)), medians.get(("scalecube-cluster", False))
if ours and peer:
    ratio = {"ratio": "swim/scalecube-cluster", "n": n}
    for f in FIELDS:
        a, b = ours.get(f), peer.get(f)
        ratio[f] = None if a is None or b is None or b == 0 else round(a / b, 3)
    print(json.dumps(ratio, separators=(",", ":")))
PY
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
