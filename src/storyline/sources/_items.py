"""What a stream of inputs yields besides pages: the items that gave none, and why."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import StorylineError
from ._page import RawPage


@dataclass(frozen=True)
class Failure:
    """An input, or one item inside it, that should have given a page but could not be read.

    ``source`` names the item as the other sources do: a path, a URL,
    ``file#record-id`` inside a WARC, ``file:line`` inside JSON Lines.
    ``reason`` is one line that says what went wrong and, where it can, what to do;
    it does not repeat the source, so ``f"{item.source}: {item.reason}"`` reads well.
    """

    source: str
    reason: str


@dataclass(frozen=True)
class Skipped:
    """An item that was read but deliberately not turned into a page (not HTML, HTTP 404,
    forbidden by robots.txt, ...). Nothing is wrong with the input; ``reason`` says why."""

    source: str
    reason: str


SourceItem = RawPage | Failure | Skipped
"""One item of ``iter_pages``: a page, or the reason an item gave none."""


def reason_of(error: StorylineError, source: str) -> str:
    """The message of ``error`` without the ``"source: "`` that storyline's messages start with."""
    return str(error).removeprefix(f"{source}: ")
