"""iter_pages on real inputs built here: a folder tree, WARC files written with warcio,
JSON Lines, RSS and Atom files, and a real local HTTP server with a robots.txt."""

from __future__ import annotations

import gzip
import http.server
import io
import itertools
import json
import random
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storyline.errors import FetchError
from storyline.extract import extract_page
from storyline.sources import (
    Failure,
    PageMeta,
    PageStream,
    PoliteFetcher,
    RawPage,
    Skipped,
    SourceItem,
    iter_pages,
    read_source,
)

LONG = "<p>" + "The harbour authority confirmed the closure on Tuesday. " * 12 + "</p>"  # > 500 chars


def items(*inputs: str | Path, **options: object) -> list[SourceItem]:
    return list(iter_pages(inputs, **options))  # type: ignore[arg-type]


def summary(found: list[SourceItem]) -> list[tuple[str, str, str]]:
    """(kind, source, bytes or reason) for each item, to assert on in one go."""
    return [(type(i).__name__, i.source, i.data.decode("utf-8", "replace") if isinstance(i, RawPage) else i.reason)
            for i in found]


# --- files and folders -----------------------------------------------------------------------------

def test_folder_is_walked_sorted_without_hidden_or_foreign_files(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    (tree / "b").mkdir(parents=True)
    (tree / ".git").mkdir()
    (tree / "feeds").mkdir()
    (tree / "a.html").write_text("<html><body>A</body></html>")
    (tree / "b" / "c.txt.gz").write_bytes(gzip.compress(b"C as page text"))
    (tree / "b" / "d.htm").write_text("<p>D</p>")
    (tree / ".hidden.html").write_text("<p>hidden</p>")
    (tree / ".git" / "x.html").write_text("<p>in .git</p>")
    (tree / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tree / "empty.html").write_bytes(b"")
    (tree / "feeds" / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')

    stream = iter_pages([tree])
    found = list(stream)

    assert summary(found) == [
        ("RawPage", f"{tree}/a.html", "<html><body>A</body></html>"),
        ("RawPage", f"{tree}/b/c.txt.gz", "C as page text"),
        ("RawPage", f"{tree}/b/d.htm", "<p>D</p>"),
        ("Failure", f"{tree}/empty.html", "is empty; there is no page to read"),
    ]
    assert found[1].content_type == "text/plain"  # type: ignore[union-attr]
    assert stream.ignored == {"hidden files and folders": 2, ".pdf files": 1, "XML files that are not feeds": 1}


def test_folder_without_pages_says_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b.pdf").write_bytes(b"%PDF")
    (tmp_path / "c.docx").write_bytes(b"PK")
    assert summary(items(tmp_path)) == [
        ("Failure", str(tmp_path), "holds no file storyline reads (.html, .htm, .txt, .warc, .jsonl, .rss, "
                                   ".atom, .xml, or those .gz); it holds 1 .docx files, 2 .pdf files"),
    ]


def test_bad_inputs_are_items_and_the_stream_goes_on(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>fine</p>")
    huge = tmp_path / "huge.html"
    huge.write_bytes(b"<p>" + b"x" * 5000 + b"</p>")
    found = items(tmp_path / "missing.html", huge, "-", page, max_bytes=1000, stdin=io.BytesIO(b"  \n"))
    assert summary(found) == [
        ("Failure", f"{tmp_path}/missing.html", "no such file or folder; check the path"),
        ("Failure", str(huge), "larger than the 1 kB limit for one page; raise it with --max-bytes if this "
                               "really is one article"),
        ("Failure", "-", "is empty; there is no page to read"),
        ("RawPage", str(page), "<p>fine</p>"),
    ]


def test_stdin_is_one_page() -> None:
    [page] = items("-", stdin=io.BytesIO(b"<p>from a pipe</p>"))
    assert page == RawPage(source="-", data=b"<p>from a pipe</p>")


def test_read_source_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<p>x</p>")
    assert read_source(path) == RawPage(source=str(path), data=b"<p>x</p>", content_type="text/html")


# --- WARC -------------------------------------------------------------------------------------------

WARC_DATE = "2025-03-04T10:20:30Z"
PAGE_LATIN1 = "<html><body><p>Café crème à la une</p></body></html>".encode("latin-1")
PAGE_GZIPPED = b"<html><body><p>Sent gzip-encoded</p></body></html>"


def write_warc(path: Path, *, compress: bool = True) -> None:
    """A small CC-NEWS-like archive: warcinfo, an HTML page with its request and metadata,
    a PDF, a 404 and a gzip-encoded HTML page, in that order."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=compress)

        def record(url: str, kind: str, body: bytes, **options: object) -> None:
            # A length makes warcio stream the payload instead of spooling it to an unclosed temp file.
            writer.write_record(writer.create_warc_record(url, kind, payload=io.BytesIO(body), length=len(body),
                                                          **options))

        def response(url: str, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
            record(url, "response", body, http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
                   warc_headers_dict={"WARC-Date": WARC_DATE})

        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        response("https://news.example/a", "200 OK", [("Content-Type", "text/html; charset=ISO-8859-1")],
                 PAGE_LATIN1)
        record("https://news.example/a", "request", b"",
               http_headers=StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True))
        record("https://news.example/a", "metadata", b"fetchTimeMs: 12\r\n",
               warc_content_type="application/warc-fields")
        response("https://news.example/report.pdf", "200 OK", [("Content-Type", "application/pdf")], b"%PDF-1.7 ...")
        response("https://news.example/gone", "404 Not Found", [("Content-Type", "text/html")], b"<p>gone</p>")
        response("https://news.example/b", "200 OK",
                 [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], gzip.compress(PAGE_GZIPPED))


def test_warc_pages_skips_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "cc-news.warc.gz"
    write_warc(path)
    stream = iter_pages([path])
    found = list(stream)

    kinds = [(type(i).__name__, i.source.split("#")[0]) for i in found]
    assert kinds == [("RawPage", str(path)), ("Skipped", str(path)), ("Skipped", str(path)), ("RawPage", str(path))]
    first, pdf, gone, second = found
    assert isinstance(first, RawPage) and isinstance(second, RawPage)
    assert first.source.startswith(f"{path}#urn:uuid:")
    assert first.data == PAGE_LATIN1
    assert (first.url, first.content_type, first.charset) == ("https://news.example/a", "text/html", "iso-8859-1")
    assert first.fetched_at == datetime(2025, 3, 4, 10, 20, 30, tzinfo=UTC)
    assert second.data == PAGE_GZIPPED  # the Content-Encoding is undone
    assert pdf.reason == "https://news.example/report.pdf: application/pdf, not HTML"  # type: ignore[union-attr]
    assert gone.reason == "https://news.example/gone: HTTP 404, not a page"  # type: ignore[union-attr]
    assert len({i.source for i in found}) == 4
    assert stream.ignored == {"WARC warcinfo records": 1, "WARC request records": 1, "WARC metadata records": 1}


def test_warc_uncompressed_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    write_warc(path, compress=False)
    pages = [i for i in items(path) if isinstance(i, RawPage)]
    assert [p.data for p in pages] == [PAGE_LATIN1, PAGE_GZIPPED]


def test_truncated_warc_gz_yields_what_was_readable_then_a_failure(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    write_warc(whole)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[:-60])  # inside the last record's gzip member

    found = items(cut)
    assert [type(i).__name__ for i in found] == ["RawPage", "Skipped", "Skipped", "Failure"]
    assert found[0].data == PAGE_LATIN1  # type: ignore[union-attr]
    last = found[-1]
    assert isinstance(last, Failure) and last.source.startswith(f"{cut}#urn:uuid:")
    assert last.reason.startswith("the record for https://news.example/b is cut short (")
    # Cut inside the gzip header of the last member, nothing of the record shows: the stream says it.
    header_cut = tmp_path / "cut-header.warc.gz"
    data = whole.read_bytes()
    header_cut.write_bytes(data[:data.rindex(b"\x1f\x8b\x08") + 5])
    *_, last = items(header_cut)
    assert last.source == str(header_cut)
    assert last.reason.startswith("the file is cut short (truncated gzip); the archive was read up to the damage")


def test_truncated_plain_warc_names_the_cut_record(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, compress=False)
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole.read_bytes()[:-30])  # inside the last response's body

    *before, last = items(cut)
    assert [type(i).__name__ for i in before] == ["RawPage", "Skipped", "Skipped"]
    assert isinstance(last, Failure) and last.source.startswith(f"{cut}#urn:uuid:")
    assert "the record for https://news.example/b is cut short" in last.reason


def test_warc_page_over_the_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    write_warc(path)
    found = items(path, max_bytes=40)
    assert [type(i).__name__ for i in found] == ["Skipped"] * 4
    assert "larger than the" in found[0].reason  # type: ignore[union-attr]


def raw_record(number: int, block: bytes) -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{number}>\r\n"
            f"WARC-Target-URI: https://x.example/{number}\r\nWARC-Date: {WARC_DATE}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def test_damaged_record_in_the_middle_does_not_end_the_archive(tmp_path: Path) -> None:
    path = tmp_path / "hand-made.warc"
    ok = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>ok</p>"
    path.write_bytes(raw_record(1, b"garbage status\r\nX: y\r\n\r\nbody")
                     + raw_record(2, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n  ")
                     + raw_record(3, ok))
    assert summary(items(path)) == [
        ("Failure", f"{path}#urn:uuid:1",
         "https://x.example/1: the HTTP status line cannot be read (a damaged record)"),
        ("Skipped", f"{path}#urn:uuid:2", "https://x.example/2: the response has an empty body"),
        ("RawPage", f"{path}#urn:uuid:3", "<p>ok</p>"),
    ]


@pytest.mark.parametrize(("name", "data"), [
    ("page.warc", b"<html><body>not an archive</body></html>"),
    ("page.warc.gz", gzip.compress(b"<html><body>not an archive</body></html>")),
    ("empty.warc", b""),
])
def test_not_a_warc(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [failure] = items(path)
    assert isinstance(failure, Failure) and failure.source == str(path)
    expected = "holds no WARC records" if not data else "not a WARC file"
    assert failure.reason.startswith(expected)


# --- JSON Lines ---------------------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "scrape.jsonl"
    lines = [
        '{"html": "<p>One</p>", "url": "https://x.example/1", "id": 7, "fetched_at": "2025-03-04T10:00:00Z"}',
        '{"text": "Plain story", "source": "wire-42", "date": "2025-03-05"}',
        "not json {",
        '{"url": "https://x.example/4"}',
        '{"html": 5}',
        "",
        "[1, 2]",
        '{"html": "<p>x</p>", "fetched_at": "yesterday"}',
        '{"html": "' + "y" * 3000 + '"}',
        '{"html": "<p>after the long line</p>"}',
    ]
    path.write_text("\n".join(lines) + "\n")

    assert summary(items(path, max_bytes=2000)) == [
        ("RawPage", f"{path}#7", "<p>One</p>"),
        ("RawPage", "wire-42", "Plain story"),
        ("Failure", f"{path}:3", "line 3 is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        ("Failure", f"{path}:4", 'line 4: has neither "html" nor "text"; one of them holds the page'),
        ("Failure", f"{path}:5", 'line 5: "html" must be a string'),
        ("Failure", f"{path}:7", 'line 7 is not a JSON object with "html" or "text"'),
        ("Failure", f"{path}:8", "line 8: \"fetched_at\" is not an ISO 8601 date ('yesterday')"),
        ("Failure", f"{path}:9", "line 9 is longer than the 2 kB limit for one page; raise it with --max-bytes"),
        ("RawPage", f"{path}:10", "<p>after the long line</p>"),
    ]
    first, second = items(path, max_bytes=2000)[:2]
    assert first == RawPage(source=f"{path}#7", data=b"<p>One</p>", url="https://x.example/1",
                            content_type="text/html", charset="utf-8",
                            fetched_at=datetime(2025, 3, 4, 10, tzinfo=UTC))
    assert isinstance(second, RawPage)
    # "date" is the article's publication date, as data sets use it; "fetched_at" alone is the capture time.
    assert (second.content_type, second.fetched_at) == ("text/plain", None)
    assert second.meta == PageMeta(published="2025-03-05", origin="the JSON Lines record")


PARAGRAPHS = ("The harbour authority closed the north quay on Tuesday after divers found cracks in two of its "
              "piles.\n\nShips due this week will berth at the ferry terminal instead, the authority said.")


def test_jsonl_record_fields_become_the_articles_title_date_authors_and_outlet(tmp_path: Path) -> None:
    path = tmp_path / "dataset.jsonl"
    records = [
        # A data set's shape (CC-NEWS exports, news-please): metadata beside the article's text.
        {"text": PARAGRAPHS, "title": "North quay closed", "date": "2025-03-04 18:05:00",
         "authors": ["Ana Ruiz", "Tom Hale"], "outlet": "Harbor Gazette"},
        # Title and text on one line, as some exports join them.
        {"text": "North quay closed  " + PARAGRAPHS.replace("\n\n", " "), "title": "North quay closed",
         "published": "2025-03-04", "author": "Ana Ruiz", "url": "https://www.gazette.example/quay"},
        # An HTML page's own metadata stands; the record fills what the page leaves out.
        {"html": "<html><head><title>Quay shut</title>"
                 '<meta property="article:published_time" content="2025-03-05T07:00:00Z"></head><body><article>'
                 + "".join(f"<p>{p}</p>" for p in PARAGRAPHS.split("\n\n")) + "</article></body></html>",
         "title": "Another title", "date": "2025-01-01", "author": "Ana Ruiz"},
        {"text": PARAGRAPHS, "published": "last Tuesday"},
        {"text": PARAGRAPHS, "authors": [5], "title": "x"},
        {"text": PARAGRAPHS, "title": "", "date": ""},  # empty fields say nothing
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    plain, joined, page, bad_date, bad_authors, silent = items(path)
    assert isinstance(plain, RawPage) and plain.meta == PageMeta(
        title="North quay closed", published="2025-03-04 18:05:00", authors=("Ana Ruiz", "Tom Hale"),
        outlet="Harbor Gazette", origin="the JSON Lines record")
    article = extract_page(plain)
    assert (article.title, article.published.iso, article.authors, article.outlet) == (
        "North quay closed", "2025-03-04T18:05", ["Ana Ruiz", "Tom Hale"], "Harbor Gazette")
    assert article.published.source == "record"
    assert article.published.evidence == ["the JSON Lines record gives the date '2025-03-04 18:05:00'"]
    assert article.body[0].text.startswith("The harbour authority closed") and len(article.body) == 2

    assert isinstance(joined, RawPage)
    article = extract_page(joined)
    assert (article.title, article.published.iso, article.authors) == ("North quay closed", "2025-03-04", ["Ana Ruiz"])
    assert article.body[0].text.startswith("The harbour authority closed")  # the title is not read twice
    assert (article.url, article.outlet) == ("https://www.gazette.example/quay", "gazette.example")  # from the url

    assert isinstance(page, RawPage)
    article = extract_page(page)
    assert (article.title, article.published.iso, article.authors) == ("Quay shut", "2025-03-05T07:00", ["Ana Ruiz"])

    assert bad_date == Failure(f"{path}:4", "line 4: \"published\" is not an ISO 8601 date ('last Tuesday')")
    assert bad_authors == Failure(f"{path}:5", 'line 5: "authors" must be a list of strings or one string')
    assert isinstance(silent, RawPage) and silent.meta is None


def test_jsonl_gz_and_ndjson(tmp_path: Path) -> None:
    gz = tmp_path / "a.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"html": "<p>1</p>"}\n{"text": "2"}\n'))
    nd = tmp_path / "b.ndjson"
    nd.write_text('{"text": "3"}')  # no final newline
    assert [i.data for i in items(gz, nd)] == [b"<p>1</p>", b"2", b"3"]  # type: ignore[union-attr]


def test_jsonl_binary_junk_and_empty_are_one_failure_each(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(random.Random(0).randbytes(20_000))
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n\n")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(b'{"text": "kept"}\n' + b'{"text": "lost"}\n' * 200)[:-20])
    assert summary(items(junk, empty)) == [
        ("Failure", str(junk), 'not a JSON Lines file (binary data); each line should be a JSON object with '
                               '"html" or "text"'),
        ("Failure", str(empty), 'is empty; each line should be a JSON object with "html" or "text"'),
    ]
    *pages, last = items(cut)
    assert pages and all(isinstance(p, RawPage) for p in pages)
    assert last == Failure(str(cut), "the file is cut short (truncated gzip); the lines before were read")


# --- feeds from files ---------------------------------------------------------------------------------

def rss(*entries: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Harbor Gazette</title>{''.join(entries)}</channel></rss>")


def rss_entry(title: str, link: str | None = None, content: str | None = None, date: str | None = None) -> str:
    parts = [f"<title>{title}</title>", "<description>A short teaser.</description>"]
    if link:
        parts.append(f"<link>{link}</link>")
    if content:
        parts.append(f"<content:encoded><![CDATA[{content}]]></content:encoded>")
    if date:
        parts.append(f"<pubDate>{date}</pubDate>")
    return f"<item>{''.join(parts)}</item>"


ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastline Daily</title><id>urn:x</id>
<updated>2025-03-04T12:00:00Z</updated>
<entry><title>Full story</title><link href="https://coast.example/full"/><id>urn:1</id>
<published>2025-03-04T09:30:00+01:00</published><updated>2025-03-04T12:00:00Z</updated>
<author><name>Ana Ruiz</name></author><content type="html">{LONG.replace("<", "&lt;")}</content></entry>
<entry><title>Teaser only</title><link href="https://coast.example/teaser"/><id>urn:2</id>
<updated>2025-03-04T12:00:00Z</updated><summary>Short.</summary></entry>
</feed>"""


def test_rss_file_without_following_links(tmp_path: Path) -> None:
    path = tmp_path / "gazette.rss"
    path.write_text(rss(
        rss_entry("Full", "https://gazette.example/full", LONG, "Tue, 04 Mar 2025 09:30:00 +0000"),
        rss_entry("Teaser", "https://gazette.example/teaser", "<p>too short to be the article</p>"),
        rss_entry("No link", None, LONG),
        rss_entry("Nothing", None, None),
    ))
    found = items(path, follow_links=False)
    assert [(type(i).__name__, i.source) for i in found] == [
        ("RawPage", "https://gazette.example/full"),
        ("Skipped", "https://gazette.example/teaser"),
        ("RawPage", f"{path}#entry-3"),
        ("Skipped", f"{path}#entry-4"),
    ]
    full, teaser, no_link, nothing = found
    assert isinstance(full, RawPage) and isinstance(no_link, RawPage)
    assert (full.url, full.content_type, full.charset) == ("https://gazette.example/full", "text/html", "utf-8")
    assert full.fetched_at == datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
    assert b"<title>Full</title>" in full.data and LONG.encode() in full.data
    assert b'<meta property="article:published_time" content="2025-03-04T09:30:00+00:00">' in full.data
    assert no_link.url is None and no_link.fetched_at is None
    assert teaser.reason.startswith("the feed entry holds only a summary")  # type: ignore[union-attr]
    assert nothing.reason == "the entry has neither a web link nor its full text"  # type: ignore[union-attr]


def test_atom_file_without_following_links(tmp_path: Path) -> None:
    path = tmp_path / "coast.atom"
    path.write_text(ATOM)
    full, teaser = items(path, follow_links=False)
    assert isinstance(full, RawPage) and full.source == "https://coast.example/full"
    assert full.fetched_at == datetime(2025, 3, 4, 8, 30, tzinfo=UTC)  # published, not updated
    assert b'<meta name="author" content="Ana Ruiz">' in full.data
    assert isinstance(teaser, Skipped) and teaser.source == "https://coast.example/teaser"


def test_a_plain_text_feed_entry_keeps_its_title_date_and_author_beside_the_text(tmp_path: Path) -> None:
    path = tmp_path / "plain.atom"
    text = PARAGRAPHS.replace("\n\n", "\n") * 3  # over FULL_CONTENT_CHARS
    path.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Coastline Daily</title><id>urn:x</id>
<updated>2025-03-04T12:00:00Z</updated>
<entry><title>North quay closed</title><id>urn:1</id><published>2025-03-04T09:30:00+01:00</published>
<author><name>Ana Ruiz</name></author><content type="text">{text}</content></entry></feed>""")
    [entry] = items(path, follow_links=False)
    assert isinstance(entry, RawPage) and entry.content_type == "text/plain"
    assert entry.meta == PageMeta(title="North quay closed", published="2025-03-04T08:30:00+00:00",
                                  authors=("Ana Ruiz",), origin="the feed entry")
    article = extract_page(entry)
    assert (article.title, article.published.iso, article.authors) == (
        "North quay closed", "2025-03-04T08:30", ["Ana Ruiz"])
    assert article.published.evidence == ["the feed entry gives the date '2025-03-04T08:30:00+00:00'"]


def test_feed_entries_go_through_the_injected_fetcher(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(rss(
        rss_entry("Fetched", "https://gazette.example/ok"),
        rss_entry("Fails, has content", "https://gazette.example/down", LONG),
        rss_entry("Fails, teaser only", "https://gazette.example/down2"),
    ))
    asked: list[str] = []

    def fetch(url: str) -> RawPage:
        asked.append(url)
        if "down" in url:
            raise FetchError(f"{url}: the server answered HTTP 503")
        return RawPage(source=url, data=b"<p>the real page</p>", url=url, content_type="text/html")

    found = items(path, fetcher=fetch)
    assert asked == ["https://gazette.example/ok", "https://gazette.example/down", "https://gazette.example/down2"]
    assert summary(found)[0] == ("RawPage", "https://gazette.example/ok", "<p>the real page</p>")
    assert isinstance(found[1], RawPage) and LONG.encode() in found[1].data  # the feed's own text
    assert found[2] == Failure("https://gazette.example/down2", "the server answered HTTP 503")


def test_xml_file_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    [failure] = items(path)
    assert failure == Failure(str(path), "not an RSS or Atom feed (it does not parse as one); pass web pages as "
                                         ".html files or URLs")


# --- URLs, politely, from a real local server -----------------------------------------------------------

class Site(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[str, bytes]]] = {}
    requests: ClassVar[list[tuple[str, float, str]]] = []

    def do_GET(self) -> None:
        Site.requests.append((self.path, time.monotonic(), self.headers.get("User-Agent", "")))
        route = Site.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        content_type, body = route
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    Site.routes = {
        "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
        "/news/a.html": ("text/html; charset=utf-8", b"<html><body><p>Page A</p></body></html>"),
        "/private/b.html": ("text/html", b"<p>private</p>"),
        # Served as generic XML, as many sites do: recognised by its <rss> root.
        "/feed": ("application/xml", rss(
            rss_entry("A", f"{base}/news/a.html"),
            rss_entry("B", f"{base}/private/b.html", LONG),
            rss_entry("Missing", f"{base}/news/missing.html"),
        ).encode()),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield base
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def requests() -> list[tuple[str, float, str]]:
    Site.requests.clear()
    return Site.requests


class _Stamping(httpx.HTTPTransport):
    """The real network, with the moments each request was handed to it and its answer read."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[float, float]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        start = time.monotonic()
        response = super().handle_request(request)
        response.read()
        self.sent.append((start, time.monotonic()))
        return response

    def close(self) -> None:
        """Kept open: each fetch closes its client, and the client its transport; ``shut`` ends it."""

    def shut(self) -> None:
        super().close()


def test_url_feed_is_followed_politely(site: str, requests: list[tuple[str, float, str]]) -> None:
    delay = 0.3
    # When each request leaves the client and its answer comes back (the server's own arrival
    # stamps would show a gap shrink whenever a busy machine delays one of them).
    transport = _Stamping()
    fetcher = PoliteFetcher(delay=delay, max_bytes=100_000, timeout=5, transport=transport)
    stream: PageStream = iter_pages([f"{site}/feed", f"{site}/private/b.html"], fetcher=fetcher)
    found = list(stream)
    transport.shut()

    assert [(type(i).__name__, i.source) for i in found] == [
        ("RawPage", f"{site}/news/a.html"),
        ("RawPage", f"{site}/private/b.html"),   # robots.txt forbids it: the feed's full text instead
        ("Failure", f"{site}/news/missing.html"),
        ("Skipped", f"{site}/private/b.html"),   # named directly: forbidden, nothing to fall back on
    ]
    page_a, from_feed, missing, forbidden = found
    assert isinstance(page_a, RawPage) and isinstance(from_feed, RawPage)
    assert page_a.data == b"<html><body><p>Page A</p></body></html>" and page_a.charset == "utf-8"
    assert LONG.encode() in from_feed.data
    assert missing.reason == "the server answered HTTP 404"  # type: ignore[union-attr]
    assert forbidden.reason.startswith("the site's robots.txt asks storyline not to fetch it")  # type: ignore[union-attr]

    paths = [path for path, _, _ in requests]
    assert paths == ["/robots.txt", "/feed", "/news/a.html", "/news/missing.html"]  # robots.txt read once
    assert all(agent.startswith("storyline/") for _, _, agent in requests)
    assert len(transport.sent) == len(paths)
    gaps = [start - end for (_, end), (start, _) in itertools.pairwise(transport.sent)]
    assert min(gaps) >= delay, gaps


def test_url_feed_without_following_links(site: str, requests: list[tuple[str, float, str]]) -> None:
    fetcher = PoliteFetcher(delay=0, max_bytes=100_000, timeout=5)
    found = items(f"{site}/feed", fetcher=fetcher, follow_links=False)
    assert [type(i).__name__ for i in found] == ["Skipped", "RawPage", "Skipped"]
    assert [path for path, _, _ in requests] == ["/robots.txt", "/feed"]


def test_unreachable_robots_allows_and_html_is_one_page(site: str, requests: list[tuple[str, float, str]]) -> None:
    saved = Site.routes.pop("/robots.txt")
    try:
        [page] = items(f"{site}/private/b.html", fetcher=PoliteFetcher(delay=0, max_bytes=1000, timeout=5))
    finally:
        Site.routes["/robots.txt"] = saved
    assert isinstance(page, RawPage) and page.data == b"<p>private</p>"
    assert page.url == f"{site}/private/b.html" and page.fetched_at is not None


def test_url_over_the_limit_is_a_failure(site: str, requests: list[tuple[str, float, str]]) -> None:
    [failure] = items(f"{site}/news/a.html", fetcher=PoliteFetcher(delay=0, max_bytes=10, timeout=5))
    assert failure == Failure(f"{site}/news/a.html", "page larger than the 10 bytes limit; raise it with --max-bytes")
