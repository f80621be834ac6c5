"""JSON Lines: one page per line, as scrapers and data sets export them.

Each line is an object with ``html`` or ``text`` (a string; ``html`` wins when
both are there) and optionally ``url``, ``source`` or ``id``, and ``fetched_at``
(when the page was captured: ISO 8601, a date without a zone taken as UTC).

Data sets keep an article's metadata beside its text (CC-NEWS exports, news-please,
GDELT full-text dumps), so these optional fields are read as what the record says of
the article (``PageMeta``): ``title``, ``published`` or ``date`` (ISO 8601, the
publication date), ``authors`` or ``author`` (a list of names, or one byline), and ``outlet``.
A bad line is a ``Failure`` naming its line number and the next line is read;
a file whose first line is binary data is one ``Failure`` rather than one per line.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ._files import size_text, starts_gzip
from ._items import Failure, SourceItem
from ._page import PageMeta, RawPage


def jsonl_items(path: Path, *, max_bytes: int) -> Iterator[SourceItem]:
    """Yield one page, or one ``Failure``, per non-blank line of the file at ``path``."""
    name = str(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield Failure(name, f"cannot be read ({exc.strerror or exc})")
        return
    with raw:
        compressed = starts_gzip(raw)
        stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw
        try:
            yield from _lines(stream, name, max_bytes)
        except EOFError:
            yield Failure(name, "the file is cut short (truncated gzip); the lines before were read")
        except (OSError, zlib.error) as exc:
            yield Failure(name, f"damaged gzip data ({exc}); the lines before were read")


def _lines(stream: io.BufferedIOBase, name: str, max_bytes: int) -> Iterator[SourceItem]:
    number = 0
    seen = False
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Failure(f"{name}:{number}", f"line {number} is longer than the {size_text(max_bytes)} "
                                              "limit for one page; raise it with --max-bytes")
            seen = True
            continue
        if not line.strip():
            continue
        if not seen and _is_binary(line):
            yield Failure(name, "not a JSON Lines file (binary data); each line should be a JSON object "
                                'with "html" or "text"')
            return
        seen = True
        yield _line_item(line, name, number)
    if not seen:
        yield Failure(name, 'is empty; each line should be a JSON object with "html" or "text"')


def _skip_rest_of_line(stream: io.BufferedIOBase) -> None:
    while chunk := stream.readline(1 << 20):
        if chunk.endswith(b"\n"):
            return


def _is_binary(line: bytes) -> bool:
    if b"\0" in line:
        return True
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _line_item(line: bytes, name: str, number: int) -> SourceItem:
    where = f"{name}:{number}"
    try:
        item = json.loads(line)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return Failure(where, f"line {number} is not valid JSON ({exc})")
    if not isinstance(item, dict):
        return Failure(where, f'line {number} is not a JSON object with "html" or "text"')
    try:
        return _page(item, name, where)
    except ValueError as exc:
        return Failure(where, f"line {number}: {exc}")


def _page(item: dict[str, Any], name: str, where: str) -> RawPage:
    html, text = item.get("html"), item.get("text")
    if html is None and text is None:
        raise ValueError('has neither "html" nor "text"; one of them holds the page')
    body = html if html is not None else text
    if not isinstance(body, str):
        raise ValueError(f'"{"html" if html is not None else "text"}" must be a string')
    if not body.strip():
        raise ValueError(f'"{"html" if html is not None else "text"}" is empty')
    url = _optional_str(item, "url")
    source = _optional_str(item, "source")
    if source is None and item.get("id") is not None:
        if not isinstance(item["id"], str | int) or isinstance(item["id"], bool):
            raise ValueError('"id" must be a string or a number')
        source = f"{name}#{item['id']}"
    return RawPage(source=source or where, data=body.encode("utf-8"), url=url,
                   content_type="text/html" if html is not None else "text/plain", charset="utf-8",
                   fetched_at=_fetched_at(item), meta=_meta(item))


def _meta(item: dict[str, Any]) -> PageMeta | None:
    title = _optional_str(item, "title")
    key = "published" if item.get("published") is not None else "date"
    published = _optional_str(item, key) or None
    if published is not None and _parse_iso(published) is None:
        raise ValueError(f'"{key}" is not an ISO 8601 date ({published[:40]!r})')
    authors = item.get("authors", item.get("author"))
    if isinstance(authors, str):
        authors = [authors]
    if authors is not None and not (isinstance(authors, list) and all(isinstance(a, str) for a in authors)):
        raise ValueError(f'"{"authors" if "authors" in item else "author"}" must be a list of strings or one string')
    outlet = _optional_str(item, "outlet")
    if not (title or published or authors or outlet):
        return None
    return PageMeta(title=title or None, published=published, authors=tuple(authors or ()),
                    outlet=outlet or None, origin="the JSON Lines record")


def _optional_str(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f'"{key}" must be a string')
    return value


def _fetched_at(item: dict[str, Any]) -> datetime | None:
    value = _optional_str(item, "fetched_at")
    if value is None:
        return None
    parsed = _parse_iso(value)
    if parsed is None:
        raise ValueError(f'"fetched_at" is not an ISO 8601 date ({value[:40]!r})')
    return parsed


def _parse_iso(value: str) -> datetime | None:
    """``value`` as an aware datetime (no zone: UTC), or None when it is not ISO 8601."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
