"""RSS and Atom feeds: one page for each entry.

The rule for an entry, in order:

1. When it links to a web page and links are followed, the linked page is
   fetched (through the same polite fetcher as every URL). The page is
   preferred because it carries what feed content usually lacks: the byline,
   the dateline, the outlet's own markup.
2. When links are not followed, or the fetch fails or robots.txt forbids it,
   and the entry carries its full text (RSS ``content:encoded`` or Atom
   ``content`` of at least ``FULL_CONTENT_CHARS`` characters), a page is built
   from that text: a small HTML document with the entry's title, author and
   dates in the ``<head>`` where extraction looks for them. Its source and url
   are the entry's link, its ``fetched_at`` the entry's published (else updated) date.
3. Otherwise the entry gives no page: the fetch's ``Failure`` (or ``Skipped``
   for robots.txt), or a ``Skipped`` saying the entry holds only a summary.

A summary (RSS ``description``, Atom ``summary``) never becomes a page: it is a teaser.
"""

from __future__ import annotations

import calendar
import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from ..errors import DisallowedError, StorylineError
from ._items import Failure, Skipped, SourceItem, reason_of
from ._page import PageMeta, RawPage
from ._polite import Fetcher
from ._url import is_url

FULL_CONTENT_CHARS = 500
"""Entry content at least this long is taken as the article's full text rather than a teaser."""

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})

_NOT_FEED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")


def looks_like_feed(data: bytes, content_type: str | None) -> bool:
    """True when a response is an RSS or Atom feed, by its content type or, for the
    generic XML types servers often send feeds with, by its root element."""
    if content_type in FEED_TYPES:
        return True
    if content_type in _NOT_FEED_TYPES:
        return False
    head = data[:2048]
    return _FEED_ROOT.search(head) is not None and b"<html" not in head.lower()


def feed_items(feed: RawPage, *, fetch: Fetcher | None) -> Iterator[SourceItem]:
    """Yield one item per entry of ``feed``; ``fetch=None`` means links are not followed."""
    parsed = feedparser.parse(feed.data, response_headers=_headers(feed))
    if not parsed.get("version") and not parsed.entries:
        yield Failure(feed.source, "not an RSS or Atom feed (it does not parse as one); "
                                   "pass web pages as .html files or URLs")
        return
    if not parsed.entries:
        yield Skipped(feed.source, "the feed has no entries")
        return
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_item(entry, f"{feed.source}#entry-{number}", fetch)


def _headers(feed: RawPage) -> dict[str, str]:
    # feedparser takes the charset and the base for relative links from these.
    headers: dict[str, str] = {}
    if feed.content_type:
        charset = f"; charset={feed.charset}" if feed.charset else ""
        headers["content-type"] = feed.content_type + charset
    if feed.url:
        headers["content-location"] = feed.url
    return headers


def _entry_item(entry: Any, name: str, fetch: Fetcher | None) -> SourceItem:
    link = _link(entry)
    fetch_result: Failure | Skipped | None = None
    if link is not None and fetch is not None:
        try:
            return fetch(link)
        except DisallowedError as exc:
            fetch_result = Skipped(link, reason_of(exc, link))
        except StorylineError as exc:
            fetch_result = Failure(link, reason_of(exc, link))
    content = _full_content(entry)
    if content is not None:
        return _content_page(entry, link, name, *content)
    if fetch_result is not None:
        return fetch_result
    if link is None:
        return Skipped(name, "the entry has neither a web link nor its full text")
    return Skipped(link, "the feed entry holds only a summary and links are not followed; "
                         "follow links to fetch the page")


def _link(entry: Any) -> str | None:
    for candidate in (entry.get("link"), entry.get("id")):
        # A relative link cannot be fetched (a feed file has no base URL); an RSS guid is
        # often, but not always, the article's URL.
        if isinstance(candidate, str) and is_url(candidate):
            return candidate
    return None


def _full_content(entry: Any) -> tuple[str, str] | None:
    contents = [c for c in entry.get("content", []) if isinstance(c.get("value"), str)]
    if not contents:
        return None
    best = max(contents, key=lambda c: len(c["value"]))
    if len(best["value"]) < FULL_CONTENT_CHARS:
        return None
    return best["value"], best.get("type") or "text/html"


def _content_page(entry: Any, link: str | None, name: str, content: str, kind: str) -> RawPage:
    published = _date(entry, "published_parsed") or _date(entry, "updated_parsed")
    if kind == "text/plain":
        # Plain text has nowhere to hold the entry's title, date and author: they travel beside it.
        title, author = entry.get("title"), entry.get("author")
        meta = PageMeta(title=title if isinstance(title, str) and title else None,
                        published=published.isoformat() if published else None,
                        authors=(author,) if isinstance(author, str) and author else (), origin="the feed entry")
        return RawPage(source=link or name, data=content.encode("utf-8"), url=link,
                       content_type="text/plain", charset="utf-8", fetched_at=published, meta=meta)
    head = [f"<title>{html.escape(entry.get('title') or '')}</title>"]
    if isinstance(entry.get("author"), str):
        head.append(f'<meta name="author" content="{html.escape(entry["author"])}">')
    if published is not None:
        head.append(f'<meta property="article:published_time" content="{published.isoformat()}">')
    if link is not None:
        head.append(f'<link rel="canonical" href="{html.escape(link)}">')
    document = (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">{"".join(head)}</head>'
                f"<body><article>{content}</article></body></html>")
    return RawPage(source=link or name, data=document.encode("utf-8"), url=link,
                   content_type="text/html", charset="utf-8", fetched_at=published)


def _date(entry: Any, key: str) -> datetime | None:
    parsed = entry.get(key)  # a UTC time.struct_time, feedparser's normalised form
    if parsed is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
