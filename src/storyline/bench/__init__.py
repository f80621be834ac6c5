"""Benchmarks: article extraction against baselines (:mod:`storyline.bench.extraction`).

Names are imported lazily, so ``python -m storyline.bench.extraction`` runs
without importing the module twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from storyline.bench.extraction import BenchRow, environment_versions, format_table, run_extraction_bench
    from storyline.bench.pagetext import html_to_page_text

__all__ = [
    "BenchRow",
    "environment_versions",
    "format_table",
    "html_to_page_text",
    "run_extraction_bench",
]


def __getattr__(name: str) -> Any:
    if name == "html_to_page_text":
        from storyline.bench import pagetext

        return pagetext.html_to_page_text
    if name in __all__:
        from storyline.bench import extraction

        return getattr(extraction, name)
    raise AttributeError(f"module 'storyline.bench' has no attribute {name!r}")
