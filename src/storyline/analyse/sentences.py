"""Sentences of a paragraph, with their offsets, in any of the languages we read.

syntok does the splitting: it is rule-based, fast (0.1 ms for a whole article),
and keeps "Dr. Petrović", "Sr. García", "Ο κ. Παπαδόπουλος" and "В 2014 г." whole,
where blingfire and pysbd split them (measured on such sentences). One repair
on top: a German-style ordinal date ("am 3. März 2025") is not a sentence end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from syntok import segmenter

__all__ = ["split_sentences"]

# The library's sentence index stores sentence numbers made by this function: a change to
# how it splits needs a library migration that re-indexes (the backlog in ``Library.index_sentences``).

# Month names (en, de, es, el genitive, ru/uk/sr genitive), lower-cased prefixes, for
# the ordinal-date repair: "3." followed by one of these continues the sentence.
_MONTHS = re.compile(
    r"^(jan|feb|mär|mar|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|enero|febrero|marzo|abril|mayo|junio|julio|"
    r"agosto|septiembre|octubre|noviembre|diciembre|ιαν|φεβ|μαρ|απρ|μα[ΐι]|ιουν|ιουλ|αυγ|σεπ|οκτ|νοε|δεκ|"
    r"янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек|січ|лют|бер|кві|тра|чер|лип|сер|вер|жов|лис|гру)",
    re.I,
)
_ORDINAL_END = re.compile(r"(?:^|\s)\d{1,2}\.$")


def _spans(text: str) -> Iterator[tuple[int, int]]:
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            tokens = [t for t in sentence if t.value]
            if tokens:
                yield tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)


def split_sentences(text: str) -> list[tuple[int, str]]:
    """``(offset, sentence)`` pairs; every sentence is ``text[offset:offset + len(sentence)]``."""
    merged: list[tuple[int, int]] = []
    for start, end in _spans(text):
        if merged:
            prev_start, prev_end = merged[-1]
            if _ORDINAL_END.search(text[prev_start:prev_end]) and _MONTHS.match(text[start:end]):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return [(start, text[start:end]) for start, end in merged]
