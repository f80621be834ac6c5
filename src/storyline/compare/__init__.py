"""compare stage: what two or more articles about one story agree on, add, contradict, and where it came from.

``compare(articles)`` returns a ``Comparison`` (the ``storyline.comparison/1`` JSON
contract, see ``result.py``). Steps: ``align`` (claims across sources and
languages), ``slots`` (figures, dates, counts), ``people`` (name variants,
titles, who said a quote), ``tensions`` (inside one source), ``provenance``.
"""

from __future__ import annotations

from ._engine import compare
from .result import (
    SCHEMA_ID,
    Citation,
    Claim,
    Comparison,
    Discrepancy,
    Origin,
    Position,
    Provenance,
    Reuse,
    SourceInfo,
    Tension,
    TensionPosition,
)

__all__ = [
    "SCHEMA_ID",
    "Citation",
    "Claim",
    "Comparison",
    "Discrepancy",
    "Origin",
    "Position",
    "Provenance",
    "Reuse",
    "SourceInfo",
    "Tension",
    "TensionPosition",
    "compare",
]
