"""The suite's constants: names, addresses, ports, scenario durations, the slack on bounds."""

import os

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

# the entry point; each host's poller is `fault_suite.py poll` run inside the host's namespace
ENTRY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fault_suite.py")
