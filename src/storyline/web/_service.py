"""What the web app and the HTTP API do, over one ``Library``: both call this, never the store.

A library connection is not for many threads at once, so every library call holds one
lock. Comparing is the slow part (about half a second for a few pages), so a story's
comparison is kept, keyed by the story's members and their copy links: merging,
splitting or adding an article changes the key and the next request compares afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..answers import Answer, AskCache, query_words
from ..compare import Comparison, compare
from ..errors import InputError, StorylineError
from ..extract import extract_page
from ..library import AddReport, Library, SearchHit, SentenceHit, StoryEntry
from ..model import Article
from ..report import comparison_sections
from ..resources import keeping_vectors
from ..sources import PoliteFetcher, PublicOnlyTransport, RawPage, is_url, iter_pages

__all__ = ["CachedComparison", "Service"]

_CACHED = 64


@dataclass(frozen=True)
class CachedComparison:
    """A story's comparison, its articles (in source order) and its JSON."""

    comparison: Comparison
    articles: list[Article]
    json: bytes

    def sections(self, after_provenance: str = "") -> str:
        """The comparison as HTML sections (``report.comparison_sections``)."""
        return comparison_sections(self.comparison, self.articles, after_provenance=after_provenance)


class Service:
    """One library, shared by the request threads."""

    def __init__(self, db: str | Path, *, private_urls: bool = False) -> None:
        self.library = Library(db)
        self.lock = threading.RLock()
        self.private_urls = private_urls
        self._comparisons: OrderedDict[tuple[object, ...], CachedComparison] = OrderedDict()
        self._asks = AskCache(comparison_of=lambda story: self.comparison(story).comparison)
        # A library made before the sentence index is indexed here, a batch at a time between
        # requests, never inside one: the first ask would otherwise hold every request for minutes.
        self.library.auto_index = False
        self._closed = threading.Event()
        self.indexer = threading.Thread(target=self._index_sentences, name="storyline-sentence-index", daemon=True)
        self.indexer.start()

    def _index_sentences(self) -> None:
        while not self._closed.is_set():
            with self.lock:
                if self._closed.is_set():
                    return
                try:
                    if self.library.store.sentence_backlog() <= 0:
                        return
                    self.library.index_sentences(batches=1)
                except StorylineError:  # a library that cannot be written to: searched as far as indexed
                    return

    def close(self) -> None:
        self._closed.set()
        with self.lock:
            self.library.close()

    def stories(self, limit: int = 50, **filters: str | None) -> list[StoryEntry]:
        with self.lock:
            return self.library.stories(limit, **filters)

    def story(self, story_id: int) -> StoryEntry:
        with self.lock:
            return self.library.story(story_id)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        with self.lock:
            return self.library.search(query, limit=limit)

    def search_sentences(self, query: str, limit: int = 20) -> list[tuple[SentenceHit, str]]:
        """Sentences holding the query's rarest words, with their text (``storyline search --sentences``).
        An older library's sentences are found as far as the background indexing has reached."""
        with self.lock:
            hits = self.library.search_sentences(query_words(query), limit=limit)
            return list(zip(hits, self.library.sentences_of(hits), strict=True))

    def kept_comparison(self, story_id: int) -> CachedComparison | None:
        """The story's comparison if it is kept and its members are unchanged (a few quick queries,
        cheap enough to run on the event loop), else ``None``; also ``None`` at once when another
        thread holds the library (a write), so the event loop never waits on it."""
        if not self.lock.acquire(blocking=False):
            return None
        try:
            key = (story_id, *self.library.story_version(story_id))
            cached = self._comparisons.get(key)
            if cached is not None:
                self._comparisons.move_to_end(key)
            return cached
        finally:
            self.lock.release()

    def comparison(self, story_id: int) -> CachedComparison:
        """The story's comparison, from the cache while its members are unchanged."""
        with self.lock:
            key = (story_id, *self.library.story_version(story_id))
            cached = self._comparisons.get(key)
            if cached is not None:
                self._comparisons.move_to_end(key)
                return cached
            articles = self.library.compared_articles(story_id)
        with keeping_vectors(_LockedKeeper(self.library, self.lock)):  # compared outside the lock: slow
            made = _cache_entry(compare(articles), articles)
        with self.lock:
            self._comparisons[key] = made
            while len(self._comparisons) > _CACHED:
                self._comparisons.popitem(last=False)
        return made

    def ask(self, question: str, story: int | None = None) -> Answer:
        """Answer a question from a story or the library (``answers.ask``), reusing kept comparisons."""
        from ..answers import ask

        with self.lock:  # the library is asked throughout (search, members); embedding a new story's sentences too
            return ask(question, library=self.library, story=story, cache=self._asks)

    def compare_pages(self, pages: Sequence[RawPage]) -> tuple[CachedComparison, list[str]]:
        """Compare pages without storing them; returns the comparison and why any page was left out."""
        articles, failures = [], []
        for page in pages:
            try:
                articles.append(extract_page(page))
            except StorylineError as exc:
                failures.append(str(exc))
        if len(articles) < 2:
            raise NotEnough(f"need at least two readable articles to compare, got {len(articles)} of {len(pages)}",
                            failures)
        return _cache_entry(compare(articles), articles), failures

    def add(self, pages: Sequence[RawPage], urls: Sequence[str]) -> AddReport:
        """Fetch ``urls`` (outside the lock: fetching waits on other sites), then store them and the
        pages given in the request."""
        fetched, failures = self.fetch(urls) if urls else ([], [])
        report = AddReport(failed=len(failures),
                           failures=[(f.split(": ", 1)[0], f.split(": ", 1)[-1]) for f in failures])
        with self.lock:
            return self.library.add_pages([*pages, *fetched], report=report)

    def fetch(self, urls: Sequence[str]) -> tuple[list[RawPage], list[str]]:
        """Fetch http(s) URLs as ``storyline add`` does (robots.txt, rate limits, feeds), reaching
        public addresses only unless the server allows private ones: (pages, failures)."""
        bad = [u for u in urls if not is_url(u)]
        if bad:
            raise InputError(f"{bad[0][:200]}: not an http(s) URL; this server fetches only those")
        transport = None if self.private_urls else PublicOnlyTransport()
        pages, failures = [], []
        for item in iter_pages(list(urls), fetcher=PoliteFetcher(transport=transport)):
            if isinstance(item, RawPage):
                pages.append(item)
            else:
                failures.append(f"{item.source}: {item.reason}")
        return pages, failures

    def merge(self, keep: int, other: int) -> StoryEntry:
        with self.lock:
            return self.library.merge(keep, other)

    def split(self, story_id: int, article_ids: Sequence[int]) -> StoryEntry:
        with self.lock:
            return self.library.split(story_id, article_ids)


class NotEnough(StorylineError):
    """Fewer than two readable articles in an ad-hoc comparison."""

    def __init__(self, message: str, failures: list[str]) -> None:
        super().__init__(message)
        self.failures = failures


class _LockedKeeper:
    """The library's kept sentence vectors, read and written under the service's lock."""

    def __init__(self, library: Library, lock: threading.RLock) -> None:
        self.library, self.lock = library, lock

    def kept_vectors(self, keys: list[bytes]) -> dict[bytes, bytes]:
        with self.lock:
            return self.library.kept_vectors(keys)

    def keep_vectors(self, vectors: dict[bytes, bytes]) -> None:
        with self.lock:
            self.library.keep_vectors(vectors)


def _cache_entry(comparison: Comparison, articles: list[Article]) -> CachedComparison:
    return CachedComparison(comparison, articles, comparison.model_dump_json().encode("utf-8"))
