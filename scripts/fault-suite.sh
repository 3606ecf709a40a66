#!/usr/bin/env bash
# The multi-host fault-injection suite: five sample-app JVMs on five network namespaces
# joined by a bridge, with encryption on and seeds at hosts 1 and 2, put through ten scenarios:
# convergence, crash, restart, graceful-stop, partition, long-partition, loss, frozen, wrong-key,
# hostile.
#
#   sudo scripts/fault-suite.sh                  # all of them
#   sudo scripts/fault-suite.sh --only hostile   # convergence (it starts the nodes), then these
#
# Needs root (ip netns, veth, nftables), iproute2, nftables, curl, python3 and a JDK 17. Builds
# sample-app/target/sample-app.jar and swim-benchmarks/target/swim-benchmarks.jar (the attacker of
# `hostile`, and the simulator) first when either is missing or older than its sources. Prints the
# log of every step, a summary table of the measured figures against their bounds, writes
# fault-suite/target/fault-suite-summary.json (one {"name", "passed", "figure_s"} per scenario)
# and fault-suite-report.json (bounds, formulas, simulator predictions, extra figures) beside it,
# node logs under fault-suite/target/logs/, and prints the summary's path as its last line.
# Exits 0 when every scenario passed, 1 when one failed, 2 when it cannot run here, 130 when
# interrupted.
#
# Everything it creates is named swimfs-* (namespaces swimfs-h1..h7 and the attacker's swimfs-evil,
# bridge swimfs-br0, veths named as their namespaces) and lives in 10.77.0.0/24 inside the
# namespaces only, the attacker's traffic included; the root namespace gets the bridge and no
# address. All of it is removed on exit, failure or interrupt, and leftovers of an aborted earlier
# run are removed at the start.
#
# Environment: FAULT_SUITE_OUT (output folder, default fault-suite/target);
# FAULT_SUITE_SKIP_UNSUPPORTED=1 (set by the Maven build) turns "cannot run here" (not root, no
# ip or nft, no network namespaces) into a skip that exits 0.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="${FAULT_SUITE_OUT:-$ROOT/fault-suite/target}"
JAR="$ROOT/sample-app/target/sample-app.jar"
SIM_JAR="$ROOT/swim-benchmarks/target/swim-benchmarks.jar"
DRIVER="$ROOT/scripts/fault_suite.py"

say() { echo "[fault-suite] $*"; }

cannot_run() {
  if [ "${FAULT_SUITE_SKIP_UNSUPPORTED:-0}" = 1 ]; then
    say "SKIPPED: $* (the suite needs root, iproute2 and nftables; skip it on purpose with -DskipFaultSuite)"
    exit 0
  fi
  say "cannot run: $*" >&2
  exit 2
}

[ "$(id -u)" = 0 ] || cannot_run "not root: network namespaces, veth and nftables need root"
command -v ip >/dev/null 2>&1 || cannot_run "'ip' (iproute2) is missing"
command -v nft >/dev/null 2>&1 || cannot_run "'nft' (nftables) is missing"
for tool in curl python3 java; do
  command -v "$tool" >/dev/null 2>&1 || { say "'$tool' is missing" >&2; exit 2; }
done
PYTHON="$(command -v python3)"

cleanup() { "$PYTHON" "$DRIVER" cleanup >/dev/null 2>&1 || true; }
DRIVER_PID=""
on_signal() {
  # forward to the driver, which tears down itself; then make sure
  [ -n "$DRIVER_PID" ] && kill -TERM "$DRIVER_PID" 2>/dev/null && wait "$DRIVER_PID" 2>/dev/null
  cleanup
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM HUP

cleanup # leftovers of an aborted earlier run
if ! ip netns add swimfs-probe 2>/dev/null; then
  cannot_run "this machine does not allow network namespaces (ip netns add failed)"
fi
ip netns del swimfs-probe

# Missing, or older than a source it is built from: stale JAR SOURCE... `package` alone would keep
# a stale sample-app jar: when sample-app's own classes are unchanged, the repackaged jar it already
# has is kept with the old swim-core inside, so the jar is removed first. (The benchmarks jar is
# always rebuilt before shading; it carries the simulator from swim-core's test classes.)
stale() {
  local jar="$1"
  shift
  [ -f "$jar" ] || return 0
  [ -n "$(cd "$ROOT" && find "$@" \( -path '*/target' -prune \) -o -type f -newer "$jar" -print \
    -quit 2>/dev/null)" ]
}
modules=()
if stale "$JAR" pom.xml swim-core/pom.xml swim-core/src/main \
  swim-spring-boot-autoconfigure/pom.xml swim-spring-boot-autoconfigure/src/main \
  swim-spring-boot-starter sample-app/pom.xml sample-app/src/main; then
  rm -f "$JAR" "$JAR.original"
  modules+=(sample-app)
fi
if stale "$SIM_JAR" pom.xml swim-core/pom.xml swim-core/src/main \
  swim-simulator/pom.xml swim-simulator/src/main swim-benchmarks/pom.xml swim-benchmarks/src/main; then
  modules+=(swim-benchmarks)
fi
if [ ${#modules[@]} -gt 0 ]; then
  say "building ${modules[*]} (jar missing or older than its sources)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl "$(IFS=,; echo "${modules[*]}")" -am package) || {
    say "the build of ${modules[*]} failed" >&2
    exit 2
  }
fi

mkdir -p "$OUT"
rm -f "$OUT/fault-suite-summary.json" "$OUT/fault-suite-report.json"
"$PYTHON" -u "$DRIVER" run --jar "$JAR" --out "$OUT" --sim-jar "$SIM_JAR" "$@" &
DRIVER_PID=$!
wait "$DRIVER_PID"
rc=$?
DRIVER_PID=""
cleanup
if [ ! -f "$OUT/fault-suite-summary.json" ]; then
  say "no summary was written (driver exit code $rc)" >&2
  exit $(( rc == 0 ? 1 : rc ))
fi
[ "$rc" = 0 ] && say "all scenarios passed" || say "FAILED: see the table above and $OUT/logs/" >&2
echo "$OUT/fault-suite-summary.json"
exit $(( rc == 0 ? 0 : 1 ))
