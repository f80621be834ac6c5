"""HTML page to ``Article``: trafilatura for the body, the page's own metadata first.

trafilatura leads the public extraction benchmarks for the body, so the body is
its job. Metadata is where it is weakest (titles keep the site suffix, bylines
are missed), so we read JSON-LD, OpenGraph, ``<meta>`` and the visible ``<h1>``
ourselves and fall back to trafilatura's guesses.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..errors import ExtractionError
from ..model import Article, ArticleFlags, Paragraph, PublishedDate, Removed
from . import patterns as P
from .dates import parse_machine_date
from .metadata import PageMetadata, clean, read_metadata

_KINDS = {"p": "paragraph", "head": "heading", "quote": "quote", "list": "list"}
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:»·-]\s+|\s+::\s+")
_NORM = re.compile(r"[\W_]+", re.UNICODE)
MIN_ARTICLE_WORDS = 10
_BLOCKS = "//p|//li|//h1|//h2|//h3|//h4|//figcaption|//blockquote|//td|//dt|//dd"


def _norm(text: str | None) -> str:
    return _NORM.sub(" ", (text or "").lower()).strip()


def parse_html(html: str, source: str) -> lxml_html.HtmlElement:
    """Parse HTML leniently; raise ``ExtractionError`` when there is no document."""
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"{source}: not a readable HTML document ({exc})") from None
    if tree is None:
        raise ExtractionError(f"{source}: not a readable HTML document")
    return tree


def extract_html(html: str, *, source: str = "", url: str | None = None,
                 captured: date | None = None) -> Article:
    """Extract the article from an HTML page.

    Raises ``ExtractionError`` when the page holds no article text.
    """
    tree = parse_html(html, source or "page")
    meta = read_metadata(tree)
    page_blocks = [t for t in (clean(el.text_content()) for el in tree.xpath(_BLOCKS)) if t]
    page_url = url or meta.canonical_url
    doc = trafilatura.bare_extraction(
        tree, url=page_url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, favor_precision=False,
    )
    body = _paragraphs(doc.body if isinstance(doc, trafilatura.settings.Document) else None)
    # A handful of words is a menu or a footer that trafilatura kept, not an article.
    if sum(len(p.text.split()) for p in body) < MIN_ARTICLE_WORDS:
        raise ExtractionError(f"{source or 'page'}: no article text found in this HTML page")

    article = Article(source=source, input_format="html", url=page_url)
    article.body = body
    article.title = choose_title(meta, getattr(doc, "title", None))
    article.standfirst = _standfirst(meta.description, body)
    article.authors = _authors(meta, getattr(doc, "author", None))
    article.published = _published(meta, getattr(doc, "date", None))
    article.outlet = _outlet(meta, article.title, page_url, getattr(doc, "sitename", None))
    article.section = meta.section or _first(getattr(doc, "categories", None))
    article.tags = meta.tags or list(getattr(doc, "tags", None) or [])
    body_text = {_norm(p.text) for p in body}
    article.removed = [Removed(text=b, reason="not part of the article body")
                       for b in page_blocks if _norm(b) not in body_text][:500]
    article.flags = _flags(meta, page_blocks)
    code = (meta.language or "").replace("_", "-").split("-")[0].strip().lower()
    if re.fullmatch(r"[a-z]{2,3}", code):
        article.language, article.language_source = code, "page"
    return article


def _paragraphs(body: etree._Element | None) -> list[Paragraph]:
    if body is None:
        return []
    out: list[Paragraph] = []
    for el in body:
        if el.tag == "list":
            items = [clean("".join(item.itertext())) for item in el.iter("item")]
            out.extend(Paragraph(text=t, kind="list") for t in items if t)
            continue
        text = clean("".join(el.itertext()))
        if text:
            out.append(Paragraph(text=text, kind=_KINDS.get(el.tag, "paragraph")))  # type: ignore[arg-type]
    return out


def _first(value: list[str] | None) -> str | None:
    return value[0] if value else None


def _strip_site(title: str, site_names: list[str]) -> str:
    """Drop a " | Site" or "Site - " part from a title, when it names the site."""
    seps = list(_TITLE_SEPARATORS.finditer(title))
    if not seps:
        return title
    sites = {_norm(s) for s in site_names if s}

    def is_site(part: str) -> bool:
        n = _norm(part)
        return bool(n) and any(n == s or (len(s) > 3 and (n in s or s in n)) for s in sites)

    last, first = seps[-1], seps[0]
    head, tail = title[: last.start()], title[last.end():]
    if is_site(tail) or (len(tail.split()) <= 4 and last.group().strip() in "|»·"):
        return head.strip()
    if is_site(title[: first.start()]):
        return title[first.end():].strip()
    return title


def choose_title(meta: PageMetadata, fallback: str | None) -> str | None:
    """The visible headline when it agrees with the metadata, else the best metadata title."""
    sites = [s for s, _ in meta.site_names]
    declared = [_strip_site(t, sites) for t, _ in meta.titles]
    if meta.html_title:
        declared.append(_strip_site(meta.html_title, sites))
    declared_norm = [_norm(t) for t in declared if t]
    for h1 in meta.h1:
        n = _norm(h1)
        if len(n) >= 8 and any(n == d or (len(n) > 15 and (n in d or d in n)) for d in declared_norm):
            return h1
    if declared:
        return declared[0]
    if len(meta.h1) == 1:
        return meta.h1[0]
    return fallback


def _standfirst(description: str | None, body: list[Paragraph]) -> str | None:
    if not description or len(description.split()) < 6:
        return None
    d = _norm(description)
    first = _norm(body[0].text) if body else ""
    if d and first.startswith(d[: max(20, len(d) - 5)]):
        return None  # the description is just the first paragraph again
    return description


def _authors(meta: PageMetadata, fallback: str | None) -> list[str]:
    for names, _source in meta.authors:
        cleaned = [n for n in (clean(x) for x in names) if n and len(n.split()) <= 6]
        if cleaned:
            return list(dict.fromkeys(cleaned))
    if fallback:
        return [n.strip() for n in fallback.split(";") if n.strip()]
    return []


def _published(meta: PageMetadata, fallback: str | None) -> PublishedDate:
    for value, source in meta.dates:
        parsed = parse_machine_date(value, source=source)
        if parsed is not None and parsed.year is not None:
            return parsed.model_copy(update={"evidence": [f"{source}: {value}"]})
    parsed = parse_machine_date(fallback, source="htmldate") if fallback else None
    if parsed is not None:
        return parsed.model_copy(update={"evidence": [f"trafilatura/htmldate guess: {fallback}"],
                                         "confidence": 0.8})
    return PublishedDate()


def _outlet(meta: PageMetadata, title: str | None, url: str | None, fallback: str | None) -> str | None:
    if meta.site_names:
        return meta.site_names[0][0]
    if meta.html_title and title:
        rest = meta.html_title.replace(title, "").strip(" |–—:»·-")
        if rest and len(rest.split()) <= 5:
            return rest
    if fallback:
        return fallback
    if url:
        host = urlsplit(url).hostname
        return host.removeprefix("www.") if host else None
    return None


def _flags(meta: PageMetadata, blocks: list[str]) -> ArticleFlags:
    text_tail = blocks[-200:]
    translated = any(P.MACHINE_TRANSLATION.search(b) for b in blocks if len(b) < 400)
    paywall = meta.paywalled or any(P.PAYWALL.search(b) for b in text_tail if len(b) < 300)
    return ArticleFlags(machine_translated=translated, paywall_teaser=paywall)
