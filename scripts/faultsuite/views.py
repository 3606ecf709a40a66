"""What the pollers observe: View (one poll of one node), the reader that keeps every host's
latest view and history (and writes views.log), waiting, and the predicates and history queries
the scenarios assert with.

A predicate (all_show, gone_from_peers, one_view, reaped_across) is a function of no argument that
returns the time of the observation that satisfies it, or None; wait() polls one until it does."""

import json
import subprocess
import sys
import threading
import time

from .config import ENTRY, HTTP_PORT, POLL_INTERVAL
from .util import T0, log


class View:
    """One poll of one node: its members as {name: (state, address, incarnation)}."""

    __slots__ = ("t", "ok", "me", "lc", "members", "dup", "err", "peers")

    def __init__(self, d):
        self.t = d["t"]
        self.ok = bool(d["ok"])
        self.peers = d.get("p")  # instance ids in /peers, or None when it was not readable
        self.err = d.get("err")
        self.me = d.get("me")
        self.lc = d.get("lc")
        self.members = {}
        self.dup = []
        for name, addr, state, inc in d.get("m", []):
            if name in self.members:
                self.dup.append(name)
            self.members[name] = (state, addr, inc)

    def state(self, name):
        e = self.members.get(name)
        return e[0] if e else None

    def short(self):
        if not self.ok:
            return f"unreachable ({self.err})"
        return " ".join(f"{n}={s[0]}" for n, s in sorted(self.members.items())) + f" [{self.lc}]"


# --- the pollers ------------------------------------------------------------------------------

class ViewsLog:
    """views.log: every change of every node's view, one line each."""

    def __init__(self, path):
        self.f = open(path, "w")
        self.lock = threading.Lock()

    def write(self, h, v, s):
        with self.lock:
            self.f.write(f"{v.t - T0:8.3f} {h.name}: {s}\n")
            self.f.flush()

    def close(self):
        self.f.close()


def start_poller(h, views_log):
    """h's poller, inside h's namespace, and a thread that reads its lines into h."""
    args = ["ip", "netns", "exec", h.ns, sys.executable, ENTRY, "poll",
            "--port", str(HTTP_PORT), "--interval", str(POLL_INTERVAL)]
    h.poller = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                stdin=subprocess.DEVNULL, text=True, start_new_session=True)
    threading.Thread(target=read_poller, args=(h, views_log), daemon=True).start()


def add_view(h, v):
    """v is h's latest view, appended to its history."""
    with h.lock:
        h.latest = v
        h.history.append(v)
        if v.ok and h.first_ok is None:
            h.first_ok = v.t


def read_poller(h, views_log):
    last = None
    for line in h.poller.stdout:
        try:
            v = View(json.loads(line))
        except (ValueError, KeyError):
            continue
        add_view(h, v)
        s = v.short()
        if s != last and views_log is not None:
            last = s
            views_log.write(h, v, s)


# --- waiting ----------------------------------------------------------------------------------

def wait(pred, timeout, what, hosts, step=0.05):
    """Waits until pred() returns a time (the observation); returns it, or None on timeout (then
    logs the latest view of every one of hosts)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        t = pred()
        if t is not None:
            return t
        time.sleep(step)
    log(f"timed out after {timeout:.0f} s waiting for {what}")
    dump_views(hosts)
    return None


def dump_views(hosts):
    for h in hosts:
        with h.lock:
            v = h.latest
        if v is not None:
            log(f"  {h.name} (polled {time.time() - v.t:.1f} s ago): {v.short()}")


# --- predicates over the latest views ---------------------------------------------------------

def latest(h, since):
    """h's latest view when it was read after since and the node answered, else None."""
    with h.lock:
        v = h.latest
    return v if v is not None and v.ok and v.t >= since else None


def all_show(observers, expect, since):
    """pred: every observer's latest view (polled after since) matches expect {name: state},
    with no duplicate member."""
    def pred():
        ts = []
        for h in observers:
            v = latest(h, since)
            if v is None or v.dup:
                return None
            for name, state in expect.items():
                if v.state(name) != state:
                    return None
            ts.append(v.t)
        return max(ts)
    return pred


def one_view(observers, names, since, addresses=None):
    """pred: every observer shows exactly the members `names`, each ALIVE once (at the
    given addresses when addresses is given)."""
    def pred():
        ts = []
        for h in observers:
            v = latest(h, since)
            if v is None or v.dup or set(v.members) != set(names):
                return None
            for n in names:
                st, addr, _ = v.members[n]
                if st != "ALIVE" or (addresses and addr != addresses[n]):
                    return None
            ts.append(v.t)
        return max(ts)
    return pred


def reaped_across(a, b, since):
    """pred: every member of each side lists none of the other side (tombstones reaped)."""
    def pred():
        ts = []
        for side, other in ((a, b), (b, a)):
            for h in side:
                v = latest(h, since)
                if v is None or any(v.state(x.name) is not None for x in other):
                    return None
                ts.append(v.t)
        return max(ts)
    return pred


def listed_in_peers(observers, name):
    """Observers whose latest /peers does not list name (all of them should)."""
    missing = []
    for h in observers:
        with h.lock:
            v = h.latest
        if v is None or v.peers is None or name not in v.peers:
            missing.append(h.name)
    return missing


# --- queries over the history -----------------------------------------------------------------

def gone_from_peers(observers, name, since):
    """pred: the time by which name had left /peers (the DiscoveryClient's list) at every
    observer: per observer the first poll after since without it, then the latest of those."""
    def pred():
        ts = []
        for h in observers:
            with h.lock:
                hist = list(h.history)
            t = next((v.t for v in hist if v.t >= since and v.ok and v.peers is not None
                      and name not in v.peers), None)
            if t is None:
                return None
            ts.append(t)
        return max(ts)
    return pred


def bad_in_history(observers, window, bad):
    """Every poll of observers in [a, b] for which bad(h, view) returns a description."""
    a, b = window
    found = []
    for h in observers:
        with h.lock:
            hist = list(h.history)
        for v in hist:
            if v.ok and a <= v.t <= b:
                d = bad(h, v)
                if d:
                    found.append(f"{h.name} at +{v.t - a:.2f}s: {d}")
    return found


def longest_suspect(observers, names, t0, end):
    """The longest a member of names was shown SUSPECT by one of observers in [t0, end] (from
    the first poll showing it to the first poll not showing it any more, or end), and how many
    such episodes there were."""
    longest, suspicions = 0.0, 0
    for h in observers:
        with h.lock:
            hist = [v for v in h.history if v.ok and t0 <= v.t <= end]
        since = {}
        for v in hist:
            for n in names:
                if v.state(n) == "SUSPECT":
                    if n not in since:
                        since[n] = v.t
                        suspicions += 1
                elif n in since:
                    longest = max(longest, v.t - since.pop(n))
        for n, a in since.items():
            longest = max(longest, end - a)
    return longest, suspicions
