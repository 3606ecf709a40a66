"""The processes the suite runs: a sample-app JVM per host (started, signalled, waited for, its
log), and the attacker's `hostile` JVM."""

import json
import os
import subprocess
import time

from .config import (ATTACKER_IPS, ATTACKER_JAVA_OPTS, ATTACKER_NS, GHOST_IP, GOSSIP_PORT,
                     HOSTILE_IDLE, HOSTILE_RATE, HOSTILE_S, HTTP_PORT, JAVA_OPTS)
from .util import log
from .views import wait


class Nodes:
    """Starts the nodes of `hosts` (a dict by index, shared with the suite) from jar, with key,
    logging to out/logs; and the attacker from sim_jar."""

    def __init__(self, hosts, jar, sim_jar, out, key):
        self.hosts = hosts
        self.jar = jar
        self.sim_jar = sim_jar
        self.out = out
        self.logs = os.path.join(out, "logs")
        self.key = key
        self.attacker = None

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

    def wait_http(self, h, timeout):
        """The time of h's first answered poll since its start, or None after timeout."""
        def pred():
            with h.lock:
                return h.first_ok
        t = wait(pred, timeout, f"{h.name} to answer HTTP", list(self.hosts.values()))
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
        """The last JSON line the attacker printed, or None."""
        try:
            with open(os.path.join(self.logs, "hostile.out")) as f:
                lines = [l for l in f.read().splitlines() if l.startswith("{")]
            return json.loads(lines[-1]) if lines else None
        except (OSError, ValueError):
            return None

    def kill_all(self):
        """Ends the attacker, every node (SIGKILL also ends a stopped one) and every poller."""
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


def signal_node(h, sig):
    h.proc.send_signal(sig)


def wait_exit(h, timeout):
    try:
        h.proc.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        return False
