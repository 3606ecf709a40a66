"""Scenarios on the network: partition and long-partition ({1,2} | {3,4,5} by nftables, then
healed) and loss (random ingress drop on every host)."""

import time

from .. import network
from ..config import LONG_PARTITION_S, LOSS_AFTER_S, LOSS_PERCENT, LOSS_S, PARTITION_S
from ..endpoints import failed_events
from ..util import log
from ..views import all_show, bad_in_history, longest_suspect, one_view, reaped_across


def partition(s):
    return partition_scenario(s, "partition", PARTITION_S)


def long_partition(s):
    return partition_scenario(s, "long-partition", LONG_PARTITION_S)


def partition_scenario(s, name, seconds):
    """{1,2} | {3,4,5} for `seconds`, then healed. Beyond the tombstone timeout (the long
    partition) each side must have reaped the other before the heal: only the seeds and the
    members' reconnects to the ones that failed can bring the halves together."""
    a = [s.hosts[1], s.hosts[2]]
    b = [s.hosts[3], s.hosts[4], s.hosts[5]]
    for side, other in ((a, b), (b, a)):
        srcs = ", ".join(x.ip for x in other)
        for h in side:
            network.ingress_rule(h, f"ip saddr {{ {srcs} }}")
    t0 = time.time()
    log(f"partitioned {{1,2}} | {{3,4,5}} for {seconds:.0f} s")
    t_ab = s.wait(all_show(a, {x.name: "DEAD" for x in b}, t0), PARTITION_S,
                  "{1,2} to see 3,4,5 DEAD")
    t_ba = s.wait(all_show(b, {x.name: "DEAD" for x in a}, t0),
                  max(0.1, t0 + PARTITION_S - time.time()), "{3,4,5} to see 1,2 DEAD")
    reaped_reasons = []
    if seconds > s.tombstone_s:
        t_reaped = s.wait(reaped_across(a, b, t0),
                          max(0.1, t0 + seconds - time.time()),
                          "each side to reap the other")
        if t_reaped is None:
            reaped_reasons.append("the sides had not reaped each other before the heal")
    time.sleep(max(0.0, t0 + seconds - time.time()))
    dropped = sum(network.nft_counter(h) or 0 for h in s.five())
    th = time.time()  # the heal begins with the first rule removed...
    for h in s.five():
        network.nft_clear(h)
    t1 = time.time()  # ...and is complete (the figure's start) with the last
    log(f"healed (rules removed; {dropped} packets dropped by them)")
    addrs = {x.name: x.addr() for x in s.five()}
    t = s.wait(one_view(s.five(), s.names(), t1, addrs), 90,
               "one five-member ALIVE view after the heal")
    end = time.time()
    reasons = list(reaped_reasons)
    fig = None if t is None else t - t1
    detect = None
    if t_ab is None or t_ba is None:
        reasons.append("the sides did not both see the other side DEAD within "
                       f"{PARTITION_S:.0f} s")
    else:
        detect = max(t_ab, t_ba) - t0
        if detect > s.bound("partition-detect"):
            reasons.append(f"sides saw each other DEAD after {detect:.2f} s > bound "
                           f"{s.bound('partition-detect')} s")
    if t is None:
        reasons.append("no five-member ALIVE view within 90 s of the heal")
    elif fig > s.bound(name):
        reasons.append(f"healed in {fig:.2f} s > bound {s.bound(name)} s")
    # a member never shows one of its own side DEAD: they reach each other throughout
    for label, window in (("during the partition", (t0, th)), ("after the heal", (th, end))):
        for side in (a, b):
            own = {x.name for x in side}
            found = failed_events(side, window, own)
            found += bad_in_history(
                side, window,
                lambda h, v, own=own: ", ".join(f"{n} DEAD" for n in own
                                                if v.state(n) == "DEAD") or None)[:5]
            reasons += [f"false DEAD of its own side {label} (+s from "
                        f"{'partition' if window[0] == t0 else 'heal'}): {f}" for f in found]
    s.record(name, not reasons, fig, reasons,
             other_side_dead_s=None if detect is None else round(detect, 2),
             packets_dropped=dropped, partition_s=seconds)
    return t is not None


def loss(s):
    for h in s.five():
        network.ingress_rule(h, f"numgen random mod 100 < {LOSS_PERCENT}")
    t0 = time.time()
    log(f"{LOSS_PERCENT}% random ingress loss on every host for {LOSS_S:.0f} s")
    time.sleep(LOSS_S)
    counts = {h.name: network.nft_counter(h) for h in s.five()}
    for h in s.five():
        network.nft_clear(h)
    t1 = time.time()
    log(f"loss removed; packets dropped per host: {counts}")
    time.sleep(LOSS_AFTER_S)
    addrs = {x.name: x.addr() for x in s.five()}
    t = s.wait(one_view(s.five(), s.names(), t1, addrs), 30,
               "5 ALIVE everywhere after the loss")
    end = time.time()
    names = set(s.names())
    reasons = []
    reasons += bad_in_history(
        s.five(), (t0, end),
        lambda h, v: ", ".join(f"{n} DEAD" for n in names if v.state(n) in ("DEAD", "LEFT"))
        or None)[:10]
    reasons += failed_events(s.five(), (t0, end), names)
    if t is None:
        reasons.append("no five-member ALIVE view within 30 s after the loss")
    # the figure: the longest a member was shown SUSPECT anywhere
    # (from the first poll showing it to the first poll not showing it any more)
    longest, suspicions = longest_suspect(s.five(), names, t0, end)
    s.record("loss", not reasons, longest, reasons, suspect_episodes_seen=suspicions,
             packets_dropped=counts)
    return t is not None
