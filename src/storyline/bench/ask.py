"""``storyline bench ask``: the project's questions (examples/questions.json) over its own stories.

Each question is asked once cold (its story's comparison and sentence vectors made) and
three times warm; the report gives how many answers are right (kind, quoted values,
outlets), the citation precision (every cited sentence verbatim in its stored article,
and every quoted value inside the sentence cited for it), and latency. With ``--db`` the
bundled stories are added to a copy of a larger library first, so the same questions
are asked among many other stories.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["AskRun", "format_ask_report", "run_ask_bench"]

_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
_FOLDERS = ("harbor-recall", "wendelsaue-fire")


@dataclass
class AskRun:
    articles: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    citations: int = 0
    verbatim: int = 0
    supported: int = 0
    indexed: int = 0
    index_seconds: float = 0.0
    reopened_ms: list[float] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(1 for r in self.rows if r["right"])


def run_ask_bench(db: Path | None = None) -> AskRun:
    """Ask every question of examples/questions.json of a library holding the bundled stories."""
    from ..answers import AskCache, ask
    from ..library import Library

    questions = json.loads((_EXAMPLES / "questions.json").read_text(encoding="utf-8"))["questions"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ask.db"
        if db is not None:
            shutil.copy(db, path)
        with Library(path) as library:
            library.add([_EXAMPLES / "harbor-recall", _EXAMPLES / "wendelsaue-fire"], workers=0)
            run = AskRun(articles=library.store.count_articles())
            started = time.perf_counter()
            run.indexed = library.index_sentences()  # a library made before the sentence index: once
            run.index_seconds = time.perf_counter() - started
            listed = library.stories(since="2025-03", until="2025-10-31")
            stories = {folder: next(s.id for s in listed if any(a.input.startswith(str(_EXAMPLES / folder))
                                                                  for a in s.articles)) for folder in _FOLDERS}
            cache = AskCache()
            for expected in questions:
                story = stories.get(expected["story"]) if expected["story"] else None
                started = time.perf_counter()
                answer = ask(expected["question"], library=library, story=story, cache=cache)
                cold = time.perf_counter() - started
                warm = []
                for _ in range(3):
                    started = time.perf_counter()
                    ask(expected["question"], library=library, story=story, cache=cache)
                    warm.append(time.perf_counter() - started)
                outlets = {o for s in answer.statements for o in s.outlets}
                right = (answer.kind == expected["kind"] and all(q in answer.text for q in expected["quotes"])
                         and all(any(o.startswith(x) for o in outlets) for x in expected["outlets"]))
                for statement in answer.statements:
                    for cite in statement.citations:
                        run.citations += 1
                        stored = library.store.article(cite.article) if cite.article else None
                        body = "\n".join(p.text for p in stored.body) if stored else ""
                        run.verbatim += cite.sentence in body
                        run.supported += not statement.value or cite is not statement.citations[0] or (
                            statement.value in cite.sentence)
                run.rows.append({"question": expected["question"], "expected": expected["kind"], "got": answer.kind,
                                 "right": right, "cold_ms": cold * 1000, "warm_ms": statistics.median(warm) * 1000,
                                 "cosine": answer.candidates[0].cosine if answer.candidates else None})
        # Cold again, as a new process would be but for the model already loaded: no comparison or unit
        # in memory, the sentence vectors kept in the library.
        with Library(path) as library:
            cache = AskCache()
            for expected in questions:
                story = stories.get(expected["story"]) if expected["story"] else None
                started = time.perf_counter()
                ask(expected["question"], library=library, story=story, cache=cache)
                run.reopened_ms.append((time.perf_counter() - started) * 1000)
    return run


def format_ask_report(run: AskRun) -> str:
    warm = sorted(r["warm_ms"] for r in run.rows)
    p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
    cold = max(r["cold_ms"] for r in run.rows)
    lines = [f"Library of {run.articles:,} articles; {len(run.rows)} questions.", "",
             *([f"- sentence index built for {run.indexed:,} articles stored before it: {run.index_seconds:.0f} s"]
               if run.indexed else []),
             f"- answers right: **{run.right} of {len(run.rows)}**",
             f"- citations verbatim in their stored article: {run.verbatim} of {run.citations}",
             f"- quoted values inside the sentence cited for them: {run.supported} of {run.citations}",
             f"- latency warm: median {statistics.median(warm):.0f} ms, p95 {p95:.0f} ms; cold (first question of a "
             f"story: its comparison and sentence vectors made): at most {cold:.0f} ms",
             f"- cold again, library reopened (comparisons made again, sentence vectors read back from it; "
             f"the model stays loaded): "
             f"median {statistics.median(run.reopened_ms):.0f} ms, at most {max(run.reopened_ms):.0f} ms",
             "", "| question | expected | answer | right | best cosine | warm ms |", "|---|---|---|---|---|---|"]
    for r in run.rows:
        cosine = f"{r['cosine']:.3f}" if r["cosine"] is not None else ""
        lines.append(f"| {r['question']} | {r['expected']} | {r['got']} | {'yes' if r['right'] else '**no**'} | "
                     f"{cosine} | {r['warm_ms']:.0f} |")
    return "\n".join(lines) + "\n"
