"""The end of a run: the summary table printed to stdout, fault-suite-summary.json (one
{"name", "passed", "figure_s"} per scenario, read by scripts and CI) and fault-suite-report.json
(bounds, formulas, simulator predictions, extra figures)."""

import json
import os

from .config import SCENARIOS, SLACK
from .util import fmt

# what each scenario's figure measures, for the table
WHAT = {"convergence": "5 ALIVE everywhere after the last node answers HTTP",
        "crash": "SIGKILL -> DEAD at all 4 survivors",
        "restart": "restart at a new address -> ALIVE everywhere, no duplicate",
        "graceful-stop": "SIGTERM -> LEFT at all 4 others",
        "partition": "heal -> one 5-member ALIVE view",
        "long-partition": "3 min (reaped), heal -> one 5-member ALIVE view",
        "loss": "longest SUSPECT episode (never DEAD)",
        "frozen": "SIGCONT -> frozen node ALIVE everywhere",
        "wrong-key": "time watched: intruder never admitted",
        "hostile": "SIGKILL under attack -> DEAD at all survivors"}


def ran(results):
    """The names of the scenarios that have a result, in the suite's order."""
    return [n for n in SCENARIOS if n in results]


def summary_lines(results, extra, bounds, sim, duration):
    """The printed summary, line by line (the first one empty)."""
    rows = []
    names = ran(results)
    for name in names:
        r = results[name]
        bd = bounds.get(name, {})
        s = sim.get(name)
        ratio = None
        if s and r["figure_s"] is not None:
            ratio = r["figure_s"] / s["mean_s"] if s["mean_s"] else None
        rows.append((name, "PASS" if r["passed"] else "FAIL", fmt(r["figure_s"]),
                     fmt(bd.get("bound_s")), fmt(s["mean_s"]) if s else "-",
                     "-" if ratio is None else f"{ratio:.2f}x"))
    lines = ["", "fault-suite summary (figures in seconds; bound = formula x "
             f"{SLACK}; sim = simulator mean, seeds 1-5)"]
    hdr = ("scenario", "result", "figure", "bound", "sim", "vs sim", "figure measures")
    lines.append(f"{hdr[0]:<14} {hdr[1]:<6} {hdr[2]:>7} {hdr[3]:>7} {hdr[4]:>6} {hdr[5]:>7}  "
                 f"{hdr[6]}")
    for row in rows:
        lines.append(f"{row[0]:<14} {row[1]:<6} {row[2]:>7} {row[3]:>7} {row[4]:>6} {row[5]:>7}  "
                     f"{WHAT[row[0]]}")
    if "partition" in results:
        pd = extra.get("partition", {}).get("other_side_dead_s")
        lines.append(f"partition: each side saw the other DEAD after {fmt(pd)} s "
                     f"(bound {fmt(bounds.get('partition-detect', {}).get('bound_s'))} s)")
    if "hostile" in results:
        hx = extra.get("hostile", {})
        lines.append(f"hostile: join {fmt(hx.get('join_s'))} s, leave {fmt(hx.get('leave_s'))} s "
                     f"under attack; {fmt(hx.get('attack_s'))} s of attack")
    passed = sum(1 for r in results.values() if r["passed"])
    lines.append(f"{passed} passed, {len(names) - passed} failed; suite took {duration:.1f} s")
    return lines


def summary_json(results):
    return [results[n] for n in ran(results)]


def report_json(results, extra, bounds, sim, formulas, duration):
    return {"duration_s": round(duration, 1), "formulas": formulas,
            "bounds": bounds, "simulator": sim, "slack": SLACK,
            "scenarios": [{**results[n], **extra.get(n, {})} for n in ran(results)]}


def summarize(out, results, extra, bounds, sim, formulas, duration):
    """Prints the summary and writes both JSON files into out."""
    for line in summary_lines(results, extra, bounds, sim, duration):
        print(line, flush=True)
    with open(os.path.join(out, "fault-suite-summary.json"), "w") as f:
        json.dump(summary_json(results), f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "fault-suite-report.json"), "w") as f:
        json.dump(report_json(results, extra, bounds, sim, formulas, duration), f, indent=2,
                  default=str)
        f.write("\n")
