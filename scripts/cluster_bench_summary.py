"""Summaries of scripts/cluster-bench.sh runs: the median of each figure per implementation, the
ratio of ours to the peer measured in the same run, and of ours encrypted to ours in plain text.

    python3 cluster_bench_summary.py RESULTS N     one JSON line per (implementation, encryption),
                                                   then the ratio lines
    python3 cluster_bench_summary.py error IMPL N LOG
                                                   the result line of a run whose JVM printed none
"""
import json
import math
import sys

FIELDS = ["join_converge_ms", "cpu_ms_per_node_s", "cpu_ms_per_node_s_first_10s",
          "alloc_bytes_per_node_s", "threads", "lo_packets_per_node_s", "lo_bytes_per_node_s",
          "heap_bytes_per_node", "detect_first_ms", "detect_all_ms", "status_propagation_ms"]

# Figures whose slowest run matters as much as the median: the max over the runs (null when a
# run gave up), in the summary line as NAME_max.
MAX_FIELDS = {"join_converge_ms": "join_converge_ms_max",
              "status_propagation_ms_max": "status_propagation_ms_max"}


def median(values):
    """The median; a run that gave up (None) counts as the worst value."""
    v = sorted(math.inf if x is None else x for x in values)
    if not v:
        return None
    m = v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2
    return None if math.isinf(m) else (round(m, 4) if isinstance(m, float) else m)


def worst(values):
    """The largest value; None when there is none or a run gave up (None)."""
    return None if not values or any(x is None for x in values) else max(values)


def summarize(runs, n):
    """The median line of each (implementation, encryption) group of size n, then the ratio."""
    groups = {}
    for r in runs:
        if r.get("n") != n:
            continue
        enc = bool((r.get("config") or {}).get("encrypted", False))
        groups.setdefault((r["impl"], enc), []).append(r)
    lines, medians = [], {}
    for (impl, enc), rs in groups.items():
        out = {"impl": impl, "version": rs[0].get("version"), "n": n, "encrypted": enc,
               "median": True, "runs": len(rs), "config": rs[0].get("config"),
               "crashes": rs[0].get("crashes")}
        for f in FIELDS:
            out[f] = median([r.get(f) for r in rs])
        for f, name in MAX_FIELDS.items():
            out[name] = worst([r.get(f) for r in rs])
        failed = [r.get("failed_during_steady") for r in rs]
        out["failed_during_steady_max"] = None if any(x is None for x in failed) else max(failed)
        errors = sorted({r["error"] for r in rs if r.get("error")})
        if errors:
            out["errors"] = errors
        medians[(impl, enc)] = out
        lines.append(out)
    ours = medians.get(("swim", False))
    pairs = (("swim/scalecube-cluster", ours, medians.get(("scalecube-cluster", False))),
             ("swim-encrypted/swim", medians.get(("swim", True)), ours))
    for name, top, bottom in pairs:
        if top and bottom:
            lines.append(ratio_line(name, n, top, bottom))
    return lines


def ratio_line(name, n, top, bottom):
    """Each figure of the median line top divided by the same figure of bottom (None when unknown)."""
    ratio = {"ratio": name, "n": n}
    for f in FIELDS:
        a, b = top.get(f), bottom.get(f)
        ratio[f] = None if a is None or b is None or b == 0 else round(a / b, 3)
    return ratio


def error_line(impl, n, log):
    """The result of a run whose JVM printed nothing: every figure null, and where to look."""
    line = {"impl": "swim" if impl == "swim" else "scalecube-cluster", "n": n}
    for f in FIELDS + list(MAX_FIELDS.values()) + ["failed_during_steady"]:
        line[f] = None
    line["error"] = "the JVM printed no result, see " + log
    return line


def main(argv):
    if len(argv) == 5 and argv[1] == "error":
        print(json.dumps(error_line(argv[2], int(argv[3]), argv[4]), separators=(",", ":")))
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    for line in summarize(runs, int(argv[2])):
        print(json.dumps(line, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
