"""`storyline bench library` on a small corpus: the table, the kept library, memory of every process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import psutil
from click.testing import CliRunner

from storyline.cli import cli


def test_bench_library_reports_its_rows_and_counts_the_readers_memory(tmp_path: Path) -> None:
    kept = tmp_path / "kept.db"
    result = CliRunner().invoke(cli, ["bench", "library", "--size", "24", "--workers", "1", "--keep", str(kept)])
    assert result.exit_code == 0, result.output
    row = [c.strip() for c in next(line for line in result.output.splitlines() if line.startswith("| 24 ")).split("|")]
    records, workers, stored, rate, peak = row[1], row[2], int(row[3]), float(row[5]), float(row[7])
    assert (records, workers) == ("24", "1") and 20 <= stored <= 24 and rate > 0
    assert peak > 100
    with sqlite3.connect(kept) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == stored


def test_a_long_memory_series_is_summed_up_with_its_range() -> None:
    from storyline.bench.library import memory_series

    few = [(500, 900.0), (1000, 910.4)]
    assert memory_series(few) == "500: 900, 1000: 910"
    many = [(500 * i, 1000.0 + (400 if i == 1 else 0) + (7 if i == 150 else 0)) for i in range(1, 201)]
    text = memory_series(many)
    shown = text.split(" (")[0].split(", ")
    assert len(shown) == 20 and shown[0] == "5000: 1000" and shown[-1] == "100000: 1000"
    assert text.endswith("(every 5,000 records; all 200 samples after the first 5 %: 1000-1007 MB)")


def test_peak_memory_counts_the_child_processes() -> None:
    """The benchmarks' memory column: a child holding 300 MB shows in the peak, not only this process."""
    from storyline.bench._stories import PeakMemory

    child = "import time; block = bytearray(300 * 2**20); print('ready', flush=True); time.sleep(3)"
    with PeakMemory() as memory:
        own = psutil.Process().memory_info().rss / 2**20
        with subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None and process.stdout.readline().strip() == "ready"
            process.wait()
    assert memory.peak > own + 250
