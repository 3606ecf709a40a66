"""Tests of cluster_bench_summary (run by the fault-suite module's test phase)."""
import unittest

import cluster_bench_summary as s


def run(impl, n, cpu, join=1000, encrypted=False, **extra):
    r = {"impl": impl, "n": n, "cpu_ms_per_node_s": cpu, "join_converge_ms": join,
         "config": {"encrypted": encrypted}, "failed_during_steady": 0}
    r.update(extra)
    return r


class MedianTest(unittest.TestCase):
    def test_odd_and_even(self):
        self.assertEqual(s.median([3, 1, 2]), 2)
        self.assertEqual(s.median([1.0, 2.0, 3.0, 4.0]), 2.5)

    def test_a_run_that_gave_up_counts_as_the_worst(self):
        self.assertEqual(s.median([1, None, 2]), 2)
        self.assertIsNone(s.median([None, None, 1]))
        self.assertIsNone(s.median([]))


class SummarizeTest(unittest.TestCase):
    def test_medians_per_implementation_and_the_ratio(self):
        runs = [run("swim", 64, 1.0), run("swim", 64, 3.0), run("swim", 64, 2.0),
                run("scalecube-cluster", 64, 4.0), run("swim", 16, 9.0)]
        lines = s.summarize(runs, 64)
        swim = next(l for l in lines if l.get("impl") == "swim")
        self.assertEqual(swim["runs"], 3)
        self.assertEqual(swim["cpu_ms_per_node_s"], 2.0)
        ratio = lines[-1]
        self.assertEqual(ratio["ratio"], "swim/scalecube-cluster")
        self.assertEqual(ratio["cpu_ms_per_node_s"], 0.5)

    def test_encrypted_runs_are_their_own_group_without_a_ratio(self):
        lines = s.summarize([run("swim", 8, 1.0, encrypted=True)], 8)
        self.assertEqual(len(lines), 1)
        self.assertTrue(lines[0]["encrypted"])

    def test_encrypted_against_plain_is_its_own_ratio_line(self):
        runs = [run("swim", 64, 1.0), run("swim", 64, 2.0, encrypted=True),
                run("swim", 64, 4.0), run("swim", 64, 3.0, encrypted=True)]
        lines = s.summarize(runs, 64)
        ratio = next(l for l in lines if l.get("ratio") == "swim-encrypted/swim")
        self.assertEqual(ratio["cpu_ms_per_node_s"], 1.0)  # 2.5 / 2.5
        self.assertFalse(any(l.get("ratio") == "swim/scalecube-cluster" for l in lines))

    def test_the_median_line_keeps_how_many_members_crashed(self):
        lines = s.summarize([run("swim", 64, 1.0, crashes=5), run("swim", 64, 1.0, crashes=5)], 64)
        self.assertEqual(lines[0]["crashes"], 5)

    def test_a_join_that_never_converged_makes_the_max_null(self):
        lines = s.summarize([run("swim", 4, 1.0, join=None), run("swim", 4, 1.0)], 4)
        self.assertIsNone(lines[0]["join_converge_ms_max"])
        self.assertEqual(lines[0]["join_converge_ms"], None)

    def test_status_propagation_and_threads_are_medians_and_the_slowest_change_a_max(self):
        runs = [run("swim", 64, 1.0, status_propagation_ms=500.0, status_propagation_ms_max=900.0,
                    threads=11),
                run("swim", 64, 1.0, status_propagation_ms=700.0,
                    status_propagation_ms_max=49000.0, threads=13),
                run("swim", 64, 1.0, status_propagation_ms=600.0, status_propagation_ms_max=800.0,
                    threads=12)]
        line = s.summarize(runs, 64)[0]
        self.assertEqual(line["status_propagation_ms"], 600.0)
        self.assertEqual(line["status_propagation_ms_max"], 49000.0)
        self.assertEqual(line["threads"], 12)
        self.assertEqual(line["join_converge_ms_max"], 1000)

    def test_a_status_change_never_seen_makes_the_max_null(self):
        runs = [run("swim", 4, 1.0, status_propagation_ms=500.0, status_propagation_ms_max=None),
                run("swim", 4, 1.0, status_propagation_ms=600.0, status_propagation_ms_max=700.0)]
        line = s.summarize(runs, 4)[0]
        self.assertIsNone(line["status_propagation_ms_max"])

    def test_error_line_names_the_log(self):
        line = s.error_line("scalecube", 16, "/tmp/x.log")
        self.assertEqual(line["impl"], "scalecube-cluster")
        self.assertIsNone(line["cpu_ms_per_node_s"])
        for f in ("status_propagation_ms", "status_propagation_ms_max", "threads",
                  "join_converge_ms_max"):
            self.assertIn(f, line)
            self.assertIsNone(line[f])
        self.assertIn("/tmp/x.log", line["error"])


if __name__ == "__main__":
    unittest.main()
