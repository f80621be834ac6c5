"""Web archives: the HTML pages inside a WARC or WARC.gz file (as Common Crawl's CC-NEWS).

Every ``response`` record with status 200 and an HTML content type becomes a
page; other responses are ``Skipped`` with the reason; other record types
(request, metadata, warcinfo, revisit, ...) are passed over and counted.
The file is streamed record by record, never read whole.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from fastwarc import ArchiveIterator, WarcRecord, WarcRecordType
from fastwarc.stream_io import BrotliReader, ChunkedReader, GzipReader

from ._files import size_text, starts_gzip
from ._items import Failure, Skipped, SourceItem
from ._page import RawPage

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})



class _GuardedGzip:
    """A gzip stream for fastwarc that remembers why it ended early.

    fastwarc's own gzip reader stops silently at a truncated member, which would
    pass a cut-off archive off as a complete one; this reader reports the end of
    the data as the end of the stream and keeps the error for the caller.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._pos = 0
        self.error: str | None = None

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        try:
            # read1 hands over what one step decompressed, so the data just before a
            # truncation still reaches fastwarc instead of being lost with the exception.
            data = self._gzip.read1(size if size > 0 else io.DEFAULT_BUFFER_SIZE)
        except EOFError:
            self.error = "the file is cut short (truncated gzip)"
            return b""
        except (OSError, zlib.error) as exc:
            self.error = f"damaged gzip data ({exc})"
            return b""
        self._pos += len(data)
        return data

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        raise io.UnsupportedOperation("a gzip stream read once cannot seek")

    def close(self) -> None:
        self._gzip.close()


def warc_items(path: Path, *, max_bytes: int, ignored: Counter[str]) -> Iterator[SourceItem]:
    """Yield the pages in the WARC file at ``path`` (gzip or not; told apart by content)."""
    name = str(path)
    try:
        raw = path.open("rb")
    except OSError as exc:
        yield Failure(name, f"cannot be read ({exc.strerror or exc})")
        return
    with raw:
        compressed = starts_gzip(raw)
        stream: BinaryIO | _GuardedGzip = _GuardedGzip(raw) if compressed else raw
        records = 0
        try:
            # auto_decode="none": the body is read as stored, so a record cut short can be
            # told by its length; content and transfer encodings are undone afterwards.
            for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
                records += 1
                item = _record_item(record, name, max_bytes, ignored)
                if isinstance(item, _Damaged):
                    read = _records(records - 1)
                    yield Failure(item.source, f"{item.reason}; the archive was read up to it ({read})")
                    return
                if item is not None:
                    yield item
        except OSError as exc:
            yield Failure(name, _stream_error(str(exc), records))
            return
        if isinstance(stream, _GuardedGzip) and stream.error is not None:
            yield Failure(name, f"{stream.error}; the archive was read up to the damage ({_records(records)})")
        elif records == 0:
            yield Failure(name, "holds no WARC records (empty); check the file")


class _Damaged(Failure):
    """A record that ends before its declared length: the archive is cut off there."""


def _stream_error(message: str, records: int) -> str:
    if records == 0:
        return f"not a WARC file ({message}); storyline reads WARC and WARC.gz archives"
    return f"damaged after {_records(records)} ({message}); the archive was read up to there"


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def _record_item(record: WarcRecord, name: str, max_bytes: int,
                 ignored: Counter[str]) -> SourceItem | None:
    if record.record_type != WarcRecordType.response:
        ignored[f"WARC {record.record_type} records"] += 1
        return None
    source = f"{name}#{(record.record_id or str(record.stream_pos)).strip('<>')}"
    target = record.headers.get("WARC-Target-URI")
    url = target or "(no WARC-Target-URI)"
    status = record.http_headers.status_code if record.is_http else None
    mime = (record.http_content_type or record.headers.get("WARC-Identified-Payload-Type") or "").lower()
    body = record.reader.read(max_bytes + 1) if status == 200 and mime in HTML_TYPES else b""
    # Every response is read to its end, so a record cut short shows wherever the archive ends.
    stored = len(body) + record.reader.consume()
    if stored < record.content_length:
        return _Damaged(source, f"the record for {url} is cut short ({stored} of "
                                f"{record.content_length} bytes)")
    if status is None and record.is_http:
        # A damaged record, or the archive's last one cut inside its HTTP headers.
        return Failure(source, f"{url}: the HTTP status line cannot be read (a damaged record)")
    if status is None:
        return Skipped(source, f"{url}: not an HTTP response")
    if status != 200:
        return Skipped(source, f"{url}: HTTP {status}, not a page")
    if mime not in HTML_TYPES:
        return Skipped(source, f"{url}: {mime or 'no content type'}, not HTML")
    if len(body) <= max_bytes:
        try:
            body = _decode(body, record, max_bytes)
        except (OSError, ValueError) as exc:
            return Failure(source, f"{url}: the body cannot be decoded ({exc})")
    if len(body) > max_bytes:
        return Skipped(source, f"{url}: larger than the {size_text(max_bytes)} limit for one page; "
                               "raise it with --max-bytes if this really is one article")
    if not body.strip():
        return Skipped(source, f"{url}: the response has an empty body")
    return RawPage(source=source, data=body, url=target, content_type=mime,
                   charset=record.http_charset, fetched_at=record.record_date)


def _decode(body: bytes, record: WarcRecord, max_bytes: int) -> bytes:
    # CC-NEWS stores bodies already decoded (the original headers renamed X-Crawler-*),
    # but other crawlers keep them as sent. Reads stop at max_bytes + 1 (zip bombs).
    headers = record.http_headers
    if "chunked" in (headers.get("Transfer-Encoding") or "").lower():
        body = ChunkedReader(io.BytesIO(body)).read(max_bytes + 1)
    encoding = (headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        return GzipReader(io.BytesIO(body)).read(max_bytes + 1)
    if encoding == "deflate":
        return GzipReader(io.BytesIO(body), zlib=True).read(max_bytes + 1)
    if encoding == "br":
        return BrotliReader(io.BytesIO(body)).read(max_bytes + 1)
    if encoding == "identity":
        return body
    raise ValueError(f"unsupported Content-Encoding {encoding!r}")
