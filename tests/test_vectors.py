"""Vector search in a SQLite library: exact with sqlite-vec while small, an HNSW graph file once large.

``EXACT_UP_TO`` is lowered here so that a few hundred vectors take the large-library path;
the vectors are clustered, as article vectors are, and the exact answer is numpy's.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pytest

from storyline.extract import extract
from storyline.library import sqlite as sqlite_store
from storyline.library.sqlite import _MIGRATIONS, SQLiteStore
from storyline.library.vectors import HnswGraph

REPO = Path(__file__).resolve().parent.parent
ARTICLE = extract(REPO / "examples" / "harbor-recall" / "harbor-gazette.html")


def _vectors(count: int, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, 384))
    vectors = centres[rng.integers(0, 12, count)] + 0.6 * rng.standard_normal((count, 384))
    return vectors.astype(np.float32)


def _fill(store: SQLiteStore, vectors: np.ndarray, first: int = 0) -> None:
    with store.transaction():
        for number, vector in enumerate(vectors, start=first):
            store.insert_article(ARTICLE, f"text-{number}", {"n": number}, vector, [])


def _exact(vectors: np.ndarray, query: np.ndarray, limit: int) -> list[int]:
    units = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = units @ (query / np.linalg.norm(query))
    return [int(i) + 1 for i in np.argsort(-cosines)[:limit]]  # article ids start at 1


def test_small_library_searches_exactly_with_sqlite_vec(tmp_path: Path) -> None:
    vectors = _vectors(200)
    store = SQLiteStore(tmp_path / "small.db")
    _fill(store, vectors)
    query = vectors[17] + 0.2 * np.random.default_rng(1).standard_normal(384).astype(np.float32)
    hits = store.nearest(query, 10)
    assert [i for i, _ in hits] == _exact(vectors, query, 10) and hits[0][0] == 18
    cosine = float(vectors[17] @ query / np.linalg.norm(vectors[17]) / np.linalg.norm(query))
    assert hits[0][1] == pytest.approx(cosine, abs=1e-5)
    assert store.index_vectors() is None and not (tmp_path / "small.db.hnsw").exists()
    store.close()


def test_large_library_uses_a_saved_hnsw_graph_and_tops_it_up(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "EXACT_UP_TO", 100)
    vectors = _vectors(400)
    db = tmp_path / "large.db"
    store = SQLiteStore(db)
    _fill(store, vectors[:300])
    queries = vectors[:300:30] + 0.2 * np.random.default_rng(2).standard_normal((10, 384)).astype(np.float32)
    for query in queries:
        assert [i for i, _ in store.nearest(query, 10)] == _exact(vectors[:300], query, 10)
    graph_file = tmp_path / "large.db.hnsw"
    assert graph_file.exists() and store.index_vectors() is not None
    store.close()

    # Reopened, the graph is read from its file (nothing re-added), then topped up with the articles added since.
    added: list[int] = []
    real_add = HnswGraph.add

    def counting(self: HnswGraph, rows: Iterable[tuple[int, bytes]], **options: int) -> int:
        count = real_add(self, rows, **options)
        added.append(count)
        return count

    monkeypatch.setattr(HnswGraph, "add", counting)
    store = SQLiteStore(db)
    loaded = store.index_vectors()
    assert loaded is not None and loaded.count == 300 and sum(added) == 0
    _fill(store, vectors[300:], first=300)
    graph = store.index_vectors()
    assert graph is not None and graph.count == 400 and graph.last_id == 400 and sum(added) == 100
    assert store.nearest(vectors[350], 1)[0][0] == 351
    store.close()


def test_a_graph_newer_than_a_restored_backup_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "EXACT_UP_TO", 50)
    vectors, later, other = _vectors(120, seed=6), _vectors(30, seed=7), _vectors(30, seed=8)
    db = tmp_path / "lib.db"
    store = SQLiteStore(db)
    _fill(store, vectors)
    store.close()
    shutil.copy(db, tmp_path / "backup.db")
    store = SQLiteStore(db)
    _fill(store, later, first=120)
    assert store.nearest(later[5], 1)[0][0] == 126  # the graph now holds 150 vectors
    store.close()
    shutil.copy(tmp_path / "backup.db", db)  # the backup comes back (same library id), then new articles
    store = SQLiteStore(db)
    _fill(store, other, first=120)
    assert store.nearest(other[5], 1) == [(126, pytest.approx(1.0, abs=1e-5))]
    store.close()


def test_a_graph_file_of_another_library_or_a_damaged_one_is_rebuilt(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "EXACT_UP_TO", 50)
    ours, theirs = _vectors(120, seed=4), _vectors(120, seed=5)
    other = SQLiteStore(tmp_path / "other.db")
    _fill(other, theirs)
    other.nearest(theirs[0], 1)
    other.close()
    store = SQLiteStore(tmp_path / "ours.db")
    _fill(store, ours)
    for name in ("other.db.hnsw", "other.db.hnsw.json"):  # someone copies the other library's graph in
        (tmp_path / name.replace("other", "ours")).write_bytes((tmp_path / name).read_bytes())
    assert store.nearest(ours[40], 1)[0][0] == 41
    store.close()
    (tmp_path / "ours.db.hnsw").write_bytes(b"\x00garbage" * 100)
    store = SQLiteStore(tmp_path / "ours.db")
    assert store.nearest(ours[90], 1)[0][0] == 91
    store.close()


def test_a_schema_1_library_gets_its_vectors_indexed_on_open(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    vector = _vectors(1)[0]
    with sqlite3.connect(db) as con:  # the library as the first release wrote it
        con.executescript(_MIGRATIONS[0] + "PRAGMA user_version = 1;")
        con.execute("INSERT INTO articles (input, text_hash, added_at, article, vector) VALUES (?, ?, ?, ?, ?)",
                    ("old.html", "h", "2026-01-01", ARTICLE.model_dump_json(), vector.tobytes()))
    store = SQLiteStore(db)
    assert store.nearest(vector, 3) == [(1, pytest.approx(1.0, abs=1e-6))]
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(_MIGRATIONS)
    store.close()


def test_bench_vectors_compares_the_three_searches(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import cli

    store = SQLiteStore(tmp_path / "bench.db")
    _fill(store, _vectors(500))
    store.close()
    result = CliRunner().invoke(cli, ["bench", "vectors", "--db", str(tmp_path / "bench.db"), "--queries", "40",
                                      "--size", "450"])
    assert result.exit_code == 0, result.output
    assert "410 vectors" in result.output
    rows = {line.split("|")[1].strip(): line.split("|")[3].strip() for line in result.output.splitlines()
            if line.startswith("| ") and "method" not in line}
    assert rows["numpy exact scan (baseline)"] == "1.000" and rows["sqlite-vec exact KNN"] == "1.000"
    assert float(rows["faiss HNSW M=32 efC=100 ef=256 (storyline)"]) >= 0.95
    missing = CliRunner().invoke(cli, ["bench", "vectors", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2 and "no such library" in missing.stderr
