"""A comparison as Markdown for the terminal, and the helpers both views share.

Both views (this one and the HTML page in ``_comparison_html``) put provenance
first (how many independent reports the pages re-tell), then what the sources
disagree on, then what they share. People read outlet names, not ``s1``/``s2``:
every label comes from :func:`source_labels`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from ..compare.result import Claim, Comparison, Discrepancy, Position, Reuse, SourceInfo, Tension

__all__ = ["comparison_markdown", "source_labels"]

_GROUP_TITLES = {"shared": "Reported by all", "partial": "Reported by some"}


# --- shared helpers --------------------------------------------------------------------------------------------


def _input_name(source_input: str) -> str:
    """The file name of a path or URL, for a source without an outlet name."""
    if source_input in ("", "-"):
        return "stdin"
    return PurePosixPath(source_input.rstrip("/")).name or source_input


def source_labels(sources: Sequence[SourceInfo], outlets: Sequence[str | None] = ()) -> dict[str, str]:
    """A readable name per source id: the outlet, else the input's file name.

    ``outlets`` can supply a fallback outlet per source (from the articles). Names
    that two sources share get their id appended: 'The Gazette (s2)'.
    """
    names: dict[str, str] = {}
    for i, info in enumerate(sources):
        fallback = outlets[i] if i < len(outlets) else None
        names[info.id] = (info.outlet or fallback or _input_name(info.input)).strip() or info.id
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {sid: f"{name} ({sid})" if counts[name] > 1 else name for sid, name in names.items()}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _percent(share: float) -> str:
    return f"{share:.0%}"


# Pairs below both are left out of the reports, counted in one line: in a story of 15 pages, 105
# lines of "0% shared wording" would bury the few pairs that did copy (the JSON keeps every pair).
_WORDING_SHOWN = 0.05
_ALIGNED_SHOWN = 0.5


def shown_reuse(comparison: Comparison) -> tuple[list[Reuse], int]:
    """The pairs worth a line (some shared wording, or half the sentences aligned), most shared
    first, and how many pairs are left out."""
    pairs = comparison.provenance.reuse
    shown = [r for r in pairs if r.overlap >= _WORDING_SHOWN or r.aligned >= _ALIGNED_SHOWN]
    shown.sort(key=lambda r: (-r.overlap, -r.aligned))
    return shown, len(pairs) - len(shown)


def left_out_reuse(count: int) -> str:
    pairs = "pair shares" if count == 1 else "pairs share"
    return (f"{count} other {pairs} under {_percent(_WORDING_SHOWN)} of their wording and under "
            f"{_percent(_ALIGNED_SHOWN)} of their sentences aligned")


def _reuse(reuse: Reuse) -> str:
    """'42% shared wording, 60% of sentences aligned' (the alignment only when measured)."""
    text = f"{_percent(reuse.overlap)} shared wording"
    return f"{text}, {_percent(reuse.aligned)} of sentences aligned" if reuse.aligned else text


def _date(published: str | None) -> str:
    return published.replace("T", " ") if published else "date unknown"


def _summary(comparison: Comparison) -> str:
    """The provenance summary, or a count when the compare stage left it empty."""
    provenance = comparison.provenance
    if provenance.summary:
        return provenance.summary
    pages = len(comparison.sources)
    reports = provenance.independent_reports or pages
    return f"{pages} page{'s' * (pages != 1)}, {reports} independent report{'s' * (reports != 1)}"


def _names(ids: Iterable[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(sid, sid) for sid in ids)


def _single_groups(claims: Sequence[Claim]) -> dict[str, list[Claim]]:
    """Single-source claims by the source that makes them, in the order first seen."""
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.status == "single" and claim.support:
            groups.setdefault(claim.support[0].source, []).append(claim)
    return groups


# --- Markdown --------------------------------------------------------------------------------------------------


def _md_provenance(comparison: Comparison, labels: dict[str, str]) -> list[str]:
    out = [f"**Provenance:** {_one_line(_summary(comparison))}", ""]
    for origin in comparison.provenance.origins:
        credited = _names(origin.sources, labels) or "no source"
        out.append(f"- Origin: **{_one_line(origin.name)}** ({origin.kind}), credited by {credited}")
    shown, left_out = shown_reuse(comparison)
    for reuse in shown:
        out.append(f"- Reuse: {labels.get(reuse.a, reuse.a)} ↔ {labels.get(reuse.b, reuse.b)}: {_reuse(reuse)}")
    if left_out:
        out.append(f"- Reuse: {left_out_reuse(left_out)}")
    return out


def _md_sources(comparison: Comparison, labels: dict[str, str]) -> list[str]:
    out = ["## Sources", ""]
    for info in comparison.sources:
        parts = [f"**{info.id}** {labels[info.id]}", f'"{_one_line(info.title or "(no title)")}"',
                 _date(info.published), info.language or "language unknown"]
        if info.machine_translated:
            parts.append("machine-translated")
        out.append("- " + " — ".join(parts))
    return out


def _md_position(position: Position, labels: dict[str, str]) -> list[str]:
    out = [f"- **{_one_line(position.value)}** — {_names(position.sources, labels)} — "
           f'"{_one_line(position.sentence)}"']
    for cite in position.citations:
        if _one_line(cite.sentence) != _one_line(position.sentence):
            out.append(f'  - {labels.get(cite.source, cite.source)}: "{_one_line(cite.sentence)}"')
    return out


def _md_discrepancies(discrepancies: Sequence[Discrepancy], labels: dict[str, str]) -> list[str]:
    out = ["## Discrepancies", ""]
    if not discrepancies:
        return [*out, "None found."]
    for d in discrepancies:
        out += [f"### {d.kind}: {_one_line(d.subject)}", ""]
        if d.note:
            out += [_one_line(d.note), ""]
        for position in d.positions:
            out += _md_position(position, labels)
        out.append("")
    return out[:-1]


def _md_tensions(tensions: Sequence[Tension], labels: dict[str, str]) -> list[str]:
    out = ["## Tensions", ""]
    if not tensions:
        return [*out, "None found."]
    for t in tensions:
        out += [f"### {labels.get(t.source, t.source)} — {t.kind}: {_one_line(t.subject)}", ""]
        if t.note:
            out += [_one_line(t.note), ""]
        # A position whose sentence names no voice (the article's own words) shows the sentence alone.
        out += [f'- **{_one_line(p.value)}** — "{_one_line(p.sentence)}"' if p.value.strip()
                else f'- "{_one_line(p.sentence)}"' for p in t.positions]
        out.append("")
    return out[:-1]


def _md_claim(claim: Claim, labels: dict[str, str]) -> list[str]:
    out = [f"- {_one_line(claim.text)}"]
    if claim.status != "single":
        out.append(f"  - {_names(dict.fromkeys(c.source for c in claim.support), labels)}")
    for cite in claim.support:
        if _one_line(cite.sentence) != _one_line(claim.text):
            out.append(f'  - {labels.get(cite.source, cite.source)}: "{_one_line(cite.sentence)}"')
    return out


def _md_claims(claims: Sequence[Claim], labels: dict[str, str]) -> list[str]:
    out = ["## Claims"]
    groups: list[tuple[str, list[Claim]]] = [
        (title, [c for c in claims if c.status == status]) for status, title in _GROUP_TITLES.items()
    ]
    groups += [(f"Only in {labels.get(sid, sid)}", group) for sid, group in _single_groups(claims).items()]
    for title, group in groups:
        if group:
            out += ["", f"### {title} ({len(group)})", ""]
            for claim in group:
                out += _md_claim(claim, labels)
    if len(out) == 1:
        out += ["", "None found."]
    return out


def comparison_markdown(comparison: Comparison) -> str:
    """The comparison as Markdown: provenance, sources, discrepancies, tensions, claims."""
    labels = source_labels(comparison.sources)
    sections = [
        _md_provenance(comparison, labels),
        _md_sources(comparison, labels),
        _md_discrepancies(comparison.discrepancies, labels),
        _md_tensions(comparison.tensions, labels),
        _md_claims(comparison.claims, labels),
    ]
    return "\n\n".join("\n".join(lines).strip("\n") for lines in sections) + "\n"
