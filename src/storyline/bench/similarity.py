"""``storyline bench similarity``: is ``library.similarity`` a good "same story?" score.

* **Gedikli business-energy pairs** (``gedikli-bizenergy``): all 4,950 pairs of 100
  articles, 88 labelled "same story chain". Precision, recall and F1 of
  ``score >= JOIN_THRESHOLD`` (the threshold the clusterer uses, tuned on ECB+), and,
  for reference, each method's F1 at its own best threshold on these labels (an oracle:
  it flatters every method alike), beside TF-IDF cosine. And the copy detector: the
  100 articles go through ``Library.add`` in date order, and the pairs it puts in one
  copy group are checked against the share of word 5-grams each pair really shares,
  computed for all 4,950 pairs (the data README's "near-copies" are the pairs at 0.5 or
  more); beside datasketch's ``MinHashLSH`` at Jaccard 0.5, the usual near-duplicate set-up.
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

from .._groups import Groups
from ..library.cluster import JOIN_THRESHOLD
from ..library.similarity import similarity
from ..model import Article, Paragraph, PublishedDate
from ._stories import ProfileCache, Timer, markdown_table

__all__ = ["SimilarityReport", "best_f1", "prf", "run_similarity_bench"]

COPY_BUCKETS = ("near-copies >= 0.5", "copies 0.3-0.5", "0.1-0.3", "< 0.1")
"""The share buckets of the data README, as the copy table's columns (found / pairs in the bucket)."""
SEMEVAL_PAIRS = 600
"""Default number of SemEval pairs scored (stratified by language pair); 0 = all."""


@dataclass
class SimilarityReport:
    gedikli_rows: list[list[str]] = field(default_factory=list)
    copy_rows: list[list[str]] = field(default_factory=list)
    semeval_rows: list[list[str]] = field(default_factory=list)
    timer: Timer = field(default_factory=Timer)
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The report as Markdown tables."""
        parts = [
            "## Gedikli business-energy pairs (same story?)\n",
            markdown_table(["method", "threshold", "P", "R", "F1"], self.gedikli_rows),
            "\n## Gedikli pairs: copies (share of the shorter text's word 5-grams the other repeats)\n",
            markdown_table(["method", "pairs linked", *COPY_BUCKETS, "different-story pairs linked"], self.copy_rows),
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


def _read_gedikli(root: Path) -> tuple[list[dict[str, str]], list[Article], list[tuple[int, int]], list[bool]]:
    """The articles (rows and Articles, dated), and the labelled pairs as row numbers."""
    folder = root / "gedikli-bizenergy"
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
    return rows, articles, [(index[a], index[b]) for a, b, _ in pairs], [y for _, _, y in pairs]


def _gedikli(root: Path, report: SimilarityReport, cache: ProfileCache) -> None:
    with report.timer.stage("gedikli: read"):
        rows, articles, ids, labels = _read_gedikli(root)
    with report.timer.stage("gedikli: profiles (analyse + embed)"):
        profs = cache.get([(r["url"], a) for r, a in zip(rows, articles, strict=True)])
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
    report.notes.append(f"Gedikli: {len(ids)} pairs, {sum(labels)} same-story; dates from articles.csv.")
    with report.timer.stage("gedikli: copies"):
        _gedikli_copies(rows, articles, ids, labels, report)


def _bucket(share: float) -> int:
    return 0 if share >= 0.5 else 1 if share >= 0.3 else 2 if share >= 0.1 else 3


def _gedikli_copies(rows: Sequence[dict[str, str]], articles: Sequence[Article], ids: Sequence[tuple[int, int]],
                    labels: Sequence[bool], report: SimilarityReport) -> None:
    """The library's copy groups and the baseline's pairs, by the share each pair really shares."""
    import html
    import tempfile

    from datasketch import MinHash, MinHashLSH

    from ..library import Library, dedup

    shingles = [dedup.shingles(dedup.normalised_text(a)) for a in articles]
    shares = [dedup.shared_share(shingles[i], shingles[j]) for i, j in ids]
    sizes = [sum(1 for s in shares if _bucket(s) == b) for b in range(len(COPY_BUCKETS))]

    def row(name: str, linked: set[tuple[int, int]]) -> list[str]:
        found = [0] * len(COPY_BUCKETS)
        across = 0
        for pair, share, same in zip(ids, shares, labels, strict=True):
            if pair in linked:
                found[_bucket(share)] += 1
                across += not same
        return [name, str(len(linked)), *(f"{f} / {n}" for f, n in zip(found, sizes, strict=True)), str(across)]

    # storyline: the pages as a user would add them (HTML with title and date), oldest first.
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["date"], k))
    with tempfile.TemporaryDirectory(prefix="storyline-copies-") as folder:
        pages = Path(folder, "pages")
        pages.mkdir()
        number_of: dict[str, int] = {}
        for position, k in enumerate(order):
            r = rows[k]
            page = pages / f"{position:03d}.html"
            title = html.escape(r["title"])
            page.write_text(f"<html><head><title>{title}</title><meta property='article:published_time' "
                            f"content='{r['date'][:10]}'></head><body><article><h1>{title}</h1>"
                            + "".join(f"<p>{html.escape(p)}</p>" for p in r["text"].split("\n") if p.strip())
                            + "</article></body></html>", encoding="utf-8")
            number_of[str(page)] = k
        with Library(Path(folder, "copies.db")) as library:
            library.add([pages], workers=0)
            entries = [a for story in library.stories() for a in story.articles]
    group = Groups(e.id for e in entries)
    for e in entries:
        if e.copy_of is not None:
            group.link(e.copy_of, e.id)
    where = {number_of[e.input]: group[e.id] for e in entries if e.input in number_of}
    if len(where) < len(rows):
        report.notes.append(f"Gedikli copies: {len(rows) - len(where)} pages not stored as articles of their own "
                            "(duplicates); their pairs count as not linked.")
    ours = {(i, j) for i, j in ids if i in where and j in where and where[i] == where[j]}
    report.copy_rows.append(row("storyline add: pairs in one copy group", ours))

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    signatures = []
    for k, shingle_set in enumerate(shingles):
        signature = MinHash(num_perm=128, seed=1)
        signature.update_batch(list(shingle_set))
        signatures.append(signature)
        lsh.insert(str(k), signature)
    found = {tuple(sorted((k, int(other)))) for k, sig in enumerate(signatures) for other in lsh.query(sig)
             if int(other) != k}
    report.copy_rows.append(row("datasketch MinHashLSH, Jaccard 0.5 (baseline)",
                                {pair for pair in ids if tuple(sorted(pair)) in found}))
    report.notes.append("Gedikli copies: pairs per share bucket: " + ", ".join(
        f"{name} {n}" for name, n in zip(COPY_BUCKETS, sizes, strict=True)) + " (the data README: 25, 14, 22, 27 of "
        "the 88 same-story pairs, and no different-story pair at 0.1 or more).")


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
