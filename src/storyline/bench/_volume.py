"""Synthetic volume for the ingest benchmark: as many distinct, dated articles as asked for.

The benchmark folder holds about 4,600 distinct articles; the throughput target is for
100,000. Copying them would only measure the exact-duplicate shortcut, so each synthetic
article is new text made from real sentences: an *event* takes one real article as its
core and is re-told by one to six reports over two days; each report keeps a random
50 % of the core's sentences (shuffled) and adds sentences from another article in the
same language. The stream moves through the calendar at about 1,500 articles a day, as a
CC-NEWS day does. At volume the cores repeat (3,708 real texts for tens of thousands of
events), so most reports share 30 % or more of their text with an earlier one and are
linked as copies (95 % of 100,000): the benchmark then times the copy path more than the
story index, and says so (docs/benchmarks.md).
Everything is drawn from a seeded generator, so a size always means the same corpus.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

__all__ = ["synthetic_records"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'«„“(]?[A-ZÀ-ÖØ-ÞΑ-ΩА-Я])")
_PER_DAY = 1500
_START = datetime(2026, 1, 1, 6, tzinfo=UTC)


def _sentences(text: str) -> list[str]:
    parts = (s.strip() for s in _SENTENCE_END.split(" ".join(text.split())))
    return [s for s in parts if 30 <= len(s) <= 400]


def synthetic_records(texts: Iterable[tuple[str, str]], *, seed: int = 7) -> Iterator[dict[str, str]]:
    """Endless JSONL records (``text`` with a dateline, ``source``) from (language, article text) pairs."""
    rng = random.Random(seed)
    by_language: dict[str, list[list[str]]] = defaultdict(list)
    for language, text in texts:
        sentences = _sentences(text)
        if len(sentences) >= 6:
            by_language[language].append(sentences)
    pools = [pool for _, pool in sorted(by_language.items()) if len(pool) >= 2]
    if not pools:
        raise ValueError("no article with six or more sentences to build synthetic articles from")
    weights = [len(pool) for pool in pools]
    made = 0
    event = 0
    while True:
        event += 1
        pool = rng.choices(pools, weights)[0]
        core = rng.choice(pool)
        for report in range(rng.randint(1, 6)):
            other = rng.choice(pool)
            kept = rng.sample(core, max(3, int(len(core) * 0.5)))
            added = rng.sample(other, min(len(other), rng.randint(3, 8)))
            body = kept + added
            rng.shuffle(body)
            paragraphs = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
            day = _START + timedelta(days=made // _PER_DAY, hours=rng.randint(0, 40))
            made += 1
            # A dateline under the title, as copied page text carries one: the article's date.
            dateline = f"{day:%B} {day.day}, {day.year}"
            yield {"text": "\n\n".join([kept[0], dateline, *paragraphs]), "source": f"synthetic/{event}-{report}"}
