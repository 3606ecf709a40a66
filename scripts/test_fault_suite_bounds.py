"""Tests of the fault suite's bounds (from a canned `bounds` JSON and the settings the nodes
report) and of its simulator comparison, with the Java calls mocked (run by the fault-suite
module's test phase)."""
import contextlib
import io
import json
import os
import subprocess
import tempfile
import types
import unittest

from faultsuite import bounds as B
from faultsuite import simulator as S

# what `swim-benchmarks.jar bounds --nodes 5 --set swim.profile=lan` printed
LAN_BOUNDS = {"nodes": 5, "profile": "lan", "probe_s": 1.0, "gossip_s": 0.2,
              "heal_interval_s": 10.0, "join_retry_s": 1.0, "leave_timeout_s": 5.0,
              "suspicion_min_s": 4.0, "suspicion_max_s": 24.0, "confirmations_wanted": 2,
              "suspicion_timeout_s": [24.0, 11.381, 4.0], "dissemination_rounds": 5.8,
              "dissemination_s": 1.16, "first_detect_s": 1.58}
# /actuator/swim's settings of a LAN node (the ones the bounds use, and two more)
LAN_SETTINGS = {"profile": "lan", "probeInterval": "1s", "probeTimeout": "500ms",
                "suspicionMultiplier": 4, "suspicionMaxTimeoutMultiplier": 6,
                "gossipInterval": "200ms", "gossipNodes": 3, "healInterval": "10s",
                "joinRetryInterval": "1s", "joinMaxRetryInterval": "30s", "leaveTimeout": "5s",
                "reconnectInterval": "30s", "tombstoneTimeout": "60s", "encryption": True,
                "keyCount": 1}


def fake_run(stdout, calls):
    def run(args, **kw):
        calls.append((list(args), kw))
        return types.SimpleNamespace(stdout=stdout, returncode=0)
    return run


def quietly(fn, *args, **kw):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        r = fn(*args, **kw)
    return r, out.getvalue()


class DeriveBoundsTest(unittest.TestCase):
    def derive(self, fb=LAN_BOUNDS, settings=LAN_SETTINGS):
        calls = []
        stdout = "[main] INFO something the JVM logged\n" + json.dumps(fb) + "\n"
        d, out = quietly(B.derive_bounds, settings, "/sim.jar", run=fake_run(stdout, calls))
        return d, calls, out

    def test_the_command_carries_the_reported_settings(self):
        _, calls, _ = self.derive()
        self.assertEqual(len(calls), 1)
        args, kw = calls[0]
        self.assertEqual(args[:6], ["java", "-jar", "/sim.jar", "bounds", "--nodes", "5"])
        sets = [args[i + 1] for i in range(6, len(args), 2)]
        self.assertEqual(args[6::2], ["--set"] * len(sets))
        self.assertEqual(sets, [
            "swim.profile=lan", "swim.probe-interval=1s", "swim.probe-timeout=500ms",
            "swim.suspicion-multiplier=4", "swim.suspicion-max-timeout-multiplier=6",
            "swim.gossip-interval=200ms", "swim.gossip-nodes=3", "swim.heal-interval=10s",
            "swim.join.retry-interval=1s", "swim.join.max-retry-interval=30s",
            "swim.leave-timeout=5s"])
        self.assertTrue(kw["check"])
        self.assertTrue(kw["capture_output"])

    def test_lan_bounds_as_the_suite_has_always_asserted_them(self):
        d, _, out = self.derive()
        got = {n: (b["formula_s"], b["bound_s"]) for n, b in d.bounds.items()}
        self.assertEqual(got, {
            "crash": (10.16, 15.24), "convergence": (5.32, 7.98), "restart": (4.32, 6.48),
            "graceful-stop": (2.16, 3.24), "partition-detect": (17.54, 45.0),
            "partition": (13.32, 19.98), "long-partition": (60.0, 90.0), "frozen": (4.32, 6.48),
            "hostile": (10.16, 15.24)})
        self.assertEqual(list(d.bounds), ["crash", "convergence", "restart", "graceful-stop",
                                          "partition-detect", "partition", "long-partition",
                                          "frozen", "hostile"])
        self.assertEqual(d.formulas, {"N": 5, "probe_s": 1.0, "suspicion_min_s": 4.0,
                                      "suspicion_max_s": 24.0, "confirmations_wanted": 2,
                                      "dissemination_s": 1.16, "heal_interval_s": 10.0})
        self.assertEqual(d.tombstone_s, 60.0)
        self.assertTrue(d.bounds["partition-detect"]["why"].endswith(
            "so the assertion is the partition window"))
        self.assertEqual(d.bounds["crash"]["why"], "N*T (all probes fail, k confirmations in) "
                         "+ suspicion min + dissemination")
        self.assertIn('LAN profile at N=5: {"N": 5, "probe_s": 1.0', out)
        self.assertIn("bound crash: 10.16 s from N*T (all probes fail, k confirmations in) + "
                      "suspicion min + dissemination; asserted: 15.24 s", out)

    def test_a_short_leave_timeout_caps_graceful_stop(self):
        d, _, _ = self.derive(dict(LAN_BOUNDS, leave_timeout_s=1.5))
        self.assertEqual(d.bounds["graceful-stop"]["formula_s"], 1.5)
        self.assertEqual(d.bounds["graceful-stop"]["bound_s"], 2.25)

    def test_one_confirmation_beyond_the_list_takes_its_last_timeout(self):
        d, _, _ = self.derive(dict(LAN_BOUNDS, suspicion_timeout_s=[24.0]))
        self.assertEqual(d.bounds["partition-detect"]["formula_s"], 30.16)  # 5 T + 24 + 1.16
        self.assertEqual(d.bounds["partition-detect"]["bound_s"], 45.0)

    def test_reconnect_and_tombstone_come_from_the_settings(self):
        d, _, _ = self.derive(settings=dict(LAN_SETTINGS, reconnectInterval="2m",
                                            tombstoneTimeout="90000ms"))
        self.assertEqual(d.bounds["long-partition"]["formula_s"], 240.0)
        self.assertEqual(d.bounds["long-partition"]["bound_s"], 360.0)
        self.assertEqual(d.tombstone_s, 90.0)

    def test_a_failing_command_raises(self):
        def run(args, **kw):
            raise subprocess.CalledProcessError(1, args)
        with self.assertRaises(subprocess.CalledProcessError):
            quietly(B.derive_bounds, LAN_SETTINGS, "/sim.jar", run=run)


class SimulatorTest(unittest.TestCase):
    def setUp(self):
        fd, self.jar = tempfile.mkstemp(suffix=".jar")
        os.close(fd)

    def tearDown(self):
        os.unlink(self.jar)

    def test_no_jar_no_comparison(self):
        calls = []
        sim, out = quietly(S.simulate, "/nonexistent/swim-benchmarks.jar",
                           run=fake_run("", calls))
        self.assertEqual(sim, {})
        self.assertEqual(calls, [])
        self.assertIn("simulator jar missing", out)
        self.assertEqual(quietly(S.simulate, None, run=fake_run("", calls))[0], {})

    def test_crash_and_partition_per_seed(self):
        calls = []

        def run(args, **kw):
            calls.append((args, kw))
            seed = int(args[args.index("--seed") + 1])
            if "--partition-at" in args:
                j = {"heal_converge_s": None if seed == 3 else float(seed)}
            else:
                j = {"detect_all_s": {"max": seed + 0.5, "mean": 1.0}} if seed != 2 else {}
            return types.SimpleNamespace(stdout="log line\n" + json.dumps(j) + "\n")
        sim, out = quietly(S.simulate, self.jar, run=run)
        self.assertEqual(len(calls), 10)
        self.assertEqual(calls[0][0], ["java", "-jar", self.jar, "simulate", "--nodes", "5",
                                       "--seed", "1", "--duration", "120s", "--crash", "1"])
        self.assertEqual(calls[1][0][-7:], ["120s", "--crash", "0", "--partition-at", "20s",
                                            "--heal-at", "65s"])
        self.assertEqual(calls[0][1]["timeout"], 120)
        self.assertEqual(sim["crash"], {"seed1_s": 1.5, "mean_s": 3.75,
                                        "runs": [1.5, 3.5, 4.5, 5.5]})
        self.assertEqual(sim["partition"], {"seed1_s": 1.0, "mean_s": 3.0,
                                            "runs": [1.0, 2.0, 4.0, 5.0]})
        self.assertIn("simulator (seeds [1, 2, 3, 4, 5]): detect_all_s [1.5, 3.5, 4.5, 5.5], "
                      "heal_converge_s [1.0, 2.0, 4.0, 5.0]", out)

    def test_no_figure_no_entry(self):
        sim, _ = quietly(S.simulate, self.jar, run=lambda args, **kw: types.SimpleNamespace(
            stdout="no JSON here\n"))
        self.assertEqual(sim, {})

    def test_last_json_line(self):
        self.assertEqual(S.last_json('{"a": 1}\nx\n{"a": 2}\n'), {"a": 2})
        self.assertIsNone(S.last_json("x\n"))


if __name__ == "__main__":
    unittest.main()
