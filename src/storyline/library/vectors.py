"""Approximate nearest vectors for large SQLite libraries: a faiss HNSW graph beside the file.

Up to ``EXACT_UP_TO`` articles the SQLite store answers vector searches exactly with
sqlite-vec, in SQL, holding nothing in memory. Past that an exact scan costs tens of
milliseconds a query (`storyline bench vectors` measures it), so the store keeps an HNSW
graph (faiss ``IndexHNSWFlat``, inner product over unit vectors, which is cosine) in a
file next to the library: ``storyline.db`` gets ``storyline.db.hnsw``. Articles are never
deleted, so the graph is only ever topped up with the ids past the last one it holds.

The graph file names the library it belongs to (a random id the store keeps in its
``meta`` table) and the last article id it covers; a file from another library, or one
that cannot be read, is rebuilt from the vectors in the database, never trusted. It is
written to a temporary file and renamed, so a killed process leaves the old graph whole.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["EF_SEARCH", "EXACT_UP_TO", "HnswGraph"]

log = logging.getLogger("storyline.library")

EXACT_UP_TO = 20_000
"""Largest library searched exactly (sqlite-vec); larger ones use the HNSW graph."""
M = 32
"""Neighbours per node: faiss's usual choice for 384 dimensions."""
EF_CONSTRUCTION = 100
EF_SEARCH = 256
"""Candidates examined per query; `storyline bench vectors` measures recall@10 against it."""
_DIM = 384


class HnswGraph:
    """The HNSW graph of one library's article vectors, loaded from and saved to ``path``."""

    def __init__(self, path: Path, library_id: str) -> None:
        import faiss  # heavy: only libraries past EXACT_UP_TO articles pay for it

        self._faiss = faiss
        self.path = path
        self.library_id = library_id
        self.last_id = 0
        self.unsaved = 0
        # Any: faiss's stubs do not know the concrete index classes' members (hnsw, add_with_ids).
        self.index: Any = self._load() or self._empty()

    def _empty(self) -> Any:
        graph: Any = self._faiss.IndexHNSWFlat(_DIM, M, self._faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = EF_CONSTRUCTION
        self.last_id = 0
        return self._faiss.IndexIDMap2(graph)

    def _load(self) -> Any | None:
        meta_path = self.path.with_name(self.path.name + ".json")
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("library") != self.library_id:
                return None
            index = self._faiss.read_index(str(self.path))
        except (OSError, ValueError, RuntimeError):  # missing, damaged or foreign: rebuilt from the database
            return None
        if index.ntotal != meta.get("count"):
            return None
        self.last_id = int(meta.get("last_id", 0))
        return index

    def reset(self) -> None:
        """Forget every vector (the file is replaced at the next save)."""
        self.index = self._empty()
        self.unsaved = 0

    def vector(self, article_id: int) -> np.ndarray | None:
        """The unit vector held for ``article_id``, or None."""
        try:
            return np.asarray(self.index.reconstruct(article_id), dtype=np.float32)
        except (RuntimeError, KeyError):
            return None

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def add(self, rows: Iterable[tuple[int, bytes]], *, batch: int = 4096) -> int:
        """Add (article id, float32 vector bytes) rows in id order; returns how many were added."""
        added = 0
        ids: list[int] = []
        vectors: list[np.ndarray] = []
        for article_id, blob in rows:
            ids.append(article_id)
            vectors.append(np.frombuffer(blob, dtype=np.float32))
            if len(ids) >= batch:
                added += self._add(ids, vectors)
                ids, vectors = [], []
        if ids:
            added += self._add(ids, vectors)
        return added

    def _add(self, ids: list[int], vectors: list[np.ndarray]) -> int:
        matrix = np.stack(vectors).astype(np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix /= np.where(norms > 0, norms, 1.0)
        self.index.add_with_ids(matrix, np.asarray(ids, dtype=np.int64))
        self.last_id = max(self.last_id, ids[-1])
        self.unsaved += len(ids)
        return len(ids)

    def search(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """(article id, cosine) of the ``limit`` nearest, best first."""
        if self.count == 0 or limit <= 0:
            return []
        query = vector.astype(np.float32).reshape(1, -1)
        norm = float(np.linalg.norm(query))
        if norm > 0:
            query = query / norm
        graph: Any = self._faiss.downcast_index(self.index.index)
        graph.hnsw.efSearch = max(EF_SEARCH, limit)
        scores, ids = self.index.search(query, limit)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def save(self) -> bool:
        """Write the graph and its meta file, each to a temporary file renamed into place; False (and
        the graph kept in memory only) when the folder cannot be written, e.g. a read-only library."""
        meta = json.dumps({"library": self.library_id, "count": self.count, "last_id": self.last_id})
        try:
            self._replace(self.path, lambda target: self._faiss.write_index(self.index, str(target)))
            self._replace(self.path.with_name(self.path.name + ".json"),
                          lambda target: target.write_text(meta, encoding="utf-8"))
        except OSError as exc:
            log.warning("cannot save the vector graph beside the library (%s); it stays in memory", exc)
            return False
        self.unsaved = 0
        return True

    @staticmethod
    def _replace(path: Path, write: Callable[[Path], object]) -> None:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp", delete=False) as tmp:
            temporary = Path(tmp.name)
        try:
            write(temporary)
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
