"""Tests of starter_cost_summary (run by the fault-suite module's test phase)."""
import io
import json
import os
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout

import starter_cost_summary as s


def startup(variant, run, started, process=None, ready=None):
    return {"kind": "startup", "scenario": "web", "variant": variant, "run": run,
            "started_s": started, "process_s": process if process is not None else started + 0.3,
            "ready_s": ready if ready is not None else started + 0.5}


def idle(variant, pct):
    return {"kind": "idle", "scenario": "web", "variant": variant, "cpu_pct_of_core": pct,
            "window_s": 30}


ROWS = [startup("without", 1, 2.0), startup("with", 1, 2.2),
        startup("without", 2, 2.4), startup("with", 2, 2.1),
        startup("without", 3, 2.2), startup("with", 3, 2.3),
        idle("without", 0.27), idle("with", 0.37)]


class MedianTest(unittest.TestCase):
    def test_per_variant_over_startup_lines_only(self):
        self.assertAlmostEqual(s.median(ROWS, "without", "started_s"), 2.2)
        self.assertAlmostEqual(s.median(ROWS, "with", "started_s"), 2.2)
        self.assertAlmostEqual(s.median(ROWS, "with", "ready_s"), 2.7)

    def test_an_even_count_takes_the_mean_of_the_middle_two(self):
        rows = [startup("with", 1, 1.0), startup("with", 2, 2.0)]
        self.assertEqual(s.median(rows, "with", "started_s"), 1.5)


class SummarizeTest(unittest.TestCase):
    def test_the_lines_the_script_prints(self):
        self.assertEqual(s.summarize(ROWS), [
            "",
            "medians of 3 launches each (s):",
            "                             without      with   difference",
            "Spring 'Started in'            2.200     2.200        +0 ms",
            "JVM start to 'Started'         2.500     2.500        +0 ms",
            "launch to health 200           2.700     2.700        +0 ms",
            "idle CPU, % of one core:  without 0.27  with 0.37  difference +0.10",
        ])

    def test_differences_are_with_minus_without_in_milliseconds(self):
        rows = [startup("without", 1, 2.222, 2.5, 2.9), startup("with", 1, 2.215, 2.6, 3.0),
                idle("without", 0.5), idle("with", 0.25)]
        lines = s.summarize(rows)
        self.assertTrue(lines[3].endswith("-7 ms"), lines[3])
        self.assertTrue(lines[4].endswith("+100 ms"), lines[4])
        self.assertTrue(lines[6].endswith("difference -0.25"), lines[6])

    def test_a_run_without_idle_lines_fails(self):
        with self.assertRaises(KeyError):
            s.summarize([r for r in ROWS if r["kind"] == "startup"])


class MainTest(unittest.TestCase):
    def test_reads_the_json_lines_and_prints_the_summary(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            for r in ROWS:
                f.write(json.dumps(r) + "\n")
            f.write("\n")
        try:
            out = io.StringIO()
            with redirect_stdout(out):
                self.assertEqual(s.main(["starter_cost_summary.py", f.name]), 0)
        finally:
            os.unlink(f.name)
        self.assertEqual(out.getvalue(), "\n".join(s.summarize(ROWS)) + "\n")
        self.assertTrue(out.getvalue().startswith("\nmedians of 3 launches each (s):\n"))

    def test_usage_without_a_results_file(self):
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            self.assertEqual(s.main(["starter_cost_summary.py"]), 2)
        self.assertIn("RESULTS", err.getvalue())


if __name__ == "__main__":
    unittest.main()
