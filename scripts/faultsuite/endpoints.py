"""What the nodes' HTTP endpoints tell, read with curl inside each host's namespace: JSON from
/actuator/swim, the packet-drop metrics, and the membership events a node received."""

import json

from .config import HTTP_PORT
from .util import iso_to_epoch, sh

DROP_REASONS = ("source-limit", "stream-evicted", "first-frame-timeout", "plaintext",
                "decode-error", "wrong-label")


def fetch(h, path):
    r = sh("ip", "netns", "exec", h.ns, "curl", "-s", "--max-time", "3",
           f"http://127.0.0.1:{HTTP_PORT}{path}", check=False, quiet=True)
    if r.returncode != 0 or not r.stdout:
        return None
    try:
        return json.loads(r.stdout)
    except ValueError:
        return None


def dropped(h, reason):
    d = fetch(h, f"/actuator/metrics/swim.packets.dropped?tag=reason:{reason}")
    if not d:
        return 0
    return int(sum(m["value"] for m in d.get("measurements", []) if m["statistic"] == "COUNT"))


def attack_counters(h):
    """What h counted of an attack: its transport drops and the protocol's rejections."""
    d = fetch(h, "/actuator/swim") or {}
    c = {"rejected": sum((d.get("rejected") or {}).values()),
         "conflicts": d.get("conflicts", 0)}
    for reason in DROP_REASONS:
        c[reason] = dropped(h, reason)
    return c


def failed_events(observers, window, about, fetch=fetch):
    """FAILED (-> DEAD) events that observers received in window about members in `about`."""
    a, b = window
    found = []
    for h in observers:
        events = fetch(h, "/membership-events")
        if events is None:
            found.append(f"{h.name}: /membership-events unreadable")
            continue
        for e in events:
            if e["type"] == "FAILED" and e["member"] in about and a <= iso_to_epoch(e["at"]) <= b:
                found.append(f"{h.name} got FAILED {e['member']} at +{iso_to_epoch(e['at']) - a:.2f}s")
    return found


def event_time(observers, etype, member, after, fetch=fetch):
    """Latest time at which each observer received its first `etype` event about member
    after `after` (None if some observer has none)."""
    ts = []
    for h in observers:
        events = fetch(h, "/membership-events") or []
        t = next((iso_to_epoch(e["at"]) for e in events
                  if e["type"] == etype and e["member"] == member
                  and iso_to_epoch(e["at"]) >= after), None)
        if t is None:
            return None
        ts.append(t)
    return max(ts)
