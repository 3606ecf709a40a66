#!/usr/bin/env python3
"""The multi-host fault-injection suite. Run it through scripts/fault-suite.sh.

Five test hosts are network namespaces (swimfs-h1..h5) on one bridge (swimfs-br0, no address in
the root namespace), each with its own address in 10.77.0.0/24. Each runs sample-app.jar as its own
JVM with AES-GCM encryption on and seeds at hosts 1 and 2. One poller per host, inside that host's
namespace, reads the node's /actuator/swim over loopback every 250 ms, so the observation never
crosses the links the faults are injected on. Faults are process signals (SIGKILL, SIGTERM,
SIGSTOP/SIGCONT), a new address, nftables rules on each host's ingress (partition, loss), and an
attacker host (swimfs-evil) running the benchmarks jar's `hostile` command against one member.

Modes:
  fault_suite.py run --jar JAR --out DIR [--sim-jar JAR]   the suite; writes DIR/fault-suite-summary.json
                     [--only a,b]                           --only: just these after convergence
                                                            (which always runs: it starts the nodes)
  fault_suite.py cleanup                                    removes every swimfs-* namespace and link
  fault_suite.py poll --port 8080 --interval 0.25           (internal) the per-host poller
"""

import argparse
import base64
import datetime
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

PREFIX = "swimfs"
BRIDGE = "swimfs-br0"
NET = "10.77.0."
GOSSIP_PORT = 7946
HTTP_PORT = 8080
POLL_INTERVAL = 0.25
# a gracefully stopped member must leave the others' DiscoveryClient lists within this (what Spring Cloud users expect of a graceful stop)
PEERS_LEAVE_BOUND = 2.0
JAVA_OPTS = ["-Xmx160m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
SCENARIOS = ["convergence", "crash", "restart", "graceful-stop", "partition", "long-partition",
             "loss", "frozen", "wrong-key", "hostile"]
PARTITION_S = 45.0
# beyond the LAN tombstone timeout (60 s): each side has reaped the other when the network heals
LONG_PARTITION_S = 180.0
LOSS_S = 60.0
LOSS_PERCENT = 10
LOSS_AFTER_S = 10.0
FREEZE_S = 5.0
FROZEN_AFTER_S = 20.0
WRONG_KEY_WATCH_S = 15.0
# hostile: an attacker host with 32 addresses (8 unauthenticated connections per source at most)
# holds 500 idle TCP connections to node-1 and forges 200 datagrams/s (plaintext, and sealed with
# the cluster key: an insider that is no member) for 45 s, while a member joins, one leaves and one
# crashes. The ghost address is in the test network and used by nobody: replies to it go nowhere.
ATTACKER_NS = f"{PREFIX}-evil"
ATTACKER_IPS = [NET + str(200 + i) for i in range(32)]
GHOST_IP = NET + "250"
HOSTILE_S = 45.0
HOSTILE_IDLE = 500
HOSTILE_RATE = 200
HOSTILE_WARMUP_S = 3.0
ATTACKER_JAVA_OPTS = ["-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
# Slack on every bound derived from the formulas below: five JVMs, their pollers and this driver
# share two cores, and Lifeguard stretches probe periods on a node that falls behind.
SLACK = 1.5


# ------------------------------------------------------------------------------------------------
# small helpers

T0 = time.time()


def log(msg):
    print(f"[fault-suite {time.time() - T0:7.2f}s] {msg}", flush=True)


def sh(*args, check=True, quiet=False, input=None):
    r = subprocess.run(list(args), input=input, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    if not quiet and r.returncode != 0:
        log(f"(ignored) {' '.join(args)}: {r.stderr.strip()}")
    return r


def parse_duration(s):
    """'1s', '500ms', '1500us', '2m' (as SettingsDescriptor writes them) in seconds."""
    for unit, f in (("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9), ("s", 1.0), ("m", 60.0),
                    ("h", 3600.0), ("d", 86400.0)):
        if s.endswith(unit):
            return float(s[: -len(unit)]) * f
    return float(s) / 1000.0


def iso_to_epoch(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


def fmt(x):
    return "-" if x is None else f"{x:.2f}"


# ------------------------------------------------------------------------------------------------
# poll mode: runs inside one host's namespace, prints one JSON line per poll

def poll_main(port, interval):
    conn = None
    nxt = time.time()
    while True:
        if os.getppid() == 1:
            return  # the driver is gone
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
            conn.request("GET", "/actuator/swim")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}")
            d = json.loads(body)
            out = {"t": time.time(), "ok": 1, "me": d["local"]["name"],
                   "lc": d.get("health", {}).get("lifecycle"),
                   "score": d.get("health", {}).get("score"),
                   "m": [[m["name"], m["address"], m["state"], m.get("incarnation")]
                         for m in d["members"]]}
            # the Spring Cloud DiscoveryClient's view (sample-app GET /peers): instance ids
            conn.request("GET", "/peers")
            resp = conn.getresponse()
            body = resp.read()
            if resp.status == 200:
                out["p"] = [p["instanceId"] for p in json.loads(body)]
        except Exception as e:  # noqa: BLE001 - any failure is an unreachable node
            if conn is not None:
                conn.close()
            conn = None
            out = {"t": time.time(), "ok": 0, "err": f"{type(e).__name__}: {e}"[:120]}
        try:
            print(json.dumps(out, separators=(",", ":")), flush=True)
        except BrokenPipeError:
            return
        nxt += interval
        delay = nxt - time.time()
        if delay > 0:
            time.sleep(delay)
        else:
            nxt = time.time()


# ------------------------------------------------------------------------------------------------
# the test hosts

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


class Host:
    def __init__(self, idx, ip):
        self.idx = idx
        self.ns = f"{PREFIX}-h{idx}"
        self.ip = ip
        self.name = f"node-{idx}"
        self.proc = None
        self.starts = 0
        self.poller = None
        self.lock = threading.Lock()
        self.latest = None
        self.history = []  # every View, in order
        self.first_ok = None  # time of the first successful poll of the current process

    def addr(self):
        return f"{self.ip}:{GOSSIP_PORT}"

    def alive_process(self):
        return self.proc is not None and self.proc.poll() is None


class Suite:
    def __init__(self, jar, out, sim_jar, only=None):
        self.jar = jar
        self.out = out
        self.sim_jar = sim_jar
        self.only = only  # None: every scenario
        self.attacker = None
        self.logs = os.path.join(out, "logs")
        self.key = base64.b64encode(os.urandom(32)).decode()
        self.hosts = {}
        self.results = {}
        self.extra = {}
        self.bounds = {}
        self.sim = {}
        self.settings = None
        self.stopping = False
        self.views_log = None
        self.views_lock = threading.Lock()

    # --- network ----------------------------------------------------------------------------

    def add_host(self, idx, ip):
        h = Host(idx, ip)
        sh("ip", "netns", "add", h.ns)
        sh("ip", "link", "add", h.ns, "type", "veth", "peer", "name", "eth0", "netns", h.ns)
        sh("ip", "link", "set", h.ns, "master", BRIDGE, "up")
        sh("ip", "-n", h.ns, "link", "set", "lo", "up")
        sh("ip", "-n", h.ns, "addr", "add", f"{ip}/24", "dev", "eth0")
        sh("ip", "-n", h.ns, "link", "set", "eth0", "up")
        self.hosts[idx] = h
        self.start_poller(h)
        return h

    def add_attacker(self):
        """The attacker's host: a namespace on the bridge with the addresses in ATTACKER_IPS and
        no node and no poller."""
        ns = ATTACKER_NS
        sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", ns, "type", "veth", "peer", "name", "eth0", "netns", ns)
        sh("ip", "link", "set", ns, "master", BRIDGE, "up")
        sh("ip", "-n", ns, "link", "set", "lo", "up")
        for ip in ATTACKER_IPS:
            sh("ip", "-n", ns, "addr", "add", f"{ip}/24", "dev", "eth0")
        sh("ip", "-n", ns, "link", "set", "eth0", "up")
        return ns

    def readdress(self, h, ip):
        sh("ip", "-n", h.ns, "addr", "flush", "dev", "eth0")
        sh("ip", "-n", h.ns, "addr", "add", f"{ip}/24", "dev", "eth0")
        h.ip = ip

    def nft(self, h, rules):
        sh("ip", "netns", "exec", h.ns, "nft", "-f", "-", input=rules)

    def nft_clear(self, h):
        sh("ip", "netns", "exec", h.ns, "nft", "delete", "table", "inet", PREFIX, check=False,
           quiet=True)

    def ingress_rule(self, h, rule):
        self.nft_clear(h)
        self.nft(h, f"""table inet {PREFIX} {{
  chain input {{
    type filter hook input priority 0; policy accept;
    iifname "eth0" {rule} counter drop
  }}
}}
""")

    def nft_counter(self, h):
        r = sh("ip", "netns", "exec", h.ns, "nft", "list", "table", "inet", PREFIX, check=False,
               quiet=True)
        for line in r.stdout.splitlines():
            if "counter packets" in line:
                return int(line.split("counter packets")[1].split()[0])
        return None

    # --- processes ---------------------------------------------------------------------------

    def start_node(self, h, key=None, seeds=None):
        h.starts += 1
        os.makedirs(self.logs, exist_ok=True)
        tmp = os.path.join(self.out, "tmp", f"{h.name}.{h.starts}")
        os.makedirs(tmp, exist_ok=True)
        logf = open(os.path.join(self.logs, f"{h.name}.{h.starts}.log"), "w")
        if seeds is None:
            seeds = f"{self.hosts[1].addr()},{self.hosts[2].addr()}"
        args = ["ip", "netns", "exec", h.ns, "java", *JAVA_OPTS, f"-Djava.io.tmpdir={tmp}",
                "-jar", self.jar,
                f"--server.port={HTTP_PORT}",
                f"--swim.bind-address={h.ip}",
                f"--swim.bind-port={GOSSIP_PORT}",
                f"--swim.node-name={h.name}",
                f"--swim.seeds={seeds}",
                "--swim.profile=lan",
                "--spring.main.banner-mode=off"]
        env = dict(os.environ)
        # the key goes in the environment, not on the command line where ps would show it
        env["SWIM_ENCRYPTION_KEYS"] = key or self.key
        with h.lock:
            h.first_ok = None
        h.launched = time.time()
        h.proc = subprocess.Popen(args, stdout=logf, stderr=subprocess.STDOUT, env=env,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        logf.close()
        log(f"started {h.name} (pid {h.proc.pid}) on {h.ns} at {h.addr()}, "
            f"log {os.path.relpath(logf.name, self.out)}")

    def start_attacker(self, target, victims):
        """Runs `hostile` from the attacker's host against target for HOSTILE_S; its JSON summary
        goes to logs/hostile.out."""
        os.makedirs(self.logs, exist_ok=True)
        out = open(os.path.join(self.logs, "hostile.out"), "w")
        err = open(os.path.join(self.logs, "hostile.log"), "w")
        args = ["ip", "netns", "exec", ATTACKER_NS, "java", *ATTACKER_JAVA_OPTS,
                f"-Djava.io.tmpdir={os.path.join(self.out, 'tmp')}",
                "-jar", self.sim_jar, "hostile",
                "--target", target.addr(),
                "--idle-connections", str(HOSTILE_IDLE),
                "--rate", str(HOSTILE_RATE),
                "--duration", f"{HOSTILE_S:.0f}s",
                "--victims", ",".join(victims),
                "--bind", ",".join(ATTACKER_IPS),
                "--spoof", GHOST_IP,
                "--key-env", "SWIM_ENCRYPTION_KEYS"]
        env = dict(os.environ)
        env["SWIM_ENCRYPTION_KEYS"] = self.key  # in the environment, never on the command line
        os.makedirs(os.path.join(self.out, "tmp"), exist_ok=True)
        self.attacker = subprocess.Popen(args, stdout=out, stderr=err, env=env,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        out.close()
        err.close()
        log(f"started the attacker (pid {self.attacker.pid}) on {ATTACKER_NS} against "
            f"{target.name} at {target.addr()}: {HOSTILE_IDLE} idle connections from "
            f"{len(ATTACKER_IPS)} addresses, {HOSTILE_RATE} forged datagrams/s, {HOSTILE_S:.0f} s")
        return self.attacker

    def attacker_summary(self):
        try:
            with open(os.path.join(self.logs, "hostile.out")) as f:
                lines = [l for l in f.read().splitlines() if l.startswith("{")]
            return json.loads(lines[-1]) if lines else None
        except (OSError, ValueError):
            return None

    def attack_counters(self, h):
        """What h counted of an attack: its transport drops and the protocol's rejections."""
        d = self.fetch(h, "/actuator/swim") or {}
        c = {"rejected": sum((d.get("rejected") or {}).values()),
             "conflicts": d.get("conflicts", 0)}
        for reason in ("source-limit", "stream-evicted", "first-frame-timeout", "plaintext",
                       "decode-error", "wrong-label"):
            c[reason] = self.dropped(h, reason)
        return c

    def signal_node(self, h, sig):
        h.proc.send_signal(sig)

    def wait_exit(self, h, timeout):
        try:
            h.proc.wait(timeout=timeout)
            return True
        except subprocess.TimeoutExpired:
            return False

    # --- observation -------------------------------------------------------------------------

    def start_poller(self, h):
        args = ["ip", "netns", "exec", h.ns, sys.executable, os.path.abspath(__file__), "poll",
                "--port", str(HTTP_PORT), "--interval", str(POLL_INTERVAL)]
        h.poller = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                    stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        threading.Thread(target=self.read_poller, args=(h,), daemon=True).start()

    def read_poller(self, h):
        last = None
        for line in h.poller.stdout:
            try:
                v = View(json.loads(line))
            except (ValueError, KeyError):
                continue
            with h.lock:
                h.latest = v
                h.history.append(v)
                if v.ok and h.first_ok is None:
                    h.first_ok = v.t
            s = v.short()
            if s != last and self.views_log is not None:
                last = s
                with self.views_lock:
                    self.views_log.write(f"{v.t - T0:8.3f} {h.name}: {s}\n")
                    self.views_log.flush()

    def latest(self, h, since):
        with h.lock:
            v = h.latest
        return v if v is not None and v.ok and v.t >= since else None

    def wait(self, pred, timeout, what, step=0.05):
        """Waits until pred() returns a time (the observation); returns it, or None on timeout."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            t = pred()
            if t is not None:
                return t
            time.sleep(step)
        log(f"timed out after {timeout:.0f} s waiting for {what}")
        self.dump_views()
        return None

    def dump_views(self):
        for h in self.hosts.values():
            with h.lock:
                v = h.latest
            if v is not None:
                log(f"  {h.name} (polled {time.time() - v.t:.1f} s ago): {v.short()}")

    def all_show(self, observers, expect, since):
        """pred: every observer's latest view (polled after since) matches expect {name: state};
        with exact=True semantics (no other member, no duplicate) when expect is 'exact'."""
        def pred():
            ts = []
            for h in observers:
                v = self.latest(h, since)
                if v is None or v.dup:
                    return None
                for name, state in expect.items():
                    if v.state(name) != state:
                        return None
                ts.append(v.t)
            return max(ts)
        return pred

    def listed_in_peers(self, observers, name):
        """Observers whose latest /peers does not list name (all of them should)."""
        missing = []
        for h in observers:
            with h.lock:
                v = h.latest
            if v is None or v.peers is None or name not in v.peers:
                missing.append(h.name)
        return missing

    def gone_from_peers(self, observers, name, since):
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

    def one_view(self, observers, names, since, addresses=None):
        """pred: every observer shows exactly the members `names`, each ALIVE once (at the
        given addresses when addresses is given)."""
        def pred():
            ts = []
            for h in observers:
                v = self.latest(h, since)
                if v is None or v.dup or set(v.members) != set(names):
                    return None
                for n in names:
                    st, addr, _ = v.members[n]
                    if st != "ALIVE" or (addresses and addr != addresses[n]):
                        return None
                ts.append(v.t)
            return max(ts)
        return pred

    def five(self):
        return [self.hosts[i] for i in range(1, 6)]

    def names(self):
        return [h.name for h in self.five()]

    def wait_http(self, h, timeout):
        def pred():
            with h.lock:
                return h.first_ok
        t = self.wait(pred, timeout, f"{h.name} to answer HTTP")
        if t is None and not h.alive_process():
            log(f"{h.name} exited with {h.proc.returncode}; last lines of its log:")
            self.tail_log(h)
        return t

    def tail_log(self, h, n=30):
        path = os.path.join(self.logs, f"{h.name}.{h.starts}.log")
        try:
            with open(path, errors="replace") as f:
                for line in f.readlines()[-n:]:
                    print("    | " + line.rstrip(), flush=True)
        except OSError:
            pass

    def bad_in_history(self, observers, window, bad):
        """Every poll of observers in [a, b] for which bad(view) returns a description."""
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

    def fetch(self, h, path):
        r = sh("ip", "netns", "exec", h.ns, "curl", "-s", "--max-time", "3",
               f"http://127.0.0.1:{HTTP_PORT}{path}", check=False, quiet=True)
        if r.returncode != 0 or not r.stdout:
            return None
        try:
            return json.loads(r.stdout)
        except ValueError:
            return None

    def failed_events(self, observers, window, about):
        """FAILED (-> DEAD) events that observers received in window about members in `about`."""
        a, b = window
        found = []
        for h in observers:
            events = self.fetch(h, "/membership-events")
            if events is None:
                found.append(f"{h.name}: /membership-events unreadable")
                continue
            for e in events:
                if e["type"] == "FAILED" and e["member"] in about and a <= iso_to_epoch(e["at"]) <= b:
                    found.append(f"{h.name} got FAILED {e['member']} at +{iso_to_epoch(e['at']) - a:.2f}s")
        return found

    def event_time(self, observers, etype, member, after):
        """Latest time at which each observer received its first `etype` event about member
        after `after` (None if some observer has none)."""
        ts = []
        for h in observers:
            events = self.fetch(h, "/membership-events") or []
            t = next((iso_to_epoch(e["at"]) for e in events
                      if e["type"] == etype and e["member"] == member
                      and iso_to_epoch(e["at"]) >= after), None)
            if t is None:
                return None
            ts.append(t)
        return max(ts)

    def dropped(self, h, reason):
        d = self.fetch(h, f"/actuator/metrics/swim.packets.dropped?tag=reason:{reason}")
        if not d:
            return 0
        return int(sum(m["value"] for m in d.get("measurements", []) if m["statistic"] == "COUNT"))

    # --- bounds from the protocol's formulas -----------------------------------------------

    def derive_bounds(self):
        s = self.settings
        n = 5
        # the formulas are swim-core's (Formulas), evaluated by the simulator's `bounds` command
        # for the settings the members report in /actuator/swim
        props = {
            "swim.profile": s["profile"],
            "swim.probe-interval": s["probeInterval"],
            "swim.probe-timeout": s["probeTimeout"],
            "swim.suspicion-multiplier": s["suspicionMultiplier"],
            "swim.suspicion-max-timeout-multiplier": s["suspicionMaxTimeoutMultiplier"],
            "swim.gossip-interval": s["gossipInterval"],
            "swim.gossip-nodes": s["gossipNodes"],
            "swim.heal-interval": s["healInterval"],
            "swim.join.retry-interval": s["joinRetryInterval"],
            "swim.join.max-retry-interval": s["joinMaxRetryInterval"],
            "swim.leave-timeout": s["leaveTimeout"],
        }
        args = ["java", "-jar", self.sim_jar, "bounds", "--nodes", str(n)]
        for k, v in props.items():
            args += ["--set", f"{k}={v}"]
        r = subprocess.run(args, capture_output=True, text=True, check=True)
        fb = json.loads(r.stdout.strip().splitlines()[-1])
        T = fb["probe_s"]
        heal = fb["heal_interval_s"]
        reconnect = parse_duration(s["reconnectInterval"])
        self.tombstone_s = parse_duration(s["tombstoneTimeout"])
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
        self.formulas = f
        for name, (v, why) in b.items():
            self.bounds[name] = {"formula_s": round(v, 2), "bound_s": round(v * SLACK, 2),
                                 "why": why}
        self.bounds["partition-detect"]["bound_s"] = PARTITION_S
        self.bounds["partition-detect"]["why"] += (" (an estimate: Lifeguard stretches the probe"
                                                   " period of a prober whose probes fail), so"
                                                   " the assertion is the partition window")
        log(f"LAN profile at N=5: {json.dumps(f)}")
        for name, bd in self.bounds.items():
            log(f"bound {name}: {bd['formula_s']} s from {bd['why']}; asserted: {bd['bound_s']} s")

    def bound(self, name):
        return self.bounds[name]["bound_s"]

    # --- simulator ---------------------------------------------------------------------------

    def simulate(self):
        if not self.sim_jar or not os.path.isfile(self.sim_jar):
            log("simulator jar missing: no simulator comparison (build it with "
                "./mvnw -B -q -DskipTests -pl swim-benchmarks -am package)")
            return

        def run(extra, seed):
            r = subprocess.run(["java", "-jar", self.sim_jar, "simulate", "--nodes", "5",
                                "--seed", str(seed), "--duration", "120s", *extra],
                               capture_output=True, text=True, timeout=120)
            lines = [l for l in r.stdout.splitlines() if l.startswith("{")]
            return json.loads(lines[-1]) if lines else None

        seeds = [1, 2, 3, 4, 5]
        detect, heal = [], []
        for seed in seeds:
            j = run(["--crash", "1"], seed)
            if j and j.get("detect_all_s"):
                detect.append(j["detect_all_s"]["max"])
            j = run(["--crash", "0", "--partition-at", "20s", "--heal-at",
                     f"{20 + PARTITION_S:.0f}s"], seed)
            if j and j.get("heal_converge_s") is not None:
                heal.append(j["heal_converge_s"])
        if detect:
            self.sim["crash"] = {"seed1_s": detect[0], "mean_s": round(sum(detect) / len(detect), 2),
                                 "runs": detect}
        if heal:
            self.sim["partition"] = {"seed1_s": heal[0], "mean_s": round(sum(heal) / len(heal), 2),
                                     "runs": heal}
        log(f"simulator (seeds {seeds}): detect_all_s {detect}, heal_converge_s {heal}")

    # --- scenario bookkeeping ----------------------------------------------------------------

    def record(self, name, passed, figure, reasons=(), **extra):
        self.results[name] = {"name": name, "passed": bool(passed),
                              "figure_s": None if figure is None else round(figure, 2)}
        self.extra[name] = dict(extra)
        if reasons:
            self.extra[name]["failures"] = list(reasons)
        status = "PASS" if passed else "FAIL"
        log(f"== {name}: {status}, figure {fmt(figure)} s"
            + (f" (bound {self.bound(name)} s)" if name in self.bounds else ""))
        for k, v in extra.items():
            if k.endswith("_s") and v is not None:
                log(f"   {k}: {v}")
        for r in reasons:
            log(f"   failure: {r}")

    def baseline(self, timeout=60):
        """All five processes running and one five-member ALIVE view everywhere."""
        for h in self.five():
            if not h.alive_process():
                log(f"restoring {h.name}")
                self.start_node(h)
        addrs = {h.name: h.addr() for h in self.five()}
        t = self.wait(self.one_view(self.five(), self.names(), time.time(), addrs), timeout,
                      "the five-member ALIVE baseline")
        return t is not None

    # --- scenarios ---------------------------------------------------------------------------

    def sc_convergence(self):
        launched = time.time()
        for h in self.five():
            self.start_node(h)
        ups = []
        for h in self.five():
            t = self.wait_http(h, 120)
            if t is None:
                self.record("convergence", False, None, [f"{h.name} never answered HTTP"])
                return False
            ups.append(t)
        up = max(ups)
        log(f"all five answer HTTP {up - launched:.2f} s after launch")
        s = self.fetch(self.hosts[1], "/actuator/swim")
        self.settings = s["settings"]
        self.derive_bounds()
        addrs = {h.name: h.addr() for h in self.five()}
        t = self.wait(self.one_view(self.five(), self.names(), up, addrs), 60,
                      "5 ALIVE everywhere")
        reasons = []
        fig = None if t is None else max(0.0, t - up)
        if t is None:
            reasons.append("no five-member ALIVE view everywhere within 60 s")
        elif fig > self.bound("convergence"):
            reasons.append(f"converged in {fig:.2f} s > bound {self.bound('convergence')} s")
        for h in self.five():
            st = self.fetch(h, "/actuator/swim")
            if not st or not st["settings"]["encryption"] or st["settings"]["keyCount"] != 1:
                reasons.append(f"{h.name} does not run with encryption on")
            elif st["settings"]["profile"] != "lan":
                reasons.append(f"{h.name} runs profile {st['settings']['profile']}")
        self.record("convergence", not reasons, fig, reasons, startup_s=round(up - launched, 2))
        return t is not None

    def sc_crash(self):
        victim = self.hosts[5]
        others = [h for h in self.five() if h is not victim]
        others_names = [h.name for h in others]
        unlisted = self.listed_in_peers(others, victim.name)
        self.signal_node(victim, signal.SIGKILL)
        t0 = time.time()
        log(f"SIGKILL {victim.name}")
        t = self.wait(self.all_show(others, {victim.name: "DEAD"}, t0), 60,
                      f"{victim.name} DEAD at all survivors")
        tp = self.wait(self.gone_from_peers(others, victim.name, t0), 15,
                       f"{victim.name} gone from /peers at all survivors")
        end = time.time()
        self.wait_exit(victim, 5)
        reasons = []
        fig = None if t is None else t - t0
        peers_fig = None if tp is None else tp - t0
        if unlisted:
            reasons.append(f"{victim.name} was not in /peers of {', '.join(unlisted)} before the kill")
        if t is None:
            reasons.append(f"{victim.name} not DEAD at all survivors within 60 s")
        elif fig > self.bound("crash"):
            reasons.append(f"detected in {fig:.2f} s > bound {self.bound('crash')} s")
        if peers_fig is None:
            reasons.append(f"{victim.name} still in some survivor's /peers")
        elif peers_fig > self.bound("crash"):
            reasons.append(f"left /peers in {peers_fig:.2f} s > bound {self.bound('crash')} s")
        # (a survivor may be suspected for a moment; it must never be shown DEAD)
        reasons += self.bad_in_history(
            others, (t0, end),
            lambda h, v: ", ".join(f"{n} {v.state(n)}" for n in others_names
                                   if v.state(n) in ("DEAD", "LEFT")) or None)[:5]
        reasons += self.failed_events(others, (t0, end), set(others_names))
        ev = self.event_time(others, "FAILED", victim.name, t0)
        self.crash_figure = fig
        self.record("crash", not reasons, fig, reasons,
                    detect_by_events_s=None if ev is None else round(ev - t0, 3),
                    gone_from_peers_s=None if peers_fig is None else round(peers_fig, 3))
        return True

    def sc_restart(self):
        h = self.hosts[5]
        old = h.addr()
        self.readdress(h, NET + "15")
        log(f"{h.ns} moved from {old} to {h.addr()}")
        self.start_node(h)
        up = self.wait_http(h, 90)
        if up is None:
            self.record("restart", False, None, [f"{h.name} never answered HTTP after restart"])
            return False
        addrs = {x.name: x.addr() for x in self.five()}
        t = self.wait(self.one_view(self.five(), self.names(), up, addrs), 60,
                      f"{h.name} ALIVE at {h.addr()} everywhere")
        reasons = []
        fig = None if t is None else max(0.0, t - up)
        if t is None:
            reasons.append(f"{h.name} not ALIVE at its new address everywhere within 60 s")
        elif fig > self.bound("restart"):
            reasons.append(f"rejoined in {fig:.2f} s > bound {self.bound('restart')} s")
        dups = self.bad_in_history(self.five(), (up, time.time()),
                                   lambda x, v: f"duplicate {v.dup}" if v.dup else None)
        reasons += dups[:5]
        self.record("restart", not reasons, fig, reasons,
                    since_launch_s=None if t is None else round(t - h.launched, 2),
                    new_address=h.addr())
        return t is not None

    def sc_graceful_stop(self):
        h = self.hosts[4]
        others = [x for x in self.five() if x is not h]
        unlisted = self.listed_in_peers(others, h.name)
        self.signal_node(h, signal.SIGTERM)
        t0 = time.time()
        log(f"SIGTERM {h.name}")
        t = self.wait(self.all_show(others, {h.name: "LEFT"}, t0), 30,
                      f"{h.name} LEFT at all others")
        tp = self.wait(self.gone_from_peers(others, h.name, t0), 15,
                       f"{h.name} gone from /peers at all others")
        exited = self.wait_exit(h, 30)
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
        left_event = self.event_time(others, "LEFT", h.name, t0)
        if left_event is None:
            reasons.append(f"not every other member received a LEFT event for {h.name}")
        if t is None:
            reasons.append(f"{h.name} not LEFT at all others within 30 s")
        else:
            if fig > self.bound("graceful-stop"):
                reasons.append(f"left in {fig:.2f} s > bound {self.bound('graceful-stop')} s")
            if self.crash_figure is not None and fig >= self.crash_figure:
                reasons.append(f"leave ({fig:.2f} s) not faster than crash detection "
                               f"({self.crash_figure:.2f} s)")
        if not exited:
            reasons.append(f"{h.name} did not exit within 30 s of SIGTERM")
        elif h.proc.returncode not in (0, 143):
            reasons.append(f"{h.name} exited with {h.proc.returncode}")
        reasons += self.bad_in_history(
            others, (t0, end), lambda x, v: "DEAD" if v.state(h.name) == "DEAD" else None)[:5]
        reasons += self.failed_events(others, (t0, end), {h.name})
        self.record("graceful-stop", not reasons, fig, reasons,
                    exit_code=h.proc.returncode if exited else None,
                    gone_from_peers_s=None if peers_fig is None else round(peers_fig, 3),
                    left_event_s=None if left_event is None else round(left_event - t0, 3))
        # bring it back for the next scenarios (same name, same address)
        self.start_node(h)
        up = self.wait_http(h, 90)
        addrs = {x.name: x.addr() for x in self.five()}
        tb = up and self.wait(self.one_view(self.five(), self.names(), up, addrs), 60,
                              f"{h.name} back ALIVE everywhere")
        if tb:
            self.extra["graceful-stop"]["rejoin_after_leave_s"] = round(tb - up, 2)
            log(f"{h.name} restarted after its leave: ALIVE everywhere {tb - up:.2f} s after it "
                "answered HTTP")
        return bool(tb)

    def sc_partition(self):
        return self.partition_scenario("partition", PARTITION_S)

    def sc_long_partition(self):
        return self.partition_scenario("long-partition", LONG_PARTITION_S)

    def partition_scenario(self, name, seconds):
        """{1,2} | {3,4,5} for `seconds`, then healed. Beyond the tombstone timeout (the long
        partition) each side must have reaped the other before the heal: only the seeds and the
        members' reconnects to the ones that failed can bring the halves together."""
        a = [self.hosts[1], self.hosts[2]]
        b = [self.hosts[3], self.hosts[4], self.hosts[5]]
        for side, other in ((a, b), (b, a)):
            srcs = ", ".join(x.ip for x in other)
            for h in side:
                self.ingress_rule(h, f"ip saddr {{ {srcs} }}")
        t0 = time.time()
        log(f"partitioned {{1,2}} | {{3,4,5}} for {seconds:.0f} s")
        t_ab = self.wait(self.all_show(a, {x.name: "DEAD" for x in b}, t0), PARTITION_S,
                         "{1,2} to see 3,4,5 DEAD")
        t_ba = self.wait(self.all_show(b, {x.name: "DEAD" for x in a}, t0),
                         max(0.1, t0 + PARTITION_S - time.time()), "{3,4,5} to see 1,2 DEAD")
        reaped_reasons = []
        if seconds > self.tombstone_s:
            t_reaped = self.wait(self.reaped_across(a, b, t0),
                                 max(0.1, t0 + seconds - time.time()),
                                 "each side to reap the other")
            if t_reaped is None:
                reaped_reasons.append("the sides had not reaped each other before the heal")
        time.sleep(max(0.0, t0 + seconds - time.time()))
        dropped = sum(self.nft_counter(h) or 0 for h in self.five())
        th = time.time()  # the heal begins with the first rule removed...
        for h in self.five():
            self.nft_clear(h)
        t1 = time.time()  # ...and is complete (the figure's start) with the last
        log(f"healed (rules removed; {dropped} packets dropped by them)")
        addrs = {x.name: x.addr() for x in self.five()}
        t = self.wait(self.one_view(self.five(), self.names(), t1, addrs), 90,
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
            if detect > self.bound("partition-detect"):
                reasons.append(f"sides saw each other DEAD after {detect:.2f} s > bound "
                               f"{self.bound('partition-detect')} s")
        if t is None:
            reasons.append("no five-member ALIVE view within 90 s of the heal")
        elif fig > self.bound(name):
            reasons.append(f"healed in {fig:.2f} s > bound {self.bound(name)} s")
        # a member never shows one of its own side DEAD: they reach each other throughout
        for label, window in (("during the partition", (t0, th)), ("after the heal", (th, end))):
            for side in (a, b):
                own = {x.name for x in side}
                found = self.failed_events(side, window, own)
                found += self.bad_in_history(
                    side, window,
                    lambda h, v, own=own: ", ".join(f"{n} DEAD" for n in own
                                                    if v.state(n) == "DEAD") or None)[:5]
                reasons += [f"false DEAD of its own side {label} (+s from "
                            f"{'partition' if window[0] == t0 else 'heal'}): {f}" for f in found]
        self.record(name, not reasons, fig, reasons,
                    other_side_dead_s=None if detect is None else round(detect, 2),
                    packets_dropped=dropped, partition_s=seconds)
        return t is not None

    def reaped_across(self, a, b, since):
        """pred: every member of each side lists none of the other side (tombstones reaped)."""
        def pred():
            ts = []
            for side, other in ((a, b), (b, a)):
                for h in side:
                    v = self.latest(h, since)
                    if v is None or any(v.state(x.name) is not None for x in other):
                        return None
                    ts.append(v.t)
            return max(ts)
        return pred

    def sc_loss(self):
        for h in self.five():
            self.ingress_rule(h, f"numgen random mod 100 < {LOSS_PERCENT}")
        t0 = time.time()
        log(f"{LOSS_PERCENT}% random ingress loss on every host for {LOSS_S:.0f} s")
        time.sleep(LOSS_S)
        counts = {h.name: self.nft_counter(h) for h in self.five()}
        for h in self.five():
            self.nft_clear(h)
        t1 = time.time()
        log(f"loss removed; packets dropped per host: {counts}")
        time.sleep(LOSS_AFTER_S)
        addrs = {x.name: x.addr() for x in self.five()}
        t = self.wait(self.one_view(self.five(), self.names(), t1, addrs), 30,
                      "5 ALIVE everywhere after the loss")
        end = time.time()
        names = set(self.names())
        reasons = []
        reasons += self.bad_in_history(
            self.five(), (t0, end),
            lambda h, v: ", ".join(f"{n} DEAD" for n in names if v.state(n) in ("DEAD", "LEFT"))
            or None)[:10]
        reasons += self.failed_events(self.five(), (t0, end), names)
        if t is None:
            reasons.append("no five-member ALIVE view within 30 s after the loss")
        # the figure: the longest a member was shown SUSPECT anywhere
        # (from the first poll showing it to the first poll not showing it any more)
        longest, suspicions = 0.0, 0
        for h in self.five():
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
        self.record("loss", not reasons, longest, reasons, suspect_episodes_seen=suspicions,
                    packets_dropped=counts)
        return t is not None

    def sc_frozen(self):
        h = self.hosts[3]
        healthy = [x for x in self.five() if x is not h]
        healthy_names = {x.name for x in healthy}
        self.signal_node(h, signal.SIGSTOP)
        t0 = time.time()
        log(f"SIGSTOP {h.name} for {FREEZE_S:.0f} s")
        time.sleep(FREEZE_S)
        self.signal_node(h, signal.SIGCONT)
        t1 = time.time()
        log(f"SIGCONT {h.name}")
        addrs = {x.name: x.addr() for x in self.five()}
        t = self.wait(self.one_view(self.five(), self.names(), t1, addrs), 60,
                      f"{h.name} ALIVE everywhere after SIGCONT")
        time.sleep(max(0.0, t1 + FROZEN_AFTER_S - time.time()))
        end = time.time()
        reasons = []
        fig = None if t is None else t - t1
        if t is None:
            reasons.append(f"{h.name} not ALIVE everywhere within 60 s of SIGCONT")
        elif fig > self.bound("frozen"):
            reasons.append(f"recovered in {fig:.2f} s > bound {self.bound('frozen')} s")
        reasons += self.bad_in_history(
            self.five(), (t0, end),
            lambda x, v: ", ".join(f"{n} DEAD" for n in healthy_names
                                   if v.state(n) == "DEAD") or None)[:10]
        reasons += self.failed_events(self.five(), (t0, end), healthy_names)
        frozen_dead = self.failed_events(healthy, (t0, end), {h.name})
        self.record("frozen", not reasons, fig, reasons,
                    frozen_declared_dead_by=len(frozen_dead))
        return t is not None

    def sc_wrong_key(self):
        h = self.add_host(6, NET + "6")
        before = {x.name: self.dropped(x, "wrong-key") for x in self.five()[:2]}
        other_key = base64.b64encode(os.urandom(32)).decode()
        self.start_node(h, key=other_key)
        up = self.wait_http(h, 90)
        reasons = []
        if up is None:
            self.record("wrong-key", False, None, [f"{h.name} never answered HTTP"])
            return False
        time.sleep(WRONG_KEY_WATCH_S)
        end = time.time()
        fig = end - up
        names = set(self.names())
        reasons += self.bad_in_history(
            self.five(), (up, end),
            lambda x, v: (f"shows {h.name}" if h.name in v.members else None)
            or (", ".join(f"{n} {v.state(n)}" for n in names if v.state(n) != "ALIVE") or None)
        )[:10]
        own = self.latest(h, up)
        if own is None:
            reasons.append(f"{h.name} unreadable at the end")
        else:
            if own.lc == "RUNNING" or set(own.members) != {h.name}:
                reasons.append(f"{h.name} shows itself joined: {own.short()}")
        after = {x.name: self.dropped(x, "wrong-key") for x in self.five()[:2]}
        rejected = sum(after.values()) - sum(before.values())
        if rejected <= 0:
            reasons.append("the seeds counted no wrong-key drop: was node-6 ever heard?")
        self.record("wrong-key", not reasons, fig, reasons,
                    intruder_view=None if own is None else own.short(),
                    seeds_wrong_key_drops=rejected)
        self.signal_node(h, signal.SIGKILL)
        return True

    def sc_hostile(self):
        target = self.hosts[1]
        if not self.sim_jar or not os.path.isfile(self.sim_jar):
            self.record("hostile", False, None, [f"no benchmarks jar at {self.sim_jar} (build it "
                                                 "with ./mvnw -B -q -DskipTests -pl "
                                                 "swim-benchmarks -am package)"])
            return False
        leaver, crashed = self.hosts[4], self.hosts[5]
        stayers = [self.hosts[i] for i in (1, 2, 3)]
        self.add_attacker()
        before = self.attack_counters(target)
        t0 = time.time()
        attacker = self.start_attacker(target, [h.name for h in stayers])
        time.sleep(HOSTILE_WARMUP_S)
        reasons = []
        if attacker.poll() is not None:
            self.record("hostile", False, None,
                        [f"the attacker exited with {attacker.returncode}: see logs/hostile.log"])
            return False
        # 1. a new member joins through the seeds, one of them under attack
        new = self.hosts.get(7) or self.add_host(7, NET + "7")
        self.start_node(new)
        up = self.wait_http(new, 90)
        members = stayers + [new]
        t_join = up and self.wait(
            self.all_show(members + [leaver, crashed], {new.name: "ALIVE"}, up), 60,
            f"{new.name} ALIVE everywhere")
        join_s = None if not t_join else t_join - up
        if up is None:
            reasons.append(f"{new.name} never answered HTTP")
        elif t_join is None:
            reasons.append(f"{new.name} not ALIVE everywhere within 60 s of answering HTTP")
        elif join_s > self.bound("convergence"):
            reasons.append(f"{new.name} joined in {join_s:.2f} s > bound "
                           f"{self.bound('convergence')} s")
        # 2. one leaves gracefully
        self.signal_node(leaver, signal.SIGTERM)
        t_term = time.time()
        log(f"SIGTERM {leaver.name} (under attack)")
        t_left = self.wait(self.all_show(members + [crashed], {leaver.name: "LEFT"}, t_term), 30,
                           f"{leaver.name} LEFT at all others")
        left_s = None if t_left is None else t_left - t_term
        if t_left is None:
            reasons.append(f"{leaver.name} not LEFT at all others within 30 s")
        elif left_s > self.bound("graceful-stop"):
            reasons.append(f"{leaver.name} left in {left_s:.2f} s > bound "
                           f"{self.bound('graceful-stop')} s")
        if not self.wait_exit(leaver, 30):
            reasons.append(f"{leaver.name} did not exit within 30 s of SIGTERM")
        # 3. one crashes
        self.signal_node(crashed, signal.SIGKILL)
        t_kill = time.time()
        log(f"SIGKILL {crashed.name} (under attack)")
        t_dead = self.wait(self.all_show(members, {crashed.name: "DEAD"}, t_kill), 60,
                           f"{crashed.name} DEAD at all survivors")
        tp = self.wait(self.gone_from_peers(members, crashed.name, t_kill), 15,
                       f"{crashed.name} gone from /peers at all survivors")
        self.wait_exit(crashed, 5)
        fig = None if t_dead is None else t_dead - t_kill
        if t_dead is None:
            reasons.append(f"{crashed.name} not DEAD at all survivors within 60 s")
        elif fig > self.bound("hostile"):
            reasons.append(f"{crashed.name} detected in {fig:.2f} s > bound "
                           f"{self.bound('hostile')} s")
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
        summary = self.attacker_summary()
        after = self.attack_counters(target)
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
        reasons += self.bad_in_history(everyone, (t0, end), unhealthy)[:10]
        reasons += self.failed_events(members, (t0, end), healthy | {leaver.name})
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
        reasons += self.bad_in_history(everyone, (t0, end), wrong)[:10]
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
        self.record("hostile", not reasons, fig, reasons,
                    join_s=None if join_s is None else round(join_s, 2),
                    leave_s=None if left_s is None else round(left_s, 2),
                    gone_from_peers_s=None if tp is None else round(tp - t_kill, 2),
                    attack_s=round(end - t0, 1), attacked_member_polls=target_polls,
                    attacker=summary, counted_by_target=counted)
        return True

    # --- the run -----------------------------------------------------------------------------

    def run(self):
        os.makedirs(self.out, exist_ok=True)
        shutil.rmtree(self.logs, ignore_errors=True)
        shutil.rmtree(os.path.join(self.out, "tmp"), ignore_errors=True)
        os.makedirs(self.logs, exist_ok=True)
        self.views_log = open(os.path.join(self.logs, "views.log"), "w")
        started = time.time()
        self.crash_figure = None
        if self.selected("crash") or self.selected("partition"):
            self.simulate()  # the simulator's predictions for these two
        sh("ip", "link", "add", BRIDGE, "type", "bridge")
        sh("ip", "link", "set", BRIDGE, "up")
        for i in range(1, 6):
            self.add_host(i, NET + str(i))
        log("hosts: " + ", ".join(f"{h.ns}={h.ip}" for h in self.five()) + f", bridge {BRIDGE}")
        steps = [("convergence", self.sc_convergence), ("crash", self.sc_crash),
                 ("restart", self.sc_restart), ("graceful-stop", self.sc_graceful_stop),
                 ("partition", self.sc_partition), ("long-partition", self.sc_long_partition),
                 ("loss", self.sc_loss),
                 ("frozen", self.sc_frozen), ("wrong-key", self.sc_wrong_key),
                 ("hostile", self.sc_hostile)]
        steps = [(name, fn) for name, fn in steps if self.selected(name)]
        broken = None
        for i, (name, fn) in enumerate(steps):
            if broken:
                self.record(name, False, None, [f"not run: {broken}"])
                continue
            log(f"--- scenario {i + 1}/{len(steps)}: {name}")
            try:
                fn()
            except Exception as e:  # noqa: BLE001 - a scenario that blows up fails, the rest run
                log(f"{name} raised {type(e).__name__}: {e}")
                self.record(name, False, self.results.get(name, {}).get("figure_s"),
                            [f"raised {type(e).__name__}: {e}"])
            # every scenario starts from five running members in one ALIVE view; the crashed
            # node stays down for `restart`, which brings it back itself
            if i + 1 < len(steps) and not (name == "crash" and steps[i + 1][0] == "restart") \
                    and not self.baseline():
                broken = "the five-member ALIVE baseline could not be restored"
        self.duration = time.time() - started
        self.summarize()
        return all(r["passed"] for r in self.results.values())

    def selected(self, name):
        """convergence always runs (it starts the nodes); restart needs crash before it."""
        if self.only is None or name == "convergence":
            return True
        return name in self.only or (name == "crash" and "restart" in self.only)

    def summarize(self):
        rows = []
        ran = [n for n in SCENARIOS if n in self.results]
        for name in ran:
            r = self.results[name]
            bd = self.bounds.get(name, {})
            sim = self.sim.get(name)
            ratio = None
            if sim and r["figure_s"] is not None:
                ratio = r["figure_s"] / sim["mean_s"] if sim["mean_s"] else None
            rows.append((name, "PASS" if r["passed"] else "FAIL", fmt(r["figure_s"]),
                         fmt(bd.get("bound_s")), fmt(sim["mean_s"]) if sim else "-",
                         "-" if ratio is None else f"{ratio:.2f}x"))
        what = {"convergence": "5 ALIVE everywhere after the last node answers HTTP",
                "crash": "SIGKILL -> DEAD at all 4 survivors",
                "restart": "restart at a new address -> ALIVE everywhere, no duplicate",
                "graceful-stop": "SIGTERM -> LEFT at all 4 others",
                "partition": "heal -> one 5-member ALIVE view",
                "long-partition": "3 min (reaped), heal -> one 5-member ALIVE view",
                "loss": "longest SUSPECT episode (never DEAD)",
                "frozen": "SIGCONT -> frozen node ALIVE everywhere",
                "wrong-key": "time watched: intruder never admitted",
                "hostile": "SIGKILL under attack -> DEAD at all survivors"}
        print("", flush=True)
        print("fault-suite summary (figures in seconds; bound = formula x "
              f"{SLACK}; sim = simulator mean, seeds 1-5)")
        hdr = ("scenario", "result", "figure", "bound", "sim", "vs sim", "figure measures")
        print(f"{hdr[0]:<14} {hdr[1]:<6} {hdr[2]:>7} {hdr[3]:>7} {hdr[4]:>6} {hdr[5]:>7}  {hdr[6]}")
        for row in rows:
            print(f"{row[0]:<14} {row[1]:<6} {row[2]:>7} {row[3]:>7} {row[4]:>6} {row[5]:>7}  "
                  f"{what[row[0]]}")
        if "partition" in self.results:
            pd = self.extra.get("partition", {}).get("other_side_dead_s")
            print(f"partition: each side saw the other DEAD after {fmt(pd)} s "
                  f"(bound {fmt(self.bounds.get('partition-detect', {}).get('bound_s'))} s)")
        if "hostile" in self.results:
            hx = self.extra.get("hostile", {})
            print(f"hostile: join {fmt(hx.get('join_s'))} s, leave {fmt(hx.get('leave_s'))} s "
                  f"under attack; {fmt(hx.get('attack_s'))} s of attack")
        passed = sum(1 for r in self.results.values() if r["passed"])
        print(f"{passed} passed, {len(ran) - passed} failed; suite took {self.duration:.1f} s",
              flush=True)
        summary = [self.results[n] for n in ran]
        with open(os.path.join(self.out, "fault-suite-summary.json"), "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
        report = {"duration_s": round(self.duration, 1), "formulas": getattr(self, "formulas", None),
                  "bounds": self.bounds, "simulator": self.sim, "slack": SLACK,
                  "scenarios": [{**self.results[n], **self.extra.get(n, {})} for n in ran]}
        with open(os.path.join(self.out, "fault-suite-report.json"), "w") as f:
            json.dump(report, f, indent=2, default=str)
            f.write("\n")

    def teardown(self):
        # a second Ctrl-C (or the wrapper's TERM) must not cut the teardown short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if self.attacker is not None and self.attacker.poll() is None:
            try:
                self.attacker.kill()
                self.attacker.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        for h in list(self.hosts.values()):
            if h.proc is not None and h.proc.poll() is None:
                try:
                    h.proc.kill()  # SIGKILL also ends a stopped process
                    h.proc.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            if h.poller is not None and h.poller.poll() is None:
                h.poller.kill()
                try:
                    h.poller.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    pass
        cleanup()
        shutil.rmtree(os.path.join(self.out, "tmp"), ignore_errors=True)
        if self.views_log:
            self.views_log.close()


def cleanup():
    """Removes every namespace, veth and bridge named swimfs-*, ending the processes inside
    those namespaces (all of them started by this suite) first."""
    r = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True)
    nss = [l.split()[0] for l in r.stdout.splitlines() if l.startswith(PREFIX + "-")]
    for ns in nss:
        pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout
        for pid in pids.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass
    for ns in nss:
        for _ in range(50):
            pids = subprocess.run(["ip", "netns", "pids", ns], capture_output=True,
                                  text=True).stdout.split()
            if not pids:
                break
            time.sleep(0.1)
        subprocess.run(["ip", "netns", "del", ns], capture_output=True)
    links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
    for line in links.splitlines():
        dev = line.split(":")[1].strip().split("@")[0]
        if dev.startswith(PREFIX + "-"):
            subprocess.run(["ip", "link", "del", dev], capture_output=True)
    # deleted namespaces release their veths asynchronously: wait until the names are free
    for _ in range(50):
        links = subprocess.run(["ip", "-o", "link", "show"], capture_output=True, text=True).stdout
        if not any(l.split(":")[1].strip().startswith(PREFIX + "-") for l in links.splitlines()):
            break
        time.sleep(0.1)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = p.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("run")
    r.add_argument("--jar", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--sim-jar")
    r.add_argument("--only", help="comma-separated scenarios to run after convergence "
                   f"(of {', '.join(SCENARIOS[1:])})")
    sub.add_parser("cleanup")
    q = sub.add_parser("poll")
    q.add_argument("--port", type=int, default=HTTP_PORT)
    q.add_argument("--interval", type=float, default=POLL_INTERVAL)
    a = p.parse_args()
    if a.mode == "poll":
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        poll_main(a.port, a.interval)
        return 0
    if a.mode == "cleanup":
        cleanup()
        return 0
    only = None
    if a.mode == "run" and a.only:
        only = {x.strip() for x in a.only.split(",") if x.strip()}
        unknown = only - set(SCENARIOS)
        if unknown:
            p.error(f"--only: unknown scenario(s) {', '.join(sorted(unknown))}; "
                    f"known: {', '.join(SCENARIOS)}")
    suite = Suite(os.path.abspath(a.jar), os.path.abspath(a.out), a.sim_jar, only)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    # SIGINT too: a background job of a script starts with SIGINT ignored
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    ok = False
    try:
        cleanup()
        ok = suite.run()
    except KeyboardInterrupt as e:
        log(f"interrupted ({e}); tearing down")
        return 130
    finally:
        suite.teardown()
        log("torn down: no swimfs-* namespace, link or process left")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
