"""How alike two articles are as *stories*: the same event, not just the same topic.

An article is reduced to a :class:`Profile`: one multilingual e5 vector of its
title and lead (``lead_text``), the keys of the people, organisations and places it
names, its publication day and language. :func:`similarity` scores two profiles; the
streaming clusterer in ``cluster.py`` scores a profile against a story with the same
formula (``combine``), the story's side being its centroid and its members' entity shares.

The score, in [0, 1]::

    semantic = clip((cosine - COSINE_FLOOR) / (1 - COSINE_FLOOR), 0, 1)
    entities = |A ∩ B| / sqrt(|A| |B|)                   (cosine of the two key sets)
    score    = SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * entities

and 0 when both are dated more than ``WINDOW_DAYS`` apart. When either side names
nobody, the entity term is left out and the score is ``NO_NAMES_FACTOR * semantic``:
the vector alone must carry it, as for a title-only item. An undated side puts no
limit of time. Why the floor: e5 gives unrelated news ~0.72 cosine, so raw cosines crowd
into [0.7, 1]. The constants were tuned on ECB+ topics 1-35 only and the window checked
on the Gedikli pairs (see ``storyline bench clustering`` / ``bench similarity``).

Two numbers, two jobs. ``score`` decides *whether* two reports are one story: the shared
names confirm a join, and the clusterer's threshold is set on it. ``semantic`` (the term
above on its own, window ignored) grades *how alike* two reports are: on SemEval-2022
task 8 it follows the annotators better than the score (Pearson r 0.756 against 0.726 over
all 1,464 pairs), as a count of shared spellings is a coarse, noisy grade.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from ..model import Article, PublishedDate, Sentence

__all__ = [
    "COSINE_FLOOR",
    "CROSS_LINGUAL_SHIFT",
    "ENTITY_KINDS",
    "LEAD_CHARS",
    "NO_NAMES_FACTOR",
    "SEMANTIC_WEIGHT",
    "WINDOW_DAYS",
    "Profile",
    "Similarity",
    "combine",
    "entities_of",
    "lead_text",
    "profile_of",
    "profiles",
    "published_day",
    "semantic",
    "similarity",
]

COSINE_FLOOR = 0.8
"""Cosine that counts as 'nothing in common' for the story: unrelated news sits near 0.72
in e5 and same-topic reports of different events near 0.8 (tuned on ECB+ topics 1-35)."""
SEMANTIC_WEIGHT = 0.7
"""Share of the score from the vectors; the rest from shared names."""
CROSS_LINGUAL_SHIFT = 0.04
"""Added to the cosine of two sides with no language in common (see ``combine``)."""
WINDOW_DAYS = 7
"""Articles dated further apart than this are never one story. 82 of Gedikli's 88 same-story
pairs are within 7 days; 10 or 14 days found one more and cost precision (1.000 -> 0.973).
The index widens a story's whole date range by it, so a story with steady coverage goes on."""
LEAD_CHARS = 700
"""How much of the body after the title goes into the vector: the lead carries the event.
Measured on ECB+ (AUC of cosine for same event vs look-alike event in one topic): 400
characters 0.912, 700 0.918, the whole text 0.886 at four times the embedding time."""
NO_NAMES_FACTOR = 0.9
"""The score is this share of the semantic term when a side names nobody: with no names to
confirm it, the vectors alone must be surer. On ECB+ topics 1-35 with names ignored the best
threshold was 0.45 on the semantic term, against 0.4 on the combined score: 0.4 / 0.45 ≈ 0.9."""
ENTITY_KINDS = frozenset({"person", "organisation", "place"})


@dataclass
class Profile:
    """What the library keeps of an article to cluster it."""

    vector: np.ndarray
    """(384,) float32 unit vector of title + lead."""
    entities: frozenset[str]
    """Canonical mention keys of the people, organisations and places named."""
    published: date | None = None
    language: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Everything but the vector (stored apart, as float32 bytes)."""
        return {
            "entities": sorted(self.entities),
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], vector: np.ndarray) -> Profile:
        """The profile ``to_json`` described, with its stored vector."""
        published = data.get("published")
        return cls(
            vector=np.asarray(vector, dtype=np.float32).reshape(-1),
            entities=frozenset(data.get("entities") or ()),
            published=date.fromisoformat(published) if published else None,
            language=data.get("language"),
        )


@dataclass
class Similarity:
    """A score and the evidence behind it."""

    score: float
    """Same story? In [0, 1]; the clusterer joins at ``cluster.JOIN_THRESHOLD``."""
    cosine: float
    semantic: float = 0.0
    """How alike, graded: the rescaled cosine alone (see the module docstring), for ranking."""
    shared_entities: list[str] = field(default_factory=list)
    days_apart: int | None = None


def published_day(published: PublishedDate) -> date | None:
    """The publication day, or None unless year, month and day are all known."""
    if published.year is None or published.month is None or published.day is None:
        return None
    try:
        return date(published.year, published.month, published.day)
    except ValueError:
        return None


def lead_text(article: Article, limit: int = LEAD_CHARS) -> str:
    """Title, standfirst and the first paragraphs, up to ``limit`` characters after the title."""
    parts: list[str] = []
    size = 0
    for text in [article.standfirst or "", *(p.text for p in article.body)]:
        if size >= limit:
            break
        text = text.strip()
        if text:
            parts.append(text[: limit - size])
            size += len(parts[-1]) + 1
    title = (article.title or "").strip()
    return "\n".join([title, *parts]) if title else "\n".join(parts)


def entities_of(article: Article, sentences: Sequence[Sentence] | None = None) -> frozenset[str]:
    """The keys of the people, organisations and places the article names (body and title).

    ``sentences``: the body's sentences with their names read already (``analyse.named_sentences``)."""
    from ..analyse import find_names
    from ..analyse.entities import find_mentions

    # The body's names (from the analysis when there is one); the title names the story's actors too.
    if sentences is None and article.sentences:
        sentences = article.sentences
    mentions = [m for s in sentences for m in s.mentions] if sentences is not None else find_names(article)
    if article.title:
        mentions += find_mentions(article.title, article.language)
    return frozenset(m.key for m in mentions if m.kind in ENTITY_KINDS and m.key)


def profile_of(article: Article, vector: np.ndarray, entities: frozenset[str] | None = None) -> Profile:
    """The profile of ``article`` whose lead embeds to ``vector``."""
    return Profile(
        vector=np.asarray(vector, dtype=np.float32),
        entities=entities_of(article) if entities is None else entities,
        published=published_day(article.published),
        language=article.language,
    )


def profiles(articles: Sequence[Article], entities: Sequence[frozenset[str]] | None = None) -> list[Profile]:
    """Profiles of ``articles``, with one embedding call for all of them.

    The names come from the analysed sentences when an article has them, else from a
    names-only reading of its body (``analyse.find_names``, the same keys); the articles
    are not changed.
    """
    from ..resources import embed_sentences

    vectors = embed_sentences([lead_text(a) for a in articles])
    names = entities if entities is not None else [None] * len(articles)
    return [profile_of(a, v, e) for a, v, e in zip(articles, vectors, names, strict=True)]


def days_apart(a: date | None, b: date | None) -> int | None:
    """Whole days between two dates; None when either is unknown."""
    if a is None or b is None:
        return None
    return abs((a - b).days)


def combine(cosine: float, entities: float | None, *, cross_lingual: bool = False) -> float:
    """The score from a cosine and an entity overlap in [0, 1] (None: no names on a side).

    ``cross_lingual``: the two sides share no language. e5 places a text and its report in
    another language ~0.04 lower than two reports in one language (SemEval-2022 task 8
    training pairs: same story 0.870 across languages vs 0.915 within; different stories
    0.784 vs 0.813), and names are spelt apart, so the cosine is read that much higher.
    """
    term = semantic(cosine, cross_lingual=cross_lingual)
    if entities is None:
        return NO_NAMES_FACTOR * term
    return SEMANTIC_WEIGHT * term + (1.0 - SEMANTIC_WEIGHT) * entities


def semantic(cosine: float, *, cross_lingual: bool = False) -> float:
    """The cosine rescaled from ``COSINE_FLOOR`` to [0, 1], read ``CROSS_LINGUAL_SHIFT`` higher across languages."""
    if cross_lingual:
        cosine += CROSS_LINGUAL_SHIFT
    return min(1.0, max(0.0, (cosine - COSINE_FLOOR) / (1.0 - COSINE_FLOOR)))


def similarity(a: Profile, b: Profile) -> Similarity:
    """How likely ``a`` and ``b`` report the same story; see the module docstring for the formula."""
    cosine = float(np.dot(a.vector, b.vector))
    shared = sorted(a.entities & b.entities)
    overlap = len(shared) / math.sqrt(len(a.entities) * len(b.entities)) if a.entities and b.entities else None
    gap = days_apart(a.published, b.published)
    cross = bool(a.language and b.language and a.language != b.language)
    score = 0.0 if gap is not None and gap > WINDOW_DAYS else combine(cosine, overlap, cross_lingual=cross)
    return Similarity(score=score, cosine=cosine, semantic=semantic(cosine, cross_lingual=cross),
                      shared_entities=shared, days_apart=gap)
