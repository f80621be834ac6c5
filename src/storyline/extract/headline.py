"""The short texts written beside an article's headline, where its date usually is.

A page lists many dates: the article's own, and those of the related stories,
the latest posts, the events and the comments around it. The article's date
is the one in its header: in the lines right under the headline ("By Jane Doe
| March 9, 2026", "December 18, 2025 · 3 min read"), or just above it.

``beside_headline`` finds the headline element (the ``<h1>`` that agrees with
the declared titles, else a heading or ``<legend>`` that repeats one) and reads
the text nodes on either side of it in document order, lazily: only the few
nodes of the header are visited, not the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any

# Elements whose text a reader does not see as the page's words.
_UNSEEN = frozenset({"script", "style", "noscript", "template", "svg", "button", "select", "option"})
_NORM = re.compile(r"[\W_]+")
_DIGIT = re.compile(r"\d")

# Elements that hold other things than the article's header: sidebars and menus, and
# above the headline lists too (the latest posts); under it a list may be the byline's.
_BESIDE_ARTICLE = frozenset({"aside", "nav", "footer", "form"})
_OUTSIDE_HEADER = _BESIDE_ARTICLE | {"ul", "ol"}
MAX_DATE_LINE = 80  # a date line: "By Jane Doe | Published March 9, 2026 · 5 min read"
MAX_LABEL = 30  # a label on its own text node before the date: "Published", "Last updated:"
BODY_START = 200  # a text node this long is the article's first paragraph: the header ends there
AFTER_NODES, AFTER_CHARS = 25, 600  # how far under the headline to look
BEFORE_NODES = 4  # how far above it


def _norm(text: str | None) -> str:
    return _NORM.sub(" ", (text or "").lower()).strip()


def find_headline(h1s: Sequence[Any], tree: Any, titles: Sequence[str], *,
                  site_names: Sequence[str] = (), html_title: str | None = None) -> Any | None:
    """The element that shows the article's headline.

    The first ``<h1>`` whose text is one of the declared ``titles`` or most of one
    (``<title>`` adds the site's name); else the page's one ``<h1>`` that is not
    the site's name; else (a blog whose ``<h1>`` is its name, or a page of many
    ``<h1>``) an ``<h2>``-``<h4>`` or ``<legend>`` that repeats a declared title;
    else the first ``<h1>`` that is not the site's name.
    """
    declared = [n for n in (_norm(t) for t in [*titles, html_title or ""]) if n]
    sites = {n for n in (_norm(s) for s in site_names) if n}
    page_title = _norm(html_title)

    def agrees(el: Any) -> bool:
        text = _norm(el.text_content())
        return len(text) >= 8 and any(text == d or (text in d and 2 * len(text) >= len(d)) for d in declared)

    def names_site(el: Any) -> bool:
        text = _norm(el.text_content())
        at_an_end = page_title.startswith(text) or page_title.endswith(text)
        return not text or text in sites or (at_an_end and 2 * len(text) < len(page_title))

    headings = [el for el in h1s if not names_site(el)]
    for el in headings:
        if agrees(el):
            return el
    if len(headings) == 1:
        return headings[0]
    for el in islice(tree.iter("h2", "h3", "h4", "legend"), 200):
        if agrees(el):
            return el
    return headings[0] if headings else None


def _within(el: Any) -> Iterator[tuple[Any, str]]:
    """(owner, text) for the text nodes inside ``el``, in document order."""
    if not isinstance(el.tag, str) or el.tag in _UNSEEN:
        return
    if el.text:
        yield el, el.text
    for child in el:
        yield from _within(child)
        if child.tail:
            yield el, child.tail


def _within_backwards(el: Any) -> Iterator[tuple[Any, str]]:
    """(owner, text) for the text nodes inside ``el``, last first."""
    if not isinstance(el.tag, str) or el.tag in _UNSEEN:
        return
    for child in reversed(el):
        if child.tail:
            yield el, child.tail
        yield from _within_backwards(child)
    if el.text:
        yield el, el.text


def _following(el: Any) -> Iterator[tuple[Any, str]]:
    """The text nodes from the start of ``el`` to the end of the page, in document order."""
    yield from _within(el)
    node = el
    while node is not None and node.tag not in ("body", "html"):
        parent = node.getparent()
        if node.tail:
            yield parent, node.tail
        for sibling in node.itersiblings():
            if sibling.tag not in _BESIDE_ARTICLE:  # a sidebar or a menu under the headline: skipped
                yield from _within(sibling)
            if sibling.tail:
                yield parent, sibling.tail
        node = parent


def _preceding(el: Any) -> Iterator[tuple[Any, str]]:
    """The text nodes before ``el``, nearest first, up to a list or a sidebar."""
    node = el
    while node is not None and node.tag not in ("body", "html"):
        parent = node.getparent()
        if parent is None:
            return
        for sibling in node.itersiblings(preceding=True):
            if sibling.tail:
                yield parent, sibling.tail
            if sibling.tag in _OUTSIDE_HEADER:
                return  # the latest posts, a menu: not the article's header
            yield from _within_backwards(sibling)
        if parent.text:
            yield parent, parent.text
        node = parent


def _machine_date(owner: Any) -> str | None:
    """The ``datetime`` of the ``<time>`` that holds a text node, if one does."""
    for el in (owner, owner.getparent()):
        if el is not None and el.tag == "time" and el.get("datetime"):
            return str(el.get("datetime")).strip() or None
    return None


def beside_headline(headline: Any) -> list[tuple[str | None, str]]:
    """Short lines with a digit around ``headline``: (``<time datetime>``, text).

    Those under the headline come first, in order, then the nearest one above it.
    A short label on the text node before ("Published", "Updated") is kept in
    front of the text.
    """
    out: list[tuple[str | None, str]] = []
    label = ""
    used = 0
    inside = set(headline.iter())  # the proxies stay alive, so each node keeps its one proxy
    count = 0
    for owner, raw in islice(_following(headline), 10 * AFTER_NODES):  # blank nodes too, but not without end
        text = " ".join(raw.split())
        if not text or owner in inside:
            continue  # the headline itself
        count += 1
        if len(text) >= BODY_START or count > AFTER_NODES or used >= AFTER_CHARS:
            break
        used += len(text)
        if len(text) <= MAX_DATE_LINE and _DIGIT.search(text):
            out.append((_machine_date(owner), f"{label} {text}".strip()))
        label = text if len(text) <= MAX_LABEL and not _DIGIT.search(text) else ""
    above: list[tuple[Any, str]] = []  # nearest first, with one node more for the label
    for owner, raw in islice(_preceding(headline), 10 * BEFORE_NODES):
        if text := " ".join(raw.split()):
            above.append((owner, text))
            if len(above) > BEFORE_NODES:
                break
    for index, (owner, text) in enumerate(above[:BEFORE_NODES]):
        if len(text) > MAX_DATE_LINE:
            break
        if _DIGIT.search(text):
            label = above[index + 1][1] if index + 1 < len(above) else ""
            label = label if len(label) <= MAX_LABEL and not _DIGIT.search(label) else ""
            out.append((_machine_date(owner), f"{label} {text}".strip()))
            break  # only the nearest: further up are the menus and the lists beside the article
    return out
