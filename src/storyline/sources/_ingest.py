"""``iter_pages``: the user's inputs (paths, folders, URLs, feeds, archives) as one stream of pages.

Each input is read by the shape of its argument:

- ``-`` is standard input, one page;
- ``http://`` or ``https://`` is fetched politely (robots.txt, one request per
  site per ``delay`` seconds); an answer that is an RSS or Atom feed is read as one;
- a folder is walked recursively in sorted order, hidden files and folders
  passed over, and each file in it read as if it had been named (files of
  other kinds are passed over and counted, not reported one by one);
- a file is read by its name: ``.warc`` is a web archive, ``.jsonl`` and
  ``.ndjson`` JSON Lines, ``.rss``, ``.atom`` and ``.xml`` a feed, anything
  else (``.html``, ``.htm``, ``.txt``, ...) one page; each may end in ``.gz``.

Nothing raises for one bad item: it comes out as a ``Failure`` (or a
``Skipped``, when it was read but is deliberately not a page) and the stream
goes on with the next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import DisallowedError, InputError, StorylineError
from ._feed import feed_items, looks_like_feed
from ._files import DEFAULT_MAX_BYTES, read_file, read_stdin
from ._items import Failure, Skipped, SourceItem, reason_of
from ._jsonl import jsonl_items
from ._page import RawPage
from ._polite import DEFAULT_DELAY, DEFAULT_TIMEOUT, Fetcher, PoliteFetcher
from ._url import is_url
from ._warc import warc_items

_KINDS = {
    ".html": "page", ".htm": "page", ".xhtml": "page", ".txt": "page",
    ".warc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
"""File kinds by suffix (after any ``.gz``). In a folder only these are read."""


def kind_of(name: str) -> str | None:
    """``"page"``, ``"warc"``, ``"jsonl"`` or ``"feed"`` for a file name, None when unknown."""
    return _KINDS.get(Path(name.lower().removesuffix(".gz")).suffix)


class PageStream(Iterator[SourceItem]):
    """The items of ``iter_pages`` in input order, and a tally of what was passed over silently.

    ``ignored`` counts, by a plural noun phrase (``"WARC request records"``,
    ``"hidden files"``, ``".pdf files"``), the things that are neither pages nor
    worth one report each; it is complete once the stream is exhausted.
    """

    def __init__(self, items: Callable[[Counter[str]], Iterator[SourceItem]]) -> None:
        self.ignored: Counter[str] = Counter()
        self._items = items(self.ignored)

    def __iter__(self) -> PageStream:
        return self

    def __next__(self) -> SourceItem:
        return next(self._items)


def iter_pages(inputs: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
               timeout: float = DEFAULT_TIMEOUT, delay: float = DEFAULT_DELAY, follow_links: bool = True,
               stdin: BinaryIO | None = None, fetcher: Fetcher | None = None) -> PageStream:
    """Read every input and yield its pages, each as a ``RawPage``, ``Failure`` or ``Skipped``.

    ``max_bytes`` bounds each page (not each archive). ``fetcher`` fetches URLs;
    by default a ``PoliteFetcher(delay=delay, max_bytes=max_bytes, timeout=timeout)``
    shared by all inputs, so the per-site rate limit holds across them.
    ``follow_links=False`` keeps feeds from fetching their entries' pages: only
    entries that carry their full text then give pages. ``stdin`` replaces
    standard input for ``-``. Inputs are read lazily, one at a time; a lone
    string or path is one input.
    """
    if isinstance(inputs, str | Path):
        inputs = [inputs]  # one input, not the characters of its name
    fetch = fetcher if fetcher is not None else PoliteFetcher(delay=delay, max_bytes=max_bytes,
                                                              timeout=timeout)

    def items(ignored: Counter[str]) -> Iterator[SourceItem]:
        reader = _Reader(max_bytes=max_bytes, fetch=fetch, follow_links=follow_links, stdin=stdin,
                         ignored=ignored)
        for given in inputs:
            yield from reader.input_items(given)

    return PageStream(items)


class _Reader:
    def __init__(self, *, max_bytes: int, fetch: Fetcher, follow_links: bool, stdin: BinaryIO | None,
                 ignored: Counter[str]) -> None:
        self.max_bytes = max_bytes
        self.fetch = fetch
        self.follow_links = follow_links
        self.stdin = stdin
        self.ignored = ignored

    def input_items(self, given: str | Path) -> Iterator[SourceItem]:
        text = str(given)
        if text == "-":
            yield self._stdin()
        elif is_url(text):
            yield from self._url(text)
        elif Path(given).is_dir():
            yield from self._folder(Path(given))
        elif not Path(given).exists():
            yield Failure(text, "no such file or folder; check the path")
        else:
            yield from self._file(Path(given), named=True)

    def _stdin(self) -> SourceItem:
        try:
            return _non_empty(read_stdin(max_bytes=self.max_bytes, stream=self.stdin))
        except InputError as exc:
            return Failure("-", reason_of(exc, "stdin"))

    def _url(self, url: str) -> Iterator[SourceItem]:
        try:
            page = self.fetch(url)
        except DisallowedError as exc:
            yield Skipped(url, reason_of(exc, url))
            return
        except StorylineError as exc:
            yield Failure(url, reason_of(exc, url))
            return
        if looks_like_feed(page.data, page.content_type):
            yield from feed_items(page, fetch=self.fetch if self.follow_links else None)
        else:
            yield _non_empty(page)

    def _file(self, path: Path, *, named: bool) -> Iterator[SourceItem]:
        kind = kind_of(path.name)
        if kind == "warc":
            yield from warc_items(path, max_bytes=self.max_bytes, ignored=self.ignored)
            return
        if kind == "jsonl":
            yield from jsonl_items(path, max_bytes=self.max_bytes)
            return
        try:
            page = read_file(path, max_bytes=self.max_bytes)
        except InputError as exc:
            yield Failure(str(path), reason_of(exc, str(path)))
            return
        if kind != "feed":
            yield _non_empty(page)
        elif named or looks_like_feed(page.data, None):
            yield from feed_items(page, fetch=self.fetch if self.follow_links else None)
        else:
            # A folder's .xml files are often sitemaps or NewsML, not feeds: pass them over.
            self.ignored["XML files that are not feeds"] += 1

    def _folder(self, folder: Path) -> Iterator[SourceItem]:
        passed_over: Counter[str] = Counter()
        read_any = False
        for path in _walk(folder, passed_over):
            if kind_of(path.name) is None:
                passed_over[f"{_suffix(path.name)} files"] += 1
                continue
            read_any = True
            yield from self._file(path, named=False)
        self.ignored.update(passed_over)
        if not read_any:
            what = ", ".join(f"{n} {noun}" for noun, n in sorted(passed_over.items())) or "nothing"
            yield Failure(str(folder), f"holds no file storyline reads (.html, .htm, .txt, .warc, .jsonl, "
                                       f".rss, .atom, .xml, or those .gz); it holds {what}")


def files_in(folder: Path) -> Iterator[Path]:
    """The files under ``folder`` that ``iter_pages`` reads, in its order (hidden ones and files of
    other kinds left out), for callers that take a folder apart: ``storyline batch``."""
    for path in _walk(folder, Counter()):
        if kind_of(path.name) is not None:
            yield path


def _walk(folder: Path, passed_over: Counter[str]) -> Iterator[Path]:
    """The files under ``folder`` in sorted path order, hidden ones and symlinked folders left out."""
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        passed_over["unreadable folders"] += 1
        return
    for path in entries:
        if path.name.startswith("."):
            passed_over["hidden files and folders"] += 1
        elif path.is_symlink() and path.is_dir():
            passed_over["symlinked folders"] += 1  # not followed: a link to a parent would loop
        elif path.is_dir():
            yield from _walk(path, passed_over)
        else:
            yield path


def _suffix(name: str) -> str:
    lowered = name.lower()
    gz = lowered.endswith(".gz") and lowered != ".gz"
    suffix = Path(lowered.removesuffix(".gz")).suffix or "extensionless"
    return f"{suffix}.gz" if gz else suffix


def _non_empty(page: RawPage) -> SourceItem:
    if not page.data or page.data.isspace():
        return Failure(page.source, "is empty; there is no page to read")
    return page
