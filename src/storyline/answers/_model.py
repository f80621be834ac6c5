"""What an answer is: statements quoted from source sentences, each with its citations.

Every word of an answer's ``text`` comes from a cited sentence, except connective words
("Sources disagree:", "says", "Only ... reports:") and the outlets' names; the citations
carry the sentences verbatim, so a reader can check each one against its source.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Answer", "AnswerCitation", "AnswerKind", "Candidate", "Statement"]

AnswerKind = Literal["agreement", "disagreement", "single", "none"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerCitation(_Model):
    story: int | None = Field(default=None, description="the library story, when asked of a library")
    source: str = Field(description="the source's id in the story's comparison: s1, s2 ...")
    outlet: str | None = None
    published: str | None = None
    article: int | None = Field(default=None, description="the library's article id")
    sentence: str = Field(description="the sentence, verbatim")
    index: int = Field(description="its position among the source's sentences")
    link: str | None = Field(default=None, description="the sentence in the web view: /story/1#s2-7")


class Statement(_Model):
    """One side of an answer: a value or claim, who states it, and where."""

    value: str | None = Field(default=None, description="the disputed value as written: 'about 4,500', 'on Monday'")
    resolved: str | None = Field(default=None, description="what storyline reads it as, when it differs: 2025-03-03")
    text: str = Field(description="the sentence that states it, verbatim (the first citation's)")
    outlets: list[str]
    citations: list[AnswerCitation]


class Candidate(_Model):
    """A unit the question was matched against, with its retrieval scores."""

    unit: str = Field(description="claim c4 or discrepancy d2 of the story")
    story: int | None = None
    score: float
    cosine: float
    words: float = Field(description="share of the question's words found in the unit's sentences")


class Answer(_Model):
    question: str
    kind: AnswerKind
    text: str = Field(description="the answer: quotes and outlet names joined by connective words")
    statements: list[Statement] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    story: int | None = None
    candidates: list[Candidate] = Field(default_factory=list, description="the best matches, best first")
