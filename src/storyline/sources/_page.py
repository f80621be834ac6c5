"""``RawPage``: what every source yields and ``extract`` consumes; ``PageMeta``: what a record says of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PageMeta:
    """What the record that carried a page says about the article: a JSON Lines record's
    ``title``, ``published``, ``authors`` and ``outlet`` fields, a feed entry's title, date and author.

    Extraction uses these where the page itself is silent, and, for plain page text (which
    carries no markup to read them from), in place of what it would guess from the text.
    ``published`` is kept as the record gives it (ISO 8601), and ``origin`` names the record
    in the date's evidence ("the JSON Lines record").
    """

    title: str | None = None
    published: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    origin: str = "the record"


@dataclass(frozen=True)
class RawPage:
    """The bytes of one page and what is known about where they came from.

    ``content_type`` and ``charset`` are hints from the transport (an HTTP header
    or a file name); ``fetched_at`` is when the bytes were captured, when known,
    and serves as evidence for dates that lack a year. ``meta``: what the record that
    carried the page says about its article, when it says anything.
    """

    source: str
    data: bytes
    url: str | None = None
    content_type: str | None = None
    charset: str | None = None
    fetched_at: datetime | None = None
    meta: PageMeta | None = None
