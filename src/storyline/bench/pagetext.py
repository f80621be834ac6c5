"""Render an HTML page as the text a person gets from "select all, copy".

This is the input of storyline's page-text mode in the benchmark: the same
pages as the HTML benchmark, but as a browser's plain-text copy, so text-mode
extraction can be measured against the same ground truth.

The rendering follows the browser's ``innerText`` rules closely enough:

* ``head``, ``script``, ``style``, ``noscript``, ``template``, ``svg`` (and a few
  other never-rendered elements) are dropped, and so is any element with the
  ``hidden`` attribute or an inline ``display:none`` / ``visibility:hidden``.
* Block elements start and end a line; paragraphs and headings are set off by a
  blank line; ``br`` is a line break.
* List items become ``"  • item"`` (indented two more spaces per nesting level).
* Table cells in a row are separated by a tab, rows are lines.
* Whitespace inside a line is collapsed to single spaces; ``pre`` keeps its line
  breaks. Leading and trailing spaces of a line and runs of blank lines go.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

__all__ = ["html_to_page_text"]

_SKIP = frozenset(
    {
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "audio",
        "video",
        "select",
        "datalist",
        "textarea",
        "input",
        "img",
        "picture",
        "source",
        "track",
        "map",
        "meta",
        "link",
        "title",
        "base",
        "dialog",
    }
)

_PARAGRAPH = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})

_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "main",
        "menu",
        "nav",
        "ol",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
        "li",
        "option",
        "optgroup",
        "listing",
        "plaintext",
        "xmp",
        "noframes",
        "frameset",
        "search",
    }
)

_CELL = frozenset({"td", "th"})

_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WS_RE = re.compile(r"[ \t\n\r\f\v\u200b]+")
_SPACES_RE = re.compile(r"[ \u00a0]{2,}")
_ENCODING_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# Private-use characters marking list bullets and cell separators while lines are
# being assembled, so that stripping whitespace does not eat them.
_BULLET = "\ue000"
_TAB = "\ue001"
_NEWLINE = "\ue002"


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    if style and _HIDDEN_STYLE_RE.search(style):
        return True
    return el.tag == "input" and (el.get("type") or "").lower() == "hidden"


class _Renderer:
    """Walks the tree and collects text pieces and required line-break counts."""

    def __init__(self) -> None:
        self.items: list[str | int] = []

    def text(self, value: str | None, pre: bool) -> None:
        if not value:
            return
        if pre:
            self.items.append(value.replace("\r\n", "\n").replace("\n", _NEWLINE))
        else:
            self.items.append(_WS_RE.sub(" ", value))

    def walk(self, el: etree._Element, depth: int, pre: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if not tag or tag in _SKIP or _is_hidden(el):
            return
        pre = pre or tag in {"pre", "listing", "plaintext", "xmp"}
        if tag == "br":
            self.items.append(_NEWLINE)
            return
        if tag in _PARAGRAPH:
            self.items.append(2)
        elif tag == "li":
            self.items.append(1)
            self.items.append(_BULLET * max(depth, 1))
        elif tag in _CELL:
            self.items.append(_TAB)
        elif tag in _BLOCK:
            self.items.append(1)
        child_depth = depth + 1 if tag in {"ul", "ol", "menu", "dir"} else depth
        self.text(el.text, pre)
        for child in el:
            self.walk(child, child_depth, pre)
            self.text(child.tail, pre)
        if tag in _PARAGRAPH:
            self.items.append(2)
        elif tag in _BLOCK:
            self.items.append(1)

    def result(self) -> str:
        out: list[str] = []
        pending = 0  # required line breaks before the next text
        started = False
        prefix = ""  # a list bullet waiting for the item's first text
        cell = False  # a cell separator waiting for the cell's first text
        for item in self.items:
            if isinstance(item, int):
                pending = max(pending, item)
            elif item.startswith(_BULLET):
                prefix = item
            elif item == _TAB:
                cell = True
            elif not item.strip(" "):
                # whitespace alone neither starts a line nor ends pending breaks
                if started and not pending and not prefix:
                    out.append(item)
            else:
                at_line_start = not started or pending > 0 or out[-1].endswith(_NEWLINE)
                if started and pending:
                    out.append("\n" * pending)
                if prefix:
                    out.append(prefix)
                elif cell and not at_line_start:
                    out.append(_TAB)
                pending, prefix, cell, started = 0, "", False, True
                out.append(item)
        return _finish("".join(out))


def _finish(raw: str) -> str:
    lines: list[str] = []
    for line in raw.replace(_NEWLINE, "\n").split("\n"):
        line = _SPACES_RE.sub(" ", line).strip(" \u00a0")
        line = re.sub(rf" *{_TAB} *", "\t", line)
        if line.startswith(_BULLET):
            n = len(line) - len(line.lstrip(_BULLET))
            line = "  " * n + "\u2022 " + line[n:].lstrip()
        line = line.replace(_BULLET, "")
        lines.append(line.rstrip())
    # at most one blank line in a row, none at the ends
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n")


def _parse(html: str) -> etree._Element | None:
    html = _ENCODING_DECL_RE.sub("", html)
    if not html.strip():
        return None
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        try:
            parser = lxml_html.HTMLParser(encoding="utf-8")
            root = lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
        except (etree.ParserError, ValueError):
            return None
    return root


def html_to_page_text(html: str) -> str:
    """The visible text of ``html`` as a browser's select-all copy gives it.

    Returns ``""`` for an empty or unparsable page. See the module docstring for
    the rendering rules.
    """
    root = _parse(html)
    if root is None:
        return ""
    body = root.find("body")
    renderer = _Renderer()
    renderer.walk(body if body is not None else root, 0, False)
    return renderer.result()
