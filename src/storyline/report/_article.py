"""One article as Markdown or as a terminal summary."""

from __future__ import annotations

from ..model import Article, PublishedDate

_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]


def describe_date(d: PublishedDate) -> str:
    """'2024-11-20 09:28 (json-ld)', '20 November, year unknown (at the latest 2025)'."""
    if d.precision == "unknown" or (d.month is None and d.year is None):
        return "unknown"
    if d.year is None:
        when = f"{d.day} {_MONTH_NAMES[d.month - 1]}" if d.day and d.month else _MONTH_NAMES[(d.month or 1) - 1]
        if d.time:
            when += f" {d.time}"
        limit = f", at the latest {d.latest_year}" if d.latest_year else ""
        text = f"{when}, year unknown{limit}"
    else:
        text = (d.iso or "").replace("T", " ")
        if d.year_inferred:
            text += f" (year inferred, confidence {d.confidence:.2f})"
    return f"{text} [{d.source}]" if d.source else text


def _meta_lines(article: Article) -> list[tuple[str, str]]:
    flags = [name.replace("_", "-") for name, on in article.flags.model_dump().items() if on]
    rows = [
        ("Outlet", article.outlet or "unknown"),
        ("Published", describe_date(article.published)),
        ("Updated", describe_date(article.updated) if article.updated else ""),
        ("Authors", ", ".join(article.authors) or "none given"),
        ("Language", f"{article.language or 'unknown'}"
                     + (f" ({article.language_source})" if article.language_source else "")),
        ("Section", article.section or ""),
        ("Tags", ", ".join(article.tags)),
        ("URL", article.url or ""),
        ("Flags", ", ".join(flags)),
        ("Source", article.source),
    ]
    return [(k, v) for k, v in rows if v]


def article_markdown(article: Article) -> str:
    """The article as a Markdown document: headline, standfirst, metadata, body."""
    out = [f"# {article.title or '(no title found)'}", ""]
    if article.standfirst:
        out += [f"*{article.standfirst}*", ""]
    out += [f"- **{k}:** {v}" for k, v in _meta_lines(article)]
    for note in article.published.evidence:
        out.append(f"  - date evidence: {note}")
    out.append("")
    for p in article.body:
        if p.kind == "heading":
            out += [f"## {p.text}", ""]
        elif p.kind == "list":
            out.append(f"- {p.text}")
        elif p.kind == "quote":
            out += [f"> {p.text}", ""]
        else:
            out += [p.text, ""]
    return "\n".join(out).rstrip() + "\n"


def article_summary(article: Article, *, width: int = 100) -> str:
    """A short plain-text view for the terminal: metadata and the body's opening."""
    lines = [article.title or "(no title found)", "=" * min(width, len(article.title or "x" * 17))]
    if article.standfirst:
        lines.append(article.standfirst)
    lines += [f"{k + ':':<11}{v}" for k, v in _meta_lines(article)]
    words = sum(len(p.text.split()) for p in article.body)
    lines.append(f"{'Body:':<11}{len(article.body)} paragraphs, {words} words; "
                 f"{len(article.removed)} boilerplate blocks removed")
    lines.append("")
    for p in article.body:
        prefix = "## " if p.kind == "heading" else "- " if p.kind == "list" else ""
        lines += [prefix + p.text, ""]
    return "\n".join(lines) + "\n"
