"""Bytes to text: refuse binary data, decode only when the encoding is known.

Guessing an encoding silently turns Greek into mojibake that later stages would
compare as if it were text, so undeclared non-UTF-8 input is refused with the
likely encoding named, and the user re-runs with ``--encoding``.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x7fELF": "an executable",
    b"RIFF": "a media file",
    b"SQLite format 3": "an SQLite database",
}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML page declares in its first 4 kB, if Python knows it."""
    head = data[:4096]
    for pattern in (_META_CHARSET, _XML_ENCODING):
        m = pattern.search(head)
        if m:
            return _known_codec(m.group(1).decode("ascii", "ignore"))
    return None


def _looks_binary(data: bytes, source: str) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{source}: this is {what}, not a web page or page text")
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{source}: binary data, not a web page or page text")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.05:
        raise InputError(f"{source}: binary data, not a web page or page text")


def _guess_encoding(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        return None
    best = from_bytes(data[:65536]).best()
    return best.encoding if best is not None else None


def decode(data: bytes, source: str, *, encoding: str | None = None,
           transport_charset: str | None = None) -> str:
    """Decode page bytes to text or raise ``InputError`` saying what to do.

    Order: an explicit ``encoding``; a byte-order mark; UTF-8; the charset the
    transport (HTTP header) or the page itself declares. Anything else is refused.
    """
    if not data.strip():
        raise InputError(f"{source}: empty; nothing to extract")
    if encoding:
        codec = _known_codec(encoding)
        if codec is None:
            raise InputError(f"unknown encoding {encoding!r}; use a Python codec name such as cp1253")
        return data.decode(codec, errors="replace")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    _looks_binary(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _known_codec(transport_charset) or declared_charset(data)
    if declared and declared not in ("utf-8",):
        return data.decode(declared, errors="replace")
    if declared == "utf-8":
        # Declared UTF-8 with a few bad bytes: a real page with a stray byte.
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(3, len(text) // 1000):
            return text
    guess = _guess_encoding(data)
    hint = f" (it looks like {guess})" if guess and guess != "utf_8" else ""
    example = guess or "cp1252"
    raise InputError(f"{source}: not UTF-8 and no encoding declared{hint}; "
                     f"re-run with --encoding {example}")
