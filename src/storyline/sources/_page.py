"""``RawPage``: what every source yields and ``extract`` consumes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class RawPage:
    """The bytes of one page and what is known about where they came from.

    ``content_type`` and ``charset`` are hints from the transport (an HTTP header
    or a file name); ``fetched_at`` is when the bytes were captured, when known,
    and serves as evidence for dates that lack a year.
    """

    source: str
    data: bytes
    url: str | None = None
    content_type: str | None = None
    charset: str | None = None
    fetched_at: datetime | None = None
