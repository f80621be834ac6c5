"""Exact duplicates, near-duplicates and wire copies.

Exact: the hash of the normalised text (case, spacing and punctuation do not count).
Near and copies: MinHash signatures of word 5-gram shingles (datasketch), banded for
locality-sensitive lookup. The bands are stored as rows in the library's own database
instead of datasketch's in-memory ``MinHashLSH``: that way they are written in the same
transaction as the article, survive restarts, and work the same on SQLite and PostgreSQL.
A candidate is then confirmed on the shingles themselves: the share of the shorter
text that the other one repeats.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import numpy as np

from ..model import Article

__all__ = ["COPY_SHARE", "NEAR_DUPLICATE_SHARE", "bands", "copy_kind", "normalised_text", "shared_share",
           "shingles", "signature", "text_hash"]

_PERMUTATIONS = 128
_ROWS = 2  # 64 bands of 2 rows: candidates from Jaccard ~0.12, so a short wire copy inside a long article is found
_SHINGLE = 5
NEAR_DUPLICATE_SHARE = 0.9
"""Share of the shorter text repeated by the longer one above which two articles are the same text."""
COPY_SHARE = 0.3
"""Share above which one article re-tells the other's text (a wire copy, a rewrite of a rewrite)."""

_WORD = re.compile(r"\w+", re.UNICODE)


def normalised_text(article: Article) -> str:
    """Title and body as lower-case words: what stays when layout, case and punctuation go."""
    text = unicodedata.normalize("NFKC", " ".join([article.title or "", article.text]))
    return " ".join(_WORD.findall(text.casefold()))


def text_hash(article: Article) -> str:
    """SHA-256 of the normalised text; equal for the same article saved twice or re-served elsewhere."""
    return hashlib.sha256(normalised_text(article).encode("utf-8")).hexdigest()


def shingles(text: str) -> set[bytes]:
    """Word 5-grams of a normalised text (the whole text when it is shorter)."""
    words = text.split()
    if len(words) < _SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + _SHINGLE]).encode("utf-8") for i in range(len(words) - _SHINGLE + 1)}


def signature(shingle_set: Iterable[bytes]) -> np.ndarray:
    """A 128-value MinHash signature (uint64) of a shingle set; fixed seed, so stored signatures stay comparable."""
    from datasketch import MinHash

    values = list(shingle_set)
    minhash = MinHash(num_perm=_PERMUTATIONS, seed=1)
    if values:
        minhash.update_batch(values)
    result: np.ndarray = minhash.hashvalues.astype(np.uint64)
    return result


def bands(sig: np.ndarray) -> list[tuple[int, int]]:
    """The signature cut into bands, each as (band number, 63-bit hash) rows for an index lookup."""
    out = []
    for band in range(len(sig) // _ROWS):
        chunk = sig[band * _ROWS:(band + 1) * _ROWS].tobytes()
        out.append((band, int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest()) >> 1))
    return out


def shared_share(a: set[bytes], b: set[bytes]) -> float:
    """Share of the smaller shingle set that the other one holds too (0 to 1)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def copy_kind(share: float) -> str | None:
    """'near-duplicate', 'copy', or None for the share of repeated text."""
    if share >= NEAR_DUPLICATE_SHARE:
        return "near-duplicate"
    if share >= COPY_SHARE:
        return "copy"
    return None
