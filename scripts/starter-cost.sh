#!/usr/bin/env bash
# What the starter costs an application: startup time and idle CPU of the same small web app with
# and without swim-spring-boot-starter on its classpath, measured in one run, alternating.
#
# usage: scripts/starter-cost.sh
#
# The app (scripts/starter-cost/src/main/java/.../StarterCostApp.java: a @SpringBootApplication
# with one @RestController, actuator exposing health,swim,metrics) is compiled by Maven
# (scripts/starter-cost/pom.xml, outside the default build) and run on the libraries of
# sample-app/target/sample-app.jar (built when missing or stale). "without" runs it on those
# libraries minus the three swim-* jars; "with" on them plus the swim-* jars, as a one-member
# cluster bound to 127.0.0.1 on a free port. Both get the same JVM options and arguments.
#
# SCENARIO=web (default) is a plain Spring Boot web app with actuator: the sample's libraries without
# Spring Cloud Commons and Reactor, which the starter does not bring. SCENARIO=cloud keeps them, so
# both variants are Spring Cloud apps and "with" includes the starter's DiscoveryClients.
#
# Startup: RUNS (5) launches of each, alternating; per launch Spring's "Started ... in X seconds
# (process running for Y)" and the wall time from launch until /actuator/health answers 200.
# Idle CPU: one launch of each, SETTLE (15) s after it is up, then utime+stime from /proc over
# WINDOW (30) s, as % of one core. Prints one JSON line per measurement, then the medians and the
# differences (scripts/starter_cost_summary.py). Environment: JAVA_OPTS ("-Xmx256m"), RUNS,
# SETTLE, WINDOW, OUT (directory for the JSON lines and logs; default a new one under /tmp). Every
# JVM runs under flock /tmp/swim-build.lock, so no Maven build or other benchmark runs at the same
# time.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/sample-app/target/sample-app.jar"
RUNS="${RUNS:-5}"
SCENARIO="${SCENARIO:-web}"
case "$SCENARIO" in web | cloud) ;; *) echo "starter-cost: SCENARIO must be web or cloud, was '$SCENARIO'" >&2; exit 2 ;; esac
SETTLE="${SETTLE:-15}"
WINDOW="${WINDOW:-30}"
read -r -a JOPTS <<<"${JAVA_OPTS:--Xmx256m}"
OUT="${OUT:-$(mktemp -d /tmp/starter-cost.XXXXXX)}"
LOCK=/tmp/swim-build.lock
mkdir -p "$OUT"
RESULTS="$OUT/runs.jsonl"
: >"$RESULTS"
command -v python3 >/dev/null || { echo "starter-cost: python3 is missing" >&2; exit 1; }
command -v curl >/dev/null || { echo "starter-cost: curl is missing" >&2; exit 1; }

# --- build and lay out the two classpaths ------------------------------------------------------
stale() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find "$ROOT/pom.xml" "$ROOT/swim-core" "$ROOT/swim-spring-boot-autoconfigure" \
    "$ROOT/swim-spring-boot-starter" "$ROOT/sample-app" \( -path '*/target' -prune \) -o -type f \
    -newer "$JAR" -print -quit)" ]
}
if stale; then
  echo "starter-cost: building $JAR" >&2
  (cd "$ROOT" && flock "$LOCK" ./mvnw -B -q -Dmaven.test.skip=true package -pl sample-app -am)
fi
WORK="$OUT/app"
rm -rf "$WORK"
mkdir -p "$WORK"
(cd "$ROOT" && flock "$LOCK" ./mvnw -B -q -f scripts/starter-cost/pom.xml \
  -Dstarter-cost.build="$WORK/build" compile)
java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/extracted" >/dev/null
LIB="$WORK/extracted/lib"
ls "$LIB"/swim-core-*.jar "$LIB"/swim-spring-boot-autoconfigure-*.jar \
  "$LIB"/swim-spring-boot-starter-*.jar >/dev/null
WITH="$WORK/build/classes"
WITHOUT="$WORK/build/classes"
for j in "$LIB"/*.jar; do
  case "$(basename "$j")" in
    spring-cloud-* | reactor-* | reactive-streams-*) [ "$SCENARIO" = cloud ] || continue ;;
  esac
  WITH="$WITH:$j"
  case "$(basename "$j")" in swim-*) ;; *) WITHOUT="$WITHOUT:$j" ;; esac
done

ARGS=(--server.port=0 --spring.main.banner-mode=off
  --management.endpoints.web.exposure.include=health,swim,metrics
  --swim.bind-address=127.0.0.1 --swim.bind-port=0 --swim.node-name=cost)

# round3 NUMERATOR DENOMINATOR: the quotient rounded to 3 decimals, as Python prints round(x, 3)
round3() {
  awk -v n="$1" -v d="$2" \
    'BEGIN { s = sprintf("%.3f", n / d); sub(/0+$/, "", s); sub(/\.$/, ".0", s); print s }'
}

PID=""
cleanup() { [ -z "$PID" ] || kill -KILL "$PID" 2>/dev/null || true; }
trap cleanup EXIT

# launch VARIANT LOG: starts the app, waits until /actuator/health is 200; sets PID, PORT, READY_S
launch() {
  local cp
  if [ "$1" = with ]; then cp="$WITH"; else cp="$WITHOUT"; fi
  local t0
  t0=$(date +%s%N)
  java "${JOPTS[@]}" -cp "$cp" dev.swim.startercost.StarterCostApp "${ARGS[@]}" >"$2" 2>&1 &
  PID=$!
  PORT=""
  for _ in $(seq 1 600); do
    kill -0 "$PID" 2>/dev/null || { echo "starter-cost: $1 exited; log $2" >&2; tail -20 "$2" >&2; exit 1; }
    PORT=$(grep -o "Tomcat started on port [0-9]*" "$2" | grep -o "[0-9]*$" | head -1 || true)
    if [ -n "$PORT" ] && curl -fs -o /dev/null "http://127.0.0.1:$PORT/actuator/health"; then
      READY_S=$(round3 "$(($(date +%s%N) - t0))" 1e9)
      return 0
    fi
    sleep 0.02
  done
  echo "starter-cost: $1 not up within 12 s; log $2" >&2
  exit 1
}
stop() { kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

started() { # "Started StarterCostApp in 1.234 seconds (process running for 1.567)"
  grep -o "Started StarterCostApp in [0-9.]* seconds (process running for [0-9.]*)" "$1" |
    grep -o "[0-9.]*[0-9]" | tr '\n' ' '
}

exec 9>"$LOCK"
flock 9
for k in $(seq 1 "$RUNS"); do
  for v in without with; do
    log="$OUT/$v.$k.log"
    launch "$v" "$log"
    read -r refresh process <<<"$(started "$log")"
    if [ "$v" = with ]; then
      curl -fs "http://127.0.0.1:$PORT/actuator/swim" | grep -q '"state":"ALIVE"' ||
        { echo "starter-cost: the with-starter app shows no ALIVE local member" >&2; exit 1; }
    fi
    stop
    echo "{\"kind\":\"startup\",\"scenario\":\"$SCENARIO\",\"variant\":\"$v\",\"run\":$k,\"started_s\":$refresh,\"process_s\":$process,\"ready_s\":$READY_S}" |
      tee -a "$RESULTS"
  done
done
tck=$(getconf CLK_TCK)
for v in without with; do
  launch "$v" "$OUT/$v.idle.log"
  sleep "$SETTLE"
  a=$(awk '{print $14+$15}' "/proc/$PID/stat")
  sleep "$WINDOW"
  b=$(awk '{print $14+$15}' "/proc/$PID/stat")
  stop
  pct=$(round3 "$(((b - a) * 100))" "$((tck * WINDOW))")
  echo "{\"kind\":\"idle\",\"scenario\":\"$SCENARIO\",\"variant\":\"$v\",\"cpu_pct_of_core\":$pct,\"window_s\":$WINDOW}" |
    tee -a "$RESULTS"
done
flock -u 9

python3 "$ROOT/scripts/starter_cost_summary.py" "$RESULTS"
echo "results: $RESULTS" >&2
