"""``storyline bench findings``: ECB+'s events compared, every finding counted and listed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.bench.findings import format_findings, repair, run_findings_bench
from storyline.cli import cli

BENCH = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"


@pytest.mark.parametrize(("tokens", "text"), [
    ("Qeshm lies 1, 500 kilometers south of Tehran", "Qeshm lies 1,500 kilometers south of Tehran"),
    ("at 3: 30 p. m. Saturday", "at 3:30 p.m. Saturday"),
    ("a depth of 10 kilometres (6. 2 miles)", "a depth of 10 kilometres (6.2 miles)"),
    ("the 35 - year - old deputy of the U. K.", "the 35-year-old deputy of the U.K."),
    ("after Rait ’ s death", "after Rait’s death"),
    ("Chela Ortiz - who was married", "Chela Ortiz - who was married"),  # a dash between words stays
])
def test_repair_joins_ecb_tokens(tokens: str, text: str) -> None:
    assert repair(tokens) == text


def test_the_report_counts_what_it_lists() -> None:
    assert (BENCH / "ecbplus" / "docs.jsonl").is_file(), "the benchmark needs ../shared/bench beside the repository"
    report = run_findings_bench(BENCH, events=4)
    assert report.events == 4 and report.reports >= 8
    listed = sum(len(c.discrepancies) + len(c.tensions) for _, c in report.listing)
    assert sum(report.counts.values()) == listed
    text = format_findings(report)
    assert text.startswith("ECB+ events compared: 4 (") and f"| **all** | {listed} |" in text
    assert text.count("\n   - ") >= 2 * listed  # every finding shows at least two sides


def test_a_folder_without_ecbplus_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["bench", "findings", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [f"Error: {tmp_path}: no ecbplus/docs.jsonl there; pass --data DIR"]
