"""``Store``: the rows ``Library`` reads and writes, whichever database holds them.

Two stores have these methods with the same meaning and return types:
``SQLiteStore`` (``sqlite.py``, one file, the default) and ``PostgresStore``
(``postgres.py``, a ``postgresql://`` URL). ``Library`` calls nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..model import Article
from .vectors import HnswGraph

__all__ = ["COMMON_TERM", "SENTENCE_SLOTS", "SENTENCE_TERMS", "Store", "rarest_terms"]

SENTENCE_SLOTS = 4096
"""Sentences of one article the sentence index holds (its keys are article id x this + number)."""
SENTENCE_TERMS = 4
"""Words of a question a sentence search looks for: the rarest in the index, in both stores."""
COMMON_TERM = 50_000
"""A word held by more sentences than this is left out of a sentence search: it would cost more
than it tells (ranking 50,000 sentences by BM25 takes tens of milliseconds)."""


def rarest_terms(counts: Mapping[str, int]) -> list[str]:
    """The ``SENTENCE_TERMS`` rarest words of ``counts`` (word: rows of the index holding it, as each
    store counts them), leaving out any no row holds or more than ``COMMON_TERM`` rows hold; ties
    in alphabetical order. One rule, so both stores search for the same words."""
    held = [t for t, n in counts.items() if 0 < n <= COMMON_TERM]
    return sorted(held, key=lambda t: (counts[t], t))[:SENTENCE_TERMS]


class Store(Protocol):
    @property
    def path(self) -> str | Path:
        """Where the library lives, as messages name it: a file path, or a URL without its password."""

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...

    def input_status(self, raw_hash: str) -> tuple[str, int | None] | None: ...

    def record_input(self, raw_hash: str, source: str, status: str, article_id: int | None,
                     reason: str | None = None) -> None: ...

    def record_failure(self, source: str, reason: str) -> None: ...

    def article_with_text(self, text_hash: str) -> int | None: ...

    def insert_article(self, article: Article, text_hash: str, profile: dict[str, Any], vector: np.ndarray,
                       bands: Sequence[tuple[int, int]], sentences: Sequence[str] = ()) -> int: ...

    def insert_sentences(self, article_id: int, sentences: Sequence[str]) -> None: ...

    def sentence_backlog(self) -> int: ...

    def set_sentence_backlog(self, article_id: int) -> None: ...

    def articles_between(self, first: int, last: int) -> list[tuple[int, Article]]: ...

    def search_sentences(self, words: Sequence[str], limit: int) -> list[tuple[int, int, float]]: ...

    def kept_vectors(self, keys: Sequence[bytes]) -> dict[bytes, bytes]: ...

    def keep_vectors(self, vectors: dict[bytes, bytes]) -> None: ...

    def lsh_candidates(self, bands: Sequence[tuple[int, int]], limit: int) -> list[int]:
        """The stored articles that share the most of ``bands`` (MinHash band hashes), most first,
        the oldest first among equals; at most ``limit``."""
        ...

    def article(self, article_id: int) -> Article: ...

    def article_rows(self, ids: Sequence[int]) -> list[dict[str, Any]]: ...

    def count_articles(self) -> int: ...

    def profiles(self) -> Iterator[tuple[int, int | None, str, bytes]]: ...

    def vectors(self) -> tuple[list[int], np.ndarray]: ...

    def nearest(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]: ...

    def index_vectors(self) -> HnswGraph | None:
        """Bring an approximate vector index kept outside the database up to date; ``None`` if there is none."""

    def add_copy(self, article_id: int, source_id: int, kind: str, share: float) -> None: ...

    def copies_among(self, ids: Sequence[int]) -> list[tuple[int, int, str, float]]: ...

    def create_story(self, title: str | None) -> int: ...

    def story_exists(self, story_id: int) -> bool: ...

    def set_membership(self, article_id: int, story_id: int, score: float | None, why: dict[str, Any],
                       manual: bool = False) -> None: ...

    def members(self, story_id: int) -> list[int]: ...

    def delete_story_if_empty(self, story_id: int) -> None: ...

    def story_ids(self, limit: int | None = None, *, since: str | None = None, until: str | None = None,
                  outlet: str | None = None, language: str | None = None) -> list[int]: ...

    def story_title(self, story_id: int) -> str | None: ...

    def search_text(self, query: str, limit: int) -> list[tuple[int, float]]: ...


def story_ids_sql(limit: int | None, *, since: str | None, until: str | None, outlet: str | None,
                  language: str | None, mark: str) -> tuple[str, list[Any]]:
    """The stories query both stores run (``mark`` is the driver's placeholder): the most recently
    published first, kept to those with an article published in [since, until] (ISO dates,
    compared as text, so "2026-03" means the month), naming ``outlet`` or in ``language``."""
    having: list[str] = []
    params: list[Any] = []
    if since or until:
        # One article must fall in the range; a date without its year ("--07-04") falls in none.
        inside = ["a.published IS NOT NULL", "substr(a.published, 1, 2) <> '--'"]
        if since:
            inside.append(f"a.published >= {mark}")
            params.append(since)
        if until:
            # "2026-03-05" must include an article published at "2026-03-05T10:00": compare the prefix.
            inside.append(f"substr(a.published, 1, {len(until)}) <= {mark}")
            params.append(until)
        having.append(f"max(CASE WHEN {' AND '.join(inside)} THEN 1 ELSE 0 END) = 1")
    for column, value in (("outlet", outlet), ("language", language)):
        if value:
            having.append(f"max(CASE WHEN lower(a.{column}) = lower({mark}) THEN 1 ELSE 0 END) = 1")
            params.append(value)
    sql = ("SELECT s.id FROM stories s JOIN memberships m ON m.story_id = s.id JOIN articles a"
           " ON a.id = m.article_id GROUP BY s.id")
    if having:
        sql += " HAVING " + " AND ".join(having)
    sql += " ORDER BY max(coalesce(a.published, '')) DESC, s.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return sql, params
