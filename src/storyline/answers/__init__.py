"""Answers stage: questions over a story or a library, answered with quotes and citations.

    from storyline.answers import ask
    answer = ask("How many heaters were recalled?", library="storyline.db")
    print(answer.text)   # Sources disagree: The Harbor Gazette ... say “about 4,500”: “...”; ...

A question about a story is matched against the story's comparison (its claims and
discrepancies, ``_answer.py``); a question about the whole library first finds the
stories whose articles match it best (the library's word and meaning search). Nothing in
an answer is written by storyline but connective words and outlet names.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from ..compare import Comparison
from ..errors import InputError, StoreError
from ..library import Library
from ._answer import FLOOR, StoryUnits, answer_from, query_words, question_words, units_of
from ._model import Answer, AnswerCitation, Candidate, Statement

__all__ = ["FLOOR", "Answer", "AnswerCitation", "AskCache", "Candidate", "Statement", "ask", "query_words",
           "question_words"]

_STORIES = 3
"""Stories a library-wide question is matched against (those of the best search hits)."""


class AskCache:
    """Each story's units and sentence vectors, kept while the story's members are unchanged."""

    def __init__(self, size: int = 32, comparison_of: Callable[[int], Comparison] | None = None) -> None:
        self.size = size
        self.comparison_of = comparison_of
        self._kept: OrderedDict[tuple[int, ...], StoryUnits] = OrderedDict()
        self._lock = threading.Lock()

    def units(self, library: Library, story: int) -> StoryUnits:
        key = (story, *library.story_version(story))
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        units = _story_units(library, story, self.comparison_of)
        with self._lock:
            self._kept[key] = units
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return units


def _story_units(library: Library, story: int, comparison_of: Callable[[int], Comparison] | None) -> StoryUnits:
    from ..resources import keeping_vectors

    ids = library.compared_ids(story)
    comparison = comparison_of(story) if comparison_of else library.comparison(story)
    with keeping_vectors(library):  # the comparison embedded these sentences already: read back, not made again
        return units_of(comparison, story, ids)


def _stories_for(library: Library, question: str) -> list[int]:
    """Stories to answer from, by reciprocal rank fusion of three searches: sentences holding the
    question's rarest words, articles by words and meaning (``Library.search``), and the stories
    nearest in meaning with no floor (a question in one language, articles in another: no word
    in common, and maybe under the search's floor)."""
    ranked: list[list[int]] = [
        [h.story for h in library.search_sentences(sorted(question_words(question)), limit=50) if h.story is not None],
        [h.article.story for h in library.search(question, limit=20) if h.article.story is not None],
        library.nearest_stories(question, limit=_STORIES),
    ]
    fused: dict[int, float] = {}
    for stories in ranked:
        for rank, story in enumerate(dict.fromkeys(stories)):
            fused[story] = fused.get(story, 0.0) + 1.0 / (60 + rank)
    return sorted(fused, key=lambda s: -fused[s])


def ask(question: str, *, library: Library | str | Path = "storyline.db", story: int | None = None,
        cache: AskCache | None = None) -> Answer:
    """Answer ``question`` from the story ``story`` of ``library`` (a ``Library``, a path or a
    postgresql:// URL), or from the stories that match it best when no story is given."""
    from ..resources import embed_query

    question = " ".join(question.split())
    if not question:
        raise InputError("the question is empty; ask something, e.g. 'How many were evacuated?'")
    if len(question) > 500:
        raise InputError("the question is longer than 500 characters; ask it in fewer words")
    opened = library if isinstance(library, Library) else Library(library)
    try:
        candidates = [story] if story is not None else _stories_for(opened, question)
        units: list[StoryUnits] = []
        for sid in candidates:
            if len(units) == _STORIES:
                break
            try:
                units.append(cache.units(opened, sid) if cache else _story_units(opened, sid, None))
            except StoreError:
                if story is not None:
                    raise
                continue  # a one-article story has no comparison: the next story
        return answer_from(question, embed_query(question), units)
    finally:
        if opened is not library:
            opened.close()
