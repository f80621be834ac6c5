"""Libraries as older storyline versions made them, for the migration tests."""

from __future__ import annotations

from storyline.library import Library
from storyline.library import sqlite as sqlite_store


def back_to_schema_2(lib: Library) -> None:
    """An SQLite library as storyline made it before the sentence index: what migration 3 adds, taken away."""
    assert len(sqlite_store._MIGRATIONS) == 3
    lib.store.db.executescript(  # type: ignore[attr-defined]
        "DROP TABLE sentences_vocab; DROP TABLE sentences_fts; DROP TABLE sentence_vectors;"
        " DELETE FROM meta WHERE key = 'sentence_backlog'; PRAGMA user_version = 2;")
