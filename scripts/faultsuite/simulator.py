"""The simulator's predictions (`swim-benchmarks.jar simulate`, five nodes, seeds 1-5) for the
two figures the suite compares with them: crash detection and partition heal."""

import json
import os
import subprocess

from .config import PARTITION_S
from .util import log

SEEDS = [1, 2, 3, 4, 5]


def last_json(stdout):
    """The last line of stdout that is a JSON object, parsed, or None."""
    lines = [l for l in stdout.splitlines() if l.startswith("{")]
    return json.loads(lines[-1]) if lines else None


def simulate(sim_jar, run=subprocess.run):
    """{"crash": {seed1_s, mean_s, runs}, "partition": {...}}, either missing when no run gave
    its figure; {} without the jar."""
    sim = {}
    if not sim_jar or not os.path.isfile(sim_jar):
        log("simulator jar missing: no simulator comparison (build it with "
            "./mvnw -B -q -DskipTests -pl swim-benchmarks -am package)")
        return sim

    def one(extra, seed):
        r = run(["java", "-jar", sim_jar, "simulate", "--nodes", "5",
                 "--seed", str(seed), "--duration", "120s", *extra],
                capture_output=True, text=True, timeout=120)
        return last_json(r.stdout)

    detect, heal = [], []
    for seed in SEEDS:
        j = one(["--crash", "1"], seed)
        if j and j.get("detect_all_s"):
            detect.append(j["detect_all_s"]["max"])
        j = one(["--crash", "0", "--partition-at", "20s", "--heal-at",
                 f"{20 + PARTITION_S:.0f}s"], seed)
        if j and j.get("heal_converge_s") is not None:
            heal.append(j["heal_converge_s"])
    if detect:
        sim["crash"] = {"seed1_s": detect[0], "mean_s": round(sum(detect) / len(detect), 2),
                        "runs": detect}
    if heal:
        sim["partition"] = {"seed1_s": heal[0], "mean_s": round(sum(heal) / len(heal), 2),
                            "runs": heal}
    log(f"simulator (seeds {SEEDS}): detect_all_s {detect}, heal_converge_s {heal}")
    return sim
