"""A comparison as one standalone HTML page, the sources side by side.

The page is self-contained (inline CSS, no scripts, no external assets) and treats
every string of the comparison and the articles as untrusted: each one goes
through ``html.escape`` and the only links are ``#s1-7`` anchors built here from
source ids that pass :data:`_SAFE_ID` (others get ``src1``, ``src2`` ...).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from ..compare.result import Citation, Comparison, Position, SourceInfo
from ..model import Article, Paragraph
from ._comparison import (
    _GROUP_TITLES,
    _date,
    _names,
    _one_line,
    _reuse,
    _single_groups,
    _summary,
    left_out_reuse,
    shown_reuse,
    source_labels,
)

__all__ = ["COMPARISON_CSS", "comparison_html", "comparison_sections"]

_STATUS_RANK = {"conflict": 0, "shared": 1, "partial": 2, "single": 3}
_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,40}")  # no '-': "s1-7" must only ever mean s1, sentence 7
_RESERVED_IDS = frozenset({"provenance", "discrepancies", "tensions", "claims", "sources"})
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")


# --- where each cited sentence lives -----------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


class _Anchors:
    """Sentence anchors (``s1-7``) per source, and each sentence's colour."""

    def __init__(self, sources: Sequence[SourceInfo], articles: Sequence[Article]) -> None:
        self.prefix: dict[str, str] = {}
        self._sentences: dict[str, dict[int, str]] = {}
        self._texts: dict[str, dict[str, int]] = {}
        self.status: dict[str, str] = {}
        for i, (info, article) in enumerate(zip(sources, articles, strict=True)):
            used = set(self.prefix.values())
            safe = _SAFE_ID.fullmatch(info.id) and info.id not in used and info.id not in _RESERVED_IDS
            self.prefix[info.id] = info.id if safe else next(
                f"src{n}" for n in range(i + 1, i + 2 + len(sources)) if f"src{n}" not in used
            )
            self._sentences[info.id] = {s.index: _one_line(s.text) for s in article.sentences}
            texts: dict[str, int] = {}
            for s in article.sentences:
                texts.setdefault(_one_line(s.text), s.index)
            self._texts[info.id] = texts

    def find(self, source: str, index: int | None, text: str) -> str | None:
        """The anchor of a sentence: by its index when the text there matches, else by its text.

        An index whose sentence reads differently still wins over nothing; a source
        or sentence the articles do not have gives None (no link).
        """
        sentences = self._sentences.get(source)
        if sentences is None:
            return None
        wanted = _one_line(text)
        found = index if index is not None and index in sentences else None
        if wanted and (found is None or sentences[found] != wanted):
            found = self._texts[source].get(wanted, found)
        return None if found is None else f"{self.prefix[source]}-{found}"

    def cite(self, citation: Citation) -> str | None:
        return self.find(citation.source, citation.index, citation.sentence)

    def mark(self, anchor: str | None, status: str) -> None:
        """Colour a sentence; a conflict outranks shared, shared outranks partial ..."""
        if anchor is None:
            return
        old = self.status.get(anchor)
        if old is None or _STATUS_RANK[status] < _STATUS_RANK[old]:
            self.status[anchor] = status


def _position_citations(position: Position) -> list[Citation]:
    """A position's citations; without any, its sentence as said by its first source."""
    if position.citations:
        return list(position.citations)
    if position.sources:
        return [Citation(source=position.sources[0], sentence=position.sentence, index=-1)]
    return []


def _anchors(comparison: Comparison, articles: Sequence[Article]) -> _Anchors:
    anchors = _Anchors(comparison.sources, articles)
    for d in comparison.discrepancies:
        for position in d.positions:
            for cite in _position_citations(position):
                anchors.mark(anchors.cite(cite), "conflict")
    for t in comparison.tensions:
        for tp in t.positions:
            anchors.mark(anchors.find(t.source, tp.index, tp.sentence), "conflict")
    for claim in comparison.claims:
        for cite in claim.support:
            anchors.mark(anchors.cite(cite), claim.status)
    return anchors


# --- the sections --------------------------------------------------------------------------------------------


def _link(anchor: str | None, inner: str) -> str:
    """``inner`` (already escaped) as a link to a sentence anchor built by :class:`_Anchors`."""
    return f'<a href="#{anchor}">{inner}</a>' if anchor else inner


def _quote(anchor: str | None, sentence: str) -> str:
    return _link(anchor, f"<q>{_e(sentence)}</q>")


def _html_provenance(comparison: Comparison, labels: dict[str, str], anchors: _Anchors) -> str:
    out = ['<section id="provenance">', f'<p class="summary">{_e(_summary(comparison))}</p>']
    if comparison.provenance.origins:
        out.append('<ul class="origins">')
        for origin in comparison.provenance.origins:
            credited = _e(_names(origin.sources, labels)) or "no source"
            out.append(f"<li><strong>{_e(origin.name)}</strong> <span class=\"kind\">{_e(origin.kind)}</span>"
                       f" — credited by {credited}")
            evidence = [(anchors.cite(c), c.sentence) for c in origin.citations]
            cited = {_one_line(text) for _, text in evidence}
            for text in origin.evidence:
                if _one_line(text) not in cited:
                    found = (anchors.find(sid, None, text) for sid in origin.sources)
                    evidence.append((next((a for a in found if a), None), text))
            if evidence:
                out.append('<ul class="evidence">')
                out += [f"<li>{_quote(anchor, text)}</li>" for anchor, text in evidence]
                out.append("</ul>")
            out.append("</li>")
        out.append("</ul>")
    if comparison.provenance.reuse:
        shown, left_out = shown_reuse(comparison)
        out.append('<ul class="reuse">')
        for r in shown:
            out.append(f"<li>{_e(labels.get(r.a, r.a))} ↔ {_e(labels.get(r.b, r.b))}: {_reuse(r)}</li>")
        if left_out:
            out.append(f'<li class="left-out">{_e(left_out_reuse(left_out))}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _html_position(position: Position, labels: dict[str, str], anchors: _Anchors) -> str:
    cites = _position_citations(position)
    first = anchors.cite(cites[0]) if cites else None
    by_source = {c.source: anchors.cite(c) for c in reversed(cites)}
    outlets = ", ".join(_link(by_source.get(sid), _e(labels.get(sid, sid))) for sid in position.sources)
    return (f'<li><span class="value">{_link(first, _e(position.value))}</span> — {outlets} — '
            f"{_quote(first, position.sentence)}</li>")


def _html_discrepancies(comparison: Comparison, labels: dict[str, str], anchors: _Anchors) -> str:
    out = ['<section id="discrepancies">', "<h2>Discrepancies</h2>"]
    if not comparison.discrepancies:
        out.append("<p>None found.</p>")
    for d in comparison.discrepancies:
        out.append(f'<div class="item"><h3><span class="kind">{_e(d.kind)}</span> {_e(d.subject)}</h3>')
        if d.note:
            out.append(f'<p class="note">{_e(d.note)}</p>')
        out.append("<ul>")
        out += [_html_position(p, labels, anchors) for p in d.positions]
        out.append("</ul></div>")
    out.append("</section>")
    return "\n".join(out)


def _html_tensions(comparison: Comparison, labels: dict[str, str], anchors: _Anchors) -> str:
    out = ['<section id="tensions">', "<h2>Tensions within one source</h2>"]
    if not comparison.tensions:
        out.append("<p>None found.</p>")
    for t in comparison.tensions:
        out.append(f'<div class="item"><h3><span class="kind">{_e(t.kind)}</span> {_e(t.subject)}'
                   f" — {_e(labels.get(t.source, t.source))}</h3>")
        if t.note:
            out.append(f'<p class="note">{_e(t.note)}</p>')
        out.append("<ul>")
        for p in t.positions:
            anchor = anchors.find(t.source, p.index, p.sentence)
            if not p.value.strip():  # the article's own words: no voice to name
                out.append(f"<li>{_quote(anchor, p.sentence)}</li>")
                continue
            value = _link(anchor, _e(p.value))
            out.append(f'<li><span class="value">{value}</span> — {_quote(anchor, p.sentence)}</li>')
        out.append("</ul></div>")
    out.append("</section>")
    return "\n".join(out)


def _html_matrix(comparison: Comparison, labels: dict[str, str], anchors: _Anchors) -> str:
    rows = [c for c in comparison.claims if c.status in _GROUP_TITLES]
    out = ['<section id="claims">', "<h2>Claims × sources</h2>"]
    if rows:
        heads = "".join(f'<th scope="col">{_e(labels[s.id])}</th>' for s in comparison.sources)
        out += ['<div class="scroll"><table class="matrix">',
                f'<thead><tr><th scope="col">Claim</th><th scope="col">Status</th>{heads}</tr></thead>', "<tbody>"]
        for claim in rows:
            cites = {c.source: anchors.cite(c) for c in reversed(claim.support)}
            cells = "".join(
                f'<td class="stated">{_link(cites[s.id], "stated")}</td>' if s.id in cites
                else '<td class="omitted">omitted</td>'
                for s in comparison.sources
            )
            out.append(f'<tr class="{claim.status}"><th scope="row">{_e(claim.text)}</th>'
                       f"<td>{_e(claim.status)}</td>{cells}</tr>")
        out += ["</tbody></table></div>"]
    else:
        out.append("<p>No claim is reported by more than one source.</p>")
    singles = _single_groups(comparison.claims)
    if singles:
        counts = ", ".join(f"{_e(labels.get(sid, sid))} {len(group)}" for sid, group in singles.items())
        out.append(f'<p class="note">Claims only one source makes: {counts}.</p>')
    out.append("</section>")
    return "\n".join(out)


def _sentence_span(anchor: str, text: str, status: str | None) -> str:
    css = f' class="{status}"' if status else ""
    return f'<span id="{anchor}"{css}>{_e(text)}</span>'


def _html_paragraph(paragraph: Paragraph, inner: str) -> str:
    tag = {"heading": "h4", "quote": "blockquote"}.get(paragraph.kind, "p")
    return f"<{tag}>{inner}</{tag}>"


def _html_body(info: SourceInfo, article: Article, anchors: _Anchors) -> list[str]:
    """The body as paragraphs of sentence spans; a paragraph without sentences as plain text."""
    prefix = anchors.prefix[info.id]
    spans: dict[int, list[str]] = {}
    for s in article.sentences:
        anchor = f"{prefix}-{s.index}"
        spans.setdefault(s.paragraph, []).append(_sentence_span(anchor, s.text, anchors.status.get(anchor)))
    out = [_html_paragraph(p, " ".join(spans.pop(i, [])) or _e(p.text)) for i, p in enumerate(article.body)]
    out += [f"<p>{' '.join(rest)}</p>" for _, rest in sorted(spans.items())]
    return out


def _html_source(info: SourceInfo, article: Article, label: str, anchors: _Anchors) -> str:
    language = info.language or article.language
    lang = f' lang="{language}"' if language and _LANGUAGE_TAG.fullmatch(language) else ""
    meta = [f'<span class="outlet">{_e(label)}</span>', _e(_date(info.published or article.published.iso))]
    if language:
        meta.append(_e(language))
    if info.machine_translated or article.flags.machine_translated:
        meta.append('<span class="flag">machine-translated</span>')
    out = [f'<article class="source" id="{anchors.prefix[info.id]}">',
           f'<p class="sid">{_e(info.id)} · <span class="input">{_e(info.input or article.source)}</span></p>',
           f"<h3{lang}>{_e(info.title or article.title or '(no title)')}</h3>",
           f'<p class="meta">{" · ".join(meta)}</p>', f'<div class="body"{lang}>']
    out += _html_body(info, article, anchors)
    out.append("</div></article>")
    return "\n".join(out)


_LEGEND = (
    '<p class="legend">Sentences: <span class="conflict">in a discrepancy or tension</span> '
    '<span class="shared">reported by all</span> <span class="partial">reported by some</span> '
    '<span class="single">only in this source</span> <span>not matched</span></p>'
)

COMPARISON_CSS = """
:root { --conflict: #fbd5d2; --shared: #d5efd2; --partial: #fff0b8; --single: #d9e6fb; --line: #d0d4da; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; padding: 1rem;
       max-width: 110rem; color: #1c1e21; background: #fff; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; } h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: .75rem 0 .25rem; }
nav a { margin-right: 1rem; }
.summary { font-size: 1.2rem; font-weight: 600; margin: .25rem 0; }
.kind { display: inline-block; font-size: .75rem; text-transform: uppercase; letter-spacing: .04em;
        background: #eceff3; border-radius: .25rem; padding: 0 .35rem; margin-right: .35rem; }
.note { color: #555; margin: .25rem 0; }
.item { border-left: 3px solid var(--line); padding-left: .75rem; margin-bottom: .75rem; }
.value { font-weight: 600; }
q { font-style: italic; }
.scroll { overflow-x: auto; }
.matrix { border-collapse: collapse; font-size: .9rem; }
.matrix th, .matrix td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
.matrix tbody th { font-weight: normal; max-width: 40rem; }
.matrix td.stated { background: var(--shared); } .matrix td.omitted { color: #8a8f98; }
.sources { display: grid; grid-template-columns: repeat(var(--columns, 2), minmax(0, 1fr)); gap: 1rem; }
.source { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem 1rem; min-width: 0; }
.source .sid, .source .meta { color: #555; font-size: .85rem; margin: 0; }
.outlet { font-weight: 600; color: #1c1e21; }
.flag { background: #ffe1b3; border-radius: .25rem; padding: 0 .3rem; }
.input { overflow-wrap: anywhere; }
.body span, .legend span { border-radius: .2rem; padding: 0 .1rem; }
.conflict { background: var(--conflict); } .shared { background: var(--shared); }
.partial { background: var(--partial); } .single { background: var(--single); }
.legend span { margin-right: .5rem; border: 1px solid var(--line); }
.body span:target { outline: 2px solid #1c1e21; }
blockquote { margin: .5rem 0 .5rem 1rem; }
@media (max-width: 800px) { .sources { grid-template-columns: 1fr; } body { padding: .5rem; } }
"""


def comparison_sections(comparison: Comparison, articles: Sequence[Article], *, after_provenance: str = "") -> str:
    """The comparison's sections (provenance, discrepancies, tensions, claims, sources side by side)
    as HTML to place inside a page that carries :data:`COMPARISON_CSS`; every string is escaped.

    Sentences are ``<span id="s1-7">`` (source ``s1``, sentence index 7) coloured
    ``conflict``, ``shared``, ``partial`` or ``single``; discrepancies, tensions and
    the claim matrix link to them. ``after_provenance`` is trusted HTML placed after the
    provenance section (the web app's publication chart).
    """
    if len(articles) != len(comparison.sources):
        raise ValueError(f"comparison_html needs one article per source: got {len(articles)} articles "
                         f"for {len(comparison.sources)} sources")
    labels = source_labels(comparison.sources, [a.outlet for a in articles])
    anchors = _anchors(comparison, articles)
    columns = max(1, min(len(articles), 4))
    parts = [
        _html_provenance(comparison, labels, anchors),
        after_provenance,
        '<nav class="sections"><a href="#discrepancies">Discrepancies</a><a href="#tensions">Tensions</a>'
        '<a href="#claims">Claims</a><a href="#sources">Sources</a></nav>',
        _html_discrepancies(comparison, labels, anchors),
        _html_tensions(comparison, labels, anchors),
        _html_matrix(comparison, labels, anchors),
        '<section id="sources">', "<h2>Sources</h2>", _LEGEND,
        f'<div class="sources" style="--columns: {columns}">',
        *(_html_source(info, article, labels[info.id], anchors)
          for info, article in zip(comparison.sources, articles, strict=True)),
        "</div>", "</section>",
    ]
    return "\n".join(parts)


def comparison_html(comparison: Comparison, articles: Sequence[Article]) -> str:
    """The comparison as one standalone HTML page; ``articles[i]`` is ``comparison.sources[i]``
    (see :func:`comparison_sections` for what the page holds)."""
    sections = comparison_sections(comparison, articles)
    labels = source_labels(comparison.sources, [a.outlet for a in articles])
    title = " · ".join(labels[s.id] for s in comparison.sources)
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Comparison: {_e(title)}</title>", f"<style>{COMPARISON_CSS}</style>", "</head>", "<body>",
        f"<h1>Comparison of {len(articles)} source{'s' * (len(articles) != 1)}</h1>",
        sections, "</body>", "</html>",
    ]
    return "\n".join(parts) + "\n"
