#!/usr/bin/env bash
# Produces the simulated result files the charts of docs/benchmarks.md are drawn from
# (docs/results/*.jsonl) by running the simulator. Run it rarely: it takes a few minutes and a
# 10,000-member run needs about 10.5 GB of heap (-Xmx14g). Draw the charts afterwards with
#   java -jar swim-benchmarks/target/swim-benchmarks.jar charts
#
# usage: scripts/chart-data.sh [dissemination] [detection] [false-deaths]     (default: all three)
#
# Each line written is the JSON object `simulate` printed, with the exact command, the commit
# (git describe --always --dirty) and the date that produced it added in front. docs/results/
# cluster.jsonl is not produced here: it is transcribed from the cluster scenario's published
# tables (scripts/cluster-bench.sh needs root and network namespaces).
# Needs the simulator's jar (./mvnw -q -DskipTests package -pl swim-simulator -am) and a JDK 17;
# the data depends on swim-core and swim-simulator only.
# Environment: JAVA (java), LOCK (/tmp/swim-build.lock: every JVM runs under flock on it, so that
# no build runs at the same time; empty for none), OUT (docs/results), COMMIT (what to record as
# the commit, for a jar built outside this checkout; default: git describe of this checkout).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAVA="${JAVA:-java}"
LOCK="${LOCK-/tmp/swim-build.lock}"
OUT="${OUT:-$ROOT/docs/results}"
JAR_REL="swim-simulator/target/swim-simulator.jar"
if [ ! -f "$ROOT/$JAR_REL" ]; then
  echo "chart-data: $JAR_REL is missing; build it with ./mvnw -q -DskipTests package -pl swim-simulator -am" >&2
  exit 1
fi
COMMIT="${COMMIT:-$(git -C "$ROOT" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)}"
DATE="$(date -u +%Y-%m-%d)"
mkdir -p "$OUT"

LOG="$(mktemp /tmp/chart-data.XXXXXX.log)"
trap 'rm -f "$LOG"' EXIT

# run_java ARGS...: java from the repository's root, under flock on $LOCK when set.
run_java() {
  if [ -n "$LOCK" ]; then
    (cd "$ROOT" && flock "$LOCK" "$JAVA" "$@")
  else
    (cd "$ROOT" && "$JAVA" "$@")
  fi
}

# simulate OUTFILE HEAP ARGS...: runs one simulation and appends its JSON line, with the command,
# commit and date in front and $EXTRA (a JSON fragment such as "bounds":{...}, if set) at the end.
simulate() {
  local file="$1" heap="$2"
  shift 2
  local cmd="java $heap -jar $JAR_REL simulate $*"
  echo "chart-data: $cmd" >&2
  local json
  if ! json="$(run_java "$heap" -jar "$JAR_REL" simulate "$@" 2>"$LOG" | tail -n 1)"; then
    tail -n 20 "$LOG" >&2
    echo "chart-data: failed: $cmd" >&2
    exit 1
  fi
  case "$json" in
    "{"*"}") ;;
    *) tail -n 20 "$LOG" >&2; echo "chart-data: no JSON from: $cmd" >&2; exit 1 ;;
  esac
  json="${json#\{}"
  if [ -n "${EXTRA:-}" ]; then
    json="${json%\}},${EXTRA}}"
  fi
  printf '{"command":"%s","commit":"%s","date":"%s",%s\n' "$cmd" "$COMMIT" "$DATE" "$json" >>"$file"
}

dissemination() {
  local tmp
  tmp="$(mktemp /tmp/chart-data.dissemination.XXXXXX)"
  # the metadata change happens 65 s in (5 s after start, then a 60 s quiet window)
  simulate "$tmp" -Xmx2g --nodes 1000 --seed 1 --duration 80s
  simulate "$tmp" -Xmx14g --nodes 10000 --seed 1 --duration 80s
  install -m 644 "$tmp" "$OUT/dissemination.jsonl"
  rm -f "$tmp"
}

detection() {
  local tmp
  tmp="$(mktemp /tmp/chart-data.detection.XXXXXX)"
  # 100 crashes, 15 s apart from 75 s on: the run lasts until every crash is detected
  # with the bounds `bounds` prints for the same size (the chart's notes quote them)
  local b
  b="$(run_java -jar "$JAR_REL" bounds --nodes 1000 | tail -n 1)"
  EXTRA="\"bounds_command\":\"java -jar $JAR_REL bounds --nodes 1000\",\"bounds\":$b" \
    simulate "$tmp" -Xmx4g --nodes 1000 --crash 100 --seed 1 --duration 1600s
  install -m 644 "$tmp" "$OUT/detection.jsonl"
  rm -f "$tmp"
}

false_deaths() {
  local tmp
  tmp="$(mktemp /tmp/chart-data.false-deaths.XXXXXX)"
  for lifeguard in true false; do
    for loss in 0 0.05 0.1 0.2 0.3; do
      for seed in 1 2 3; do
        simulate "$tmp" -Xmx1g --nodes 100 --loss "$loss" --seed "$seed" --duration 300s \
          --set swim.lifeguard="$lifeguard" --set swim.tcp-fallback-probe=false
      done
    done
  done
  install -m 644 "$tmp" "$OUT/false-deaths.jsonl"
  rm -f "$tmp"
}

sets=("$@")
if [ ${#sets[@]} -eq 0 ]; then
  sets=(dissemination detection false-deaths)
fi
for s in "${sets[@]}"; do
  case "$s" in
    dissemination) dissemination ;;
    detection) detection ;;
    false-deaths) false_deaths ;;
    *) echo "chart-data: unknown data set $s (dissemination, detection, false-deaths)" >&2; exit 2 ;;
  esac
done
echo "chart-data: done; now draw the charts: java -jar swim-benchmarks/target/swim-benchmarks.jar charts" >&2
