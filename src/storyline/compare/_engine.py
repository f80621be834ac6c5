"""``compare(articles)``: the steps in order, each timed.

analyse (if needed) -> align claims -> slot discrepancies in aligned and similar
statements -> people (names, titles, quotes) -> tensions per source -> provenance.
Every value in a finding comes from the sentence it cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .._laps import Laps
from ..analyse import analyse, find_quantities, same_amount
from ..analyse._lexicon import ZERO_WORDS
from ..model import Article
from .align import Alignment, align
from .casualties import casualty_conflicts, says_none
from .people import descriptor_conflicts, name_variants, quote_conflicts, role_concepts, role_conflicts
from .provenance import find_provenance
from .result import Citation, Claim, Comparison, Discrepancy, Position, SourceInfo, Tension
from .slots import Finding, count_conflicts, date_conflicts, figure_conflicts, scope_conflicts
from .tensions import find_tensions

__all__ = ["compare"]

_SIMILAR_Z = 2.2  # similar enough, outside a claim, to compare figures
_SCOPE_Z = 1.5  # the refusal pattern itself is specific; the statements need only be related


def compare(articles: Sequence[Article]) -> Comparison:
    """Compare two or more articles about one story; see ``storyline.compare.result`` for what comes back."""
    timings: dict[str, float] = {}
    lap = Laps(timings).lap

    for article in articles:
        if not article.sentences and article.body:
            analyse(article)
    lap("analyse")
    ids = [f"s{i + 1}" for i in range(len(articles))]
    sources = [SourceInfo(id=ids[i], input=a.source, outlet=a.outlet, title=a.title, published=a.published.iso,
                          language=a.language, machine_translated=a.flags.machine_translated,
                          sentences=len(a.sentences)) for i, a in enumerate(articles)]
    alignment = align(articles)
    lap("align")
    claims, claim_of, aligned_counts = _claims(ids, articles, alignment)
    lap("claims")
    findings = _slot_findings(articles, alignment)
    variants, joined = name_variants(articles)
    units = alignment.units
    pairs = [((units[u].source, units[u].sentence), (units[v].source, units[v].sentence))
             for _, u, v in alignment.pairs()]
    findings += variants + role_conflicts(articles, joined) + descriptor_conflicts(articles, pairs, joined)
    findings += quote_conflicts(articles, joined)
    # Casualties from any two statements, unless aligned statements already gave the same clash.
    paired = {_sentence_pair(f) for f in findings if f.kind == "claim"}
    findings += [f for f in casualty_conflicts(articles) if _sentence_pair(f) not in paired]
    discrepancies = _merge(ids, findings, claim_of)
    _widen_numbers(ids, articles, discrepancies, claim_of, claims)
    lap("discrepancies")
    tensions: list[Tension] = []
    for i, article in enumerate(articles):
        tensions += find_tensions(ids[i], article, _sentence_vectors(alignment, i, article))
    lap("tensions")
    provenance = find_provenance(ids, articles, aligned_counts)
    lap("provenance")
    return Comparison(sources=sources, claims=claims, discrepancies=discrepancies, tensions=tensions,
                      provenance=provenance, timings=timings)


def _sentence_pair(f: Finding) -> frozenset[tuple[int, int]]:
    """The two (source, sentence index) a finding sets against each other, in either order."""
    return frozenset(((f.a[0], f.a[1].index), (f.b[0], f.b[1].index)))


def _claims(ids: list[str], articles: Sequence[Article], alignment: Alignment
            ) -> tuple[list[Claim], dict[tuple[int, int], str], dict[tuple[int, int], int]]:
    """Claims from the alignment (shared / partial), then every other sentence as a single claim."""
    claims: list[Claim] = []
    claim_of: dict[tuple[int, int], str] = {}
    counts: dict[tuple[int, int], int] = {}
    seen: list[set[tuple[int, int]]] = []
    groups = sorted(alignment.claims, key=lambda ms: (-len(ms), min(alignment.units[u].source for u, _ in ms)))
    for members in groups:
        units = [alignment.units[u] for u, _ in members]
        key = {(u.source, u.sentence.index) for u in units}
        if any(key <= other for other in seen):
            continue  # the same sentences already make a claim (whole sentences beat clauses)
        seen.append(key)
        cid = f"c{len(claims) + 1}"
        status = "shared" if len({u.source for u in units}) == len(articles) else "partial"
        support = [Citation(source=ids[u.source], sentence=u.sentence.text, index=u.sentence.index,
                            part=u.text if u.clause else None) for u in units]
        claims.append(Claim(id=cid, status=status, text=units[0].text, support=support,  # type: ignore[arg-type]
                            similarity=round(min(z for _, z in members), 2)))
        for u in units:
            claim_of.setdefault((u.source, u.sentence.index), cid)
            for other in units:
                if other.source != u.source:
                    counts[(u.source, other.source)] = counts.get((u.source, other.source), 0) + 1
    for i, article in enumerate(articles):
        headings = {n for n, p in enumerate(article.body) if p.kind == "heading"}
        for s in article.sentences:
            if (i, s.index) in claim_of or s.paragraph in headings or len(s.text.split()) < 4:
                continue
            cid = f"c{len(claims) + 1}"
            claims.append(Claim(id=cid, status="single", text=s.text,
                                support=[Citation(source=ids[i], sentence=s.text, index=s.index)]))
            claim_of[(i, s.index)] = cid
    return claims, claim_of, counts


def _slot_findings(articles: Sequence[Article], alignment: Alignment) -> list[Finding]:
    units = alignment.units
    everything = [[q for s in a.sentences for q in s.quantities] for a in articles]

    def same(i: int, j: int) -> bool:
        return articles[i].language is not None and articles[i].language == articles[j].language

    out: list[Finding] = []
    in_claim: set[tuple[int, int]] = set()
    for n, u, v in alignment.pairs():
        a = (units[u].source, units[u].sentence, units[u].text)
        b = (units[v].source, units[v].sentence, units[v].text)
        in_claim.add((u, v))
        out += figure_conflicts(a, b, everything[a[0]], everything[b[0]], same_language=same(a[0], b[0]))
        out += count_conflicts(a, b, same_language=same(a[0], b[0])) + scope_conflicts(a, b)
        out += date_conflicts(a, b, group=f"date:{n}", same_language=same(a[0], b[0]))
    # Figures in statements that are very similar without being aligned ("recalled about
    # 4,500 heaters" / "has recalled some 5,400 heaters" when each sentence aligned elsewhere).
    vectors = alignment.vectors
    if vectors is None:
        return out
    whole = [n for n, u in enumerate(units) if not u.clause]
    for x in whole:
        for y in whole:
            ux, uy = units[x], units[y]
            if ux.source >= uy.source or (x, y) in in_claim:
                continue
            mu, sd = alignment.pair_stats.get((ux.source, uy.source), (1.0, 1.0))
            z = (float(vectors[x] @ vectors[y]) - mu) / sd
            a, b = (ux.source, ux.sentence, ux.text), (uy.source, uy.sentence, uy.text)
            if z >= _SCOPE_Z:
                out += scope_conflicts(a, b)
            if z >= _SIMILAR_Z and ux.sentence.quantities and uy.sentence.quantities:
                out += figure_conflicts(a, b, everything[ux.source], everything[uy.source],
                                        same_language=same(ux.source, uy.source))
    return out


def _position_key(kind: str, value: str) -> str:
    if kind == "claim" and (value.lower() in ZERO_WORDS or says_none(value)):
        return "0"  # "Nobody", "niemand", "no injuries"
    if kind == "claim" and (amounts := find_quantities(value)):
        return f"{amounts[0].value:g}"  # "Three" and "Drei" are one position
    if kind == "number":
        return re.sub(r"\D", "", value.split("(")[0]) or value.lower()
    if kind == "date":
        iso = re.search(r"\d{4}-\d{2}-\d{2}", value)
        return iso.group(0) if iso else value.lower()
    if kind == "role":
        return ",".join(sorted(role_concepts(value))) or value.lower()
    return value.lower()


def _merge(ids: list[str], findings: list[Finding], claim_of: dict[tuple[int, int], str]) -> list[Discrepancy]:
    """One discrepancy per group; one position per distinct value, holding every source that gives it."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.kind == "number":
            keys = sorted((_position_key("number", f.a[2]), _position_key("number", f.b[2])))
            f.group = "number:" + "/".join(keys)
        groups.setdefault(f.group, []).append(f)
    out: list[Discrepancy] = []
    for group in groups.values():
        kind = group[0].kind
        positions: dict[str, Position] = {}
        placed: set[str] = set()
        for f in group:
            for source, sentence, value in (f.a, f.b):
                sid = ids[source]
                key = _position_key(kind, value)
                if sid in placed and not any(sid in p.sources and k == key for k, p in positions.items()):
                    continue  # a source gives one value per discrepancy: its first
                position = positions.get(key)
                if position is None:
                    position = positions[key] = Position(value=value, sources=[], sentence=sentence.text)
                if sid not in position.sources:
                    position.sources.append(sid)
                    position.citations.append(Citation(source=sid, sentence=sentence.text, index=sentence.index))
                placed.add(sid)
        if len(positions) < 2:
            continue
        first = group[0]
        claim = claim_of.get((first.a[0], first.a[1].index))
        out.append(Discrepancy(id=f"d{len(out) + 1}", kind=kind, subject=first.subject,  # type: ignore[arg-type]
                               positions=sorted(positions.values(), key=lambda p: (-len(p.sources), p.sources)),
                               note=first.note, claim=claim if claim == claim_of.get((first.b[0], first.b[1].index))
                               else None))
    return out


def _widen_numbers(ids: list[str], articles: Sequence[Article], discrepancies: list[Discrepancy],
                   claim_of: dict[tuple[int, int], str], claims: list[Claim]) -> None:
    """Add to a figure's side every other source that states the same amount in a statement aligned
    with one already cited ("unas 4.500" joins "about 4,500")."""
    members = {c.id: c for c in claims}
    for d in discrepancies:
        if d.kind != "number":
            continue
        placed = {sid for p in d.positions for sid in p.sources}
        for position in d.positions:
            cited = position.citations[0]
            amount = next((q for q in articles[ids.index(cited.source)].sentences[cited.index].quantities
                           if q.text == position.value), None)
            claim = members.get(claim_of.get((ids.index(cited.source), cited.index), ""))
            if amount is None or claim is None or claim.status == "single":
                continue
            for support in claim.support:
                if support.source in placed:
                    continue
                sentence = articles[ids.index(support.source)].sentences[support.index]
                if any(same_amount(q, amount) for q in sentence.quantities):
                    position.sources.append(support.source)
                    position.citations.append(Citation(source=support.source, sentence=sentence.text,
                                                       index=sentence.index))
                    placed.add(support.source)


def _sentence_vectors(alignment: Alignment, source: int, article: Article) -> np.ndarray | None:
    """One row per sentence of ``article`` (zeros where the sentence was not embedded)."""
    if alignment.vectors is None or not article.sentences:
        return None
    rows = np.zeros((len(article.sentences), alignment.vectors.shape[1]), dtype=np.float32)
    for n, unit in enumerate(alignment.units):
        if unit.source == source and not unit.clause:
            rows[unit.sentence.index] = alignment.vectors[n]
    return rows
