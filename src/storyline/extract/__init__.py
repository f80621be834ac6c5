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
from ..model import Article, Paragraph
from ..resources import detect_language
from ..sources import DEFAULT_MAX_BYTES, PageMeta, RawPage, read_source
from ._decode import decode
from .dates import parse_machine_date
from .html import extract_html as _extract_html
from .html import outlet_of_url
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
    meta = page.meta
    if format == "html":
        article = extract_html(text, source=page.source, url=page.url, captured=captured)
    else:
        if meta is not None and meta.title and not text.lstrip().startswith(meta.title.strip()):
            text = f"{meta.title.strip()}\n\n{text}"  # the first line, where page text keeps its headline
        article = extract_text(text, source=page.source, captured=captured)
        if page.url and not article.url:  # the text cannot say where it was published; its record can
            article.url = page.url
            article.outlet = article.outlet or outlet_of_url(page.url)
    return _with_meta(article, meta, plain=format == "text") if meta is not None else article


def _with_meta(article: Article, meta: PageMeta, *, plain: bool) -> Article:
    """``article`` with what the page's record says of it (``PageMeta``).

    An HTML page's own metadata (its JSON-LD, meta tags, byline) stands and the record fills
    what the page leaves out. Plain page text has no metadata, only what extraction guesses
    from its first lines, so there the record's title, date, authors and outlet win."""
    if meta.title and (plain or not article.title):
        article.title = meta.title.strip()
        first = article.body[0].text if article.body else ""
        if plain and first.startswith(article.title) and len(first) > len(article.title):
            # A record whose text opens with its own title on the same line ("Title  Body...").
            article.body[0] = Paragraph(text=first[len(article.title):].lstrip(), kind=article.body[0].kind)
    if meta.published and (plain or article.published.year is None):
        stated = parse_machine_date(meta.published, source="record")
        if stated is not None:
            stated.evidence = [f"{meta.origin} gives the date {meta.published!r}"]
            article.published = stated
    if meta.authors and (plain or not article.authors):
        article.authors = [a.strip() for a in meta.authors if a.strip()]
    if meta.outlet and (plain or not article.outlet):
        article.outlet = meta.outlet.strip()
    return article


def extract(source: str | Path, *, format: Format = "auto", encoding: str | None = None,
            max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0) -> Article:
    """Read a page from a path, URL or ``-`` (stdin) and extract its article."""
    page = read_source(source, max_bytes=max_bytes, timeout=timeout)
    return extract_page(page, format=format, encoding=encoding)
