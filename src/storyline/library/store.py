"""``Store``: the rows ``Library`` reads and writes, whichever database holds them.

Two stores have these methods with the same meaning and return types:
``SQLiteStore`` (``sqlite.py``, one file, the default) and ``PostgresStore``
(``postgres.py``, a ``postgresql://`` URL). ``Library`` calls nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..model import Article
from .vectors import HnswGraph

__all__ = ["Store"]


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
                       bands: Sequence[tuple[int, int]]) -> int: ...

    def lsh_candidates(self, bands: Sequence[tuple[int, int]]) -> list[int]: ...

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

    def story_ids(self, limit: int | None = None) -> list[int]: ...

    def story_title(self, story_id: int) -> str | None: ...

    def search_text(self, query: str, limit: int) -> list[tuple[int, float]]: ...
