"""Presentation: turn library objects into Markdown, terminal text and HTML."""

from __future__ import annotations

from ._article import article_markdown, article_summary, describe_date
from ._comparison import comparison_markdown, source_labels
from ._comparison_html import COMPARISON_CSS, comparison_html, comparison_sections

__all__ = [
    "COMPARISON_CSS",
    "article_markdown",
    "article_summary",
    "comparison_html",
    "comparison_markdown",
    "comparison_sections",
    "describe_date",
    "source_labels",
]
