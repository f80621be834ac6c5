"""Metadata a page declares about itself: JSON-LD, OpenGraph, ``<meta>``, ``<link>``.

Only what the page states is collected here, each value with where it came
from; ``html.py`` decides which to trust.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from . import patterns as P
from .headline import beside_headline, find_headline

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "webpage", "liveblogposting",
                  "socialmediaposting", "report", "scholarlyarticle", "techarticle", "posting"}


def clean(text: str | None) -> str | None:
    """Whitespace runs as one space, trimmed; None when nothing is left.

    ``str.split()`` splits on exactly the characters ``\\s`` matches, at three
    times the speed of a regex substitution (this runs some 300 times a page).
    """
    if text is None:
        return None
    return " ".join(str(text).split()) or None


@dataclass
class PageMetadata:
    """What a page says about itself. Lists keep the order of preference."""

    titles: list[tuple[str, str]] = field(default_factory=list)  # (value, source)
    dates: list[tuple[str, str]] = field(default_factory=list)
    modified: list[tuple[str, str]] = field(default_factory=list)  # declared last-update dates
    authors: list[tuple[list[str], str]] = field(default_factory=list)
    site_names: list[tuple[str, str]] = field(default_factory=list)
    description: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    html_title: str | None = None
    h1: list[str] = field(default_factory=list)
    is_article: bool = False
    paywalled: bool = False
    # What the page shows rather than declares:
    visible_dates: list[tuple[str | None, str]] = field(default_factory=list)  # (<time datetime>, text)
    visible_updates: list[tuple[str | None, str]] = field(default_factory=list)  # <time> shown as "Updated ..."
    breadcrumb: list[str] = field(default_factory=list)
    visible_tags: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    copyright_year: int | None = None
    notices: list[str] = field(default_factory=list)  # short texts that mention translation
    standfirsts: list[str] = field(default_factory=list)  # texts marked up as a standfirst/deck
    date_texts: list[str] = field(default_factory=list)  # short texts in elements marked as dates
    # short lines with a digit beside the headline, under it first: (<time datetime>, text)
    header_lines: list[tuple[str | None, str]] = field(default_factory=list)


def _walk_jsonld(node: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD (lists, @graph, nested mainEntity) into typed objects."""
    out: list[dict[str, Any]] = []
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if isinstance(item.get(key), (list, dict)):
                    stack.append(item[key])
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _names(value: Any) -> list[str]:
    """Person names from a JSON-LD ``author`` value (string, object or list)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        if _types(value) & {"organization", "newsmediaorganization", "corporation"} and not value.get("name"):
            return []
        return _names(value.get("name"))
    name = clean(str(value))
    if not name or name.startswith(("http://", "https://")):
        return []
    return [name]


def _keywords(value: Any) -> list[str]:
    if isinstance(value, list):
        return [k for v in value for k in _keywords(v)]
    if isinstance(value, str):
        return [k.strip() for k in re.split(r"[,;]", value) if k.strip()]
    return []


_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "date",
              "dc.date", "dc.date.issued", "dcterms.date", "sailthru.date", "parsely-pub-date", "publish-date",
              "cxenseparse:recs:publishtime")


_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")


def document_roots(tree: Any) -> list[Any]:
    """The document's root element and any the parser put beside it (a page of two
    html elements, one after the other), in document order: where an XPath's ``//`` looks."""
    root = tree.getroottree().getroot()
    return [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]


# The elements read here and in ``_read_visible``, found in one walk over the tree
# (an XPath for each walked the tree for each).
_READ_TAGS = ("script", "meta", "link", "title", "h1", "time", "footer", "body")


def read_metadata(tree: lxml_html.HtmlElement, html: str | None = None) -> PageMetadata:
    """Collect the page's own metadata from a parsed HTML tree."""
    meta = PageMetadata()
    elements: dict[str, list[Any]] = {tag: [] for tag in _READ_TAGS}
    for top in document_roots(tree):
        for el in top.iter(*_READ_TAGS):
            if el.tag != "meta" or top is tree:  # <meta> is read in the given tree only
                elements[el.tag].append(el)
    # The values of these attributes with their elements, read for the itemprop date
    # here and for the roles in ``_read_visible``.
    attrs = tree.xpath("//@class|//@rel|//@itemprop")
    # A plain WebPage's dates (Yoast writes the post's dates there, beside an Article
    # that has none) come after every article's and every <meta>'s.
    page_dates: list[tuple[str, str]] = []
    page_modified: list[tuple[str, str]] = []
    for script in (s for s in elements["script"] if "ld+json" in (s.get("type") or "")):
        try:
            data = json.loads(script.text_content().strip() or "null")
        except ValueError:
            continue  # broken JSON-LD is common; the other sources still count
        for obj in _walk_jsonld(data):
            kinds = _types(obj)
            if not kinds & _ARTICLE_TYPES:
                continue
            meta.is_article = meta.is_article or bool(kinds - {"webpage"})
            if "webpage" in kinds and kinds <= {"webpage"}:
                if published := clean(obj.get("datePublished")):
                    page_dates.append((published, "json-ld:webpage"))
                if modified := clean(obj.get("dateModified")):
                    page_modified.append((modified, "json-ld:webpage"))
                continue
            if headline := clean(obj.get("headline") or obj.get("name")):
                meta.titles.append((headline, "json-ld"))
            if published := clean(obj.get("datePublished") or obj.get("dateCreated")):
                meta.dates.append((published, "json-ld"))
            if modified := clean(obj.get("dateModified")):
                meta.modified.append((modified, "json-ld"))
            if names := _names(obj.get("author") or obj.get("creator")):
                meta.authors.append((names, "json-ld"))
            publisher = obj.get("publisher")
            if isinstance(publisher, dict) and (pname := clean(publisher.get("name"))):
                meta.site_names.append((pname, "json-ld"))
            section = obj.get("articleSection")
            if isinstance(section, list):
                section = section[0] if section else None
            meta.section = meta.section or clean(section)
            meta.tags.extend(_keywords(obj.get("keywords")))
            if isinstance(obj.get("inLanguage"), str):
                meta.language = meta.language or obj["inLanguage"]
            if obj.get("isAccessibleForFree") in (False, "False", "false"):
                meta.paywalled = True

    def first(values: Iterable[str | None]) -> str | None:
        return next((v for v in map(clean, values) if v), None)

    # One pass over <meta> in Python (an XPath per name, case-insensitive with
    # translate(), cost more than trafilatura's whole body extraction).
    by_name: dict[str, list[str]] = {}
    for el in elements["meta"]:
        content_value = clean(el.get("content"))
        if not content_value:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").lower()
            if key:
                by_name.setdefault(key, []).append(content_value)

    def named(*names: str) -> list[str]:
        return [v for n in names for v in by_name.get(n, [])]

    meta.titles += [(v, "og:title") for v in named("og:title")]
    meta.titles += [(v, "twitter:title") for v in named("twitter:title")]
    meta.dates += [(v, f"meta:{prop}") for prop in _DATE_META for v in by_name.get(prop, [])]
    itemprop_dates = (a.getparent().get("datetime") for a in attrs if a == "datePublished" and a.attrname == "itemprop")
    meta.dates += [(v, "itemprop") for v in map(clean, itemprop_dates) if v]
    meta.modified += [(v, f"meta:{prop}") for prop in _MODIFIED_META for v in by_name.get(prop, [])]
    meta.dates += page_dates
    meta.modified += page_modified
    for value in named("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator"):
        if not value.startswith(("http://", "https://")):
            meta.authors.append((re.split(r"\s*(?:,|\band\b|&)\s*", re.sub(r"^by\s+", "", value, flags=re.I)),
                                 "meta:author"))
    # Slack/Twitter card labels: twitter:label1 "Written by", twitter:data1 "Jane Doe".
    for n in ("1", "2"):
        label, data = named(f"twitter:label{n}"), named(f"twitter:data{n}")
        if label and data and P.BYLINE_LABEL.match(label[0]):
            meta.authors.append(([data[0]], "meta:twitter-data"))
    meta.site_names += [(v, "og:site_name") for v in named("og:site_name")]
    meta.site_names += [(v, "meta:application-name") for v in named("application-name", "apple-mobile-web-app-title")]
    meta.description = next(iter(named("og:description", "description")), None)
    canonical = (link.get("href") for link in elements["link"] if link.get("rel") == "canonical")
    meta.canonical_url = first(canonical) or next(iter(named("og:url")), None)
    lang = first(tree.xpath("/html/@lang | /html/@xml:lang")) or next(iter(named("content-language")), None)
    meta.language = meta.language or lang or next(iter(named("og:locale")), None)
    meta.section = meta.section or next(iter(named("article:section")), None)
    meta.tags.extend(named("article:tag"))
    if not meta.tags:
        for value in named("news_keywords", "keywords"):
            meta.tags.extend(_keywords(value))
    # The text nodes of the <title>s: each one's text and its children's tails.
    meta.html_title = first(text for title in elements["title"] for text in (title.text, *(c.tail for c in title)))
    meta.h1 = [t for t in (clean(h.text_content()) for h in elements["h1"]) if t]
    meta.tags = list(dict.fromkeys(meta.tags))
    _read_visible(tree, meta, html, elements, attrs)
    headline = find_headline(elements["h1"], tree, [t for t, _ in meta.titles],
                             site_names=[s for s, _ in meta.site_names], html_title=meta.html_title)
    if headline is not None:
        meta.header_lines = beside_headline(headline)
    return meta


_TRANSLATION_WORDS = ("ranslat", "μεταφρ", "traduc", "übersetz", "перев", "tradu")
# Elements whose first text node mentions translation. ``text()[1][...]`` reads the
# child text nodes once, where ``contains(text(), w)`` per word read them six times.
_TRANSLATION_NOTICES = etree.XPath(
    "//body//*[text()[1][" + " or ".join(f'contains(., "{w}")' for w in _TRANSLATION_WORDS) + "]]")
# Roles an element's class/rel/itemprop can name, in order of precedence, by the words
# that name them (matched as substrings of the lower-cased attribute).
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("breadcrumb", ("breadcrumb",)),
    ("tags", ("tags", "tag-list", "topics", "keywords", "etiquetas")),
    ("byline", ("byline", "author")),
    ("standfirst", ("standfirst", "deck", "dek", "subtitle", "subheadline", "bajada", "entradilla", "lead-in",
                    "summary", "excerpt", "teaser-text")),
    ("date", ("date", "publish", "posted", "dateline", "timestamp", "fecha", "datum")),
)


# Text nodes that open a written byline ("By Nicole Burke", "Written by", "Posted by", "Author:");
# navigation menus ("By Industry", "By Role") are left out.
_BY_STARTS = ("By ", "by ", "By:", "by:", "BY ", "Written by", "Written By", "Posted by", "Posted By", "Article by",
              "Article written by", "Por ")
_BY_LABELS = ("Author", "Author:", "Authors", "Authors:", "Author name", "Author Name")
# contains() first: a cheap filter that spares most text nodes the normalize-space() calls
# (4.4 -> 1.6 ms a page on the Zyte pages).
_BY_TEXT = ("//body//text()[contains(., 'By') or contains(., 'by') or contains(., 'BY') or contains(., 'Author')"
            " or contains(., 'Por')][not(ancestor::nav) and ("
            + " or ".join([f"starts-with(normalize-space(.), '{w}')" for w in _BY_STARTS]
                          + [f"normalize-space(.)='{w}'" for w in ("By", "by", *_BY_LABELS)])
            + ")]")


def _raw(words: str) -> str:
    """``words`` as they can stand in raw HTML: any run of whitespace where one space is written."""
    return r"\s+".join(re.escape(w) for w in words.split()) + (r"\s" if words.endswith(" ") else "")


# The same openers and labels at the start of a text node in the raw page, built from the
# lists above: when none is there the XPath cannot match, and half of the pages are spared it.
_BY_IN_HTML = re.compile(">\\s*(?:" + "|".join(
    [_raw(w) for w in _BY_STARTS] + [_raw(w) + r"\s*<" for w in ("By", "by", *_BY_LABELS)]) + ")")
# Elements that break a line where a browser renders them.
_BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
                         "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p",
                         "section", "table", "td", "th", "tr", "ul"})


def text_lines(el: Any) -> list[str]:
    """The element's text as the lines a browser shows: block elements break lines.

    A byline box reads "Jane Doe" / "Staff Writer" / "May 2, 2025" as three
    lines, where ``text_content()`` glues them into "Jane DoeStaff WriterMay 2, 2025".
    """
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if line := clean("".join(current)):
            lines.append(line)
        current.clear()

    def walk(node: Any) -> None:
        block = isinstance(node.tag, str) and node.tag in _BLOCK_TAGS
        if block:
            flush()
        if isinstance(node.tag, str) and node.tag not in ("script", "style", "noscript", "template"):
            current.append(node.text or "")
            for child in node:
                walk(child)
                current.append(child.tail or "")
        if block:
            flush()

    walk(el)
    flush()
    return lines


def _take_role(role: str, el: Any, meta: PageMetadata, bylines: list[str]) -> None:
    """Record what an element marked with ``role`` shows."""
    if role == "breadcrumb" and not meta.breadcrumb:
        items = [clean(a.text_content()) for a in el.xpath(".//a|.//li[not(.//a)]|.//span[not(*)]")]
        meta.breadcrumb = [i for i in dict.fromkeys(i for i in items if i) if i not in "/›»>"]
    elif role == "tags" and len(meta.visible_tags) < 30:
        for a in el.xpath(".//a") or ([el] if el.tag == "a" else []):
            t = clean(a.text_content())
            if t and len(t) < 60 and t not in meta.visible_tags:
                meta.visible_tags.append(t)
    elif role == "byline" and len(bylines) < 5 and el.tag not in ("meta", "link", "script"):
        lines = text_lines(el)
        if lines and sum(len(line) for line in lines) < 200:
            bylines.append("\n".join(lines))
    elif role == "standfirst" and len(meta.standfirsts) < 5 and el.tag in ("p", "h2", "h3", "div", "span"):
        text = clean(el.text_content())
        if text and 5 <= len(text.split()) <= 80:
            meta.standfirsts.append(text)
    elif role == "date" and len(meta.date_texts) < 5 and el.tag not in ("meta", "link", "script", "body", "html"):
        # Words joined with spaces: "Mental Health<span>DECEMBER 22, 2022</span>" must not glue.
        text = clean(" ".join(el.itertext()))
        if text and len(text) <= 120:
            meta.date_texts.append(text)


def _shown_as_update(time_el: Any) -> bool:
    """True when a ``<time>`` is marked up or introduced as a last update ("Updated <time>")."""
    marks = f"{time_el.get('class', '')} {time_el.get('itemprop', '')}".lower()
    if "modif" in marks or "updat" in marks or P.UPDATED_MARK.match(clean(time_el.text_content()) or ""):
        return True
    parent = time_el.getparent()
    if parent is None:
        return False
    before = parent.text or ""
    for sibling in parent:
        if sibling is time_el:
            break
        before += " ".join(sibling.itertext()) + (sibling.tail or "")
    return bool(P.UPDATED_MARK.search(before[-60:]))


def _label_and_value(el: Any) -> str | None:
    """A byline label and the name after it: the rest of the label's element, else
    the first line of the next element, climbing at most two levels for one."""
    for _ in range(3):
        lines = text_lines(el)
        if len(lines) > 1 or (lines and not P.BYLINE_LABEL.match(lines[0])):
            return " ".join(lines[:2])
        label = lines[0] if lines else ""
        following = el.getnext()
        while following is not None and not text_lines(following):
            following = following.getnext()
        if following is not None:
            return f"{label} {text_lines(following)[0]}"
        el = el.getparent()
        if el is None or el.tag in ("body", "html"):
            return None
    return None


def _declares_person(meta: PageMetadata) -> bool:
    """Whether a declared author is more than the site's own name."""
    sites = {_key(name) for name, _ in meta.site_names}
    return any(_key(name) not in sites for names, _ in meta.authors for name in names)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", text.lower())


def _read_visible(tree: lxml_html.HtmlElement, meta: PageMetadata, html: str | None,
                  elements: dict[str, list[Any]], attrs: list[Any]) -> None:
    """Dates, breadcrumb, tags, bylines and notices as the page shows them.

    One pass over the class/rel/itemprop attribute values (``attrs``), matched in
    Python: an XPath per role with translate() cost more than the whole trafilatura run.
    """
    for el in elements["time"][:10]:
        text = clean(el.text_content())
        if text or el.get("datetime"):
            into = meta.visible_updates if _shown_as_update(el) else meta.visible_dates
            into.append((clean(el.get("datetime")), text or ""))
    bylines: list[str] = []
    # All attribute values joined and lower-cased once, then str.find per role word
    # (C speed); offsets map a hit back to its element. A regex with these
    # alternatives and re.I took longer than the rest of the metadata pass.
    joined = "\n".join(attrs).lower()
    starts = list(accumulate((len(a) + 1 for a in attrs), initial=0))
    seen: set[Any] = set()
    for role, words in _ROLES:
        hits: set[int] = set()
        for word in words:
            at = joined.find(word)
            while at != -1:
                hits.add(bisect_right(starts, at) - 1)
                at = joined.find(word, at + len(word))
        for index in sorted(hits):
            el = attrs[index].getparent()
            if el in seen:
                continue
            seen.add(el)
            _take_role(role, el, meta, bylines)
    # Bylines written out ("By Nicole Burke", "Written by John Crenshaw") in any element;
    # this scans every text node, so only when the page declares no author other than the site.
    scan = not _declares_person(meta) and (html is None or _BY_IN_HTML.search(html) is not None)
    for text in (tree.xpath(_BY_TEXT)[:10] if scan else []):
        line = clean(text)
        parent = text.getparent()
        if parent is not None and text.is_tail:  # a tail's getparent() is the element before it
            parent = parent.getparent()
        if line and P.BYLINE_LABEL.match(line) and parent is not None:
            line = _label_and_value(parent)  # "By <a>Name</a>", "<p>Written by</p><p>Name</p>"
        if line and len(line.split()) <= 7 and len(bylines) < 8:
            bylines.append(line)
    meta.bylines = bylines
    # The XPath below scans every text node; the body's text tells first whether it can
    # match (the raw page also has the words in links, scripts and attributes: 67 Zyte
    # pages pass that test, 25 this one).
    body_text = "".join(body.text_content() for body in elements["body"])
    if any(w in body_text for w in _TRANSLATION_WORDS):
        meta.notices = [t for t in (clean(el.text_content()) for el in _TRANSLATION_NOTICES(tree)[:20])
                        if t and len(t) < 400]
    for el in elements["footer"][-1:] or elements["body"][-1:]:
        year = P.COPYRIGHT_YEAR.search(el.text_content()[-3000:])
        if year:
            meta.copyright_year = int(year.group(1))
