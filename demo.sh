#!/usr/bin/env bash
# A three-node SWIM cluster on this machine, as three sample-app JVMs on 127.0.0.1.
#
#   ./demo.sh
#
# Builds sample-app/target/sample-app.jar when it is missing or older than the sources, starts
# node-1..node-3 (node-2 and node-3 join through node-1), and prints every node's /actuator/swim
# response as one JSON line per node at each step (stdout; step headers go to stderr). Once all
# three see three ALIVE members it kills node-3 with SIGKILL and prints the survivors' views until
# both show node-3 DEAD. Everything it started is stopped on exit.
#
# Every node serves the live membership dashboard (swim.dashboard.enabled=true); its URL is printed
# once the nodes answer HTTP. Open node-1's or node-2's to watch node-3 turn SUSPECT, then DEAD.
# DEMO_KEEP=1 keeps the two survivors (and their dashboards) running after that, until Ctrl-C.
#
# Ports: HTTP 8081-8083 and gossip 7946-7948 unless DEMO_HTTP_PORT / DEMO_GOSSIP_PORT set the
# first of each. SWIM_PROFILE (default lan) picks the protocol timing.
set -euo pipefail
cd "$(dirname "$0")"

HTTP_BASE=${DEMO_HTTP_PORT:-8081}
GOSSIP_BASE=${DEMO_GOSSIP_PORT:-7946}
PROFILE=${SWIM_PROFILE:-lan}
JAR=sample-app/target/sample-app.jar
JAVA_OPTS=(-Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/swim-demo.XXXXXX")
PIDS=()

say() { echo "== $*" >&2; }
now_ms() { date +%s%3N; }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%03d' $((d / 1000)) $((d % 1000)); }

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ ${#PIDS[@]} -eq 0 ] || say "stopped every node; logs in $LOGS"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build what is needed --------------------------------------------------------------------
needs_build() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find pom.xml swim-core swim-spring-boot-autoconfigure swim-spring-boot-starter sample-app \
    \( -path '*/target' -prune \) -o -type f -newer "$JAR" -print -quit)" ]
}
if needs_build; then
  say "building $JAR"
  ./mvnw -B -q -Dmaven.test.skip=true package -pl sample-app -am
fi

# --- start three nodes -----------------------------------------------------------------------
http_port() { echo $((HTTP_BASE + $1 - 1)); }
gossip_port() { echo $((GOSSIP_BASE + $1 - 1)); }
port_busy() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

for i in 1 2 3; do
  for p in "$(http_port $i)" "$(gossip_port $i)"; do
    if port_busy "$p"; then
      echo "port $p is in use; set DEMO_HTTP_PORT / DEMO_GOSSIP_PORT to free ranges" >&2
      exit 1
    fi
  done
done

SEED="127.0.0.1:$(gossip_port 1)"
for i in 1 2 3; do
  args=(--server.port="$(http_port $i)" --swim.node-name="node-$i" --swim.profile="$PROFILE"
        --swim.bind-address=127.0.0.1 --swim.bind-port="$(gossip_port $i)"
        --swim.dashboard.enabled=true)
  [ "$i" -eq 1 ] || args+=(--swim.seeds="$SEED")
  java "${JAVA_OPTS[@]}" -jar "$JAR" "${args[@]}" >"$LOGS/node-$i.log" 2>&1 &
  PIDS+=($!)
  disown $! # no job-control noise when node-3 is killed
  say "started node-$i (pid $!): http 127.0.0.1:$(http_port $i), gossip 127.0.0.1:$(gossip_port $i)"
done
LAST_START=$(now_ms)

swim() { curl -s --max-time 2 "http://127.0.0.1:$(http_port "$1")/actuator/swim" || true; }

# Waits (at most 60 s) until every node answers HTTP.
for i in 1 2 3; do
  until [ -n "$(swim $i)" ]; do
    if ! kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null; then
      echo "node-$i exited; see $LOGS/node-$i.log" >&2
      tail -20 "$LOGS/node-$i.log" >&2
      exit 1
    fi
    if [ $(( $(now_ms) - LAST_START )) -gt 60000 ]; then
      echo "node-$i did not answer within 60 s; see $LOGS/node-$i.log" >&2
      exit 1
    fi
    sleep 0.2
  done
done
UP=$(now_ms)
say "all three answer HTTP, $(secs_since "$LAST_START") s after the last JVM started"
for i in 1 2 3; do
  say "node-$i dashboard: http://127.0.0.1:$(http_port $i)/swim/"
done

# Prints one JSON line per node of "$@"; returns 0 when the predicate holds for all of them.
step=0
print_views() {
  local predicate=$1; shift
  local all=0 i line
  step=$((step + 1))
  say "step $step, t=$(secs_since "$LAST_START") s after the last JVM started: nodes $*"
  for i in "$@"; do
    line=$(swim "$i")
    if [ -n "$line" ]; then echo "$line"; else echo "{\"unreachable\":\"node-$i\"}"; fi
    $predicate "$line" || all=1
  done
  return $all
}
three_alive() { [[ "$1" == *'"counts":{"alive":3,'* ]]; }
node3_dead() { [[ "$1" =~ \"name\":\"node-3\",\"address\":\"[^\"]*\",\"state\":\"DEAD\" ]]; }

# --- 1. wait for three ALIVE members everywhere ----------------------------------------------
until print_views three_alive 1 2 3; do
  if [ $(( $(now_ms) - LAST_START )) -gt 60000 ]; then
    echo "the cluster did not converge within 60 s; logs in $LOGS" >&2
    exit 1
  fi
  sleep 1
done
say "all three nodes see 3 ALIVE members: $(secs_since "$LAST_START") s after the last JVM" \
  "started, $(secs_since "$UP") s after all three answered HTTP"

# --- 2. kill node-3 and watch the survivors declare it DEAD ----------------------------------
kill -KILL "${PIDS[2]}"
KILLED=$(now_ms)
say "killed node-3 (SIGKILL, pid ${PIDS[2]})"
case "$PROFILE" in
  lan) say "LAN profile bound: node-3 is probed within 2 rounds of 1 s, suspected after a 1 s" \
         "round, and DEAD after the 4 s suspicion timeout (4 x max(1, log10 3) x 1 s): ~7 s" ;;
esac
until print_views node3_dead 1 2; do
  if [ $(( $(now_ms) - KILLED )) -gt 90000 ]; then
    echo "node-3 was not declared DEAD within 90 s; logs in $LOGS" >&2
    exit 1
  fi
  sleep 0.5
done
say "both survivors show node-3 DEAD, $(secs_since "$KILLED") s after the kill"

if [ "${DEMO_KEEP:-0}" = 1 ]; then
  say "DEMO_KEEP=1: node-1 and node-2 keep running; dashboards http://127.0.0.1:$(http_port 1)/swim/" \
    "and http://127.0.0.1:$(http_port 2)/swim/; Ctrl-C stops them"
  while true; do sleep 1; done
fi
