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

This file is the command line; the suite itself is the package faultsuite/ beside it (its
__init__.py says what each module does).
"""

import argparse
import os
import signal
import sys

from faultsuite.config import HTTP_PORT, POLL_INTERVAL, SCENARIOS
from faultsuite.network import cleanup
from faultsuite.poller import poll_main
from faultsuite.suite import Suite
from faultsuite.util import log


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
