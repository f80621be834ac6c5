"""storyline: compare how news outlets tell one story.

The public API; everything else lives in the stage packages
(``sources``, ``extract``, ``analyse``, ``library``, ``compare``, ``report``).
"""

from typing import TYPE_CHECKING as _TYPE_CHECKING

from ._version import __version__
from .analyse import analyse
from .compare import Comparison, compare
from .errors import DisallowedError, ExtractionError, FetchError, InputError, StoreError, StorylineError
from .extract import extract, extract_html, extract_page, extract_text
from .model import Article, ArticleFlags, Paragraph, PublishedDate, Removed
from .sources import RawPage, read_source

if _TYPE_CHECKING:
    from pathlib import Path

    from .answers import Answer
    from .library import Library


def ask(question: str, *, library: "Library | str | Path" = "storyline.db", story: int | None = None) -> "Answer":
    """Answer a question from a library's articles, quoting them (``storyline.answers.ask``)."""
    from .answers import ask as _ask

    return _ask(question, library=library, story=story)


__all__ = [
    "Article",
    "ArticleFlags",
    "Comparison",
    "DisallowedError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "Paragraph",
    "PublishedDate",
    "RawPage",
    "Removed",
    "StoreError",
    "StorylineError",
    "__version__",
    "analyse",
    "ask",
    "compare",
    "extract",
    "extract_html",
    "extract_page",
    "extract_text",
    "read_source",
]
