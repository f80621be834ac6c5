"""Presentation: turn library objects into Markdown and terminal text."""

from __future__ import annotations

from ._article import article_markdown, article_summary, describe_date

__all__ = ["article_markdown", "article_summary", "describe_date"]
