"""Tests of the fault suite's View parsing and its predicates over synthetic poll data (run by the
fault-suite module's test phase; no namespace, node or root needed)."""
import contextlib
import io
import json
import types
import unittest

from faultsuite import views as V
from faultsuite.host import Host


def poll(t, members=(), peers=None, lc="RUNNING", me="node-1"):
    """A poller line: members as (name, state) or (name, state, address)."""
    m = []
    for e in members:
        name, state = e[0], e[1]
        addr = e[2] if len(e) > 2 else f"10.77.0.{name[-1]}:7946"
        m.append([name, addr, state, 1])
    d = {"t": t, "ok": 1, "me": me, "lc": lc, "score": 0, "m": m}
    if peers is not None:
        d["p"] = list(peers)
    return d


def down(t, err="ConnectionRefusedError: refused"):
    return {"t": t, "ok": 0, "err": err}


def host(idx, *polls):
    h = Host(idx, f"10.77.0.{idx}")
    for d in polls:
        V.add_view(h, V.View(d))
    return h


ALL5 = [(f"node-{i}", "ALIVE") for i in range(1, 6)]
NAMES5 = [f"node-{i}" for i in range(1, 6)]
ADDRS5 = {n: f"10.77.0.{n[-1]}:7946" for n in NAMES5}


class ViewTest(unittest.TestCase):
    def test_members_states_and_peers(self):
        v = V.View(poll(10.0, [("node-2", "SUSPECT"), ("node-1", "ALIVE")], peers=["node-1"]))
        self.assertTrue(v.ok)
        self.assertEqual(v.me, "node-1")
        self.assertEqual(v.lc, "RUNNING")
        self.assertEqual(v.state("node-2"), "SUSPECT")
        self.assertIsNone(v.state("node-9"))
        self.assertEqual(v.members["node-1"], ("ALIVE", "10.77.0.1:7946", 1))
        self.assertEqual(v.peers, ["node-1"])
        self.assertEqual(v.dup, [])
        self.assertEqual(v.short(), "node-1=ALIVE node-2=SUSPECT [RUNNING]")

    def test_a_member_listed_twice_is_a_duplicate_and_the_last_entry_counts(self):
        v = V.View(poll(1.0, [("node-5", "DEAD", "10.77.0.5:7946"),
                              ("node-5", "ALIVE", "10.77.0.15:7946")]))
        self.assertEqual(v.dup, ["node-5"])
        self.assertEqual(v.members["node-5"], ("ALIVE", "10.77.0.15:7946", 1))

    def test_no_peers_field_means_unreadable_not_empty(self):
        self.assertIsNone(V.View(poll(1.0, ALL5)).peers)
        self.assertEqual(V.View(poll(1.0, ALL5, peers=[])).peers, [])

    def test_an_unreachable_node(self):
        v = V.View(down(3.0, "ConnectionRefusedError: x"))
        self.assertFalse(v.ok)
        self.assertEqual(v.members, {})
        self.assertIsNone(v.state("node-1"))
        self.assertEqual(v.short(), "unreachable (ConnectionRefusedError: x)")

    def test_a_line_without_time_is_refused(self):
        with self.assertRaises(KeyError):
            V.View({"ok": 1})


class HistoryTest(unittest.TestCase):
    def test_add_view_keeps_latest_history_and_first_answer(self):
        h = host(1, down(1.0), poll(2.0, ALL5), poll(3.0, ALL5))
        self.assertEqual([v.t for v in h.history], [1.0, 2.0, 3.0])
        self.assertEqual(h.latest.t, 3.0)
        self.assertEqual(h.first_ok, 2.0)

    def test_latest_only_when_answered_and_recent_enough(self):
        h = host(1, poll(5.0, ALL5))
        self.assertEqual(V.latest(h, 5.0).t, 5.0)
        self.assertIsNone(V.latest(h, 5.1))
        V.add_view(h, V.View(down(6.0)))
        self.assertIsNone(V.latest(h, 0.0))
        self.assertIsNone(V.latest(Host(2, "x"), 0.0))

    def test_the_reader_skips_bad_lines_and_logs_only_changes(self):
        class Log:
            def __init__(self):
                self.lines = []

            def write(self, h, v, s):
                self.lines.append((h.name, v.t, s))
        h = Host(3, "10.77.0.3")
        h.poller = types.SimpleNamespace(stdout=iter(
            [json.dumps(poll(1.0, ALL5)), "not json\n", json.dumps(poll(1.25, ALL5)),
             json.dumps({"no": "time"}), json.dumps(down(1.5))]))
        log = Log()
        V.read_poller(h, log)
        self.assertEqual([(n, t) for n, t, _ in log.lines], [("node-3", 1.0), ("node-3", 1.5)])
        self.assertEqual([v.t for v in h.history], [1.0, 1.25, 1.5])


class PredicateTest(unittest.TestCase):
    def test_all_show_returns_the_latest_observation_time(self):
        a = host(1, poll(10.0, [("node-5", "SUSPECT")]), poll(11.0, [("node-5", "DEAD")]))
        b = host(2, poll(12.0, [("node-5", "DEAD")]))
        self.assertEqual(V.all_show([a, b], {"node-5": "DEAD"}, 9.0)(), 12.0)
        self.assertIsNone(V.all_show([a, b], {"node-5": "DEAD"}, 11.5)())  # a polled too early
        c = host(3, poll(12.0, [("node-5", "SUSPECT")]))
        self.assertIsNone(V.all_show([a, c], {"node-5": "DEAD"}, 9.0)())

    def test_all_show_refuses_a_view_with_a_duplicate(self):
        a = host(1, poll(10.0, [("node-5", "DEAD"), ("node-5", "DEAD")]))
        self.assertIsNone(V.all_show([a], {"node-5": "DEAD"}, 0.0)())

    def test_one_view_exact_members_all_alive_at_their_addresses(self):
        hs = [host(i, poll(20.0 + i, ALL5)) for i in range(1, 6)]
        self.assertEqual(V.one_view(hs, NAMES5, 20.0, ADDRS5)(), 25.0)
        self.assertEqual(V.one_view(hs, NAMES5, 20.0)(), 25.0)
        moved = dict(ADDRS5, **{"node-5": "10.77.0.15:7946"})
        self.assertIsNone(V.one_view(hs, NAMES5, 20.0, moved)())
        self.assertIsNone(V.one_view(hs, NAMES5[:4], 20.0)())  # one member too many

    def test_one_view_refuses_a_suspect_a_missing_member_and_a_duplicate(self):
        suspect = ALL5[:4] + [("node-5", "SUSPECT")]
        self.assertIsNone(V.one_view([host(1, poll(1.0, suspect))], NAMES5, 0.0)())
        self.assertIsNone(V.one_view([host(1, poll(1.0, ALL5[:4]))], NAMES5, 0.0)())
        dup = ALL5 + [("node-5", "ALIVE")]
        self.assertIsNone(V.one_view([host(1, poll(1.0, dup))], NAMES5, 0.0)())

    def test_listed_in_peers_names_the_observers_that_miss_it(self):
        a = host(1, poll(1.0, ALL5, peers=NAMES5))
        b = host(2, poll(1.0, ALL5, peers=NAMES5[:4]))
        c = host(3, poll(1.0, ALL5))  # /peers unreadable
        d = Host(4, "x")  # never polled
        self.assertEqual(V.listed_in_peers([a, b, c, d], "node-5"), ["node-2", "node-3", "node-4"])

    def test_gone_from_peers_is_the_first_poll_without_it_per_observer(self):
        a = host(1, poll(1.0, ALL5, peers=NAMES5), poll(2.0, ALL5, peers=NAMES5[:4]),
                 poll(3.0, ALL5, peers=NAMES5))
        b = host(2, poll(1.5, ALL5), poll(2.5, ALL5, peers=NAMES5), down(3.0),
                 poll(3.5, ALL5, peers=NAMES5[:4]))
        self.assertEqual(V.gone_from_peers([a, b], "node-5", 0.0)(), 3.5)
        self.assertIsNone(V.gone_from_peers([a, b], "node-5", 3.6)())

    def test_reaped_across_wants_each_side_to_list_none_of_the_other(self):
        a = [host(1, poll(5.0, [("node-1", "ALIVE"), ("node-2", "ALIVE")])),
             host(2, poll(6.0, [("node-1", "ALIVE"), ("node-2", "ALIVE")]))]
        b = [host(3, poll(7.0, ALL5[2:]))]
        self.assertEqual(V.reaped_across(a, b, 0.0)(), 7.0)
        b_dead = [host(3, poll(7.0, ALL5[2:] + [("node-1", "DEAD")]))]
        self.assertIsNone(V.reaped_across(a, b_dead, 0.0)())

    def test_bad_in_history_within_the_window_answered_polls_only(self):
        h = host(2, poll(9.0, [("node-1", "DEAD")]), poll(10.5, [("node-1", "DEAD")]),
                 down(11.0), poll(12.0, [("node-1", "ALIVE")]), poll(13.5, [("node-1", "DEAD")]))

        def bad(_h, v):
            return "node-1 DEAD" if v.state("node-1") == "DEAD" else None
        self.assertEqual(V.bad_in_history([h], (10.0, 13.0), bad),
                         ["node-2 at +0.50s: node-1 DEAD"])

    def test_longest_suspect_episode_and_count(self):
        a = host(1, poll(0.5, [("node-2", "SUSPECT")]),  # before the window
                 poll(1.0, [("node-2", "SUSPECT")]), poll(2.0, [("node-2", "SUSPECT")]),
                 poll(3.5, [("node-2", "ALIVE")]), poll(4.0, [("node-3", "SUSPECT")]))
        b = host(2, poll(1.0, [("node-4", "SUSPECT")]), down(1.5), poll(2.0, [("node-4", "ALIVE")]))
        longest, episodes = V.longest_suspect([a, b], {"node-2", "node-3", "node-4"}, 1.0, 4.5)
        self.assertEqual(episodes, 3)
        self.assertAlmostEqual(longest, 2.5)  # node-2 at node-1, 1.0 -> 3.5
        # an episode still open at the end lasts until the end
        longest, _ = V.longest_suspect([a], {"node-3"}, 1.0, 9.0)
        self.assertAlmostEqual(longest, 5.0)
        self.assertEqual(V.longest_suspect([a, b], {"node-5"}, 0.0, 9.0), (0.0, 0))


class WaitTest(unittest.TestCase):
    def test_returns_the_observation_time(self):
        answers = iter([None, None, 42.0])
        self.assertEqual(V.wait(lambda: next(answers), 5, "x", [], step=0.001), 42.0)

    def test_times_out_and_dumps_the_latest_views(self):
        h = host(1, poll(1.0, ALL5[:2]))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertIsNone(V.wait(lambda: None, 0.02, "nothing", [h, Host(2, "x")], step=0.005))
        self.assertIn("timed out after 0 s waiting for nothing", out.getvalue())
        self.assertIn("node-1 (polled ", out.getvalue())
        self.assertIn("node-1=ALIVE node-2=ALIVE [RUNNING]", out.getvalue())
        self.assertNotIn("node-2 (polled", out.getvalue())


if __name__ == "__main__":
    unittest.main()
