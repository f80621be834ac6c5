"""A batch's articles and stories into a library (``storyline batch --db``).

Each story of ``stories.parquet`` becomes one story of the library, its articles stored
from their Parquet rows (the article JSON, names and vector: nothing is extracted or
embedded again) by ``Library.add_stories``, which links copies and records duplicates as
``add`` does and skips pages the library already holds, so running it twice adds nothing.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from ..library import AddReport, Library, Prepared
from ..library.similarity import profile_of
from ..model import Article
from ._units import row_files

__all__ = ["write_library"]


def write_library(out: str | Path, db: str | Path) -> AddReport:
    """Store the batch under ``out`` in the library ``db`` (a path or a postgresql:// URL)."""
    out = Path(out)
    columns = ["raw_hash", "source", "article", "names", "vector"]
    rows = {}
    for part in row_files(out):  # the units the manifest lists, as the stories were made from
        for row in pq.read_table(part, columns=columns).to_pylist():
            if row["article"] is not None:
                rows[row["raw_hash"]] = row
    groups: dict[int, list[Prepared]] = {}
    for entry in pq.read_table(out / "stories.parquet").to_pylist():
        row = rows.get(entry["raw_hash"])
        if row is None:
            continue
        article = Article.model_validate_json(row["article"])
        profile = profile_of(article, np.asarray(row["vector"], dtype=np.float32), frozenset(row["names"] or ()))
        why = {"batch": {"out": str(out), "story": entry["story"], "window": entry["window"]}}
        groups.setdefault(entry["story"], []).append(Prepared(row["raw_hash"], row["source"], article, profile, why))
    with Library(db) as library:
        return library.add_stories(groups[n] for n in sorted(groups))
