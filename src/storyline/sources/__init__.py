"""Where raw pages come from: files, folders, standard input, URLs, feeds, web archives, JSON Lines.

``read_source`` reads one page, picking the reader from the shape of its
argument; it returns a ``RawPage`` or raises ``InputError``.

``iter_pages`` reads any number of inputs of every kind as one stream of
``RawPage``, ``Failure`` and ``Skipped`` items: one bad item is reported and
the stream goes on. URLs are fetched by a ``PoliteFetcher`` (robots.txt, a
per-site rate limit) unless another ``fetcher`` is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ._feed import FULL_CONTENT_CHARS, looks_like_feed
from ._files import DEFAULT_MAX_BYTES, read_file, read_stdin
from ._guard import PublicOnlyTransport, is_public_host
from ._ingest import PageStream, files_in, iter_pages, kind_of
from ._items import Failure, Skipped, SourceItem
from ._page import PageMeta, RawPage
from ._polite import DEFAULT_DELAY, DEFAULT_TIMEOUT, Fetcher, PoliteFetcher
from ._url import USER_AGENT, fetch_url, is_url

__all__ = [
    "DEFAULT_DELAY",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "FULL_CONTENT_CHARS",
    "USER_AGENT",
    "Failure",
    "Fetcher",
    "PageMeta",
    "PageStream",
    "PoliteFetcher",
    "PublicOnlyTransport",
    "RawPage",
    "Skipped",
    "SourceItem",
    "fetch_url",
    "files_in",
    "is_public_host",
    "is_url",
    "iter_pages",
    "kind_of",
    "looks_like_feed",
    "read_file",
    "read_source",
    "read_stdin",
]


def read_source(source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
                stdin: BinaryIO | None = None) -> RawPage:
    """Read one page from a path, a URL, or ``-`` for standard input."""
    text = str(source)
    if text == "-":
        return read_stdin(max_bytes=max_bytes, stream=stdin)
    if is_url(text):
        return fetch_url(text, max_bytes=max_bytes, timeout=timeout)
    return read_file(source, max_bytes=max_bytes)
