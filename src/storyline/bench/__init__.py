"""Benchmarks: article extraction (:mod:`storyline.bench.extraction`)."""

from __future__ import annotations

from storyline.bench.extraction import (
    BenchRow,
    environment_versions,
    format_table,
    run_extraction_bench,
)
from storyline.bench.pagetext import html_to_page_text

__all__ = [
    "BenchRow",
    "environment_versions",
    "format_table",
    "html_to_page_text",
    "run_extraction_bench",
]
