"""The comparison: what ``storyline.compare`` returns and ``--json`` prints.

These models are the JSON contract ``storyline.comparison/1``. The field names in
the issue's minimum contract stay stable; everything else is an addition. The JSON
Schema in ``schema/comparison.schema.json`` is generated from these classes
(``python -m storyline.compare.schema``) and a test keeps the two in step.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "SCHEMA_ID",
    "Citation",
    "Claim",
    "ClaimStatus",
    "Comparison",
    "Discrepancy",
    "DiscrepancyKind",
    "Origin",
    "OriginKind",
    "Position",
    "Provenance",
    "Reuse",
    "SourceInfo",
    "Tension",
    "TensionPosition",
]

SCHEMA_ID: Literal["storyline.comparison/1"] = "storyline.comparison/1"

ClaimStatus = Literal["shared", "partial", "single"]
DiscrepancyKind = Literal["number", "date", "name", "role", "quote", "claim"]
OriginKind = Literal["agency", "outlet", "statement", "document"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class SourceInfo(_Model):
    """One input article, as the comparison refers to it (``s1``, ``s2`` ...)."""

    id: str
    input: str = Field(description="the path, URL or '-' it was read from")
    outlet: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="ISO date as far as known: 2024-11-20, --11-20")
    language: str | None = None
    machine_translated: bool = False
    sentences: int = Field(default=0, description="how many body sentences were compared")


class Citation(_Model):
    """A sentence of one source, verbatim from its extracted text."""

    source: str
    sentence: str
    index: int = Field(description="the sentence's position in the source (``Article.sentences``)")
    part: str | None = Field(default=None,
                             description="the clause that states the claim, when it is part of the sentence")


class Claim(_Model):
    """One statement and every source that makes it."""

    id: str
    status: ClaimStatus
    text: str = Field(description="the statement, in the words of its first supporting sentence")
    support: list[Citation]
    similarity: float | None = Field(default=None, description="lowest alignment score among the supports")


class Position(_Model):
    """One side of a discrepancy: a value and the sources that give it."""

    value: str = Field(description="the value as written in ``sentence``")
    sources: list[str]
    sentence: str = Field(description="the sentence of the first source in ``sources``")
    citations: list[Citation] = Field(default_factory=list, description="the sentence of every source")


class Discrepancy(_Model):
    """Sources that state one thing differently."""

    id: str
    kind: DiscrepancyKind
    subject: str = Field(description="what the values are about: 'units recalled', 'Stephen Chang'")
    positions: list[Position]
    note: str | None = Field(default=None, description="why this is reported, in one line")
    claim: str | None = Field(default=None, description="the aligned claim it comes from, if any")


class TensionPosition(_Model):
    value: str
    sentence: str
    index: int | None = None


class Tension(_Model):
    """Two statements inside one source that pull against each other."""

    source: str
    kind: str = Field(description="'negation' (one denies what the other asserts), 'contrast' ...")
    subject: str
    positions: list[TensionPosition]
    note: str | None = None


class Origin(_Model):
    """Where the story comes from: a wire agency, an outlet, a statement or a document."""

    name: str
    kind: OriginKind
    sources: list[str]
    evidence: list[str] = Field(description="the sentences or credit lines that name it, verbatim")
    citations: list[Citation] = Field(default_factory=list)
    informants: list[str] = Field(
        default_factory=list, description="who the origin itself cites: 'five current and former Russian officials'")


class Reuse(_Model):
    """Text shared between two sources."""

    a: str
    b: str
    overlap: float = Field(description="share of the shorter text's word 5-grams found in the other, 0-1")
    aligned: float = Field(default=0.0, description="share of the shorter source's sentences aligned with the other")


class Provenance(_Model):
    origins: list[Origin] = Field(default_factory=list)
    reuse: list[Reuse] = Field(default_factory=list)
    independent_reports: int = Field(default=0, description="how many distinct reports the sources re-tell")
    summary: str = Field(default="", description="'2 pages, 1 independent report: Reuters'")


class Comparison(_Model):
    """Everything ``storyline.compare`` finds in two or more articles about one story."""

    schema_: Literal["storyline.comparison/1"] = Field(default=SCHEMA_ID, alias="schema")
    sources: list[SourceInfo]
    claims: list[Claim] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    tensions: list[Tension] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per stage")

    def source(self, source_id: str) -> SourceInfo:
        """The source with this id (``s1`` ...)."""
        for info in self.sources:
            if info.id == source_id:
                return info
        raise KeyError(source_id)
