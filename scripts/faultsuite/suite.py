"""The run: the test hosts, the scenarios in order with the five-member baseline restored between
them, their results and bounds, the summary, and the teardown. The Suite is the context every
scenario gets: its hosts, its nodes (faultsuite.nodes.Nodes), waiting, bounds and record()."""

import base64
import os
import shutil
import signal
import time

from . import bounds, network, report, simulator
from .config import BRIDGE, NET
from .host import Host
from .nodes import Nodes
from .scenarios import STEPS
from .util import fmt, log
from .views import ViewsLog, one_view, start_poller, wait


class Suite:
    def __init__(self, jar, out, sim_jar, only=None):
        self.jar = jar
        self.out = out
        self.sim_jar = sim_jar
        self.only = only  # None: every scenario
        self.logs = os.path.join(out, "logs")
        self.key = base64.b64encode(os.urandom(32)).decode()
        self.hosts = {}
        self.nodes = Nodes(self.hosts, jar, sim_jar, out, self.key)
        self.results = {}
        self.extra = {}
        self.bounds = {}
        self.formulas = None
        self.tombstone_s = None
        self.sim = {}
        self.settings = None  # what /actuator/swim reports, once convergence has read it
        self.crash_figure = None  # the crash scenario's, which graceful-stop must beat
        self.duration = None
        self.views_log = None

    # --- hosts -----------------------------------------------------------------------------

    def add_host(self, idx, ip):
        h = Host(idx, ip)
        network.add_namespace(h)
        self.hosts[idx] = h
        start_poller(h, self.views_log)
        return h

    def five(self):
        return [self.hosts[i] for i in range(1, 6)]

    def names(self):
        return [h.name for h in self.five()]

    def wait(self, pred, timeout, what):
        """views.wait over this suite's hosts: the time pred() returned, or None on timeout."""
        return wait(pred, timeout, what, list(self.hosts.values()))

    # --- bounds ----------------------------------------------------------------------------

    def derive_bounds(self):
        d = bounds.derive_bounds(self.settings, self.sim_jar)
        self.formulas = d.formulas
        self.tombstone_s = d.tombstone_s
        self.bounds.update(d.bounds)

    def bound(self, name):
        return self.bounds[name]["bound_s"]

    # --- scenario bookkeeping --------------------------------------------------------------

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
                self.nodes.start_node(h)
        addrs = {h.name: h.addr() for h in self.five()}
        t = self.wait(one_view(self.five(), self.names(), time.time(), addrs), timeout,
                      "the five-member ALIVE baseline")
        return t is not None

    def selected(self, name):
        """convergence always runs (it starts the nodes); restart needs crash before it."""
        if self.only is None or name == "convergence":
            return True
        return name in self.only or (name == "crash" and "restart" in self.only)

    # --- the run ---------------------------------------------------------------------------

    def run(self):
        os.makedirs(self.out, exist_ok=True)
        shutil.rmtree(self.logs, ignore_errors=True)
        shutil.rmtree(os.path.join(self.out, "tmp"), ignore_errors=True)
        os.makedirs(self.logs, exist_ok=True)
        self.views_log = ViewsLog(os.path.join(self.logs, "views.log"))
        started = time.time()
        self.crash_figure = None
        if self.selected("crash") or self.selected("partition"):
            # the simulator's predictions for these two
            self.sim = simulator.simulate(self.sim_jar)
        network.add_bridge()
        for i in range(1, 6):
            self.add_host(i, NET + str(i))
        log("hosts: " + ", ".join(f"{h.ns}={h.ip}" for h in self.five()) + f", bridge {BRIDGE}")
        steps = [(name, fn) for name, fn in STEPS if self.selected(name)]
        broken = None
        for i, (name, fn) in enumerate(steps):
            if broken:
                self.record(name, False, None, [f"not run: {broken}"])
                continue
            log(f"--- scenario {i + 1}/{len(steps)}: {name}")
            try:
                fn(self)
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
        report.summarize(self.out, self.results, self.extra, self.bounds, self.sim,
                         self.formulas, self.duration)
        return all(r["passed"] for r in self.results.values())

    def teardown(self):
        # a second Ctrl-C (or the wrapper's TERM) must not cut the teardown short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        self.nodes.kill_all()
        network.cleanup()
        shutil.rmtree(os.path.join(self.out, "tmp"), ignore_errors=True)
        if self.views_log:
            self.views_log.close()
