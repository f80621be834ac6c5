"""The part of adding a page that needs no library: extract it, hash its text, read its names.

``read_pages`` is a plain function of pages, so ``Library.add`` can run it in a second
process while the first embeds and stores the previous batch (on two cores the two
halves take about as long as each other), and the scale-out batch can map it over records.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..analyse import named_sentences
from ..errors import StorylineError
from ..extract import extract_page
from ..model import Article
from ..sources import RawPage
from . import dedup
from .similarity import entities_of

__all__ = ["ReadPage", "read_pages", "watch_parent"]


@dataclass(frozen=True)
class ReadPage:
    """One page as read: its article (or why there is none), text hash and names."""

    page: RawPage
    raw_hash: str
    article: Article | None = None
    error: str | None = None
    text_hash: str | None = None
    names: frozenset[str] = frozenset()
    sentences: tuple[str, ...] = ()
    """The body's sentences, numbered as ``analyse`` numbers them (for the library's sentence index)."""
    seconds: float = 0.0


def read_pages(pages: Sequence[RawPage]) -> list[ReadPage]:
    """Read each page; an error on one page becomes that page's ``error``, never an exception."""
    return [_read(page) for page in pages]


def _read(page: RawPage) -> ReadPage:
    started = time.perf_counter()
    raw_hash = hashlib.sha256(page.data).hexdigest()
    try:
        article = extract_page(page)
        sentences = named_sentences(article)
        names = entities_of(article, sentences)
    except Exception as exc:  # one page, whatever breaks on it, must not stop a batch of thousands
        reason = str(exc) if isinstance(exc, StorylineError) else (
            f"storyline could not read it ({type(exc).__name__}: {exc}); please report this page")
        return ReadPage(page, raw_hash, error=reason, seconds=time.perf_counter() - started)
    return ReadPage(page, raw_hash, article, text_hash=dedup.text_hash(article), names=names,
                    sentences=tuple(s.text for s in sentences), seconds=time.perf_counter() - started)


def watch_parent() -> None:
    """Initializer for a reading process: exit once the process that started it is gone.

    A ``Library.add`` killed by a signal never shuts its pool down, and the worker would
    otherwise wait on its queue for ever; a one-second poll of the parent id costs nothing."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="storyline-watch-parent", daemon=True).start()
