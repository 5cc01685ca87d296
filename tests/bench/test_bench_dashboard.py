"""`make bench`'s dashboard benchmark runs end to end (a small history on SQLite).

docs/benchmarks.md reports it at 100,000 tickets; this keeps the benchmark itself from
breaking unnoticed between measurements."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
SMALL = ("--tickets", "300", "--runs", "2", "--database", "sqlite")


def test_the_dashboard_benchmark_measures_every_case() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_dashboard", *SMALL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "generated 300 tickets" in done.stdout
    cases = re.findall(r"^  (\S.*?)\s+p50\s+[\d.]+ ms\s+p99", done.stdout, re.MULTILINE)
    assert cases == ["30 days, by day", "365 days, by week", "365 days, one category"]
    assert "worst p50 on SQLite and PostgreSQL" in done.stdout
