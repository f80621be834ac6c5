"""HTML page to ``Article``: trafilatura for the body, the page's own metadata first.

trafilatura leads the public extraction benchmarks for the body, so the body is
its job. Metadata is where it is weakest (titles keep the site suffix, bylines
are missed), so we read JSON-LD, OpenGraph, ``<meta>`` and the visible ``<h1>``
ourselves and fall back to trafilatura's guesses.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html
from trafilatura.metadata import extract_author, extract_title

from ..errors import ExtractionError
from ..model import Article, ArticleFlags, Paragraph, PublishedDate, Removed
from . import patterns as P
from .dates import find_dates, infer_year, parse_machine_date
from .metadata import PageMetadata, clean, document_roots, read_metadata

_KINDS = {"p": "paragraph", "head": "heading", "quote": "quote", "list": "list"}
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:»·-]\s+|\s+::\s+")
_NORM = re.compile(r"[\W_]+", re.UNICODE)
MIN_ARTICLE_WORDS = 10
_FURNITURE = frozenset(P.FURNITURE_CLASS_WORDS)
# The page's text blocks: these elements, and the <div>s with no element in them.
_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "figcaption", "blockquote", "td", "dt", "dd", "div")


@lru_cache(maxsize=4096)  # a page asks for each text's form about twice (block, body, title ...)
def _norm(text: str | None) -> str:
    return _NORM.sub(" ", (text or "").lower()).strip()


# The class and id values as plain strings: most pages name no furniture word at all,
# and one substring test on them all spares the per-element pass (0.8 -> 0.3 ms a page).
_CLASS_AND_ID_VALUES = etree.XPath("//body//*/@class|//body//*/@id", smart_strings=False)


def _prune_furniture(tree: lxml_html.HtmlElement) -> None:
    """Remove elements whose class or id names furniture in a language trafilatura's rules miss."""
    names = " ".join(_CLASS_AND_ID_VALUES(tree)).lower()
    if not any(word in names for word in _FURNITURE):
        return
    doomed = [el for el in tree.xpath("//body//*[@class or @id]")
              if _FURNITURE.intersection(f"{el.get('class', '')} {el.get('id', '')}".lower().split())]
    for el in doomed:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


# Comments and processing instructions go at parse time: removing a comment node
# later (as trafilatura does) also removes the text that follows it.
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
# lxml.html picks each element's class in a Python method, called for every element
# object made (some 4,000 a page, most of them in trafilatura). The only classes it
# picks apart from HtmlElement are the form controls' (form, input, select ...),
# whose form API neither we nor trafilatura use; a lookup in C makes the same
# HtmlElement for all (~1.3 ms a page, two thirds of it inside trafilatura).
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity))


def parse_html(html: str, source: str) -> lxml_html.HtmlElement:
    """Parse HTML leniently; raise ``ExtractionError`` when there is no document."""
    try:
        tree = lxml_html.document_fromstring(html, parser=_PARSER)
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
    meta = read_metadata(tree, html)
    _prune_furniture(tree)
    page_blocks = [(el.tag, t) for el in _blocks(tree) if (t := clean(el.text_content()))]
    page_url = url or meta.canonical_url
    # trafilatura's own metadata pass (with htmldate) costs more than its body
    # extraction; run its pieces only where the page's own metadata is silent.
    fallback_title = extract_title(tree) if not (meta.titles or meta.h1 or meta.html_title) else None
    doc = trafilatura.bare_extraction(
        tree, url=page_url, with_metadata=False, include_comments=False, include_tables=True,
        include_images=False, favor_precision=False,
    )
    body = _paragraphs(doc.body if isinstance(doc, trafilatura.settings.Document) else None)
    no_article = ExtractionError(f"{source or 'page'}: no article text found in this HTML page")
    # A handful of words is a menu or a footer that trafilatura kept, not an article.
    if _words(body) < MIN_ARTICLE_WORDS:
        raise no_article

    article = Article(source=source, input_format="html", url=page_url)
    article.title = choose_title(meta, fallback_title)
    body, dropped, paywall = clean_body(body, article.title, [*meta.standfirsts, meta.description or ""])
    block_norms = [_norm(b) for _tag, b in page_blocks]
    body, cut = align_with_page(body, page_blocks, block_norms)
    dropped += cut
    if not body:
        raise no_article
    if len(body) > 1 and any(_norm(body[0].text) == _norm(x) for x in meta.standfirsts):
        # The standfirst rendered above the body (and kept by trafilatura) is not a paragraph.
        article.standfirst = body[0].text
        body = body[1:]
    else:
        article.standfirst = _standfirst(meta.standfirsts[0] if meta.standfirsts else meta.description, body)
    article.body = body
    # trafilatura's author guess costs as much as our whole metadata pass: only when needed.
    article.authors = _authors(meta, lambda: None if meta.authors else extract_author(tree))
    article.updated = _updated(meta)
    article.published = _published(meta, html, page_url, captured, article.updated)
    article.outlet = _outlet(meta, article.title, page_url)
    article.section = meta.section or _section_from_breadcrumb(meta.breadcrumb)
    article.tags = meta.tags or meta.visible_tags
    body_text = {_norm(p.text) for p in body}
    article.credits = list(dict.fromkeys(
        [r.text for r in dropped if r.reason.startswith("credit line")]
        + [b for _tag, b in page_blocks if len(b) < 120 and P.CREDIT_LINE.search(b)]))
    unused = [b for (_tag, b), n in zip(page_blocks, block_norms, strict=True) if n not in body_text]
    article.removed = dropped + [Removed(text=b, reason="not part of the article body") for b in unused[:500]]
    article.flags = _flags(meta, [b for _tag, b in page_blocks])
    article.flags.paywall_teaser = article.flags.paywall_teaser or paywall
    code = (meta.language or "").replace("_", "-").split("-")[0].strip().lower()
    if re.fullmatch(r"[a-z]{2,3}", code):
        article.language, article.language_source = code, "page"
    return article


def _blocks(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The block elements in document order (one walk; an XPath union walked the tree per tag)."""
    # No comments or processing instructions are left in the tree: len() counts elements.
    return [el for top in document_roots(tree) for el in top.iter(*_BLOCK_TAGS) if el.tag != "div" or not len(el)]


def _words(paragraphs: Sequence[Paragraph]) -> int:
    return sum(len(p.text.split()) for p in paragraphs)


def _paragraphs(body: etree._Element | None) -> list[Paragraph]:
    if body is None:
        return []
    for br in body.iter("lb"):  # a line break inside a paragraph still separates words
        br.tail = " " + (br.tail or "")
    out: list[Paragraph] = []
    for el in body:
        out.extend(_element_paragraphs(el))
        # Text right after a block (a heading's tail) is a paragraph of its own.
        if tail := clean(el.tail):
            out.append(Paragraph(text=tail))
    return out


def _element_paragraphs(el: etree._Element) -> list[Paragraph]:
    if el.tag == "table":
        rows = []
        for row in el.iter("row"):
            cells = [clean("".join(cell.itertext())) or "" for cell in row.iter("cell")]
            if any(cells):
                rows.append(Paragraph(text=" | ".join(cells), kind="table"))
        return rows
    if el.tag == "list":
        items = [clean("".join(item.itertext())) for item in el.iter("item")]
        return [Paragraph(text=t, kind="list") for t in items if t]
    text = clean("".join(el.itertext()))
    if not text:
        return []
    return [Paragraph(text=text, kind=_KINDS.get(el.tag, "paragraph"))]  # type: ignore[arg-type]


def clean_body(body: list[Paragraph], title: str | None,
               standfirsts: Sequence[str] = ()) -> tuple[list[Paragraph], list[Removed], bool]:
    """Drop what trafilatura kept of the page furniture: the headline repeated,
    share bars, ads, captions, related-link blocks; stop at comments, paywalls
    and other end-of-article markers. Returns (body, removed, paywall seen)."""
    from .pagetext import classify

    kept: list[Paragraph] = []
    removed: list[Removed] = []
    title_norm = _norm(title)
    decks = {n for n in (_norm(x) for x in standfirsts) if n}
    in_related = False
    for position, para in enumerate(body):
        norm = _norm(para.text)
        if title_norm and norm == title_norm and (position == 0 or para.kind == "heading"):
            removed.append(Removed(text=para.text, reason="headline repeated"))
            continue
        if para.kind == "heading" and norm in decks:
            removed.append(Removed(text=para.text, reason="standfirst repeated"))
            continue
        if position >= 1 and len(para.text) < 80 and P.READ_NEXT.match(para.text):
            removed.extend(Removed(text=p.text, reason="read-next list after the article") for p in body[position:])
            return kept, removed, False
        if len(para.text) > 300 or para.kind == "table":  # never furniture; skip the pattern checks
            in_related = False
            kept.append(para)
            continue
        kind = classify(para.text, position).kind
        if kind == "newsletter":
            kind = "related"  # a sign-up prompt: drop it and the form lines under it
        if kind == "paywall":
            removed.extend(Removed(text=p.text, reason="paywall") for p in body[position:])
            return kept, removed, True
        if kind in ("end", "tags", "list") and position >= 2:
            if _words(body[position + 1 :]) < _words(kept):
                removed.extend(Removed(text=p.text, reason="after the article") for p in body[position:])
                return kept, removed, False
            kind = "related"  # most of the text follows: an inserted block, not the end
        if kind == "related":
            in_related = True
            removed.append(Removed(text=para.text, reason="related-links block inside the body"))
            continue
        if in_related:
            if para.kind == "list" or kind in ("short", "bullet"):
                removed.append(Removed(text=para.text, reason="related-links block inside the body"))
                continue
            in_related = False
        if para.kind == "list" and _in_teaser_run(body, position):
            removed.append(Removed(text=para.text, reason="teaser list"))
            continue
        if para.kind == "paragraph" and P.ALL_CAPS_LINK.match(para.text):
            removed.append(Removed(text=para.text, reason="inline link in capitals"))
            continue
        if kind == "credit":
            removed.append(Removed(text=para.text, reason="credit line (kept in credits)"))
            continue
        if kind in ("junk", "share", "counter", "caption", "comment", "translation", "date"):
            removed.append(Removed(text=para.text, reason=kind))
            continue
        kept.append(para)
    return kept, removed, False


_HEADINGS = {"h2", "h3", "h4"}
_WALL_TAGS = {"h2", "h3", "h4", "p", "dt"}


def align_with_page(body: list[Paragraph], blocks: list[tuple[str, str]],
                    norms: list[str] | None = None) -> tuple[list[Paragraph], list[Removed]]:
    """Check the body against the page's blocks in document order.

    - A wall (comments, tags, "most read" ...) in the page after the first body
      paragraph ends the article, even where trafilatura dropped the wall's
      heading but kept what follows it.
    - A subheading between two kept paragraphs that trafilatura dropped is put back.
    """
    from .pagetext import classify

    if norms is None:  # the caller may pass them, already computed for other uses
        norms = [_norm(text) for _tag, text in blocks]
    positions: list[int | None] = []
    cursor = 0
    for para in body:
        try:  # the first block at or after the cursor with the paragraph's text
            found: int | None = norms.index(_norm(para.text), cursor)
        except ValueError:
            found = None
        positions.append(found)
        if found is not None:
            cursor = found + 1
    mapped = [p for p in positions if p is not None]
    if not mapped:
        return body, []
    wall = next((i for i in range(mapped[0] + 1, len(blocks))
                 if blocks[i][0] in _WALL_TAGS and len(norms[i].split()) <= 8
                 and _may_be_wall(blocks[i][1]) and classify(blocks[i][1], i).kind in ("end", "tags")), None)
    if wall is not None:
        # A wall with most of the text after it is a link in a share bar, not the end.
        pairs = list(zip(body, positions, strict=True))
        before = _words([p for p, pos in pairs if pos is None or pos < wall])
        after = _words([p for p, pos in pairs if pos is not None and pos > wall])
        if after >= before:
            wall = None
    kept: list[Paragraph] = []
    removed: list[Removed] = []
    previous: int | None = None
    in_body = {p for p in mapped}
    for para, pos in zip(body, positions, strict=True):
        if wall is not None and pos is not None and pos > wall:
            removed.append(Removed(text=para.text, reason="after the end of the article"))
            continue
        if pos is not None and previous is not None:
            restored = [text for i in range(previous + 1, pos)
                        for tag, text in (blocks[i],)
                        if tag in _HEADINGS and i not in in_body and len(text.split()) <= 20
                        and classify(text, i).kind in ("short", "sentence")]
            # One subheading between two paragraphs is the article's; a run of them is a card list.
            if len(restored) <= 2:
                kept.extend(Paragraph(text=text, kind="heading") for text in restored)
        kept.append(para)
        if pos is not None:
            previous = pos
    return kept, removed


def _may_be_wall(text: str) -> bool:
    """Whether ``classify`` can find the text an end marker or tags: only where their
    patterns match; the other tests are spared the headings that are not."""
    text = text.strip()
    return bool(P.END_MARKER.match(text) or P.HASHTAG_LINE.match(text) or P.TAGS_PREFIX.match(text))


def _in_teaser_run(body: list[Paragraph], position: int) -> bool:
    """Three or more list items in a row, each a headline glued to its summary."""
    def glued(i: int) -> bool:
        return 0 <= i < len(body) and body[i].kind == "list" and bool(P.GLUED_TEASER.search(body[i].text))

    if not glued(position):
        return False
    run = 1
    i = position - 1
    while glued(i):
        run, i = run + 1, i - 1
    i = position + 1
    while glued(i):
        run, i = run + 1, i + 1
    return run >= 3


def _section_from_breadcrumb(crumbs: list[str]) -> str | None:
    crumbs = [c for c in crumbs if _norm(c) not in ("home", "inicio", "portada", "αρχική", "startseite", "accueil")]
    return crumbs[-1] if crumbs and len(crumbs[-1].split()) <= 4 else None


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
    """The headline the page shows (its ``<h1>``), checked against the declared titles.

    An ``<h1>`` that agrees with og:title / JSON-LD / ``<title>`` wins; so does a
    lone plausible ``<h1>`` that shares words with them (the declared title is
    often an SEO variant of the visible one). Otherwise the best declared title,
    with the site's name cut off.
    """
    sites = [s for s, _ in meta.site_names]
    declared = [_strip_site(html_lib.unescape(t), sites) for t, _ in meta.titles]
    if meta.html_title:
        declared.append(_strip_site(html_lib.unescape(meta.html_title), sites))
    declared_norm = [_norm(t) for t in declared if t]
    site_norms = {_norm(x) for x in sites}
    headlines = [h for h in meta.h1 if 2 <= len(h.split()) <= 30 and _norm(h) not in site_norms]
    for h1 in headlines:
        n = _norm(h1)
        if len(n) >= 8 and any(n == d or (len(n) > 15 and (n in d or d in n)) for d in declared_norm):
            return h1
    if len(headlines) == 1 and (not declared_norm or _overlap(_norm(headlines[0]), declared_norm[0]) >= 0.3):
        return headlines[0]
    if declared:
        return declared[0]
    if len(meta.h1) == 1:
        return meta.h1[0]
    return fallback


def _overlap(a: str, b: str) -> float:
    """Share of the words of the shorter text found in the other."""
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def _standfirst(description: str | None, body: list[Paragraph]) -> str | None:
    if not description or len(description.split()) < 6:
        return None
    d = _norm(description)
    first = _norm(body[0].text) if body else ""
    if d and first.startswith(d[: max(20, len(d) - 5)]):
        return None  # the description is just the first paragraph again
    return description


def clean_author(name: str) -> str | None:
    """'By TOM KRISHER, AP Auto Writer' -> 'Tom Krisher'; None when it is not a name."""
    name = P.BYLINE_PREFIX.sub("", html_lib.unescape(clean(name) or "")).strip(" ,|-–—")
    name = re.sub(r"^authors?:?\s+", "", name, flags=re.I)
    name = re.split(r",\s*|\s+[|–—-]\s+", name)[0].strip()
    if (not name or len(name.split()) > 5 or any(ch.isdigit() for ch in name) or "@" in name
            or P.NOT_A_NAME.match(name) or P.BYLINE_LABEL.match(name)):
        return None
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


_AND = re.compile(r"\s+(?:and|y|und|et|και|и)\s+|\s*&\s*", re.I)


def byline_names(byline: str, site_names: Sequence[str] = ()) -> list[str]:
    """The people a visible byline names: 'By Jane Doe and John Roe | May 2' -> both.

    A byline box may span lines ("Written by" / "Jane Doe" / "Staff Writer"); a
    bare label joins the line after it, and the first line that holds a name wins.
    Within the line the names end where a role, a date or a separator starts.
    """
    lines: list[str] = []
    for line in byline.split("\n"):
        if lines and P.BYLINE_LABEL.match(lines[-1]):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    sites = [s for s in site_names if s]
    for line in lines:
        for segment in P.BYLINE_SEPARATOR.split(html_lib.unescape(line)):
            segment = P.BYLINE_OPENER.sub("", segment.strip()).strip()
            text = P.BYLINE_NAME_END.split(segment, maxsplit=1)[0]
            # A handle in lower case ("by jsteinhardt") counts only as the whole segment:
            # "By submitting, you agree" is a sentence, "mins read" a label.
            handle = text == segment and bool(P.HANDLE.fullmatch(text))
            names: list[str] = []
            pieces = [piece for part in _AND.split(text) for piece in part.split(",")]
            # After the first name comes a role or the outlet ("Jane Doe, Reuters",
            # "Brett Cruz, Privacy & Security Expert") unless it reads as a name too.
            for index, piece in enumerate(pieces):
                name = _visible_name(piece, sites, lower_ok=handle)
                if name and (index == 0 or _person_like(clean_author(piece) or "")):
                    names.append(name)
            if names:
                return list(dict.fromkeys(names))
    return []


def _visible_name(text: str, sites: Sequence[str], *, lower_ok: bool = False) -> str | None:
    """A name as shown on the page, or None when the text does not read as one
    (a sentence, initials, a job title, the site's own name)."""
    name = clean_author(text)
    if not name:
        return None
    for site in sites:  # "Brian Truitt USA TODAY": the outlet glued after the name
        if len(name) > len(site) + 2 and name.lower().endswith(" " + site.lower()):
            name = name[: -len(site)].strip()
    words = name.split()
    while len(words) > 1 and words[-1].lower() in P.ROLE_WORDS:  # "Celeste Longacre Gardener"
        words.pop()
    name = " ".join(words)
    if words[-1].lower() in P.ROLE_WORDS or name.endswith(":") or "://" in name or name.lower().startswith("www."):
        return None  # a role alone, a label ("Florence says:") or an address: not a person
    for site in sites:  # "Help Net Security Sponsored": the site signs, with a label
        if _norm(site) and _norm(name).startswith(_norm(site)):
            return site
    if not lower_ok and (all(w[0].islower() for w in words) or any(
            w[0].islower() and w.lower() not in P.NAME_PARTICLES for w in words)):
        return None  # a sentence ("By submitting this form"), not a name
    if len(words) == 1 and len(name) <= 3 and name.isupper():
        return None  # initials in an avatar ("CM")
    return name


def _person_like(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and not any(w.lower().strip(".") in P.ROLE_WORDS for w in words)


def _authors(meta: PageMetadata, fallback: Callable[[], str | None]) -> list[str]:
    """Declared people first, then the visible byline, trafilatura's guess, and
    last the site's own name given as author (an organisation where the page
    often shows a person)."""
    sites = [s for s, _ in meta.site_names]
    site_keys = {_norm(s) for s in sites}
    candidates = [[n for n in (clean_author(x) for x in names) if n] for names, _source in meta.authors]
    candidates += [byline_names(b, sites) for b in meta.bylines]
    people = [c for c in candidates if c and not all(_norm(n) in site_keys for n in c)]
    if not people and (guess := fallback()):
        candidates.append([n for n in (clean_author(x) for x in guess.split(";")) if n])
        people = [c for c in candidates if c and not all(_norm(n) in site_keys for n in c)]
    organisations = [c for c in candidates if c and c not in people]
    for names in people + organisations:
        return list(dict.fromkeys(names))
    return []


def _published(meta: PageMetadata, html: str, url: str | None, captured: date | None,
               updated: PublishedDate | None = None) -> PublishedDate:
    """Declared dates first, then the date beside the headline, the first <time>, the
    elements marked as dates, and last htmldate's guess."""
    # schema.org dates are ISO 8601; a "Jun 24, 2025" there is a template's field (Webflow
    # fills it with the item's last re-publication), trusted only after what the page shows.
    loose = any(source == "json-ld" and not _ISO_START.match(value) for value, source in meta.dates)
    if loose and (shown := _header_date(meta) or _shown_date(meta)) is not None:
        return shown
    if (first := _first_declared(meta.dates)) is not None:
        # Declared at the minute of the last save and shown on another day: the CMS
        # re-stamped the page; what the page shows is the publication.
        if _saved_at(first, meta) and (shown := _header_date(meta) or _shown_date(meta)) is not None and (
                _days_apart(shown, first) > 1):
            return shown.model_copy(update={"evidence": [
                *shown.evidence, f"declared {first.evidence[0]}, the minute of its last modification"]})
        return _local_day(first, url)
    # The page's first <time> may be a sidebar's; the date under the headline is the article's.
    if (header := _header_date(meta)) is not None:
        return header
    if (first := _first_declared([(dt, "time-element") for dt, _text in meta.visible_dates[:1] if dt])) is not None:
        return _local_day(first, url)
    for _dt, text in meta.visible_dates[:2]:
        found = find_dates(text, source="time-element")
        if found:
            written = found[0].date.model_copy(update={"evidence": [f"visible date: {text}"]})
            return infer_year(written, captured=captured, page_dates=[], weekday=found[0].weekday,
                              page_year=meta.copyright_year,
                              captured_evidence=f"page captured on {captured}" if captured else "")
    if (shown := _shown_date(meta)) is not None:
        return shown
    fallback = find_date(html, url=url, extensive_search=True, original_date=True)
    parsed = parse_machine_date(fallback, source="htmldate") if fallback else None
    if parsed is not None and updated is not None and (parsed.year, parsed.month, parsed.day) == (
            updated.year, updated.month, updated.day):
        # Often the only date a guide shows; a date to place the page in time, but not a sure one.
        return parsed.model_copy(update={"confidence": 0.5, "evidence": [
            f"trafilatura/htmldate guess: {fallback}",
            "it is the page's last update; the first publication may be earlier"]})
    if parsed is not None:
        return _unpadded(parsed.model_copy(update={"evidence": [f"trafilatura/htmldate guess: {fallback}"],
                                                   "confidence": 0.8}), html)
    return PublishedDate()


_MARKUP = re.compile(r"<[^>]*>")


def _unpadded(guess: PublishedDate, html: str) -> PublishedDate:
    """htmldate pads a date written as "2023" or "August 2023" to the 1st: keep only what the page wrote."""
    if guess.day != 1 or guess.year is None:
        return guess
    written = {(f.date.year, f.date.month, f.date.day) for f in find_dates(_MARKUP.sub(" ", html))}
    if (guess.year, guess.month, 1) in written or (guess.raw and guess.raw[:10] in html):
        return guess
    month = guess.month if guess.month != 1 or (guess.year, 1, None) in written else None
    return guess.model_copy(update={
        "month": month, "day": None, "time": None, "precision": "month" if month else "year",
        "evidence": [*guess.evidence, "no day is written with it on the page: htmldate fills a missing day with 1"]})


def _saved_at(published: PublishedDate, meta: PageMetadata) -> bool:
    """True when the declared publication is to the minute a declared last modification:
    a time stamp the CMS writes at each save, not when the article first appeared."""
    if not published.time:
        return False
    modified = (parse_machine_date(value, source=source) for value, source in meta.modified)
    return any(m is not None and (m.year, m.month, m.day, m.time) == (
        published.year, published.month, published.day, published.time) for m in modified)


def _days_apart(a: PublishedDate, b: PublishedDate) -> int:
    try:
        return abs((date(a.year or 0, a.month or 0, a.day or 0) - date(b.year or 0, b.month or 0, b.day or 0)).days)
    except ValueError:
        return 0


def _first_declared(values: Sequence[tuple[str, str]]) -> PublishedDate | None:
    """The first declared ``(value, source)`` that reads as a date with a year, with its evidence."""
    for value, source in values:
        parsed = parse_machine_date(value, source=source)
        if parsed is not None and parsed.year is not None:
            return parsed.model_copy(update={"evidence": [f"{source}: {value}"]})
    return None


def _full_date(text: str) -> PublishedDate | None:
    """The first date in ``text`` written with its year and day."""
    return next((f.date for f in find_dates(text, source="dateline") if f.date.year and f.date.day), None)


def _header_date(meta: PageMetadata) -> PublishedDate | None:
    """The first full date in a short line beside the headline, skipping "Updated ..." dates."""
    for machine, text in meta.header_lines:
        shown, _update = _split_update(text)
        found = _full_date(shown)
        if found is None:
            continue
        if machine and (parsed := parse_machine_date(machine, source="time-element")) and parsed.day:
            found = parsed  # the <time>'s own ISO date: no day-month order to guess
        return found.model_copy(update={"evidence": [f"date beside the headline: {text}"]})
    return None


def _shown_date(meta: PageMetadata) -> PublishedDate | None:
    """The first full date in an element marked as a date, skipping "Updated ..." dates."""
    for text in meta.date_texts:
        shown, _update = _split_update(text)  # "Updated March 3" is not when it was published
        if (found := _full_date(shown)) is not None:
            return found.model_copy(update={"evidence": [f"visible date: {text}"]})
    return None


_ISO_START = re.compile(r"\s*\d{4}-\d\d")


def _split_update(text: str) -> tuple[str, str]:
    """Split "May 2, 2024 · Updated May 3, 2024" into the published and the updated part."""
    mark = P.UPDATED_MARK.search(text)
    return (text[:mark.start()], text[mark.end():]) if mark else (text, "")


_URL_DATE = re.compile(r"/(20\d\d)/([01]\d)/([0-3]\d)/")
_UTC = re.compile(r"(?:Z|[+-]00:?00)$")


def _local_day(published: PublishedDate, url: str | None) -> PublishedDate:
    """The publisher's own day when a UTC timestamp falls on the next or previous day.

    A post published at 21:41 in New York is declared as ``2025-12-19T02:41+00:00``;
    its URL (``/2025/12/18/``) and its page say the 18th, and "on Monday" in its
    text counts from the 18th. The UTC time is dropped: the local time is unknown.
    """
    m = _URL_DATE.search(url or "")
    if not (m and published.time and published.day and published.raw and _UTC.search(published.raw)):
        return published
    try:
        url_day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        utc_day = date(published.year or 0, published.month or 0, published.day)
    except ValueError:
        return published
    if abs((url_day - utc_day).days) != 1:
        return published
    return published.model_copy(update={
        "year": url_day.year, "month": url_day.month, "day": url_day.day, "time": None, "precision": "day",
        "evidence": [*published.evidence, f"url date {url_day.isoformat()}: the publisher's local day "
                     f"(the declared time is UTC)"]})


def _updated(meta: PageMetadata) -> PublishedDate | None:
    """The last update: declared (dateModified, article:modified_time), else shown ("Updated ...")."""
    if (declared := _first_declared(meta.modified)) is not None:
        return declared
    shown: list[tuple[str | None, str]] = list(meta.visible_updates)
    shown += [(None, after) for _before, after in map(_split_update, meta.date_texts) if after]
    shown += [(None, after) for _before, after in map(_split_update, (t for _m, t in meta.header_lines)) if after]
    for machine, text in shown:
        parsed = parse_machine_date(machine, source="time-element") if machine else None
        if parsed is None or parsed.year is None:
            parsed = _full_date(text)
        if parsed is not None:
            return parsed.model_copy(update={"evidence": [f"visible update: {text}"]})
    return None


def _outlet(meta: PageMetadata, title: str | None, url: str | None) -> str | None:
    if meta.site_names:
        name = meta.site_names[0][0]
        if re.match(r"https?://", name, re.I):  # og:site_name="https://www.hawaiinewsnow.com"
            return outlet_of_url(name) or name
        if len(name) > 30:  # "Fermyon • Experience the next wave of cloud computing.": the brand, not the slogan
            parts = [p.strip() for p in re.split(r"\s[|•–—-]\s|\s\|$", name) if len(p.strip()) >= 2]
            if len(parts) > 1:
                return min(parts, key=len)
        return name
    if meta.html_title and title:
        rest = meta.html_title.replace(title, "").strip(" |–—:»·-")
        if rest and len(rest.split()) <= 5:
            return rest
    return outlet_of_url(url) if url else None


def outlet_of_url(url: str) -> str | None:
    """The outlet an address names when nothing else does: its host, without "www."."""
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _flags(meta: PageMetadata, blocks: list[str]) -> ArticleFlags:
    # One search over the short blocks joined by newlines (no pattern crosses a line).
    short = "\n".join(b for b in [*blocks, *meta.notices] if len(b) < 400)
    tail = "\n".join(b for b in blocks[-200:] if len(b) < 300)
    # Plain substring checks first: the patterns are costly on a whole page.
    translated = _has_stem(short.lower(), P.TRANSLATION_STEMS) and bool(P.MACHINE_TRANSLATION.search(short))
    paywall = meta.paywalled or bool(P.PAYWALL.search(_lines_with_stems(tail, P.PAYWALL_STEMS)))
    return ArticleFlags(machine_translated=translated, paywall_teaser=paywall)


def _has_stem(lower: str, stems: Sequence[str]) -> bool:
    return any(stem in lower for stem in stems)


def _lines_with_stems(text: str, stems: Sequence[str]) -> str:
    """The lines of ``text`` that hold one of ``stems`` (ASCII words) in lower case.

    A case-insensitive pattern that needs one of the stems and crosses no line matches
    only there, unless the text has a character that re.I takes for an ASCII letter
    while its lower() is not that letter; then all of it is kept. Two thirds of the
    Zyte pages name a paywall word, and the pattern then ran over the whole page.
    """
    lower = text.lower()
    if not _has_stem(lower, stems):
        return ""
    if P.ASCII_CASE_TRAPS.search(text):
        return text
    return "\n".join(line for line, low in zip(text.split("\n"), lower.split("\n"), strict=True)
                     if _has_stem(low, stems))
