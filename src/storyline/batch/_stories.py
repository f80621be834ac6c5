"""Stories over a batch's rows: cluster each time window on its own, then link across the edges.

Stories are short in time, so the articles are cut into windows of ``window_days`` by
publication day; each window is clustered by the library's streaming ``StoryIndex`` in
day order (windows are independent, so a pool can take them in parallel), and a story
ending near a window's edge is linked to a story starting after it when their centroids
and names score at least the join threshold (``similarity.combine``, the clusterer's own
rule). Exact duplicates (same normalised text) join their first copy's story. Undated
articles form one window of their own, as they can be placed in none.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .._groups import Groups
from ..library.cluster import JOIN_THRESHOLD, SHORTLIST, StoryIndex
from ..library.similarity import Profile, combine
from ._units import row_files

__all__ = ["STORY_SCHEMA", "StoriesReport", "cluster_rows"]

STORY_SCHEMA = pa.schema([
    pa.field("raw_hash", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("story", pa.int64(), nullable=False),
    pa.field("window", pa.int64()),
    pa.field("duplicate_of", pa.string()),
])
_UNDATED = -1


@dataclass
class StoriesReport:
    articles: int = 0
    duplicates: int = 0
    stories: int = 0
    windows: int = 0
    linked_across_edges: int = 0
    sizes: dict[int, int] = field(default_factory=dict)


@dataclass
class _Story:
    window: int
    members: list[int]
    vector: np.ndarray
    names: Counter[str]
    first: int | None
    last: int | None
    languages: set[str] = field(default_factory=set)


def _day(published: str | None) -> date | None:
    if not published or len(published) < 10 or published.startswith("--"):
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _read(out: Path) -> pa.Table:
    """Every row under ``out``, the units in the order the manifest lists them (input order)."""
    parts = row_files(out)
    columns = ["raw_hash", "source", "error", "published", "language", "names", "vector", "text_hash"]
    tables = [pq.read_table(p, columns=columns) for p in parts]
    return pa.concat_tables(tables) if tables else pa.table({c: [] for c in columns})


def _matrix(column: pa.ChunkedArray) -> np.ndarray:
    """(rows, 384) float32; a row whose vector is null (an error row) is zeros."""
    matrix = np.zeros((len(column), 384), dtype=np.float32)
    start = 0
    for chunk in column.chunks:
        values = chunk.flatten().to_numpy(zero_copy_only=False)
        valid = ~np.asarray(chunk.is_null().to_numpy(zero_copy_only=False), dtype=bool)
        matrix[start:start + len(chunk)][valid] = values.reshape(-1, 384)
        start += len(chunk)
    return matrix


def _cluster_window(window: int, members: Sequence[int], profiles: Mapping[int, Profile]) -> list[_Story]:
    """One window, streamed in day order (then input order): its stories."""
    index = StoryIndex()
    stories: dict[int, _Story] = {}
    for n in sorted(members, key=lambda i: (profiles[i].published or date.min, i)):
        profile = profiles[n]
        story = index.assign(profile).story
        if story is None:
            story = n
        index.add(story, profile)
        found = stories.get(story)
        day = profile.published.toordinal() if profile.published else None
        if found is None:
            found = stories[story] = _Story(window, [n], profile.vector.astype(np.float64), Counter(profile.entities),
                                            day, day)
        else:
            found.members.append(n)
            found.vector = found.vector + profile.vector
            found.names.update(profile.entities)
            if day is not None:
                found.first = day if found.first is None else min(found.first, day)
                found.last = day if found.last is None else max(found.last, day)
        if profile.language:
            found.languages.add(profile.language)
    return list(stories.values())


def _score(a: _Story, b: _Story) -> float:
    """The clusterer's rule between two stories: centroid cosine, read higher across languages
    (``combine``), and the cosine of the two stories' name shares (members naming each / members),
    the measure ``StoryIndex`` scores an article against a story with."""
    va, vb = a.vector / np.linalg.norm(a.vector), b.vector / np.linalg.norm(b.vector)
    overlap = None
    if a.names and b.names:
        sa = {k: n / len(a.members) for k, n in a.names.items()}
        sb = {k: n / len(b.members) for k, n in b.names.items()}
        dot = sum(v * sb[k] for k, v in sa.items() if k in sb)
        overlap = dot / (math.sqrt(sum(v * v for v in sa.values())) * math.sqrt(sum(v * v for v in sb.values())))
    cross = bool(a.languages and b.languages and not a.languages & b.languages)
    return combine(float(va @ vb), overlap, cross_lingual=cross)


def _edge_links(stories: Sequence[_Story], before: Sequence[int], after: Sequence[int],
                window_days: int) -> list[tuple[int, int]]:
    """(story before the edge, story after it) pairs to link: each story after the edge to its best
    match before it, when they are at most ``window_days`` apart and score at least the join threshold.
    One matrix product per block of stories; the names are scored for the nearest few only."""
    if not before or not after:
        return []
    units = np.stack([stories[i].vector / np.linalg.norm(stories[i].vector) for i in before])
    last = np.array([stories[i].last if stories[i].last is not None else -(10**9) for i in before])
    links = []
    for j in after:
        story = stories[j]
        if story.first is None:
            continue
        near = np.flatnonzero(story.first - last <= window_days)
        if near.size == 0:
            continue
        cosines = units[near] @ (story.vector / np.linalg.norm(story.vector))
        top = near[np.argsort(-cosines)[:SHORTLIST]]
        best = max(top, key=lambda k: _score(stories[before[k]], story))
        if _score(stories[before[best]], story) >= JOIN_THRESHOLD:
            links.append((before[best], j))
    return links


def cluster_rows(out: str | Path, *, window_days: int = 7) -> StoriesReport:
    """Cluster the rows under ``out`` into stories; writes ``out/stories.parquet``."""
    out = Path(out)
    table = _read(out)
    # Vectors straight from Arrow into one float32 matrix (Python lists of floats would take 6x the memory).
    vectors = _matrix(table.column("vector"))
    rows = table.drop_columns(["vector"]).to_pylist()
    report = StoriesReport()
    first_of_text: dict[str, int] = {}
    kept: list[int] = []
    duplicate_of: dict[int, int] = {}
    for n, row in enumerate(rows):
        if row["error"] is not None:
            continue
        seen = first_of_text.get(row["text_hash"])
        if seen is not None:
            duplicate_of[n] = seen
            continue
        first_of_text[row["text_hash"]] = n
        kept.append(n)
    profiles: dict[int, Profile] = {
        n: Profile(vector=vectors[n], entities=frozenset(rows[n]["names"] or ()),
                   published=_day(rows[n]["published"]), language=rows[n]["language"]) for n in kept}
    windows: dict[int, list[int]] = {}
    for n in kept:
        day = profiles[n].published
        windows.setdefault(day.toordinal() // window_days if day else _UNDATED, []).append(n)
    stories: list[_Story] = []
    for window in sorted(windows):
        stories += _cluster_window(window, windows[window], profiles)
    linked = Groups(range(len(stories)))
    by_window: dict[int, list[int]] = {}
    for i, story in enumerate(stories):
        by_window.setdefault(story.window, []).append(i)
    for window in sorted(w for w in by_window if w != _UNDATED):
        for i, j in _edge_links(stories, by_window[window], by_window.get(window + 1, []), window_days):
            if linked.link(i, j):
                report.linked_across_edges += 1
    story_of: dict[int, int] = {}
    for i, story in enumerate(stories):
        for n in story.members:
            story_of[n] = linked[i]
    numbering = {r: k + 1 for k, r in enumerate(sorted({story_of[n] for n in kept},
                                                       key=lambda r: min(stories[r].members)))}
    out_rows: list[dict[str, Any]] = []
    for n, row in enumerate(rows):
        if n in story_of or n in duplicate_of:
            first = duplicate_of.get(n, n)
            day = profiles[first].published
            window = day.toordinal() // window_days if day else _UNDATED  # the article's own window
            out_rows.append({"raw_hash": row["raw_hash"], "source": row["source"],
                             "story": numbering[story_of[first]], "window": None if window == _UNDATED else window,
                             "duplicate_of": rows[first]["raw_hash"] if n in duplicate_of else None})
    pq.write_table(pa.Table.from_pylist(out_rows, schema=STORY_SCHEMA), out / "stories.parquet")
    report.articles = len(kept)
    report.duplicates = len(duplicate_of)
    report.stories = len(numbering)
    report.windows = len(windows)
    report.sizes = dict(Counter(Counter(r["story"] for r in out_rows).values()))
    return report
