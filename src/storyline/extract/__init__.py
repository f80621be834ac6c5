"""Raw page (HTML or copied page text) to ``Article``.

    extract("page.html")              # a path, a URL, or "-" for stdin
    extract_html(html_string, url=...)
    extract_text(page_text)

Every function returns an ``Article`` or raises a ``StorylineError``
(``InputError`` for unreadable input, ``ExtractionError`` when no article is found).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Literal

from ..errors import ExtractionError
from ..model import Article
from ..resources import detect_language
from ..sources import DEFAULT_MAX_BYTES, RawPage, read_source
from ._decode import decode
from .html import extract_html as _extract_html
from .pagetext import extract_text as _extract_text

__all__ = ["Format", "extract", "extract_html", "extract_page", "extract_text", "looks_like_html"]

Format = Literal["auto", "html", "text"]

_HTML_START = re.compile(r"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b",
                         re.I | re.S)
_TAG = re.compile(r"</?(p|div|span|a|br|li|h[1-6]|table|section|article|script)\b", re.I)


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment, false for plain page text."""
    head = text[:5000]
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 5


def _language(article: Article) -> Article:
    """Detect the language when the page did not declare one."""
    if article.language:
        return article
    lang, _prob = detect_language(" ".join([article.title or "", article.text]))
    if lang:
        article.language, article.language_source = lang, "detected"
    return article


def extract_html(html: str, *, source: str = "", url: str | None = None,
                 captured: date | None = None) -> Article:
    """Extract the article from an HTML page (string)."""
    return _language(_extract_html(html, source=source, url=url, captured=captured))


def extract_text(text: str, *, source: str = "", captured: date | None = None) -> Article:
    """Extract the article from copied page text."""
    article = _extract_text(text, source=source, captured=captured)
    if not article.body:
        raise ExtractionError(f"{source or 'text'}: no article text found (no run of paragraphs)")
    return _language(article)


def extract_page(page: RawPage, *, format: Format = "auto", encoding: str | None = None) -> Article:
    """Extract the article from a page a source has read."""
    label = "stdin" if page.source == "-" else page.source
    text = decode(page.data, label, encoding=encoding, transport_charset=page.charset)
    if format == "auto":
        is_html = page.content_type in ("text/html", "application/xhtml+xml") or looks_like_html(text)
        if page.content_type == "text/plain" and not looks_like_html(text):
            is_html = False
        format = "html" if is_html else "text"
    captured = page.fetched_at.date() if page.fetched_at else None
    if format == "html":
        return extract_html(text, source=page.source, url=page.url, captured=captured)
    return extract_text(text, source=page.source, captured=captured)


def extract(source: str | Path, *, format: Format = "auto", encoding: str | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0) -> Article:
    """Read a page from a path, URL or ``-`` (stdin) and extract its article."""
    page = read_source(source, max_bytes=max_bytes, timeout=timeout)
    return extract_page(page, format=format, encoding=encoding)
