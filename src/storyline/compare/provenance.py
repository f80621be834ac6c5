"""Where the story comes from: the agencies, statements, documents and outlets the sources credit,
and how much text the sources share.

Origins are read from attribution cues ("according to Reuters", "told Meridian
Press", "(MP) —"), credit lines ("With files from ...") and datelines. A dateline
abbreviation is expanded when it is the initials of a credited agency ("MP" for
"Meridian Press"). A source that credits its own outlet ("told Coastline Daily")
adds reporting of its own. Reuse is the share of word 5-grams two sources share.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .._groups import Groups
from ..analyse import canonical_key
from ..model import Article
from .result import Citation, Origin, Provenance, Reuse

__all__ = ["find_provenance"]


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper()).upper()


def _same_outlet(name: str, outlet: str | None) -> bool:
    """ "Coastline Daily" is the outlet Coastline Daily; so is "the Echo" for The Carrowby Echo."""
    if not outlet:
        return False
    short, full = re.sub(r"\W+", "", name.lower()), re.sub(r"\W+", "", outlet.lower())
    last = re.sub(r"\W+", "", outlet.split()[-1].lower())
    return short == full or (len(short) >= 4 and short == last and len(outlet.split()) > 1)


def _main_body(article: Article) -> str | None:
    """The organisation an article names most: who "the company" is."""
    counts: dict[str, tuple[int, str]] = {}
    for s in article.sentences:
        for m in s.mentions:
            if m.kind == "organisation" and not _same_outlet(m.text, article.outlet):
                n, text = counts.get(m.key, (0, m.text))
                counts[m.key] = (n + 1, text if len(text) >= len(m.text) else m.text)
    return max(counts.values())[1] if counts else None


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def find_provenance(ids: Sequence[str], articles: Sequence[Article],
                    aligned: dict[tuple[int, int], int]) -> Provenance:
    """Origins with their evidence, text reuse per pair, and the one-line summary.

    ``aligned[(a, b)]`` is how many of source ``a``'s sentences share a claim with source ``b``.
    """
    found: dict[tuple[str, str], Origin] = {}
    informants: dict[str, list[str]] = {}
    own: list[str] = []
    agencies: dict[str, str] = {}  # lower-case name or initials -> name as written

    def add(name: str, kind: str, source: int, evidence: str, index: int | None) -> None:
        key = (canonical_key(name, "organisation"), kind)
        origin = found.get(key)
        if origin is None:
            origin = found[key] = Origin(name=name, kind=kind, sources=[], evidence=[])  # type: ignore[arg-type]
        if ids[source] not in origin.sources:
            origin.sources.append(ids[source])
        if evidence not in origin.evidence:
            origin.evidence.append(evidence)
            if index is not None:
                origin.citations.append(Citation(source=ids[source], sentence=evidence, index=index))

    # The long form a text gives an acronym ("North Wire Agency (NWA)"): the analyse stage keys both alike.
    spelled_out: dict[str, str] = {}
    for article in articles:
        for s in article.sentences:
            for m in s.mentions:
                if m.kind == "organisation" and len(m.text) > len(spelled_out.get(m.key, "")):
                    spelled_out[m.key] = m.text
    for article in articles:
        for s in article.sentences:
            for attribution in s.attributions:
                if attribution.kind == "agency" or attribution.kind == "document":
                    name = attribution.source
                    full = spelled_out.get(canonical_key(name, "organisation"), name)
                    if name.isupper() and len(name) <= 5 and _initials(full) == name:
                        agencies[name] = agencies[name.lower()] = full  # the long form wins over the acronym
                        agencies.setdefault(full.lower(), full)
                        continue
                    agencies.setdefault(name.lower(), name)
                    agencies.setdefault(_initials(name), name)
    for i, article in enumerate(articles):
        for s in article.sentences:
            for attribution in s.attributions:
                name = attribution.source
                if attribution.kind in ("agency", "document"):
                    expanded = agencies.get(name.upper(), agencies.get(name.lower(), name)) if len(name) <= 5 else name
                    add(expanded, "agency", i, s.text, s.index)
                elif attribution.kind == "officials":
                    informants.setdefault(ids[i], []).append(name)
                elif attribution.kind == "statement":
                    generic = re.match(r"(?i)(?:the|la|el|η|die|der|das)\s+\w+$", name)
                    add(_main_body(article) or name if generic else name, "statement", i, s.text, s.index)
                elif _same_outlet(name, article.outlet):
                    add(article.outlet or name, "outlet", i, s.text, s.index)
                    if ids[i] not in own:
                        own.append(ids[i])
        for credit in article.credits:  # "Additional reporting by North Wire Agency", "Quelle: NWA"
            for name, spelled in agencies.items():
                if (spelled.lower() == name and name in credit.lower()) or (
                        name.isupper() and re.search(rf"\b{re.escape(name)}\b", credit)):
                    add(spelled, "agency", i, credit, None)
    origins = sorted(found.values(), key=lambda o: (o.kind != "agency", -len(o.sources), o.name))
    # Who the agency itself quotes ("five current and former Russian officials").
    for origin in origins:
        if origin.kind == "agency":
            seen: list[str] = []
            for sid in origin.sources:
                for who in informants.get(sid, []):
                    if who.lower() not in {w.lower() for w in seen}:
                        seen.append(who)
            origin.informants = seen
    reuse = _reuse(ids, articles, aligned)
    agencies_found = [o for o in origins if o.kind == "agency"]
    retold = {sid for o in agencies_found for sid in o.sources}
    # Pages that repeat one text (a syndicated copy, a press release run twice) are one report,
    # and a copy of a page that credits an agency re-tells that agency's report.
    reports = [group for group in _copy_groups(ids, reuse) if not set(group) & retold]
    independent = len(agencies_found) + len(reports)
    names = [o.name for o in agencies_found] + [articles[ids.index(group[0])].outlet or group[0] for group in reports]
    pages = f"{len(ids)} page{'s' if len(ids) != 1 else ''}"
    summary = f"{pages}, {independent} independent report{'s' if independent != 1 else ''}: {', '.join(names)}"
    if own:
        adders = dict.fromkeys(articles[ids.index(sid)].outlet or sid for sid in own)  # a page given twice: once
        summary += "; own reporting added by " + ", ".join(adders)
    return Provenance(origins=origins, reuse=reuse, independent_reports=independent, summary=summary)


# The library's threshold for a copy (library.dedup.COPY_SHARE): 30 % of the shorter text's 5-grams.
_COPY_SHARE = 0.3


def _copy_groups(ids: Sequence[str], reuse: Sequence[Reuse]) -> list[list[str]]:
    """``ids`` grouped by shared text (single link over pairs sharing ``_COPY_SHARE``), each group
    and the groups in the order of ``ids``."""
    linked = Groups(ids)
    for pair in reuse:
        if pair.overlap >= _COPY_SHARE:
            linked.link(pair.a, pair.b)
    groups: dict[str, list[str]] = {}
    for sid in ids:
        groups.setdefault(linked[sid], []).append(sid)
    return list(groups.values())


def _reuse(ids: Sequence[str], articles: Sequence[Article], aligned: dict[tuple[int, int], int]) -> list[Reuse]:
    out: list[Reuse] = []
    shingles = [_shingles(a.text) for a in articles]
    for a in range(len(articles)):
        for b in range(a + 1, len(articles)):
            small = min(len(shingles[a]), len(shingles[b])) or 1
            overlap = len(shingles[a] & shingles[b]) / small
            na, nb = len(articles[a].sentences) or 1, len(articles[b].sentences) or 1
            share = max(aligned.get((a, b), 0) / na, aligned.get((b, a), 0) / nb)
            out.append(Reuse(a=ids[a], b=ids[b], overlap=round(overlap, 3), aligned=round(min(share, 1.0), 3)))
    return out
