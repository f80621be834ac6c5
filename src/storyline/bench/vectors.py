"""``storyline bench vectors``: nearest-article search over a library's own vectors.

Side by side in one run, on the same vectors and queries: an exact numpy scan (the
baseline), sqlite-vec's exact KNN (what a SQLite library up to ``EXACT_UP_TO`` articles
uses) and the faiss HNSW graph a larger one uses, at several ``efSearch`` values, with
recall@10 against the exact answer. The queries are the vectors of the library's last
articles, held out of the index: a new article looking for its neighbours.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["VectorRow", "format_vectors_report", "run_vectors_bench"]

_K = 10


@dataclass
class VectorRow:
    method: str
    ms_per_query: float
    recall: float
    build_seconds: float | None = None


def _exact(matrix: np.ndarray, queries: np.ndarray) -> tuple[list[set[int]], float]:
    started = time.perf_counter()
    truth = []
    for query in queries:
        scores = matrix @ query
        top = np.argpartition(-scores, _K)[:_K]
        truth.append({int(i) for i in top})
    return truth, (time.perf_counter() - started) / len(queries) * 1000


def _recall(found: list[list[int]], truth: list[set[int]]) -> float:
    return float(np.mean([len(truth_set & set(ids)) / _K for ids, truth_set in zip(found, truth, strict=True)]))


def run_vectors_bench(db: Path, *, size: int | None = None, queries: int = 200,
                      ef_values: tuple[int, ...] = (64, 128, 256)) -> tuple[int, list[VectorRow]]:
    """Vectors from the SQLite library ``db``; returns how many were indexed and one row per method."""
    import sqlean
    import sqlite_vec

    from ..library.sqlite import SQLiteStore
    from ..library.vectors import EF_CONSTRUCTION, EF_SEARCH, HnswGraph

    store = SQLiteStore(db)
    try:
        _, matrix = store.vectors()
    finally:
        store.close()
    matrix = matrix[:size] if size else matrix
    if len(matrix) < queries + 10 * _K:
        from ..errors import StorylineError

        raise StorylineError(f"{db}: {len(matrix)} vectors; needs at least {queries + 10 * _K} for {queries} queries")
    matrix = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    base, held_out = matrix[:-queries], matrix[-queries:]
    truth, exact_ms = _exact(base, held_out)
    rows = [VectorRow("numpy exact scan (baseline)", exact_ms, 1.0)]

    with tempfile.TemporaryDirectory() as tmp:
        con = sqlean.connect(str(Path(tmp) / "vec.db"))
        con.enable_load_extension(True)
        sqlite_vec.load(con)
        con.execute("CREATE VIRTUAL TABLE v USING vec0(embedding float[384] distance_metric=cosine)")
        with con:
            con.executemany("INSERT INTO v (rowid, embedding) VALUES (?, ?)",
                            ((i, base[i].astype(np.float32).tobytes()) for i in range(len(base))))
        started = time.perf_counter()
        found = [[int(r[0]) for r in con.execute(
            "SELECT rowid FROM v WHERE embedding MATCH ? AND k = ? ORDER BY distance",
            (q.astype(np.float32).tobytes(), _K))] for q in held_out]
        rows.append(VectorRow("sqlite-vec exact KNN", (time.perf_counter() - started) / len(held_out) * 1000,
                              _recall(found, truth)))
        con.close()

        graph = HnswGraph(Path(tmp) / "graph.hnsw", "bench")
        started = time.perf_counter()
        graph.add((i, base[i].astype(np.float32).tobytes()) for i in range(len(base)))
        build = time.perf_counter() - started
        inner = graph._faiss.downcast_index(graph.index.index)
        for ef in sorted({*ef_values, EF_SEARCH}):
            inner.hnsw.efSearch = ef
            started = time.perf_counter()
            found = [[int(i) for i in graph.index.search(q.reshape(1, -1).astype(np.float32), _K)[1][0]]
                     for q in held_out]
            label = f"faiss HNSW M=32 efC={EF_CONSTRUCTION} ef={ef}" + (" (storyline)" if ef == EF_SEARCH else "")
            rows.append(VectorRow(label, (time.perf_counter() - started) / len(held_out) * 1000,
                                  _recall(found, truth), build))
    return len(base), rows


def format_vectors_report(count: int, rows: list[VectorRow]) -> str:
    lines = [f"{count:,} vectors (384 dimensions), top {_K}, queries held out of the index", "",
             "| method | ms/query | recall@10 | build (s) |", "|---|---|---|---|"]
    for row in rows:
        build = "" if row.build_seconds is None else f"{row.build_seconds:.1f}"
        lines.append(f"| {row.method} | {row.ms_per_query:.2f} | {row.recall:.3f} | {build} |")
    return "\n".join(lines) + "\n"
