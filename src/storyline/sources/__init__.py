"""Where raw pages come from: files, standard input and URLs.

``read_source`` picks the reader from the shape of its argument; every reader
returns a ``RawPage`` or raises ``InputError``.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ._files import read_file, read_stdin
from ._page import RawPage
from ._url import fetch_url, is_url

__all__ = ["DEFAULT_MAX_BYTES", "RawPage", "fetch_url", "is_url", "read_file", "read_source",
           "read_stdin"]

DEFAULT_MAX_BYTES = 20_000_000
"""The largest page read by default. News pages are rarely above 5 MB."""


def read_source(source: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0,
                stdin: BinaryIO | None = None) -> RawPage:
    """Read one page from a path, a URL, or ``-`` for standard input."""
    text = str(source)
    if text == "-":
        return read_stdin(max_bytes=max_bytes, stream=stdin)
    if is_url(text):
        return fetch_url(text, max_bytes=max_bytes, timeout=timeout)
    return read_file(source, max_bytes=max_bytes)
