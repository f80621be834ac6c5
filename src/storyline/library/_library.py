"""``Library``: the store, copy detection and story clustering behind one object.

    lib = Library("storyline.db")
    report = lib.add(["saved-pages/", "feed.xml", "CC-NEWS-2024.warc.gz"])
    for story in lib.stories():
        print(story.id, story.title, story.independent, story.copies)
    comparison = lib.comparison(story.id)

Clustering is streaming: each new article joins the best existing story or starts
one, and existing memberships never move by themselves, so a merge or split made by
hand holds.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from .._laps import Laps
from ..analyse import sentence_texts
from ..compare import Comparison, compare
from ..errors import NotFoundError, StoreError
from ..model import Article
from ..sources import RawPage
from . import dedup
from ._reading import ReadPage, read_pages, watch_parent
from .cluster import StoryIndex
from .similarity import Profile, profiles
from .sqlite import SQLiteStore
from .store import Store

__all__ = ["AddReport", "ArticleEntry", "Library", "SearchHit", "SentenceHit", "StoryEntry"]

_MOST_READERS = 4  # beyond this the one embedding process is the bottleneck; more readers only take memory
_CHUNK = 32  # pages extracted and embedded together; committed as one transaction
_COMPARE_LIMIT = 20
_SHINGLE_CACHE = 2000
_COPY_LOOKBACK = 50  # a story's most recent articles checked for shared text with a newcomer
_LSH_CANDIDATES = 32
"""How many stored articles, those sharing the most MinHash bands with a newcomer, have their text
compared with it: a wire story re-told by hundreds of outlets would otherwise be compared with every
earlier copy, a cost that grows with the library (measured in docs/benchmarks.md, "Volume")."""


@dataclass
class AddReport:
    """What one ``add`` did: counts, and every failure with its reason."""

    added: int = 0
    duplicates: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    copies: int = 0
    new_stories: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skips: list[tuple[str, str]] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    """Passed over without a report, by kind: WARC request records, hidden files ..."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Seconds per stage: extract (and read names; in a worker process this overlaps the rest), check
    (known pages, duplicates), profile (embedding), store (copies, clustering, writes)."""

    @property
    def seen(self) -> int:
        return self.added + self.duplicates + self.unchanged + self.skipped + self.failed


@dataclass
class ArticleEntry:
    """One article of a story as listed: where it came from and why it belongs."""

    id: int
    input: str
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    language: str | None
    added_at: str
    story: int | None
    score: float | None
    why: dict[str, Any] | None
    manual: bool
    copy_of: int | None = None
    copied_share: float | None = None


@dataclass
class StoryEntry:
    """A story as listed: title, dates, outlets, languages, counts."""

    id: int
    title: str | None
    first_published: str | None
    last_published: str | None
    outlets: list[str]
    languages: list[str]
    articles: list[ArticleEntry]

    @property
    def copies(self) -> int:
        return sum(1 for a in self.articles if a.copy_of is not None)

    @property
    def independent(self) -> int:
        """Articles that are not a copy of another article in the story."""
        return len(self.articles) - self.copies


@dataclass(frozen=True)
class Prepared:
    """An article read and profiled elsewhere (``storyline batch``), ready for ``Library.add_stories``."""

    raw_hash: str
    source: str
    article: Article
    profile: Profile
    why: dict[str, Any] = field(default_factory=dict)
    """Why it belongs to its story, as the caller decided (kept with the membership)."""


@dataclass
class SearchHit:
    """An article found by words, by meaning, or both."""

    article: ArticleEntry
    score: float
    matched: list[str]


@dataclass
class SentenceHit:
    """A body sentence found by its words: article id, sentence number (as ``analyse`` numbers
    them: the web view's ``#s<source>-<number>`` anchors), score, and the article's story."""

    article: int
    number: int
    score: float
    story: int | None


Progress = Callable[[str, str], None]
"""Called with (input, outcome) for every page: added, duplicate, unchanged, skipped or failed."""


class Library:
    """A library of articles grouped into stories: an SQLite file, or a ``postgresql://`` URL."""

    def __init__(self, db: str | Path = "storyline.db") -> None:
        text = str(db)
        self.store: Store
        if text.startswith(("postgresql:", "postgres:")):
            try:
                from .postgres import PostgresStore
            except ImportError as exc:
                raise StoreError(f"PostgreSQL libraries need psycopg ({exc}); pip install 'storyline[postgres]'"
                                 ) from None
            self.store = PostgresStore(text)
        else:
            self.store = SQLiteStore(db)
        self._index: StoryIndex | None = None
        self._shingles: dict[int, set[bytes]] = {}
        self.auto_index = True
        """Whether ``search_sentences`` first indexes the sentences of articles stored before the index."""

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # adding ---------------------------------------------------------------------------

    def add(self, inputs: Iterable[str | Path], *, progress: Progress | None = None, workers: int | None = None,
            **read: Any) -> AddReport:
        """Read every input (files, folders, URLs, feeds, WARC, JSONL, ``-``) and add its pages.

        ``workers``: processes that extract pages while this one embeds and stores (default:
        one per core, at most 4, when the machine has two cores or more and the input is more
        than one batch; 0 = none). Reading a page costs more than embedding it, so on two cores
        two readers beside this process keep both busy (``bench library``: 13.8 articles/s
        against 10.2 with one).
        """
        from ..sources import Failure, Skipped, iter_pages

        report = AddReport()
        stream = iter_pages(inputs, **read)
        cores = os.cpu_count() or 1
        extra = (min(cores, _MOST_READERS) if cores > 1 else 0) if workers is None else workers
        pool: ProcessPoolExecutor | None = None
        in_flight: deque[Future[list[ReadPage]]] = deque()
        batch: list[RawPage] = []
        try:
            for item in chain(stream, [None]):  # None: the end, which flushes the last batch
                if isinstance(item, Failure):
                    self._fail(report, item.source, item.reason, progress)
                elif isinstance(item, Skipped):
                    self._note(report, item.source, "skipped", item.reason, progress)
                elif item is not None:
                    batch.append(item)
                if not batch or (item is not None and len(batch) < _CHUNK):
                    continue
                pages = self._new_pages(batch, report, progress)
                batch = []
                if pool is None and extra and (in_flight or item is not None):
                    pool = ProcessPoolExecutor(extra, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=watch_parent)
                if pool is None:
                    self._store_pages(read_pages(pages), report, progress)
                    continue
                # The workers read the next batches while this process stores the oldest one, in order.
                in_flight.append(pool.submit(read_pages, pages))
                if len(in_flight) > extra:
                    self._store_pages(in_flight.popleft().result(), report, progress)
            while in_flight:
                self._store_pages(in_flight.popleft().result(), report, progress)
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        clock = Laps(report.seconds)
        if report.added and self.store.index_vectors() is not None:  # a large library's HNSW graph, now, not at search
            clock.lap("vector index")
        report.ignored = dict(stream.ignored)
        return report

    def add_pages(self, pages: Sequence[RawPage], *, report: AddReport | None = None,
                  progress: Progress | None = None) -> AddReport:
        """Add pages already read, in this process; one transaction for the lot."""
        report = report or AddReport()
        self._store_pages(read_pages(self._new_pages(pages, report, progress)), report, progress)
        return report

    def _new_pages(self, pages: Sequence[RawPage], report: AddReport, progress: Progress | None) -> list[RawPage]:
        """The pages whose bytes the library has not stored yet (a page that failed before is tried again)."""
        new: list[RawPage] = []
        for page in pages:
            if self._stored(hashlib.sha256(page.data).hexdigest()):
                self._note(report, page.source, "unchanged", None, progress)
            else:
                new.append(page)
        return new

    def _stored(self, raw_hash: str) -> bool:
        """True when these bytes were added before (as an article or a duplicate); a failure is tried again."""
        known = self.store.input_status(raw_hash)
        return known is not None and known[0] != "failed"

    def _store_pages(self, items: Sequence[ReadPage], report: AddReport, progress: Progress | None) -> None:
        """Record failures and duplicates, embed the rest and store them in one transaction (all or none)."""
        clock = Laps(report.seconds)
        report.seconds["extract"] = round(report.seconds.get("extract", 0.0) + sum(i.seconds for i in items), 4)
        fresh: list[ReadPage] = []
        for item in items:
            source = item.page.source
            # Checked again: an earlier batch may have stored these bytes since.
            if self._stored(item.raw_hash) or any(item.raw_hash == f.raw_hash for f in fresh):
                self._note(report, source, "unchanged", None, progress)
            elif item.article is None or item.text_hash is None:
                self._fail(report, source, item.error or "", progress, raw_hash=item.raw_hash)
            elif (existing := self.store.article_with_text(item.text_hash)) is not None:
                # A stored text is a duplicate before the costly steps; a twin inside this
                # batch is caught by _add_one, once its first copy is stored.
                with self.store.transaction():
                    self.store.record_input(item.raw_hash, source, "duplicate", existing)
                self._note(report, source, "duplicate", None, progress)
            else:
                fresh.append(item)
        clock.lap("check")
        if not fresh:
            return
        articles = [f.article for f in fresh if f.article is not None]
        vectors = profiles(articles, [f.names for f in fresh])  # names and the lead's vector: all clustering needs
        clock.lap("profile")
        index = self._story_index()
        try:
            with self.store.transaction():
                for item, article, profile in zip(fresh, articles, vectors, strict=True):
                    self._add_one(item, article, profile, index, report, progress)
        except BaseException:
            # Rolled back: what memory learnt from this batch is not in the store.
            self._index, self._shingles = None, {}
            raise
        clock.lap("store")

    def _add_one(self, item: ReadPage, article: Article, profile: Profile, index: StoryIndex, report: AddReport,
                 progress: Progress | None) -> None:
        """Store one read article (``item.article``) with its copy links and story, inside the batch's transaction."""
        page, raw_hash, text_hash = item.page, item.raw_hash, item.text_hash or dedup.text_hash(article)
        existing = self.store.article_with_text(text_hash)
        if existing is not None:
            self.store.record_input(raw_hash, page.source, "duplicate", existing)
            self._note(report, page.source, "duplicate", None, progress)
            return
        shingles = dedup.shingles(dedup.normalised_text(article))
        bands = dedup.bands(dedup.signature(shingles))
        source, share = self._copy_source(shingles, self.store.lsh_candidates(bands, _LSH_CANDIDATES))
        story: int | None = None
        why: dict[str, Any] = {}
        score: float | None = None
        if source is None:
            assignment = index.assign(profile)
            story, score, why = assignment.story, assignment.score, dict(assignment.why)
            if story is not None:
                # LSH finds texts alike as wholes; a short copy inside a long article (a teaser, a
                # trimmed wire story) is looked for among the story's own recent articles.
                source, share = self._copy_source(shingles, self.store.members(story)[-_COPY_LOOKBACK:])
        article_id = self.store.insert_article(article, text_hash, profile.to_json(), profile.vector, bands,
                                               item.sentences)
        self.store.record_input(raw_hash, page.source, "added", article_id)
        self._shingles[article_id] = shingles
        if source is not None and (kind := dedup.copy_kind(share)):
            copy, original = self._copy_direction(article_id, article, source)
            self.store.add_copy(copy, original, kind, share)
            report.copies += 1
            story = self._story_of(source) if story is None else story
            why = {**why, "copy": {"of": original, "by": copy, "kind": kind, "share": round(share, 3)}}
            score = share if score is None else score
        if story is None:
            story = self.store.create_story(article.label)
            report.new_stories += 1
            why = {**why, "new_story": True}
        self.store.set_membership(article_id, story, score, why)
        index.add(story, profile)
        report.added += 1
        if progress:
            progress(page.source, "added")

    def add_stories(self, stories: Iterable[Sequence[Prepared]]) -> AddReport:
        """Store articles already read and profiled elsewhere (``storyline batch``), grouped into
        stories by the caller: each group becomes one new story, one transaction per group.

        A page stored before is left alone; a text stored before is recorded as its duplicate;
        copies are linked as ``add`` links them. The clustering index learns the new stories."""
        report = AddReport()
        index = self._story_index()
        for group in stories:
            try:
                with self.store.transaction():
                    story: int | None = None
                    for item in group:
                        story = self._add_prepared(item, story, index, report)
            except BaseException:
                self._index, self._shingles = None, {}
                raise
        return report

    def _add_prepared(self, item: Prepared, story: int | None, index: StoryIndex, report: AddReport) -> int | None:
        # A member stored by an earlier run (or a duplicate of one) keeps the group in its story,
        # so a batch run again over more input grows that story rather than starting another.
        known = self.store.input_status(item.raw_hash)
        if known is not None and known[0] != "failed":
            report.unchanged += 1
            return story or (self._story_of(known[1]) if known[1] is not None else None)
        text_hash = dedup.text_hash(item.article)
        existing = self.store.article_with_text(text_hash)
        if existing is not None:
            self.store.record_input(item.raw_hash, item.source, "duplicate", existing)
            report.duplicates += 1
            return story or self._story_of(existing)
        shingles = dedup.shingles(dedup.normalised_text(item.article))
        bands = dedup.bands(dedup.signature(shingles))
        source, share = self._copy_source(shingles, self.store.lsh_candidates(bands, _LSH_CANDIDATES))
        if source is None and story is not None:  # a short copy inside a long article, as add looks for it
            source, share = self._copy_source(shingles, self.store.members(story)[-_COPY_LOOKBACK:])
        article_id = self.store.insert_article(item.article, text_hash, item.profile.to_json(), item.profile.vector,
                                               bands, sentence_texts(item.article))
        self.store.record_input(item.raw_hash, item.source, "added", article_id)
        self._shingles[article_id] = shingles
        membership = dict(item.why)
        if source is not None and (kind := dedup.copy_kind(share)):
            copy, original = self._copy_direction(article_id, item.article, source)
            self.store.add_copy(copy, original, kind, share)
            report.copies += 1
            membership["copy"] = {"of": original, "by": copy, "kind": kind, "share": round(share, 3)}
        if story is None:
            story = self.store.create_story(item.article.label)
            report.new_stories += 1
        self.store.set_membership(article_id, story, None, membership)
        index.add(story, item.profile)
        report.added += 1
        return story

    def _copy_direction(self, new_id: int, new: Article, other_id: int) -> tuple[int, int]:
        """(copy, original): the later-published text repeats the earlier one; when unknown, the newcomer."""
        other = self.store.article(other_id).published
        exact = ("day", "minute")
        if new.published.precision in exact and other.precision in exact and (new.published.iso or "") < (
                other.iso or ""):
            return other_id, new_id
        return new_id, other_id

    def _copy_source(self, shingles: set[bytes], candidates: Sequence[int]) -> tuple[int | None, float]:
        """Of ``candidates``, the stored article that shares the most text with this one, and the share."""
        best: tuple[int | None, float] = (None, 0.0)
        for candidate in candidates:
            share = dedup.shared_share(shingles, self._shingles_of(candidate))
            if share > best[1]:
                best = (candidate, share)
        return best if best[1] >= dedup.COPY_SHARE else (None, best[1])

    def _shingles_of(self, article_id: int) -> set[bytes]:
        """A stored article's shingles; the recent ones are kept, as a batch checks them again and again."""
        found = self._shingles.pop(article_id, None)
        if found is None:
            found = dedup.shingles(dedup.normalised_text(self.store.article(article_id)))
        self._shingles[article_id] = found  # most recently used last
        if len(self._shingles) > _SHINGLE_CACHE:
            del self._shingles[next(iter(self._shingles))]
        return found

    def _story_of(self, article_id: int) -> int | None:
        rows = self.store.article_rows([article_id])
        return rows[0]["story"] if rows else None

    def _story_index(self) -> StoryIndex:
        if self._index is None:
            members = []
            for _article, story, profile_json, vector in self.store.profiles():
                if story is not None and profile_json:
                    members.append((story, Profile.from_json(json.loads(profile_json),
                                                             np.frombuffer(vector, dtype=np.float32))))
            self._index = StoryIndex.from_members(members)
        return self._index

    def _fail(self, report: AddReport, source: str, reason: str, progress: Progress | None, *,
              raw_hash: str | None = None) -> None:
        """Record a page that could not be added (and its bytes, so an unchanged retry is recognised)."""
        if reason.startswith(f"{source}: "):  # extraction errors name their input already
            reason = reason[len(source) + 2:]
        with self.store.transaction():
            if raw_hash is not None:
                self.store.record_input(raw_hash, source, "failed", None, reason)
            self.store.record_failure(source, reason)
        self._note(report, source, "failed", reason, progress)

    def _note(self, report: AddReport, source: str, outcome: str, reason: str | None,
              progress: Progress | None) -> None:
        """Count an outcome in the report and tell ``progress``."""
        if outcome == "failed":
            report.failed += 1
            report.failures.append((source, reason or ""))
        elif outcome == "duplicate":
            report.duplicates += 1
        elif outcome == "skipped":
            report.skipped += 1
            report.skips.append((source, reason or ""))
        elif outcome == "unchanged":
            report.unchanged += 1
        if progress:
            progress(source, outcome)

    # reading --------------------------------------------------------------------------

    def story(self, story_id: int) -> StoryEntry:
        """One story with its articles (oldest first)."""
        if not self.store.story_exists(story_id):
            raise NotFoundError(f"no story {story_id} in {self.store.path}; `storyline stories` lists them")
        ids = self.store.members(story_id)
        copies = {a: (s, share) for a, s, _kind, share in self.store.copies_among(ids)}
        articles = []
        for row in self.store.article_rows(ids):
            entry = ArticleEntry(**row)
            if entry.id in copies:
                entry.copy_of, entry.copied_share = copies[entry.id][0], round(copies[entry.id][1], 3)
            articles.append(entry)
        dates = sorted(a.published for a in articles if a.published)
        return StoryEntry(
            id=story_id, title=self.store.story_title(story_id),
            first_published=dates[0] if dates else None, last_published=dates[-1] if dates else None,
            outlets=sorted({a.outlet for a in articles if a.outlet}),
            languages=sorted({a.language for a in articles if a.language}), articles=articles)

    def story_version(self, story_id: int) -> tuple[int, ...]:
        """A value that changes whenever the story's members or their copy links change (two cheap
        queries): what a cache of the story's comparison is keyed by."""
        if not self.store.story_exists(story_id):
            raise NotFoundError(f"no story {story_id} in {self.store.path}; `storyline stories` lists them")
        ids = self.store.members(story_id)
        links = sorted((a, s) for a, s, _kind, _share in self.store.copies_among(ids)) if ids else []
        return (*ids, -1, *(n for link in links for n in link))

    def stories(self, limit: int | None = None, *, since: str | None = None, until: str | None = None,
                outlet: str | None = None, language: str | None = None) -> list[StoryEntry]:
        """Stories, the most recently published first; ``since``/``until`` (ISO dates: a story with
        an article published in that range), ``outlet`` and ``language`` narrow the list."""
        return [self.story(s) for s in self.store.story_ids(limit, since=since, until=until, outlet=outlet,
                                                             language=language)]

    def articles(self, story_id: int) -> list[Article]:
        """The stored articles of a story, oldest first."""
        if not self.store.story_exists(story_id):
            raise NotFoundError(f"no story {story_id} in {self.store.path}; `storyline stories` lists them")
        return [self.store.article(a) for a in self.store.members(story_id)]

    def compared_ids(self, story_id: int, *, limit: int = _COMPARE_LIMIT) -> list[int]:
        """The ids of the articles ``comparison`` compares, in its source order: independent reports
        first, then copies (``s1`` is the first)."""
        entry = self.story(story_id)
        if len(entry.articles) < 2:
            raise StoreError(f"story {story_id} has one article; nothing to compare it with yet")
        return [a.id for a in sorted(entry.articles, key=lambda a: a.copy_of is not None)[:limit]]

    def compared_articles(self, story_id: int, *, limit: int = _COMPARE_LIMIT) -> list[Article]:
        """The articles ``comparison`` compares, in its source order: independent reports first, then copies."""
        return [self.store.article(i) for i in self.compared_ids(story_id, limit=limit)]

    def comparison(self, story_id: int, *, limit: int = _COMPARE_LIMIT) -> Comparison:
        """The compare engine's view of a story (at most ``limit`` articles, independent reports first).

        The sentence vectors it makes are kept in the library, so comparing the story again (in
        this process or another) embeds only what changed."""
        from ..resources import keeping_vectors

        articles = self.compared_articles(story_id, limit=limit)
        with keeping_vectors(self):
            return compare(articles)

    # the sentence index ---------------------------------------------------------------

    def kept_vectors(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """Sentence vectors kept before, by ``resources.vector_key`` (see ``resources.keeping_vectors``)."""
        return self.store.kept_vectors(keys)

    def keep_vectors(self, vectors: dict[bytes, bytes]) -> None:
        """Keep sentence vectors for next time. Keeping is a saving, not a duty: a library that
        cannot be written to now (read-only, or busy past the timeout) is left as it was."""
        try:
            self.store.keep_vectors(vectors)
        except StoreError:
            pass

    def index_sentences(self, *, batch: int = 500, batches: int | None = None) -> int:
        """Put the sentences of articles stored before the sentence index existed into it (once;
        ``add`` indexes every new article itself). Returns how many articles it indexed; a killed run
        resumes where it stopped, one committed batch at a time. ``batches``: stop after that many."""
        done = 0
        while (batches is None or batches > 0) and self.store.sentence_backlog() > 0:
            with self.store.transaction():
                last = self.store.sentence_backlog()  # again, inside: another process may have done it
                if last <= 0:
                    break
                first = max(1, last - batch + 1)
                for article_id, article in self.store.articles_between(first, last):
                    self.store.insert_sentences(article_id, sentence_texts(article))
                    done += 1
                self.store.set_sentence_backlog(first - 1)
            batches = None if batches is None else batches - 1
        return done

    def search_sentences(self, words: Sequence[str], *, limit: int = 50) -> list[SentenceHit]:
        """Sentences holding the rarest of ``words`` (full-text, BM25 or ts_rank), best first, with
        their articles' stories. An older library's sentences are indexed first (``index_sentences``)
        unless ``auto_index`` is off (the web app indexes them in the background); one that cannot
        be written to is searched as far as it is indexed."""
        if self.auto_index:
            try:
                self.index_sentences()
            except StoreError:
                pass
        hits = self.store.search_sentences(words, limit)
        rows = self.store.article_rows(sorted({a for a, _, _ in hits})) if hits else []
        stories = {r["id"]: r["story"] for r in rows}
        return [SentenceHit(article=a, number=n, score=round(score, 5), story=stories.get(a))
                for a, n, score in hits if a in stories]

    def sentence(self, article_id: int, number: int) -> str:
        """Sentence ``number`` of a stored article's body, as ``analyse`` numbers them."""
        return self._sentence(sentence_texts(self.store.article(article_id)), article_id, number)

    def sentences_of(self, hits: Sequence[SentenceHit]) -> list[str]:
        """The text of each hit, each article read and split once however many of its sentences were hit."""
        texts: dict[int, list[str]] = {}
        for hit in hits:
            if hit.article not in texts:
                texts[hit.article] = sentence_texts(self.store.article(hit.article))
        return [self._sentence(texts[h.article], h.article, h.number) for h in hits]

    @staticmethod
    def _sentence(texts: list[str], article_id: int, number: int) -> str:
        if not 0 <= number < len(texts):
            raise NotFoundError(f"article {article_id} has no sentence {number}")
        return texts[number]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles matching ``query`` by its words (FTS5 BM25, or ts_rank) and by meaning (e5), ranks fused."""
        from ..resources import embed_query

        if not query.strip():
            raise StoreError("empty search; give some words")
        fused: dict[int, float] = {}
        matched: dict[int, list[str]] = {}
        # Reciprocal rank fusion: no score scales to reconcile between BM25 and cosine.
        for rank, (article_id, _score) in enumerate(self.store.search_text(query, limit * 2)):
            fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (60 + rank)
            matched.setdefault(article_id, []).append("words")
        nearest = self.store.nearest(embed_query(query), limit * 2)
        if nearest:
            # e5 gives unrelated text 0.72-0.80 against a query: keep what stands near the best match.
            floor = max(0.80, nearest[0][1] - 0.05)
            for rank, (article_id, cosine) in enumerate(nearest):
                if cosine < floor:
                    break
                fused[article_id] = fused.get(article_id, 0.0) + 1.0 / (60 + rank)
                matched.setdefault(article_id, []).append("meaning")
        best = sorted(fused, key=lambda a: -fused[a])[:limit]
        rows = {r["id"]: ArticleEntry(**r) for r in self.store.article_rows(best)}
        return [SearchHit(rows[a], round(fused[a], 5), matched[a]) for a in best if a in rows]

    def nearest_stories(self, query: str, *, limit: int = 5) -> list[int]:
        """The stories of the articles nearest to ``query`` in meaning, best first, with no floor:
        where to look for an answer when no word of the question is in any article."""
        from ..resources import embed_query

        stories: list[int] = []
        for article_id, _cosine in self.store.nearest(embed_query(query), limit * 4):
            story = self._story_of(article_id)
            if story is not None and story not in stories:
                stories.append(story)
        return stories[:limit]

    # editing by hand ------------------------------------------------------------------

    def merge(self, keep: int, other: int) -> StoryEntry:
        """Move every article of story ``other`` into story ``keep``; ``other`` is gone afterwards."""
        if keep == other:
            raise StoreError("a story cannot be merged with itself")
        for story in (keep, other):
            if not self.store.story_exists(story):
                raise NotFoundError(f"no story {story} in {self.store.path}; `storyline stories` lists them")
        with self.store.transaction():
            for article in self.store.members(other):
                self.store.set_membership(article, keep, None, {"manual": f"merged from story {other}"}, manual=True)
            self.store.delete_story_if_empty(other)
        self._index = None
        return self.story(keep)

    def split(self, story_id: int, article_ids: Sequence[int]) -> StoryEntry:
        """Move the given articles of a story into a new story of their own."""
        members = set(self.store.members(story_id)) if self.store.story_exists(story_id) else set()
        if not members:
            raise NotFoundError(f"no story {story_id} in {self.store.path}; `storyline stories` lists them")
        strangers = [a for a in article_ids if a not in members]
        if strangers:
            raise StoreError(f"articles {strangers} are not in story {story_id}")
        if set(article_ids) >= members:
            raise StoreError("a split must leave at least one article in the story")
        with self.store.transaction():
            first = self.store.article(article_ids[0])
            new = self.store.create_story(first.label)
            for article in article_ids:
                self.store.set_membership(article, new, None, {"manual": f"split from story {story_id}"},
                                          manual=True)
        self._index = None
        return self.story(new)
