"""Casualties across sources: one says nobody was hurt, another counts the hurt.

The most checked figure of breaking news, and one that sources state in sentences too different
to align ("Nobody was injured" / "Three people were taken to hospital with breathing
difficulties"; "Verletzt wurde niemand" / "Drei Anwohner wurden ins Krankenhaus gebracht").
So each source's casualty statements are read on their own, by a small lexicon per language,
and a source saying none is set against one giving a count. Slots (``slots.count_conflicts``)
cover the same clash between aligned statements; this covers it between any two.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Article, Sentence
from .slots import GENERIC_ZERO, Finding, different_times

__all__ = ["casualty_conflicts", "says_none"]

# Words that say someone was hurt, or killed, in the languages we read.
_HURT = re.compile(
    r"\b(?:injur\w*|hurt|wounded|hospitali[sz]ed|hospital|verletzt\w*|krankenhaus|klinik|herid[oa]s?|"
    r"hospitalizad[oa]s|τραυματ\w*|νοσοκομείο|ранен\w*|пострада\w*|больниц\w*|поранен\w*)\b", re.I | re.U)
_KILLED = re.compile(
    r"\b(?:killed|dead|died|deaths?|tot|toten?|getötet|starben|muert[oa]s?|murieron|fallecid[oa]s|"
    r"νεκρ\w*|σκοτώθηκ\w*|погиб\w*|убит\w*|загинул\w*)\b", re.I | re.U)
_NONE = re.compile(
    r"\b(?:no[- ]one|nobody|none|niemand|nadie|κανείς|κανένας|никто|ніхто)\b|"
    r"\b(?:no|keine|ningún|ninguna|sin)\s+(?:injuries|casualties|deaths|verletzten|toten|herid[oa]s|muertos)\b",
    re.I | re.U)


def says_none(words: str) -> bool:
    """True for the words of a "none" statement as this module records them ("no-one", "keine Toten")."""
    return _NONE.fullmatch(words) is not None


_NEAR = 6  # words between the count and the word that says what it counts


def _near(text: str, start: int, end: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` within ``_NEAR`` words of ``text[start:end]``."""
    before = " ".join(text[:start].split()[-_NEAR:])
    after = " ".join(text[end:].split()[:_NEAR])
    return pattern.search(before) or pattern.search(after)


_YEAR = re.compile(r"(?<![\d.,:/-])((?:19|20)\d\d)(?![\d.,:/]\d)")


def _history(sentence: Sentence, article: Article) -> bool:
    """The statement is dated to an earlier year than the page ("In 2019 three people were injured in a fire
    at the plant"): casualties of another event."""
    years = {int(y) for y in _YEAR.findall(sentence.text)}
    years |= {int(t.last_day[:4]) for t in sentence.times if t.last_day}
    if not years:
        return False
    published = article.published.year if article.published else None
    return published is None or max(years) < published


def _statements(sentence: Sentence, article: Article) -> list[tuple[str, str, str]]:
    """(what: "hurt" or "killed", "none" or "some", the words as written) for each casualty statement."""
    out: list[tuple[str, str, str]] = []
    text = sentence.text
    if _history(sentence, article):
        return out
    for what, pattern in (("hurt", _HURT), ("killed", _KILLED)):
        # A sentence that says none counts something else ("No-one was injured in the incident, which
        # saw more than 50 firefighters tackle the blaze"): its figures are no casualties.
        for m in _NONE.finditer(text):
            if not GENERIC_ZERO.match(text, m.end()) and _near(text, m.start(), m.end(), pattern):
                out.append((what, "none", m.group(0)))
                break
        else:
            for q in sentence.quantities:
                end = q.start + len(q.text)
                if q.value > 0 and q.unit is None and q.high is None and _near(text, q.start, end, pattern):
                    out.append((what, "some", q.text))
                    break
    return out


def casualty_conflicts(articles: Sequence[Article]) -> list[Finding]:
    """A source that says nobody was hurt (or killed) against one that counts the hurt (or the dead)."""
    said: dict[tuple[str, str], list[tuple[int, Sentence, str]]] = {}
    for i, article in enumerate(articles):
        for sentence in article.sentences:
            for what, amount, words in _statements(sentence, article):
                said.setdefault((what, amount), []).append((i, sentence, words))
    findings: list[Finding] = []
    for what in ("hurt", "killed"):
        for zero in said.get((what, "none"), []):
            for some in said.get((what, "some"), []):
                if zero[0] == some[0] or different_times(zero[1], zero[1].text, some[1], some[1].text):
                    continue
                subject = "injuries" if what == "hurt" else "deaths"
                findings.append(Finding("claim", subject, zero, some,
                                        f"one says {zero[2]!r}, the other {some[2]!r}: both cannot be true",
                                        f"claim:{subject}"))
    return findings
