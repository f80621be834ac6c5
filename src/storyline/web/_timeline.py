"""A small chart of when each outlet published a story: inline SVG, one row per article.

Drawn here (forty lines) rather than with a charting library: the page carries no
script, and the labels are page text, so each one is escaped like the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from markupsafe import Markup

from ..library import ArticleEntry

__all__ = ["timeline_svg"]

_ROW = 22
_LABEL = 190
_WIDTH = 720


def _when(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published[:16] if len(published) > 10 else published)
    except ValueError:
        return None


def timeline_svg(articles: Sequence[ArticleEntry]) -> Markup:
    """The chart, or nothing when fewer than one article has a date."""
    dated = sorted(((when, a) for a in articles if (when := _when(a.published)) is not None), key=lambda p: p[0])
    if not dated:
        return Markup("")
    first, last = dated[0][0], dated[-1][0]
    span = max((last - first).total_seconds(), 1.0)
    plot = _WIDTH - _LABEL - 20
    height = _ROW * len(dated) + 30
    parts = [f'<svg class="timeline" viewBox="0 0 {_WIDTH} {height}" role="img" '
             f'aria-label="When each outlet published">']
    for row, (when, article) in enumerate(dated):
        y = 14 + row * _ROW
        x = _LABEL + (when - first).total_seconds() / span * plot
        label = (article.outlet or article.title or article.input)[:28]
        copy = ' class="copy"' if article.copy_of is not None else ""
        note = " (copy)" if article.copy_of is not None else ""
        parts.append(f'<text x="0" y="{y + 4}">{escape(label)}</text>'
                     f'<line class="axis" x1="{_LABEL}" y1="{y}" x2="{_WIDTH - 20}" y2="{y}"/>'
                     f'<circle{copy} cx="{x:.1f}" cy="{y}" r="5"><title>{escape(label)}{note}: '
                     f"{escape(article.published or '')}</title></circle>")
    axis = 14 + len(dated) * _ROW
    parts.append(f'<text x="{_LABEL}" y="{axis}">{escape(first.strftime("%Y-%m-%d %H:%M"))}</text>')
    if last != first:
        parts.append(f'<text x="{_WIDTH - 20}" y="{axis}" text-anchor="end">'
                     f'{escape(last.strftime("%Y-%m-%d %H:%M"))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
