"""Pages from files and from standard input."""

from __future__ import annotations

import sys
import zlib
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ._page import RawPage

DEFAULT_MAX_BYTES = 20_000_000
"""The largest page read by default. News pages are rarely above 5 MB."""

_GZIP_MAGIC = b"\x1f\x8b"


def starts_gzip(stream: BinaryIO) -> bool:
    """True when ``stream`` holds gzip data (by its first bytes, not its name); the position is left at 0."""
    compressed = stream.read(2) == _GZIP_MAGIC
    stream.seek(0)
    return compressed


def size_text(size: int) -> str:
    """A byte count for a message: '20 MB', '500 kB', '800 bytes' (never '0 MB')."""
    if size >= 1_000_000:
        return f"{size / 1e6:.3g} MB"
    if size >= 1_000:
        return f"{size / 1e3:.3g} kB"
    return f"{size} bytes"


def _limit_message(source: str, max_bytes: int) -> str:
    return (
        f"{source}: larger than the {size_text(max_bytes)} limit for one page; "
        "raise it with --max-bytes if this really is one article"
    )


def _read_limited(stream: BinaryIO, source: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_limit_message(source, max_bytes))
    return data


def _gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    # Decompress incrementally so a small .gz cannot expand past the limit (zip bomb).
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise InputError(f"{source}: damaged gzip data ({exc})") from None
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise InputError(_limit_message(source, max_bytes))
    return out


def maybe_gunzip(data: bytes, source: str, max_bytes: int) -> bytes:
    """Return ``data`` decompressed when it is gzip, unchanged otherwise."""
    return _gunzip(data, source, max_bytes) if data[:2] == _GZIP_MAGIC else data


def read_file(path: str | Path, *, max_bytes: int) -> RawPage:
    """Read one page from a file (``.gz`` is decompressed transparently)."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(f"{name}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{name}: is a directory; pass the files inside it (e.g. {name}/*.html)")
    try:
        size = p.stat().st_size
        if size > max_bytes and not name.endswith(".gz"):
            raise InputError(_limit_message(name, max_bytes))
        with p.open("rb") as fh:
            data = _read_limited(fh, name, max_bytes)
    except PermissionError:
        raise InputError(f"{name}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    # A file's mtime is not when the page was captured, so it is not offered as
    # date evidence (fetched_at stays None).
    return RawPage(source=name, data=maybe_gunzip(data, name, max_bytes),
                   content_type=_type_from_name(name))


def read_stdin(*, max_bytes: int, stream: BinaryIO | None = None) -> RawPage:
    """Read one page from standard input."""
    fh = stream if stream is not None else sys.stdin.buffer
    data = _read_limited(fh, "stdin", max_bytes)
    return RawPage(source="-", data=maybe_gunzip(data, "stdin", max_bytes))


def _type_from_name(name: str) -> str | None:
    lowered = name.lower().removesuffix(".gz")
    if lowered.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    if lowered.endswith((".txt", ".text", ".md")):
        return "text/plain"
    return None
