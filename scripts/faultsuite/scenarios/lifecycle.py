"""Scenarios on the nodes' processes: convergence (five JVMs start together), crash (SIGKILL),
restart (at a new address), graceful-stop (SIGTERM) and frozen (SIGSTOP, then SIGCONT).

Each takes the suite (faultsuite.suite.Suite) and records its result with s.record()."""

import signal
import time

from .. import network
from ..config import FREEZE_S, FROZEN_AFTER_S, NET, PEERS_LEAVE_BOUND
from ..endpoints import event_time, failed_events, fetch
from ..nodes import signal_node, wait_exit
from ..util import log
from ..views import all_show, bad_in_history, gone_from_peers, listed_in_peers, one_view


def convergence(s):
    launched = time.time()
    for h in s.five():
        s.nodes.start_node(h)
    ups = []
    for h in s.five():
        t = s.nodes.wait_http(h, 120)
        if t is None:
            s.record("convergence", False, None, [f"{h.name} never answered HTTP"])
            return False
        ups.append(t)
    up = max(ups)
    log(f"all five answer HTTP {up - launched:.2f} s after launch")
    status = fetch(s.hosts[1], "/actuator/swim")
    s.settings = status["settings"]
    s.derive_bounds()
    addrs = {h.name: h.addr() for h in s.five()}
    t = s.wait(one_view(s.five(), s.names(), up, addrs), 60,
               "5 ALIVE everywhere")
    reasons = []
    fig = None if t is None else max(0.0, t - up)
    if t is None:
        reasons.append("no five-member ALIVE view everywhere within 60 s")
    elif fig > s.bound("convergence"):
        reasons.append(f"converged in {fig:.2f} s > bound {s.bound('convergence')} s")
    for h in s.five():
        st = fetch(h, "/actuator/swim")
        if not st or not st["settings"]["encryption"] or st["settings"]["keyCount"] != 1:
            reasons.append(f"{h.name} does not run with encryption on")
        elif st["settings"]["profile"] != "lan":
            reasons.append(f"{h.name} runs profile {st['settings']['profile']}")
    s.record("convergence", not reasons, fig, reasons, startup_s=round(up - launched, 2))
    return t is not None


def crash(s):
    victim = s.hosts[5]
    others = [h for h in s.five() if h is not victim]
    others_names = [h.name for h in others]
    unlisted = listed_in_peers(others, victim.name)
    signal_node(victim, signal.SIGKILL)
    t0 = time.time()
    log(f"SIGKILL {victim.name}")
    t = s.wait(all_show(others, {victim.name: "DEAD"}, t0), 60,
               f"{victim.name} DEAD at all survivors")
    tp = s.wait(gone_from_peers(others, victim.name, t0), 15,
                f"{victim.name} gone from /peers at all survivors")
    end = time.time()
    wait_exit(victim, 5)
    reasons = []
    fig = None if t is None else t - t0
    peers_fig = None if tp is None else tp - t0
    if unlisted:
        reasons.append(f"{victim.name} was not in /peers of {', '.join(unlisted)} before the kill")
    if t is None:
        reasons.append(f"{victim.name} not DEAD at all survivors within 60 s")
    elif fig > s.bound("crash"):
        reasons.append(f"detected in {fig:.2f} s > bound {s.bound('crash')} s")
    if peers_fig is None:
        reasons.append(f"{victim.name} still in some survivor's /peers")
    elif peers_fig > s.bound("crash"):
        reasons.append(f"left /peers in {peers_fig:.2f} s > bound {s.bound('crash')} s")
    # (a survivor may be suspected for a moment; it must never be shown DEAD)
    reasons += bad_in_history(
        others, (t0, end),
        lambda h, v: ", ".join(f"{n} {v.state(n)}" for n in others_names
                               if v.state(n) in ("DEAD", "LEFT")) or None)[:5]
    reasons += failed_events(others, (t0, end), set(others_names))
    ev = event_time(others, "FAILED", victim.name, t0)
    s.crash_figure = fig
    s.record("crash", not reasons, fig, reasons,
             detect_by_events_s=None if ev is None else round(ev - t0, 3),
             gone_from_peers_s=None if peers_fig is None else round(peers_fig, 3))
    return True


def restart(s):
    h = s.hosts[5]
    old = h.addr()
    network.readdress(h, NET + "15")
    log(f"{h.ns} moved from {old} to {h.addr()}")
    s.nodes.start_node(h)
    up = s.nodes.wait_http(h, 90)
    if up is None:
        s.record("restart", False, None, [f"{h.name} never answered HTTP after restart"])
        return False
    addrs = {x.name: x.addr() for x in s.five()}
    t = s.wait(one_view(s.five(), s.names(), up, addrs), 60,
               f"{h.name} ALIVE at {h.addr()} everywhere")
    reasons = []
    fig = None if t is None else max(0.0, t - up)
    if t is None:
        reasons.append(f"{h.name} not ALIVE at its new address everywhere within 60 s")
    elif fig > s.bound("restart"):
        reasons.append(f"rejoined in {fig:.2f} s > bound {s.bound('restart')} s")
    dups = bad_in_history(s.five(), (up, time.time()),
                          lambda x, v: f"duplicate {v.dup}" if v.dup else None)
    reasons += dups[:5]
    s.record("restart", not reasons, fig, reasons,
             since_launch_s=None if t is None else round(t - h.launched, 2),
             new_address=h.addr())
    return t is not None


def graceful_stop(s):
    h = s.hosts[4]
    others = [x for x in s.five() if x is not h]
    unlisted = listed_in_peers(others, h.name)
    signal_node(h, signal.SIGTERM)
    t0 = time.time()
    log(f"SIGTERM {h.name}")
    t = s.wait(all_show(others, {h.name: "LEFT"}, t0), 30,
               f"{h.name} LEFT at all others")
    tp = s.wait(gone_from_peers(others, h.name, t0), 15,
                f"{h.name} gone from /peers at all others")
    exited = wait_exit(h, 30)
    end = time.time()
    reasons = []
    fig = None if t is None else t - t0
    peers_fig = None if tp is None else tp - t0
    if unlisted:
        reasons.append(f"{h.name} was not in /peers of {', '.join(unlisted)} before SIGTERM")
    if peers_fig is None:
        reasons.append(f"{h.name} still in some member's /peers")
    elif peers_fig > PEERS_LEAVE_BOUND:
        reasons.append(f"left /peers in {peers_fig:.2f} s > {PEERS_LEAVE_BOUND} s")
    left_event = event_time(others, "LEFT", h.name, t0)
    if left_event is None:
        reasons.append(f"not every other member received a LEFT event for {h.name}")
    if t is None:
        reasons.append(f"{h.name} not LEFT at all others within 30 s")
    else:
        if fig > s.bound("graceful-stop"):
            reasons.append(f"left in {fig:.2f} s > bound {s.bound('graceful-stop')} s")
        if s.crash_figure is not None and fig >= s.crash_figure:
            reasons.append(f"leave ({fig:.2f} s) not faster than crash detection "
                           f"({s.crash_figure:.2f} s)")
    if not exited:
        reasons.append(f"{h.name} did not exit within 30 s of SIGTERM")
    elif h.proc.returncode not in (0, 143):
        reasons.append(f"{h.name} exited with {h.proc.returncode}")
    reasons += bad_in_history(
        others, (t0, end), lambda x, v: "DEAD" if v.state(h.name) == "DEAD" else None)[:5]
    reasons += failed_events(others, (t0, end), {h.name})
    s.record("graceful-stop", not reasons, fig, reasons,
             exit_code=h.proc.returncode if exited else None,
             gone_from_peers_s=None if peers_fig is None else round(peers_fig, 3),
             left_event_s=None if left_event is None else round(left_event - t0, 3))
    # bring it back for the next scenarios (same name, same address)
    s.nodes.start_node(h)
    up = s.nodes.wait_http(h, 90)
    addrs = {x.name: x.addr() for x in s.five()}
    tb = up and s.wait(one_view(s.five(), s.names(), up, addrs), 60,
                       f"{h.name} back ALIVE everywhere")
    if tb:
        s.extra["graceful-stop"]["rejoin_after_leave_s"] = round(tb - up, 2)
        log(f"{h.name} restarted after its leave: ALIVE everywhere {tb - up:.2f} s after it "
            "answered HTTP")
    return bool(tb)


def frozen(s):
    h = s.hosts[3]
    healthy = [x for x in s.five() if x is not h]
    healthy_names = {x.name for x in healthy}
    signal_node(h, signal.SIGSTOP)
    t0 = time.time()
    log(f"SIGSTOP {h.name} for {FREEZE_S:.0f} s")
    time.sleep(FREEZE_S)
    signal_node(h, signal.SIGCONT)
    t1 = time.time()
    log(f"SIGCONT {h.name}")
    addrs = {x.name: x.addr() for x in s.five()}
    t = s.wait(one_view(s.five(), s.names(), t1, addrs), 60,
               f"{h.name} ALIVE everywhere after SIGCONT")
    time.sleep(max(0.0, t1 + FROZEN_AFTER_S - time.time()))
    end = time.time()
    reasons = []
    fig = None if t is None else t - t1
    if t is None:
        reasons.append(f"{h.name} not ALIVE everywhere within 60 s of SIGCONT")
    elif fig > s.bound("frozen"):
        reasons.append(f"recovered in {fig:.2f} s > bound {s.bound('frozen')} s")
    reasons += bad_in_history(
        s.five(), (t0, end),
        lambda x, v: ", ".join(f"{n} DEAD" for n in healthy_names
                               if v.state(n) == "DEAD") or None)[:10]
    reasons += failed_events(s.five(), (t0, end), healthy_names)
    frozen_dead = failed_events(healthy, (t0, end), {h.name})
    s.record("frozen", not reasons, fig, reasons,
             frozen_declared_dead_by=len(frozen_dead))
    return t is not None
