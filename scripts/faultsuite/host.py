"""One test host: a network namespace with an address, the node process it runs, its poller and
every view the poller read."""

import threading

from .config import GOSSIP_PORT, PREFIX


class Host:
    def __init__(self, idx, ip):
        self.idx = idx
        self.ns = f"{PREFIX}-h{idx}"
        self.ip = ip
        self.name = f"node-{idx}"
        self.proc = None
        self.starts = 0
        self.launched = None  # when the current process was started
        self.poller = None
        self.lock = threading.Lock()
        self.latest = None
        self.history = []  # every View, in order
        self.first_ok = None  # time of the first successful poll of the current process

    def addr(self):
        return f"{self.ip}:{GOSSIP_PORT}"

    def alive_process(self):
        return self.proc is not None and self.proc.poll() is None
