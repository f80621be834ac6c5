"""The library in one SQLite file: articles, copies, stories, full-text search.

One writer at a time (SQLite's rule); every write happens inside ``transaction()``,
so a killed ingest leaves the file as it was after the last committed article.
The schema is versioned with ``PRAGMA user_version`` and migrated forward on open.

The driver is sqlean.py, Python's ``sqlite3`` module built with a current SQLite that can
load extensions (this platform's ``sqlite3`` cannot), so sqlite-vec answers exact vector
searches in SQL; large libraries add an HNSW graph beside the file (``vectors``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import sqlean as sqlite3
import sqlite_vec

from ..errors import NotFoundError, StoreError
from ..model import Article
from .store import SENTENCE_SLOTS, rarest_terms, story_ids_sql
from .vectors import EXACT_UP_TO, HnswGraph

__all__ = ["SQLiteStore"]

# Each entry moves the schema one version forward; never edit a released one, add another.
_MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        input TEXT NOT NULL,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        text_hash TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL,
        article TEXT NOT NULL,
        profile TEXT,
        vector BLOB
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE inputs (
        raw_hash TEXT PRIMARY KEY,
        input TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('added', 'duplicate', 'failed')),
        article_id INTEGER REFERENCES articles(id),
        reason TEXT,
        at TEXT NOT NULL
    );
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        input TEXT NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL
    );
    CREATE TABLE lsh (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id)
    );
    CREATE INDEX lsh_lookup ON lsh(band, bucket);
    CREATE TABLE copies (
        article_id INTEGER NOT NULL REFERENCES articles(id),
        source_id INTEGER NOT NULL REFERENCES articles(id),
        kind TEXT NOT NULL,
        share REAL NOT NULL,
        PRIMARY KEY (article_id, source_id)
    );
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE memberships (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id),
        story_id INTEGER NOT NULL REFERENCES stories(id),
        score REAL,
        why TEXT NOT NULL,
        manual INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX memberships_story ON memberships(story_id);
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='', tokenize='unicode61 remove_diacritics 2'
    );
    """,
    # 2: sqlite-vec's table for exact vector search, and an id naming this library (its HNSW file checks it).
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('library_id', lower(hex(randomblob(16))));
    CREATE VIRTUAL TABLE article_vectors USING vec0(embedding float[384] distance_metric=cosine);
    INSERT INTO article_vectors (rowid, embedding) SELECT id, vector FROM articles WHERE vector IS NOT NULL;
    """,
    # 3: the sentence index: words of every body sentence (rowid = article id * SENTENCE_SLOTS + sentence
    # number), and passage vectors kept by key once made. Articles stored before it wait in the backlog
    # (``Library.index_sentences``): SQL cannot split sentences.
    """
    CREATE VIRTUAL TABLE sentences_fts USING fts5(text, content='', tokenize='unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE sentences_vocab USING fts5vocab(sentences_fts, 'row');
    CREATE TABLE sentence_vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;
    INSERT INTO meta VALUES ('sentence_backlog', (SELECT coalesce(max(id), 0) FROM articles));
    """,
]

_FTS_TERM = re.compile(r"\w+", re.UNICODE)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def now() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class SQLiteStore:
    """Rows in, rows out: the library's SQL for SQLite. ``Library`` holds the logic."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a folder; pass a file path such as {self.path / 'storyline.db'}")
        if not self.path.parent.is_dir():
            raise StoreError(f"{self.path}: the folder {self.path.parent} does not exist; "
                             "create it or pass another --db")
        self._graph: HnswGraph | None = None
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            self.db.enable_load_extension(True)
            sqlite_vec.load(self.db)
            self.db.enable_load_extension(False)
            # SQLite's own lower() folds ASCII only; PostgreSQL's folds every script, and the filters
            # (store.story_ids_sql) must match "SÜDDEUTSCHE" to "Süddeutsche" in both.
            self.db.create_function("lower", 1, _lower, deterministic=True)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a storyline library ({exc}); pass another --db") from None

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(_MIGRATIONS):
            raise StoreError(f"{self.path}: made by a newer storyline (schema {version}); upgrade storyline")
        if version and not self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'articles'").fetchone():
            raise StoreError(f"{self.path}: not a storyline library; pass another --db")
        if not version and self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            raise StoreError(f"{self.path}: an SQLite file that is not a storyline library; pass another --db")
        for number, script in enumerate(_MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: the writes inside commit together or not at all."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # locked past busy_timeout by another writer, or read-only
            raise StoreError(f"{self.path}: cannot write ({exc}); is another storyline writing to it?") from None
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.OperationalError as exc:  # a full disk, an I/O error: nothing of it is kept
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise StoreError(f"{self.path}: could not save ({exc}); nothing of this step was kept") from None

    def close(self) -> None:
        self.db.close()

    # inputs ---------------------------------------------------------------------------

    def input_status(self, raw_hash: str) -> tuple[str, int | None] | None:
        row = self.db.execute("SELECT status, article_id FROM inputs WHERE raw_hash = ?", (raw_hash,)).fetchone()
        return (row[0], row[1]) if row else None

    def record_input(self, raw_hash: str, source: str, status: str, article_id: int | None,
                     reason: str | None = None) -> None:
        self.db.execute("INSERT OR REPLACE INTO inputs VALUES (?, ?, ?, ?, ?, ?)",
                        (raw_hash, source, status, article_id, reason, now()))

    def record_failure(self, source: str, reason: str) -> None:
        self.db.execute("INSERT INTO failures (input, reason, at) VALUES (?, ?, ?)", (source, reason, now()))

    # articles -------------------------------------------------------------------------

    def article_with_text(self, text_hash: str) -> int | None:
        row = self.db.execute("SELECT id FROM articles WHERE text_hash = ?", (text_hash,)).fetchone()
        return int(row[0]) if row else None

    def insert_article(self, article: Article, text_hash: str, profile: dict[str, Any], vector: np.ndarray,
                       bands: Sequence[tuple[int, int]], sentences: Sequence[str] = ()) -> int:
        cursor = self.db.execute(
            "INSERT INTO articles (input, url, outlet, title, published, language, text_hash, added_at, article,"
            " profile, vector) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.source, article.url, article.outlet, article.title, article.published.iso, article.language,
             text_hash, now(), article.model_dump_json(exclude={"sentences"}), json.dumps(profile),
             vector.astype(np.float32).tobytes()))
        article_id = int(cursor.lastrowid or 0)
        self.db.executemany("INSERT INTO lsh VALUES (?, ?, ?)", [(b, h, article_id) for b, h in bands])
        self.db.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                        (article_id, article.title or "", article.text))
        self.db.execute("INSERT INTO article_vectors (rowid, embedding) VALUES (?, ?)",
                        (article_id, vector.astype(np.float32).tobytes()))
        self.insert_sentences(article_id, sentences)
        return article_id

    # sentences ------------------------------------------------------------------------

    def insert_sentences(self, article_id: int, sentences: Sequence[str]) -> None:
        """Index the words of an article's body sentences (the first ``SENTENCE_SLOTS``)."""
        base = article_id * SENTENCE_SLOTS
        self.db.executemany("INSERT INTO sentences_fts (rowid, text) VALUES (?, ?)",
                            [(base + i, text) for i, text in enumerate(sentences[:SENTENCE_SLOTS])])

    def sentence_backlog(self) -> int:
        """The highest article id that may still lack its sentences in the index (0: none)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'sentence_backlog'").fetchone()
        return int(row[0]) if row else 0

    def set_sentence_backlog(self, article_id: int) -> None:
        self.db.execute("UPDATE meta SET value = ? WHERE key = 'sentence_backlog'", (str(article_id),))

    def articles_between(self, first: int, last: int) -> list[tuple[int, Article]]:
        """The stored articles with ids in [first, last], by id."""
        return [(int(r[0]), Article.model_validate_json(r[1])) for r in self.db.execute(
            "SELECT id, article FROM articles WHERE id BETWEEN ? AND ? ORDER BY id", (first, last))]

    def search_sentences(self, words: Sequence[str], limit: int) -> list[tuple[int, int, float]]:
        """(article id, sentence number, BM25 score, higher better) of the sentences holding any of
        ``words``: the rarest few of them, and none held by more than ``COMMON_TERM`` sentences, as
        common words would make SQLite score much of the index for nothing."""
        terms = self._index_terms(words)
        if not terms or limit <= 0:
            return []
        marks = ",".join("?" * len(terms))
        counts = dict(self.db.execute(f"SELECT term, doc FROM sentences_vocab WHERE term IN ({marks})", terms))
        rare = rarest_terms({t: counts.get(t, 0) for t in terms})
        if not rare:
            return []
        rows = self._bm25("sentences_fts", rare, " OR ", limit, "sentence search")
        return [(rowid // SENTENCE_SLOTS, rowid % SENTENCE_SLOTS, score) for rowid, score in rows]

    def _index_terms(self, words: Sequence[str]) -> list[str]:
        """``words`` as the index's tokenizer keeps them, by asking that tokenizer: its case folding
        and accent rules (Latin accents dropped, Greek ones kept, final sigma folded) are its own."""
        text = " ".join(words)
        if not _FTS_TERM.search(text):
            return []
        try:
            return self._tokenized(text)
        except sqlite3.OperationalError:  # a connection refusing every write, temporary tables too:
            return sorted({t.lower() for t in _FTS_TERM.findall(text)})  # near enough; MATCH folds again

    def _tokenized(self, text: str) -> list[str]:
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fold_words USING fts5(text, content='',"
                        " tokenize='unicode61 remove_diacritics 2')")  # the index's tokenizer, exactly
        self.db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fold_terms USING fts5vocab(temp, fold_words, 'row')")
        try:
            self.db.execute("INSERT INTO temp.fold_words (rowid, text) VALUES (1, ?)", (text,))
            return sorted(r[0] for r in self.db.execute("SELECT term FROM temp.fold_terms"))
        finally:
            self.db.execute("INSERT INTO temp.fold_words (fold_words) VALUES ('delete-all')")

    def kept_vectors(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start:start + 500])
            found.update(self.db.execute(
                f"SELECT key, vector FROM sentence_vectors WHERE key IN ({','.join('?' * len(part))})", part))
        return found

    def keep_vectors(self, vectors: dict[bytes, bytes]) -> None:
        """Keep these vectors (one transaction); a ``StoreError`` when the file refuses the write."""
        with self.transaction():
            try:
                self.db.executemany("INSERT OR IGNORE INTO sentence_vectors VALUES (?, ?)", list(vectors.items()))
            except sqlite3.OperationalError as exc:
                raise StoreError(f"{self.path}: cannot keep vectors ({exc})") from None

    def lsh_candidates(self, bands: Sequence[tuple[int, int]], limit: int) -> list[int]:
        if not bands or limit <= 0:
            return []
        # One query for all bands, as the PostgreSQL store does; CROSS JOIN keeps SQLite looking
        # each (band, bucket) up in the index rather than scanning the table.
        pairs = ",".join("(?, ?)" for _ in bands)
        return [r[0] for r in self.db.execute(
            f"WITH b(band, bucket) AS (VALUES {pairs}) SELECT l.article_id FROM b CROSS JOIN lsh l"
            " ON l.band = b.band AND l.bucket = b.bucket GROUP BY l.article_id ORDER BY COUNT(*) DESC, 1 LIMIT ?",
            [*(v for pair in bands for v in pair), limit])]

    def article(self, article_id: int) -> Article:
        row = self.db.execute("SELECT article FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no article {article_id} in {self.path}; `storyline stories` lists them")
        return Article.model_validate_json(row[0])

    def article_rows(self, ids: Sequence[int]) -> list[dict[str, Any]]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT a.id, a.input, a.url, a.outlet, a.title, a.published, a.language, a.added_at, m.story_id,"
            f" m.score, m.why, m.manual FROM articles a LEFT JOIN memberships m ON m.article_id = a.id"
            f" WHERE a.id IN ({marks})", list(ids)).fetchall()
        keys = ("id", "input", "url", "outlet", "title", "published", "language", "added_at", "story", "score",
                "why", "manual")
        by_id = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
        for row in by_id.values():
            row["why"] = json.loads(row["why"]) if row["why"] else None
            row["manual"] = bool(row["manual"])
        return [by_id[i] for i in ids if i in by_id]

    def count_articles(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def profiles(self) -> Iterator[tuple[int, int | None, str, bytes]]:
        """(article id, story id, profile JSON, vector bytes) for every article."""
        yield from self.db.execute(
            "SELECT a.id, m.story_id, a.profile, a.vector FROM articles a"
            " LEFT JOIN memberships m ON m.article_id = a.id ORDER BY a.id")

    def vectors(self) -> tuple[list[int], np.ndarray]:
        """Every article's vector, by id (for tests and benchmarks: searches use ``nearest``)."""
        ids, rows = [], []
        for article_id, blob in self.db.execute("SELECT id, vector FROM articles WHERE vector IS NOT NULL ORDER BY id"):
            ids.append(int(article_id))
            rows.append(np.frombuffer(blob, dtype=np.float32))
        return ids, np.stack(rows) if rows else np.zeros((0, 384), dtype=np.float32)

    def nearest(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """The ``limit`` articles whose vectors are closest to ``vector``: (id, cosine similarity), best first.

        Exact (sqlite-vec) up to ``EXACT_UP_TO`` articles, the HNSW graph past that."""
        if limit <= 0:
            return []
        graph = self.index_vectors()
        if graph is not None:
            return graph.search(vector, limit)
        rows = self.db.execute(
            "SELECT rowid, distance FROM article_vectors WHERE embedding MATCH ? AND k = ? ORDER BY distance",
            (vector.astype(np.float32).tobytes(), limit)).fetchall()
        return [(int(r[0]), 1.0 - float(r[1])) for r in rows]

    def index_vectors(self) -> HnswGraph | None:
        """Bring the HNSW graph up to date (building it the first time) once the library is past
        ``EXACT_UP_TO`` articles, and save it if it changed; ``None`` while exact search serves."""
        if self._graph is None:
            count = self.db.execute("SELECT count(*) FROM article_vectors").fetchone()[0]
            if count <= EXACT_UP_TO:
                return None
            library_id = self.db.execute("SELECT value FROM meta WHERE key = 'library_id'").fetchone()[0]
            self._graph = HnswGraph(self.path.with_name(self.path.name + ".hnsw"), library_id)
            if self._graph.count and not self._graph_fits(self._graph):
                self._graph.reset()  # a graph of this library at another time (a backup restored): rebuilt
        graph = self._graph
        graph.add((int(i), blob) for i, blob in self.db.execute(
            "SELECT id, vector FROM articles WHERE vector IS NOT NULL AND id > ? ORDER BY id", (graph.last_id,)))
        if graph.unsaved:
            graph.save()
        return graph

    def _graph_fits(self, graph: HnswGraph) -> bool:
        """True when the graph holds exactly this file's vectors up to its last id, that one's equal."""
        held = self.db.execute("SELECT count(*) FROM articles WHERE vector IS NOT NULL AND id <= ?",
                               (graph.last_id,)).fetchone()[0]
        row = self.db.execute("SELECT vector FROM articles WHERE id = ?", (graph.last_id,)).fetchone()
        kept = graph.vector(graph.last_id)
        if held != graph.count or row is None or row[0] is None or kept is None:
            return False
        stored = np.frombuffer(row[0], dtype=np.float32)
        norm = float(np.linalg.norm(stored))
        return bool(norm > 0 and np.allclose(stored / norm, kept, atol=1e-5))

    # copies ---------------------------------------------------------------------------

    def add_copy(self, article_id: int, source_id: int, kind: str, share: float) -> None:
        self.db.execute("INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?)", (article_id, source_id, kind, share))

    def copies_among(self, ids: Sequence[int]) -> list[tuple[int, int, str, float]]:
        marks = ",".join("?" * len(ids))
        return [(int(r[0]), int(r[1]), str(r[2]), float(r[3])) for r in self.db.execute(
            f"SELECT article_id, source_id, kind, share FROM copies WHERE article_id IN ({marks})"
            f" AND source_id IN ({marks})", [*ids, *ids])]

    # stories --------------------------------------------------------------------------

    def create_story(self, title: str | None) -> int:
        cursor = self.db.execute("INSERT INTO stories (title, created_at) VALUES (?, ?)", (title, now()))
        return int(cursor.lastrowid or 0)

    def story_exists(self, story_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None

    def set_membership(self, article_id: int, story_id: int, score: float | None, why: dict[str, Any],
                       manual: bool = False) -> None:
        self.db.execute("INSERT OR REPLACE INTO memberships VALUES (?, ?, ?, ?, ?)",
                        (article_id, story_id, score, json.dumps(why), int(manual)))

    def members(self, story_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT m.article_id FROM memberships m JOIN articles a ON a.id = m.article_id WHERE m.story_id = ?"
            " ORDER BY a.published IS NULL, a.published, a.id", (story_id,))]

    def delete_story_if_empty(self, story_id: int) -> None:
        if not self.db.execute("SELECT 1 FROM memberships WHERE story_id = ?", (story_id,)).fetchone():
            self.db.execute("DELETE FROM stories WHERE id = ?", (story_id,))

    def story_ids(self, limit: int | None = None, *, since: str | None = None, until: str | None = None,
                  outlet: str | None = None, language: str | None = None) -> list[int]:
        """Stories, the most recently published first, optionally filtered (see ``store.story_ids_sql``)."""
        sql, params = story_ids_sql(limit, since=since, until=until, outlet=outlet, language=language, mark="?")
        return [r[0] for r in self.db.execute(sql, params)]

    def story_title(self, story_id: int) -> str | None:
        row = self.db.execute("SELECT title FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    # search ---------------------------------------------------------------------------

    def search_text(self, query: str, limit: int) -> list[tuple[int, float]]:
        """Article ids and BM25 scores (higher is better) for the words of ``query``."""
        terms = _FTS_TERM.findall(query)
        return self._bm25("articles_fts", terms, " ", limit, "search") if terms else []

    def _bm25(self, table: str, terms: Sequence[str], joiner: str, limit: int, what: str) -> list[tuple[int, float]]:
        """(rowid, BM25 score, higher better) from FTS5 ``table`` for ``terms`` joined by ``joiner``
        (" ": all of them, " OR ": any). Each term is quoted: the user's words are searched for, never
        read as FTS5 syntax."""
        match = joiner.join('"' + t.replace('"', '""') + '"' for t in terms)
        try:
            rows = self.db.execute(f"SELECT rowid, -bm25({table}) FROM {table} WHERE {table} MATCH ?"
                                   f" ORDER BY bm25({table}) LIMIT ?", (match, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{what} failed ({exc}); try simpler words") from None
        return [(int(r[0]), float(r[1])) for r in rows]
