"""Tests of the fault suite's summary (the printed table and the two JSON files CI reads) and of
the run's bookkeeping: scenario order, --only selection, recorded results (run by the fault-suite
module's test phase)."""
import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

from faultsuite import report
from faultsuite.config import SCENARIOS
from faultsuite.scenarios import STEPS
from faultsuite.suite import Suite

BOUNDS = {"crash": {"formula_s": 10.16, "bound_s": 15.24, "why": "w"},
          "convergence": {"formula_s": 5.32, "bound_s": 7.98, "why": "w"},
          "partition-detect": {"formula_s": 17.54, "bound_s": 45.0, "why": "w"},
          "partition": {"formula_s": 13.32, "bound_s": 19.98, "why": "w"},
          "hostile": {"formula_s": 10.16, "bound_s": 15.24, "why": "w"}}
SIM = {"crash": {"seed1_s": 6.9, "mean_s": 7.1, "runs": [6.9, 7.3]},
       "partition": {"seed1_s": 4.0, "mean_s": 4.0, "runs": [4.0]}}


def result(name, passed, figure):
    return {"name": name, "passed": passed, "figure_s": figure}


# recorded out of order, as a failing run could
RESULTS = {"hostile": result("hostile", True, 3.1),
           "convergence": result("convergence", True, 0.09),
           "crash": result("crash", True, 7.25), "partition": result("partition", False, None),
           "loss": result("loss", True, 1.5)}
EXTRA = {"convergence": {"startup_s": 7.54},
         "partition": {"other_side_dead_s": 18.6, "failures": ["no five-member ALIVE view"]},
         "hostile": {"join_s": 1.2, "leave_s": None, "attack_s": 45.3,
                     "attacker": {"connections_opened": 500}}}
FORMULAS = {"N": 5, "probe_s": 1.0}


class SummaryTableTest(unittest.TestCase):
    def test_the_table_line_by_line(self):
        lines = report.summary_lines(RESULTS, EXTRA, BOUNDS, SIM, 412.345)
        self.assertEqual(lines, [
            "",
            "fault-suite summary (figures in seconds; bound = formula x 1.5; sim = simulator "
            "mean, seeds 1-5)",
            "scenario       result  figure   bound    sim  vs sim  figure measures",
            "convergence    PASS      0.09    7.98      -       -  5 ALIVE everywhere after the "
            "last node answers HTTP",
            "crash          PASS      7.25   15.24   7.10   1.02x  SIGKILL -> DEAD at all 4 "
            "survivors",
            "partition      FAIL         -   19.98   4.00       -  heal -> one 5-member ALIVE view",
            "loss           PASS      1.50       -      -       -  longest SUSPECT episode (never "
            "DEAD)",
            "hostile        PASS      3.10   15.24      -       -  SIGKILL under attack -> DEAD at "
            "all survivors",
            "partition: each side saw the other DEAD after 18.60 s (bound 45.00 s)",
            "hostile: join 1.20 s, leave - s under attack; 45.30 s of attack",
            "4 passed, 1 failed; suite took 412.3 s"])

    def test_a_simulator_mean_of_zero_gives_no_ratio(self):
        lines = report.summary_lines({"crash": result("crash", True, 7.0)}, {}, {},
                                     {"crash": {"mean_s": 0}}, 1.0)
        self.assertTrue(lines[3].startswith("crash          PASS      7.00       -   0.00       -"))

    def test_nothing_ran(self):
        lines = report.summary_lines({}, {}, {}, {}, 0.04)
        self.assertEqual(lines[-1], "0 passed, 0 failed; suite took 0.0 s")
        self.assertEqual(len(lines), 4)

    def test_every_scenario_has_a_description(self):
        self.assertEqual(set(report.WHAT), set(SCENARIOS))


class SummaryFilesTest(unittest.TestCase):
    def setUp(self):
        self.out = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.out)

    def test_prints_the_table_and_writes_both_files(self):
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            report.summarize(self.out, RESULTS, EXTRA, BOUNDS, SIM, FORMULAS, 412.345)
        self.assertEqual(printed.getvalue(),
                         "\n".join(report.summary_lines(RESULTS, EXTRA, BOUNDS, SIM, 412.345))
                         + "\n")
        with open(os.path.join(self.out, "fault-suite-summary.json")) as f:
            text = f.read()
        self.assertTrue(text.endswith("}\n]\n"))
        self.assertEqual(json.loads(text), [
            {"name": "convergence", "passed": True, "figure_s": 0.09},
            {"name": "crash", "passed": True, "figure_s": 7.25},
            {"name": "partition", "passed": False, "figure_s": None},
            {"name": "loss", "passed": True, "figure_s": 1.5},
            {"name": "hostile", "passed": True, "figure_s": 3.1}])
        self.assertIn('  {\n    "name": "convergence",\n    "passed": true,\n', text)
        with open(os.path.join(self.out, "fault-suite-report.json")) as f:
            rep = json.load(f)
        self.assertEqual(list(rep), ["duration_s", "formulas", "bounds", "simulator", "slack",
                                     "scenarios"])
        self.assertEqual(rep["duration_s"], 412.3)
        self.assertEqual(rep["formulas"], FORMULAS)
        self.assertEqual(rep["bounds"], BOUNDS)
        self.assertEqual(rep["simulator"], SIM)
        self.assertEqual(rep["slack"], 1.5)
        self.assertEqual([s["name"] for s in rep["scenarios"]],
                         ["convergence", "crash", "partition", "loss", "hostile"])
        self.assertEqual(rep["scenarios"][0], {"name": "convergence", "passed": True,
                                               "figure_s": 0.09, "startup_s": 7.54})
        self.assertEqual(rep["scenarios"][2]["failures"], ["no five-member ALIVE view"])
        self.assertEqual(rep["scenarios"][4]["attacker"], {"connections_opened": 500})

    def test_before_any_bound_the_formulas_are_null(self):
        with contextlib.redirect_stdout(io.StringIO()):
            report.summarize(self.out, {}, {}, {}, {}, None, 3.0)
        with open(os.path.join(self.out, "fault-suite-report.json")) as f:
            self.assertIsNone(json.load(f)["formulas"])
        with open(os.path.join(self.out, "fault-suite-summary.json")) as f:
            self.assertEqual(f.read(), "[]\n")


class SuiteBookkeepingTest(unittest.TestCase):
    def suite(self, only=None):
        return Suite("/app.jar", "/tmp/fault-suite-test-out", "/sim.jar", only)

    def test_scenarios_run_in_the_documented_order(self):
        self.assertEqual([n for n, _ in STEPS], SCENARIOS)
        self.assertEqual(SCENARIOS, ["convergence", "crash", "restart", "graceful-stop",
                                     "partition", "long-partition", "loss", "frozen", "wrong-key",
                                     "hostile"])

    def test_only_selects_after_convergence_and_restart_brings_crash(self):
        s = self.suite({"restart", "hostile"})
        self.assertEqual([n for n in SCENARIOS if s.selected(n)],
                         ["convergence", "crash", "restart", "hostile"])
        s = self.suite({"partition"})
        self.assertEqual([n for n in SCENARIOS if s.selected(n)], ["convergence", "partition"])
        self.assertTrue(all(self.suite().selected(n) for n in SCENARIOS))

    def test_record_keeps_the_result_and_the_extra_figures_apart(self):
        s = self.suite()
        s.bounds["crash"] = {"formula_s": 10.16, "bound_s": 15.24, "why": "w"}
        with contextlib.redirect_stdout(io.StringIO()) as out:
            s.record("crash", True, 7.254, [], detect_by_events_s=7.1, gone_from_peers_s=None)
            s.record("loss", 0, 1.0, ["node-2 at +1.00s: node-3 DEAD"], packets_dropped={"a": 1})
        self.assertEqual(s.results["crash"], {"name": "crash", "passed": True, "figure_s": 7.25})
        self.assertEqual(s.extra["crash"], {"detect_by_events_s": 7.1, "gone_from_peers_s": None})
        self.assertEqual(s.results["loss"], {"name": "loss", "passed": False, "figure_s": 1.0})
        self.assertEqual(s.extra["loss"], {"packets_dropped": {"a": 1},
                                           "failures": ["node-2 at +1.00s: node-3 DEAD"]})
        text = out.getvalue()
        self.assertIn("== crash: PASS, figure 7.25 s (bound 15.24 s)", text)
        self.assertIn("   detect_by_events_s: 7.1", text)
        self.assertNotIn("gone_from_peers_s", text)
        self.assertIn("== loss: FAIL, figure 1.00 s\n", text)
        self.assertIn("   failure: node-2 at +1.00s: node-3 DEAD", text)


if __name__ == "__main__":
    unittest.main()
