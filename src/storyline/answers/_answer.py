"""Answering a question from a story's comparison: retrieve, group, compose.

The units a question is matched against are the comparison's *claims* (one statement
and the sentences of every source that make it, across languages) and its
*discrepancies* (one slot: a figure, a date, a name, a role, a quote's speaker, with
each side's sentences). The question's e5 vector is scored against every sentence of a
unit (the best one counts, so an English question finds a Greek sentence), plus a small
share for the question's words found in them; a discrepancy whose kind fits the question
("how many" and a figure, "when" and a date, "who" and a name) scores a little more.
Because claims and discrepancies already group sentences by what they assert, the
answer is composed from the best unit alone: a disagreement leads with "Sources
disagree", one source alone is "Only X reports", and a unit scoring under ``FLOOR`` is
no answer at all. Every quoted sentence is a source sentence, verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..compare.result import Citation, Claim, Comparison, Discrepancy
from ..report import source_labels
from ..resources import detect_language
from ._model import Answer, AnswerCitation, AnswerKind, Candidate, Statement

__all__ = ["FLOOR", "StoryUnits", "answer_from", "question_words", "units_of"]

FLOOR = 0.82
"""Least cosine between the question and the best unit's best sentence for an answer: e5 puts a
question and an unrelated news sentence at ~0.75-0.80 (the word share and the kind bonus rank
the units; they never lift one over this floor)."""
_WORDS_WEIGHT = 0.1
_KIND_BONUS = 0.03
_WORD = re.compile(r"\w+", re.UNICODE)
_QUESTION_KINDS = [
    (re.compile(r"\b(how (many|much)|what (number|amount)|cu[aá]nt[oa]s?|wie (viele?|hoch)|πόσ)", re.I),
     {"number", "quantity", "count"}),
    (re.compile(r"\b(when|what (day|date|time)|which day|cu[aá]ndo|wann|an welchem tag|πότε)", re.I), {"date"}),
    # Whole words, or "were" would read as German "wer"; Greek ποιος/ποια/ποιο by its stem.
    (re.compile(r"\b(?:who|whom|whose|qui[eé]n|wer|wem)\b|\bποι", re.I), {"name", "role", "quote"}),
    (re.compile(r"\b(said|say|says|told|dijo|sagte|δήλωσε)\b", re.I), {"quote"}),
]
_STOP = frozenset("the a an of in on at to for and or is are was were did do does what who when how many much which "
                  "with by from that this it its as be been has have had".split())


@dataclass
class Unit:
    id: str
    claim: Claim | None
    discrepancy: Discrepancy | None
    citations: list[Citation]


@dataclass
class StoryUnits:
    """A story's units and the vectors of their sentences (what a cache keeps per story version)."""

    story: int | None
    comparison: Comparison
    article_ids: list[int | None]
    units: list[Unit]
    sentences: list[str]
    vectors: np.ndarray
    unit_rows: list[list[int]]


def _discrepancy_citations(d: Discrepancy) -> list[Citation]:
    cited: list[Citation] = []
    for position in d.positions:
        cited += position.citations or []
    return cited


def units_of(comparison: Comparison, story: int | None = None,
             article_ids: Sequence[int | None] | None = None) -> StoryUnits:
    """The story's claims and discrepancies, with one e5 vector per distinct sentence."""
    from ..resources import embed_sentences

    units = [Unit(c.id, c, None, list(c.support)) for c in comparison.claims]
    units += [Unit(d.id, None, d, _discrepancy_citations(d)) for d in comparison.discrepancies]
    sentences: list[str] = []
    row_of: dict[str, int] = {}
    unit_rows = []
    for unit in units:
        rows = []
        for cite in unit.citations:
            if cite.sentence not in row_of:
                row_of[cite.sentence] = len(sentences)
                sentences.append(cite.sentence)
            rows.append(row_of[cite.sentence])
        unit_rows.append(rows)
    vectors = embed_sentences(sentences) if sentences else np.zeros((0, 384), dtype=np.float32)
    ids: list[int | None] = list(article_ids) if article_ids is not None else [None] * len(comparison.sources)
    return StoryUnits(story, comparison, ids, units, sentences, vectors, unit_rows)


def _kinds_asked(question: str) -> set[str]:
    kinds: set[str] = set()
    for pattern, fitting in _QUESTION_KINDS:
        if pattern.search(question):
            kinds |= fitting
    return kinds


def question_words(text: str) -> set[str]:
    """The words of ``text`` that say what it is about: lower case, no function words."""
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1}


def query_words(text: str) -> list[str]:
    """The words a sentence search looks for: ``question_words``, sorted; every word when all are
    function words (a search for "the who" still searches)."""
    return sorted(question_words(text)) or text.split()


def score_units(question: str, vector: np.ndarray, story: StoryUnits) -> list[Candidate]:
    """Every unit's score for the question, best first."""
    if not story.units:
        return []
    cosines = story.vectors @ np.asarray(vector, dtype=np.float32)
    asked = question_words(question)
    kinds = _kinds_asked(question)
    scored = []
    for unit, rows in zip(story.units, story.unit_rows, strict=True):
        if not rows:
            continue
        cosine = float(max(cosines[r] for r in rows))
        found = set().union(*(question_words(story.sentences[r]) for r in rows))
        share = len(asked & found) / len(asked) if asked else 0.0
        bonus = _dispute_bonus(unit.discrepancy, asked, kinds) if unit.discrepancy is not None else 0.0
        scored.append(Candidate(unit=unit.id, story=story.story, score=round(cosine + _WORDS_WEIGHT * share + bonus, 4),
                                cosine=round(cosine, 4), words=round(share, 3)))
    scored.sort(key=lambda c: -c.score)
    return scored


def _dispute_bonus(discrepancy: Discrepancy, asked: set[str], kinds: set[str]) -> float:
    """A discrepancy of the kind asked for scores a little over the claims in its sentences, when it is
    about what the question names; one about something else scores a little under them. "How many
    overheating reports?" should not lead with the count of heaters recalled in the same sentence."""
    if discrepancy.kind not in kinds:
        return 0.0
    about = question_words(discrepancy.subject)
    for position in discrepancy.positions:
        for cite in position.citations or []:
            before, found, after = cite.sentence.partition(position.value.partition(" (= ")[0])
            if found:  # the words around the value: "the Kestrel spokesman Stephen Chang", "5,400 heaters"
                about |= question_words(" ".join([*before.split()[-3:], found, *after.split()[:3]]))
    return _KIND_BONUS if not asked or asked & about else -_KIND_BONUS


def _unit(story: StoryUnits, unit_id: str) -> Unit:
    return next(u for u in story.units if u.id == unit_id)


def _disagreement_over(story: StoryUnits, unit: Unit, candidates: list[Candidate], question: str) -> Unit | None:
    """The discrepancy to lead with when the best claim is disputed: one sharing a sentence with it,
    of the kind the question asks for if any, the best scored."""
    if unit.discrepancy is not None:
        return unit
    sentences = {c.sentence for c in unit.citations}
    kinds = _kinds_asked(question)
    score = {c.unit: c.score for c in candidates}
    disputes = [u for u in story.units if u.discrepancy is not None
                and sentences & {c.sentence for c in u.citations}
                and (not kinds or u.discrepancy.kind in kinds)]
    return max(disputes, key=lambda u: score.get(u.id, 0.0), default=None)


def _citation(story: StoryUnits, cite: Citation, labels: dict[str, str]) -> AnswerCitation:
    index = next((i for i, s in enumerate(story.comparison.sources) if s.id == cite.source), None)
    source = story.comparison.sources[index] if index is not None else None
    article = story.article_ids[index] if index is not None and index < len(story.article_ids) else None
    link = f"/story/{story.story}#{cite.source}-{cite.index}" if story.story is not None else None
    return AnswerCitation(story=story.story, source=cite.source, outlet=labels.get(cite.source),
                          published=source.published if source else None, article=article,
                          sentence=cite.sentence, index=cite.index, link=link)


def _language_first(support: Sequence[Citation], comparison: Comparison, language: str | None) -> list[Citation]:
    """The sentences with those in ``language`` (the question's) first, otherwise in their order: an
    English question about a story told in Spanish and English is answered in English."""
    languages = {s.id: s.language for s in comparison.sources}
    return sorted(support, key=lambda c: language is None or languages.get(c.source) != language)


def _names(outlets: list[str]) -> str:
    return outlets[0] if len(outlets) == 1 else ", ".join(outlets[:-1]) + " and " + outlets[-1]


def _quote(text: str) -> str:
    return f"“{text}”"


def answer_from(question: str, vector: np.ndarray, stories: Sequence[StoryUnits]) -> Answer:
    """The answer to ``question`` (whose e5 query vector is ``vector``) from the best unit of ``stories``."""
    candidates = sorted((c for story in stories for c in score_units(question, vector, story)),
                        key=lambda c: -c.score)
    if not candidates or candidates[0].cosine < FLOOR:
        return Answer(question=question, kind="none", confidence=0.0, candidates=candidates[:5],
                      text="Nothing in these articles answers this question.")
    best = candidates[0]
    story = next(s for s in stories if s.story == best.story)
    labels = source_labels(story.comparison.sources,
                           [s.outlet for s in story.comparison.sources])
    unit = _disagreement_over(story, _unit(story, best.unit), candidates, question) or _unit(story, best.unit)
    # Confidence: how far the best sentence stands over the floor, and over the next unit.
    margin = best.score - (candidates[1].score if len(candidates) > 1 else FLOOR)
    confidence = round(min(1.0, (best.cosine - FLOOR) / 0.08) * 0.7 + min(max(margin, 0.0) / 0.05, 1.0) * 0.3, 3)
    language, _ = detect_language(question)
    if unit.discrepancy is not None:
        statements = []
        for position in unit.discrepancy.positions:
            cites = _language_first(position.citations or [], story.comparison, language)
            # "on Monday (= 2025-03-03)": the words are the source's, the reading is storyline's.
            value, _, resolved = position.value.partition(" (= ")
            # The value is written as the first source wrote it: a sentence in the question's language
            # leads only when it holds those same words.
            holding = [c for c in cites if value in c.sentence]
            cites = [holding[0], *(c for c in cites if c is not holding[0])] if holding else cites
            shown = cites[0].sentence if holding else position.sentence
            statements.append(Statement(value=value, resolved=resolved.rstrip(")") or None, text=shown,
                                        outlets=[labels.get(s, s) for s in position.sources],
                                        citations=[_citation(story, c, labels) for c in cites]))
        sides = []
        for statement in statements:
            dates = sorted({c.published[:10] for c in statement.citations if c.published})
            when = f" ({', '.join(dates)})" if dates else ""
            verb = "says" if len(statement.outlets) == 1 else "say"
            sides.append(f"{_names(statement.outlets)}{when} {verb} {_quote(statement.value or '')}: "
                         f"{_quote(statement.text)}")
        return Answer(question=question, kind="disagreement", text="Sources disagree: " + "; ".join(sides) + ".",
                      statements=statements, confidence=confidence, story=story.story, candidates=candidates[:5])
    claim = unit.claim
    assert claim is not None
    support = _language_first(claim.support, story.comparison, language)
    outlets = list(dict.fromkeys(labels.get(c.source, c.source) for c in support))
    first = support[0]
    statement = Statement(text=first.sentence, outlets=outlets,
                          citations=[_citation(story, c, labels) for c in support])
    kind: AnswerKind
    if len(outlets) == 1:
        text = f"Only {outlets[0]} reports: {_quote(first.sentence)}"
        kind = "single"
    else:
        text = f"{_names(outlets)} report: {_quote(first.sentence)}"
        kind = "agreement"
    return Answer(question=question, kind=kind, text=text, statements=[statement], confidence=confidence,
                  story=story.story, candidates=candidates[:5])
