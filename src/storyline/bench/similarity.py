"""``storyline bench similarity``: is ``library.similarity`` a good "same story?" score.

* **Gedikli business-energy pairs** (``gedikli-bizenergy``): all 4,950 pairs of 100
  articles, 88 labelled "same story chain". Precision, recall and F1 of
  ``score >= JOIN_THRESHOLD`` (the threshold the clusterer uses, tuned on ECB+), and,
  for reference, each method's F1 at its own best threshold on these labels (an oracle:
  it flatters every method alike), beside TF-IDF cosine.
* **SemEval-2022 Task 8** (``semeval2022-t8/texts_hfl_sample_original.csv``): Pearson
  r between our graded similarity (``Similarity.semantic``), our same-story score and
  the bare cosine, and the human ``Overall`` label, per
  language pair and over all pairs, beside TF-IDF cosine. ``Overall`` runs from 1 =
  very similar to 4 = very dissimilar, so every r is reported against **-Overall**:
  positive r means the method agrees with the annotators. These texts are from the
  task's *training* split (the only texts available), so the figures are not comparable
  to the leaderboard. By default a stratified sample of the pairs is scored, to keep the
  run near a minute of embedding; ``pairs=0`` scores all 1,464.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np

from ..library.cluster import JOIN_THRESHOLD
from ..library.similarity import similarity
from ..model import Article, Paragraph, PublishedDate
from ._stories import ProfileCache, Timer, markdown_table

__all__ = ["SimilarityReport", "best_f1", "prf", "run_similarity_bench"]

SEMEVAL_PAIRS = 600
"""Default number of SemEval pairs scored (stratified by language pair); 0 = all."""


@dataclass
class SimilarityReport:
    gedikli_rows: list[list[str]] = field(default_factory=list)
    semeval_rows: list[list[str]] = field(default_factory=list)
    timer: Timer = field(default_factory=Timer)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The report as Markdown tables."""
        parts = [
            "## Gedikli business-energy pairs (same story?)\n",
            markdown_table(["method", "threshold", "P", "R", "F1"], self.gedikli_rows),
            "\n## SemEval-2022 Task 8, training-split texts (Pearson r against -Overall; higher = agrees)\n",
            markdown_table(["language pair", "pairs", "storyline semantic", "storyline score", "storyline cosine",
                            "TF-IDF cosine"],
                           self.semeval_rows),
            "\n## Time per stage\n",
            self.timer.markdown(),
        ]
        if self.notes:
            parts += ["\n", *(f"- {note}\n" for note in self.notes)]
        return "".join(parts)


def prf(scores: Sequence[float], labels: Sequence[bool], threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of ``score >= threshold`` as the positive prediction."""
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def best_f1(scores: Sequence[float], labels: Sequence[bool]) -> tuple[float, tuple[float, float, float]]:
    """The threshold (one of the scores) with the highest F1, and its P/R/F1."""
    results = [(t, prf(scores, labels, t)) for t in sorted(set(scores))]
    return max(results, key=lambda x: x[1][2])


def _tfidf_cosines(texts: Sequence[str], pairs: Sequence[tuple[int, int]]) -> list[float]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    return [float((matrix[i] @ matrix[j].T).toarray()[0, 0]) for i, j in pairs]


def _fmt(values: Sequence[float]) -> list[str]:
    return [f"{v:.3f}" for v in values]


def _gedikli(root: Path, report: SimilarityReport, cache: ProfileCache) -> None:
    folder = root / "gedikli-bizenergy"
    with report.timer.stage("gedikli: read"):
        with (folder / "articles.csv").open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with (folder / "pairs.csv").open(encoding="utf-8-sig", newline="") as handle:
            pairs = [(r["url1"], r["url2"], r["relation"] == "1") for r in csv.DictReader(handle, delimiter=";")]
    index = {r["url"]: i for i, r in enumerate(rows)}
    articles = []
    for r in rows:
        day = date.fromisoformat(r["date"][:10])
        articles.append(Article(
            source=r["url"], input_format="text", title=r["title"], language="en",
            body=[Paragraph(text=p) for p in r["text"].split("\n") if p.strip()],
            published=PublishedDate(year=day.year, month=day.month, day=day.day, precision="day")))
    with report.timer.stage("gedikli: profiles (analyse + embed)"):
        profs = cache.get([(r["url"], a) for r, a in zip(rows, articles, strict=True)])
    ids = [(index[a], index[b]) for a, b, _ in pairs]
    labels = [y for _, _, y in pairs]
    with report.timer.stage("gedikli: score pairs"):
        sims = [similarity(profs[i], profs[j]) for i, j in ids]
    with report.timer.stage("gedikli: TF-IDF baseline"):
        tfidf = _tfidf_cosines([f"{r['title']}\n{r['text']}" for r in rows], ids)
    scores = [s.score for s in sims]
    cosines = [s.cosine for s in sims]
    report.gedikli_rows.append(["storyline score (default threshold)", f"{JOIN_THRESHOLD}",
                                *_fmt(prf(scores, labels, JOIN_THRESHOLD))])
    for name, values in (("storyline score", scores), ("storyline cosine", cosines), ("TF-IDF cosine", tfidf)):
        threshold, result = best_f1(values, labels)
        report.gedikli_rows.append([f"{name} (best threshold: oracle)", f"{threshold:.3f}", *_fmt(result)])
    report.notes.append(f"Gedikli: {len(pairs)} pairs, {sum(labels)} same-story; dates from articles.csv.")


def _pearson(x: Sequence[float], y: Sequence[float]) -> float:
    if len(x) < 3:
        return float("nan")
    return float(np.corrcoef(np.asarray(x), np.asarray(y))[0, 1])


def _semeval_article(key: str, text: str, language: str) -> Article:
    # The HFL texts are "title  head ... tail": two spaces end the title.
    title, _, body = text.partition("  ")
    if not body:
        title, body = "", text
    return Article(source=key, input_format="text", title=title.strip() or None, language=language,
                   body=[Paragraph(text=body.strip())])


def _semeval(root: Path, report: SimilarityReport, cache: ProfileCache, n_pairs: int) -> None:
    path = root / "semeval2022-t8" / "texts_hfl_sample_original.csv"
    with report.timer.stage("semeval: read"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    if n_pairs and n_pairs < len(rows):
        # Stratified: each language pair keeps its share, at least 10 pairs.
        by_pair: dict[str, list[dict[str, str]]] = defaultdict(list)
        for r in rows:
            by_pair[f"{r['lang1']}-{r['lang2']}"].append(r)
        sample = []
        for group in by_pair.values():
            random.Random(0).shuffle(group)
            sample += group[: max(10, round(n_pairs * len(group) / len(rows)))]
        report.notes.append(f"SemEval: a stratified sample of {len(sample)} of {len(rows)} pairs "
                            f"(seed 0); --pairs 0 scores all.")
        rows = sample
    items = []
    for r in rows:
        first, second = r["pair_id"].split("_")
        items.append((f"se:{first}", _semeval_article(first, r["text1"], r["lang1"])))
        items.append((f"se:{second}", _semeval_article(second, r["text2"], r["lang2"])))
    with report.timer.stage("semeval: profiles (analyse + embed)"):
        profs = cache.get(items)
    with report.timer.stage("semeval: score pairs"):
        sims = [similarity(profs[2 * k], profs[2 * k + 1]) for k in range(len(rows))]
    with report.timer.stage("semeval: TF-IDF baseline"):
        texts = [r[col] for r in rows for col in ("text1", "text2")]
        tfidf = _tfidf_cosines(texts, [(2 * k, 2 * k + 1) for k in range(len(rows))])
    target = [-float(r["official_overall"]) for r in rows]
    groups: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(rows):
        groups[f"{r['lang1']}-{r['lang2']}"].append(k)
    for name, ks in [*sorted(groups.items(), key=lambda g: -len(g[1])), ("all", list(range(len(rows))))]:
        report.semeval_rows.append([name, str(len(ks)), *_fmt([
            _pearson([sims[k].semantic for k in ks], [target[k] for k in ks]),
            _pearson([sims[k].score for k in ks], [target[k] for k in ks]),
            _pearson([sims[k].cosine for k in ks], [target[k] for k in ks]),
            _pearson([tfidf[k] for k in ks], [target[k] for k in ks]),
        ])])


def run_similarity_bench(root: Path, *, semeval_pairs: int = SEMEVAL_PAIRS) -> SimilarityReport:
    """Run both parts on the data under ``root`` (``../shared/bench``)."""
    report = SimilarityReport()
    cache = ProfileCache()
    _gedikli(root, report, cache)
    _semeval(root, report, cache, semeval_pairs)
    return report
