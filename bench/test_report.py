#!/usr/bin/env python3
"""Tests for report.py's parsing of drillbook's output and the Hugo+Pagefind sum.

Run: python3 bench/test_report.py
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402


class FirstQuery(unittest.TestCase):
    def test_table(self):
        cases = [
            ("Search: a first query loads at most 98.4 kB", 98400),
            ("search: 1.20 MB index in 40 shards, first query loads 98.4 kB", 98400),
            ("first query: 151234 bytes", 151234),
            ("first query 12 KiB", 12288),
            ("first query loads 1.5 MB", 1500000),
            ("Built 10000 pages in 1.20 s", None),
            ("Search: a first query loads at most 0.0 kB", None),  # no index yet
            ("", None),
            (None, None),
        ]
        for line, want in cases:
            self.assertEqual(report.parse_first_query(line), want, line)


class Combine(unittest.TestCase):
    def test_sums_time_and_takes_larger_rss_per_rep(self):
        hugo = [{"rep": "1", "seconds": "1.5", "maxrss_kb": "100", "out_bytes": "10", "out_files": "1", "exit": "0"}]
        pf = [{"rep": "1", "seconds": "2.0", "maxrss_kb": "300", "out_bytes": "20", "out_files": "2", "exit": "0"}]
        (row,) = report.combine(hugo, pf)
        self.assertEqual(float(row["seconds"]), 3.5)
        self.assertEqual(row["maxrss_kb"], "300")
        self.assertEqual(row["out_bytes"], "20")
        self.assertEqual(row["exit"], "0")

    def test_failed_half_fails_the_sum(self):
        hugo = [{"rep": "1", "seconds": "1", "maxrss_kb": "1", "out_bytes": "0", "out_files": "0", "exit": "1"}]
        pf = [{"rep": "1", "seconds": "1", "maxrss_kb": "1", "out_bytes": "0", "out_files": "0", "exit": "0"}]
        self.assertEqual(report.combine(hugo, pf)[0]["exit"], "1")


class Stages(unittest.TestCase):
    def test_parses_timings_lines_only(self):
        text = ("   812.3 ms  config, content, render, site\n"
                "     4.0 ms  theme load\n"
                "warning: something 12 ms  away\n"
                "Built 10 pages in 0.9 s → out\n")
        self.assertEqual(report.parse_stages(text),
                         [("config, content, render, site", 812.3), ("theme load", 4.0)])

    def test_median_per_stage_in_first_order(self):
        logs = ["  10.0 ms  a\n   1.0 ms  b\n", "  30.0 ms  a\n   3.0 ms  b\n", "  20.0 ms  a\n"]
        self.assertEqual(report.stage_split(logs), [("a", 20.0), ("b", 2.0)])
        self.assertEqual(report.stage_split([]), [])


if __name__ == "__main__":
    unittest.main(verbosity=1)
