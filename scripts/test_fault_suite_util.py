"""Tests of the fault suite's small parsers: durations as the nodes report them, event
timestamps, figures, nftables counters (run by the fault-suite module's test phase)."""
import datetime
import unittest

from faultsuite import network
from faultsuite.util import fmt, iso_to_epoch, parse_duration


class ParseDurationTest(unittest.TestCase):
    def test_every_unit(self):
        self.assertEqual(parse_duration("1s"), 1.0)
        self.assertEqual(parse_duration("500ms"), 0.5)
        self.assertAlmostEqual(parse_duration("1500us"), 0.0015)
        self.assertAlmostEqual(parse_duration("2500000ns"), 0.0025)
        self.assertEqual(parse_duration("2m"), 120.0)
        self.assertEqual(parse_duration("1h"), 3600.0)
        self.assertEqual(parse_duration("1d"), 86400.0)

    def test_ms_is_not_minutes_nor_seconds(self):
        self.assertEqual(parse_duration("30ms"), 0.03)
        self.assertEqual(parse_duration("30s"), 30.0)
        self.assertEqual(parse_duration("30m"), 1800.0)

    def test_fractions(self):
        self.assertEqual(parse_duration("1.5s"), 1.5)
        self.assertEqual(parse_duration("0.25m"), 15.0)

    def test_a_bare_number_is_milliseconds(self):
        self.assertEqual(parse_duration("250"), 0.25)

    def test_garbage_raises(self):
        with self.assertRaises(ValueError):
            parse_duration("soon")


class IsoToEpochTest(unittest.TestCase):
    def test_z_and_offsets(self):
        t = datetime.datetime(2026, 12, 7, 4, 0, 1, 500000, tzinfo=datetime.timezone.utc)
        self.assertEqual(iso_to_epoch("2026-12-07T04:00:01.500Z"), t.timestamp())
        self.assertEqual(iso_to_epoch("2026-12-07T05:00:01.5+01:00"), t.timestamp())


class FmtTest(unittest.TestCase):
    def test_two_decimals_or_a_dash(self):
        self.assertEqual(fmt(None), "-")
        self.assertEqual(fmt(0), "0.00")
        self.assertEqual(fmt(7.255), "7.25")
        self.assertEqual(fmt(45.0), "45.00")


class NftCounterTest(unittest.TestCase):
    def test_the_packets_of_the_first_counter(self):
        listing = """table inet swimfs {
	chain input {
		type filter hook input priority filter; policy accept;
		iifname "eth0" ip saddr { 10.77.0.3, 10.77.0.4, 10.77.0.5 } counter packets 777 bytes 81234 drop
	}
}
"""
        self.assertEqual(network.parse_counter(listing), 777)

    def test_no_table_no_count(self):
        self.assertIsNone(network.parse_counter(""))
        self.assertIsNone(network.parse_counter("Error: No such file or directory\n"))


if __name__ == "__main__":
    unittest.main()
