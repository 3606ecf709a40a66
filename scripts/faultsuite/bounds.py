"""The bounds the scenarios are held to: swim-core's formulas (Formulas), evaluated by the
simulator's `bounds` command for the settings the members report in /actuator/swim, combined per
scenario and multiplied by SLACK."""

import json
import subprocess

from .config import PARTITION_S, SLACK
from .util import log, parse_duration

N = 5

# /actuator/swim's settings -> the swim.* properties the `bounds` command takes
PROPERTIES = (
    ("swim.profile", "profile"),
    ("swim.probe-interval", "probeInterval"),
    ("swim.probe-timeout", "probeTimeout"),
    ("swim.suspicion-multiplier", "suspicionMultiplier"),
    ("swim.suspicion-max-timeout-multiplier", "suspicionMaxTimeoutMultiplier"),
    ("swim.gossip-interval", "gossipInterval"),
    ("swim.gossip-nodes", "gossipNodes"),
    ("swim.heal-interval", "healInterval"),
    ("swim.join.retry-interval", "joinRetryInterval"),
    ("swim.join.max-retry-interval", "joinMaxRetryInterval"),
    ("swim.leave-timeout", "leaveTimeout"),
)


def bounds_command(settings, sim_jar, n=N):
    args = ["java", "-jar", sim_jar, "bounds", "--nodes", str(n)]
    for prop, key in PROPERTIES:
        args += ["--set", f"{prop}={settings[key]}"]
    return args


class Bounds:
    """formulas: the protocol figures at N; bounds: {name: {formula_s, bound_s, why}};
    tombstone_s: the nodes' tombstone timeout."""

    def __init__(self, formulas, bounds, tombstone_s):
        self.formulas = formulas
        self.bounds = bounds
        self.tombstone_s = tombstone_s


def combine(fb, settings, n=N):
    """The bounds from the `bounds` command's JSON fb and the settings the nodes report."""
    T = fb["probe_s"]
    heal = fb["heal_interval_s"]
    reconnect = parse_duration(settings["reconnectInterval"])
    tombstone_s = parse_duration(settings["tombstoneTimeout"])
    join_retry = fb["join_retry_s"]
    leave_timeout = fb["leave_timeout_s"]
    smin, smax, k = fb["suspicion_min_s"], fb["suspicion_max_s"], fb["confirmations_wanted"]
    dissem = fb["dissemination_s"]
    timeouts = fb["suspicion_timeout_s"]

    def susp(c):
        # the suspicion timeout after c independent confirmations
        return timeouts[min(c, len(timeouts) - 1)]
    f = {
        "N": n, "probe_s": T, "suspicion_min_s": smin, "suspicion_max_s": smax,
        "confirmations_wanted": k, "dissemination_s": round(dissem, 2),
        "heal_interval_s": heal,
    }
    # crash: every survivor probes the node within one round-robin cycle of N-1 probe periods
    # plus the period of the failed probe itself (N x T), so the first suspicion and its k
    # confirmations are all in by then and the timeout is at its minimum; then DEAD spreads.
    b = {}
    b["crash"] = (n * T + smin + dissem,
                  "N*T (all probes fail, k confirmations in) + suspicion min + dissemination")
    # convergence and rejoin: one join push-pull, a join retry when the first attempt raced
    # the seeds' start, then the new ALIVE (or its refutation of a DEAD tombstone) spreads
    # within dissemination; one probe period for the refutation to be triggered.
    b["convergence"] = (2 * join_retry + T + 2 * dissem,
                        "2 join retries + T + 2 x dissemination, after the last node answers")
    b["restart"] = (join_retry + T + 2 * dissem,
                    "join retry + T (refute the DEAD tombstone) + 2 x dissemination")
    # graceful stop: the LEFT broadcast goes out ahead of everything else; the node waits
    # up to leave-timeout for it to be gossiped before it closes.
    b["graceful-stop"] = (min(leave_timeout, dissem + T),
                          "dissemination + T (within leave-timeout)")
    # partition: each side has fewer than k confirmers for the other side's members, so the
    # suspicion runs up to the timeout for c = |own side| - 1 confirmations (max when 0).
    # (Lifeguard also stretches the probe period of a node whose probes fail without
    # nacks, so this is an estimate; the assertion is the issue's: within the window)
    b["partition-detect"] = (n * T + susp(1) + dissem,
                             "N*T + suspicion timeout with 1 confirmation + dissemination")
    # heal: within one heal interval some node push-pulls a DEAD member (or a seed) across the
    # healed link; the accused refute (one probe period) and the ALIVEs spread.
    b["partition"] = (heal + T + 2 * dissem,
                      "heal interval + T + 2 x dissemination")
    # long partition: each side reaped the other, so every member contacts one that failed
    # (or an unreached seed) again each reconnect (heal) interval; the first exchange finds
    # the other side's records stale and has them refute, the next one merges the views.
    b["long-partition"] = (2 * reconnect,
                           "2 reconnect intervals (each side reaped the other)")
    # frozen: after SIGCONT the node hears the accusation at its next probe or gossip and
    # refutes; the refutation spreads.
    b["frozen"] = (2 * T + 2 * dissem, "2 T + 2 x dissemination")
    # hostile: the crash of a member not under attack, detected as in `crash`; the join and
    # the leave are held to the convergence and graceful-stop bounds
    b["hostile"] = (b["crash"][0], "as crash: N*T + suspicion min + dissemination")
    bounds = {}
    for name, (v, why) in b.items():
        bounds[name] = {"formula_s": round(v, 2), "bound_s": round(v * SLACK, 2), "why": why}
    bounds["partition-detect"]["bound_s"] = PARTITION_S
    bounds["partition-detect"]["why"] += (" (an estimate: Lifeguard stretches the probe"
                                          " period of a prober whose probes fail), so"
                                          " the assertion is the partition window")
    return Bounds(f, bounds, tombstone_s)


def derive_bounds(settings, sim_jar, run=subprocess.run):
    """Runs the simulator's `bounds` command for settings (from /actuator/swim), combines its
    figures into the scenarios' bounds and logs them."""
    r = run(bounds_command(settings, sim_jar), capture_output=True, text=True, check=True)
    fb = json.loads(r.stdout.strip().splitlines()[-1])
    d = combine(fb, settings)
    log(f"LAN profile at N=5: {json.dumps(d.formulas)}")
    for name, bd in d.bounds.items():
        log(f"bound {name}: {bd['formula_s']} s from {bd['why']}; asserted: {bd['bound_s']} s")
    return d
