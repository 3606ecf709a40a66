"""Scenarios with outsiders: wrong-key (a sixth JVM with another key) and hostile (an attacker
host against node-1 while members join, leave and crash)."""

import base64
import os
import signal
import subprocess
import time

from .. import network
from ..config import (HOSTILE_IDLE, HOSTILE_RATE, HOSTILE_S, HOSTILE_WARMUP_S, NET,
                      WRONG_KEY_WATCH_S)
from ..endpoints import attack_counters, dropped, failed_events
from ..nodes import signal_node, wait_exit
from ..util import log
from ..views import all_show, bad_in_history, gone_from_peers, latest


def wrong_key(s):
    h = s.add_host(6, NET + "6")
    before = {x.name: dropped(x, "wrong-key") for x in s.five()[:2]}
    other_key = base64.b64encode(os.urandom(32)).decode()
    s.nodes.start_node(h, key=other_key)
    up = s.nodes.wait_http(h, 90)
    reasons = []
    if up is None:
        s.record("wrong-key", False, None, [f"{h.name} never answered HTTP"])
        return False
    time.sleep(WRONG_KEY_WATCH_S)
    end = time.time()
    fig = end - up
    names = set(s.names())
    reasons += bad_in_history(
        s.five(), (up, end),
        lambda x, v: (f"shows {h.name}" if h.name in v.members else None)
        or (", ".join(f"{n} {v.state(n)}" for n in names if v.state(n) != "ALIVE") or None)
    )[:10]
    own = latest(h, up)
    if own is None:
        reasons.append(f"{h.name} unreadable at the end")
    else:
        if own.lc == "RUNNING" or set(own.members) != {h.name}:
            reasons.append(f"{h.name} shows itself joined: {own.short()}")
    after = {x.name: dropped(x, "wrong-key") for x in s.five()[:2]}
    rejected = sum(after.values()) - sum(before.values())
    if rejected <= 0:
        reasons.append("the seeds counted no wrong-key drop: was node-6 ever heard?")
    s.record("wrong-key", not reasons, fig, reasons,
             intruder_view=None if own is None else own.short(),
             seeds_wrong_key_drops=rejected)
    signal_node(h, signal.SIGKILL)
    return True


def hostile(s):
    target = s.hosts[1]
    if not s.sim_jar or not os.path.isfile(s.sim_jar):
        s.record("hostile", False, None, [f"no benchmarks jar at {s.sim_jar} (build it "
                                          "with ./mvnw -B -q -DskipTests -pl "
                                          "swim-benchmarks -am package)"])
        return False
    leaver, crashed = s.hosts[4], s.hosts[5]
    stayers = [s.hosts[i] for i in (1, 2, 3)]
    network.add_attacker()
    before = attack_counters(target)
    t0 = time.time()
    attacker = s.nodes.start_attacker(target, [h.name for h in stayers])
    time.sleep(HOSTILE_WARMUP_S)
    reasons = []
    if attacker.poll() is not None:
        s.record("hostile", False, None,
                 [f"the attacker exited with {attacker.returncode}: see logs/hostile.log"])
        return False
    # 1. a new member joins through the seeds, one of them under attack
    new = s.hosts.get(7) or s.add_host(7, NET + "7")
    s.nodes.start_node(new)
    up = s.nodes.wait_http(new, 90)
    members = stayers + [new]
    t_join = up and s.wait(
        all_show(members + [leaver, crashed], {new.name: "ALIVE"}, up), 60,
        f"{new.name} ALIVE everywhere")
    join_s = None if not t_join else t_join - up
    if up is None:
        reasons.append(f"{new.name} never answered HTTP")
    elif t_join is None:
        reasons.append(f"{new.name} not ALIVE everywhere within 60 s of answering HTTP")
    elif join_s > s.bound("convergence"):
        reasons.append(f"{new.name} joined in {join_s:.2f} s > bound "
                       f"{s.bound('convergence')} s")
    # 2. one leaves gracefully
    signal_node(leaver, signal.SIGTERM)
    t_term = time.time()
    log(f"SIGTERM {leaver.name} (under attack)")
    t_left = s.wait(all_show(members + [crashed], {leaver.name: "LEFT"}, t_term), 30,
                    f"{leaver.name} LEFT at all others")
    left_s = None if t_left is None else t_left - t_term
    if t_left is None:
        reasons.append(f"{leaver.name} not LEFT at all others within 30 s")
    elif left_s > s.bound("graceful-stop"):
        reasons.append(f"{leaver.name} left in {left_s:.2f} s > bound "
                       f"{s.bound('graceful-stop')} s")
    if not wait_exit(leaver, 30):
        reasons.append(f"{leaver.name} did not exit within 30 s of SIGTERM")
    # 3. one crashes
    signal_node(crashed, signal.SIGKILL)
    t_kill = time.time()
    log(f"SIGKILL {crashed.name} (under attack)")
    t_dead = s.wait(all_show(members, {crashed.name: "DEAD"}, t_kill), 60,
                    f"{crashed.name} DEAD at all survivors")
    tp = s.wait(gone_from_peers(members, crashed.name, t_kill), 15,
                f"{crashed.name} gone from /peers at all survivors")
    wait_exit(crashed, 5)
    fig = None if t_dead is None else t_dead - t_kill
    if t_dead is None:
        reasons.append(f"{crashed.name} not DEAD at all survivors within 60 s")
    elif fig > s.bound("hostile"):
        reasons.append(f"{crashed.name} detected in {fig:.2f} s > bound "
                       f"{s.bound('hostile')} s")
    if tp is None:
        reasons.append(f"{crashed.name} still in some survivor's /peers")
    # 4. the attack runs out
    try:
        attacker.wait(timeout=max(1.0, t0 + HOSTILE_S + 30 - time.time()))
    except subprocess.TimeoutExpired:
        attacker.kill()
        reasons.append("the attacker did not stop after its duration")
    end = time.time()
    log(f"attack over after {end - t0:.1f} s")
    summary = s.nodes.attacker_summary()
    after = attack_counters(target)
    counted = {k: after[k] - before[k] for k in after}
    # no healthy member is ever shown DEAD or LEFT, nor reported FAILED, anywhere; the
    # leaver only LEFT after its SIGTERM, the crashed one nothing before its SIGKILL
    healthy = {h.name for h in members}

    def unhealthy(h, v):
        bad = [n for n in healthy if v.state(n) in ("DEAD", "LEFT")]
        if v.state(leaver.name) == "DEAD" or (v.t < t_term and v.state(leaver.name) == "LEFT"):
            bad.append(leaver.name)
        if v.t < t_kill and v.state(crashed.name) in ("DEAD", "LEFT"):
            bad.append(crashed.name)
        return ", ".join(f"{n} {v.state(n)}" for n in bad) or None
    everyone = members + [leaver, crashed]
    reasons += bad_in_history(everyone, (t0, end), unhealthy)[:10]
    reasons += failed_events(members, (t0, end), healthy | {leaver.name})
    # every view stays correct, the attacked member's first: the real members only (no fake
    # or junk name), each once and at its own address (no hijack)
    real = {h.name: h.addr() for h in everyone}

    def wrong(h, v):
        bad = [f"duplicate {d}" for d in v.dup]
        for n, (state, addr, _) in v.members.items():
            if n not in real:
                bad.append(f"shows {n!r} ({state})")
            elif addr != real[n]:
                bad.append(f"shows {n} at {addr}")
        return ", ".join(bad) or None
    reasons += bad_in_history(everyone, (t0, end), wrong)[:10]
    with target.lock:
        target_polls = sum(1 for v in target.history if v.ok and t0 <= v.t <= end)
    # the attack did reach the target: its transport refused connections, dropped the
    # plaintext forgeries, and its protocol refused the sealed ones
    if summary is None:
        reasons.append("the attacker printed no summary: see logs/hostile.log")
    else:
        if summary.get("connections_opened", 0) < HOSTILE_IDLE:
            reasons.append(f"the attacker opened only {summary.get('connections_opened')} "
                           "connections")
        if summary.get("datagrams_sent", 0) < HOSTILE_RATE * HOSTILE_S / 2:
            reasons.append(f"the attacker sent only {summary.get('datagrams_sent')} datagrams")
    tcp = counted["source-limit"] + counted["stream-evicted"] + counted["first-frame-timeout"]
    if tcp <= 0:
        reasons.append(f"{target.name} refused, evicted or timed out no connection")
    if counted["plaintext"] <= 0:
        reasons.append(f"{target.name} dropped no plaintext packet")
    if counted["rejected"] <= 0:
        reasons.append(f"{target.name}'s protocol refused no forged message")
    s.record("hostile", not reasons, fig, reasons,
             join_s=None if join_s is None else round(join_s, 2),
             leave_s=None if left_s is None else round(left_s, 2),
             gone_from_peers_s=None if tp is None else round(tp - t_kill, 2),
             attack_s=round(end - t0, 1), attacked_member_polls=target_polls,
             attacker=summary, counted_by_target=counted)
    return True
