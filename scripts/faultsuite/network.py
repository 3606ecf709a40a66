"""The test network: network namespaces joined by a bridge with veths, the nftables rules put on
a host's ingress (partition, loss) and their counters, and the removal of all of it."""

import os
import signal
import subprocess
import time

from .config import ATTACKER_IPS, ATTACKER_NS, BRIDGE, PREFIX
from .util import sh


def add_bridge():
    sh("ip", "link", "add", BRIDGE, "type", "bridge")
    sh("ip", "link", "set", BRIDGE, "up")


def add_namespace(h):
    """h's namespace, on the bridge through a veth, with h.ip on its eth0."""
    sh("ip", "netns", "add", h.ns)
    sh("ip", "link", "add", h.ns, "type", "veth", "peer", "name", "eth0", "netns", h.ns)
    sh("ip", "link", "set", h.ns, "master", BRIDGE, "up")
    sh("ip", "-n", h.ns, "link", "set", "lo", "up")
    sh("ip", "-n", h.ns, "addr", "add", f"{h.ip}/24", "dev", "eth0")
    sh("ip", "-n", h.ns, "link", "set", "eth0", "up")


def add_attacker():
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


def readdress(h, ip):
    sh("ip", "-n", h.ns, "addr", "flush", "dev", "eth0")
    sh("ip", "-n", h.ns, "addr", "add", f"{ip}/24", "dev", "eth0")
    h.ip = ip


def nft(h, rules):
    sh("ip", "netns", "exec", h.ns, "nft", "-f", "-", input=rules)


def nft_clear(h):
    sh("ip", "netns", "exec", h.ns, "nft", "delete", "table", "inet", PREFIX, check=False,
       quiet=True)


def ingress_rule(h, rule):
    """Drops (and counts) what arrives on h's eth0 and matches rule; replaces any earlier rule."""
    nft_clear(h)
    nft(h, f"""table inet {PREFIX} {{
  chain input {{
    type filter hook input priority 0; policy accept;
    iifname "eth0" {rule} counter drop
  }}
}}
""")


def parse_counter(listing):
    """The packet count of the first counter in an `nft list table` listing, or None."""
    for line in listing.splitlines():
        if "counter packets" in line:
            return int(line.split("counter packets")[1].split()[0])
    return None


def nft_counter(h):
    r = sh("ip", "netns", "exec", h.ns, "nft", "list", "table", "inet", PREFIX, check=False,
           quiet=True)
    return parse_counter(r.stdout)


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
