"""One row per article: the per-record work every engine maps over a corpus.

``rows_of(pages)`` is a plain function of a batch of pages, so the local process pool
and Ray Data call the very same code: extraction, names and text hash (the library's
``read_pages``), the MinHash signature the library's copy detection uses, and the e5
profile vector (one embedding call per batch). A page that fails becomes a row with its
``error`` and no article fields; a page that is not an article never stops the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from ..library import dedup
from ..library._reading import read_pages
from ..library.similarity import profiles
from ..sources import RawPage

__all__ = ["COLUMNS", "SCHEMA", "rows_of"]

_DIM = 384

SCHEMA = pa.schema([
    pa.field("raw_hash", pa.string(), nullable=False),
    pa.field("source", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("error", pa.string()),
    pa.field("title", pa.string()),
    pa.field("outlet", pa.string()),
    pa.field("authors", pa.list_(pa.string())),
    pa.field("published", pa.string()),
    pa.field("date_precision", pa.string()),
    pa.field("language", pa.string()),
    pa.field("text", pa.string()),
    pa.field("text_hash", pa.string()),
    pa.field("names", pa.list_(pa.string())),
    pa.field("minhash", pa.list_(pa.uint32(), 128)),
    pa.field("vector", pa.list_(pa.float32(), _DIM)),
    pa.field("article", pa.string()),
])
COLUMNS = {
    "raw_hash": "SHA-256 of the page's bytes: the record's identity (a re-read page gives the same)",
    "source": "where it was read: file#WARC-Record-ID, file:line for JSONL, or the file's path",
    "url": "the page's URL when known (WARC-Target-URI, the JSONL url field)",
    "error": "why no article came out of this record (then every article column is empty)",
    "title": "the headline", "outlet": "the outlet's name as the page gives it", "authors": "the byline's names",
    "published": "ISO date as far as known: 2026-03-05T10:12, 2026-03-05, 2026-03",
    "date_precision": "minute, day, month, year or unknown",
    "language": "ISO 639-1 code of the body",
    "text": "the article's body paragraphs, joined by blank lines",
    "text_hash": "hash of the normalised text: equal hashes are exact duplicates",
    "names": "canonical keys of the people, organisations and places named",
    "minhash": "128 MinHash values over word 5-grams (library.dedup): near-duplicates and copies",
    "vector": "multilingual-e5 vector (384 floats, unit length) of the title and lead",
    "article": "the whole Article as JSON (storyline's data model; what a library stores)",
}


def rows_of(pages: Sequence[RawPage]) -> list[dict[str, Any]]:
    """A row for each page, in order (see ``COLUMNS``)."""
    read = read_pages(pages)
    good = [r for r in read if r.article is not None]
    vectors = [p.vector for p in profiles([r.article for r in good if r.article is not None],
                                          [r.names for r in good])] if good else []
    vector_of = {id(r): v for r, v in zip(good, vectors, strict=True)}
    rows = []
    for item in read:
        row: dict[str, Any] = {"raw_hash": item.raw_hash, "source": item.page.source, "url": item.page.url,
                               "error": item.error}
        article = item.article
        if article is not None:
            signature = dedup.signature(dedup.shingles(dedup.normalised_text(article)))
            row["url"] = row["url"] or article.url
            row.update(title=article.title, outlet=article.outlet, authors=list(article.authors),
                       published=article.published.iso, date_precision=article.published.precision,
                       language=article.language, text="\n\n".join(p.text for p in article.body),
                       text_hash=item.text_hash, names=sorted(item.names),
                       minhash=np.asarray(signature, dtype=np.uint32).tolist(),
                       vector=np.asarray(vector_of[id(item)], dtype=np.float32).tolist(),
                       article=article.model_dump_json(exclude={"sentences"}))
        rows.append(row)
    return rows
