"""The summary scripts/starter-cost.sh prints after its measurements: the median of each startup
figure with and without the starter, their difference, and the idle CPU of each variant.

    python3 starter_cost_summary.py RESULTS     RESULTS: the run's JSON lines (runs.jsonl)
"""
import json
import statistics
import sys

# the startup figures of one launch, with their labels in the summary
STARTUP_FIELDS = (("started_s", "Spring 'Started in'"),
                  ("process_s", "JVM start to 'Started'"),
                  ("ready_s", "launch to health 200"))


def launches(rows, variant):
    """The startup lines of one variant ("with" or "without" the starter)."""
    return [r for r in rows if r["kind"] == "startup" and r["variant"] == variant]


def median(rows, variant, field):
    """The median of one startup figure over a variant's launches."""
    return statistics.median(r[field] for r in launches(rows, variant))


def summarize(rows):
    """The summary's lines: the medians table, then the idle CPU line."""
    lines = ["", "medians of %d launches each (s):" % len(launches(rows, "with")),
             "%-26s %9s %9s %12s" % ("", "without", "with", "difference")]
    for field, label in STARTUP_FIELDS:
        a, b = median(rows, "without", field), median(rows, "with", field)
        lines.append("%-26s %9.3f %9.3f %+9.0f ms" % (label, a, b, (b - a) * 1000))
    idle = {r["variant"]: r["cpu_pct_of_core"] for r in rows if r["kind"] == "idle"}
    lines.append("idle CPU, %% of one core:  without %.2f  with %.2f  difference %+.2f" %
                 (idle["without"], idle["with"], idle["with"] - idle["without"]))
    return lines


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        rows = [json.loads(line) for line in f if line.strip()]
    print("\n".join(summarize(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
