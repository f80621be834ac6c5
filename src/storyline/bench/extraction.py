"""Article-extraction benchmark: storyline against baselines, in one run.

Two datasets, read from a data directory that holds ``extraction-zyte/`` and
``extraction-wcxb/`` (each with ``ground-truth.json`` and ``html/<id>.html.gz``;
their README files describe the formats and the upstream metrics):

* ``zyte`` - 181 news/blog pages, body only. Scored with the Zyte word-4-gram
  shingle metric (:func:`storyline.bench._metrics.shingle_scores`).
* ``wcxb`` - 709 article pages of the WCXB dev split. The body is scored with
  the WCXB bag-of-words F1 (:func:`storyline.bench._metrics.word_scores`);
  title, author and date with the exact-match rules of
  :mod:`storyline.bench._metrics`, over the pages whose ground truth has them.

Systems, every one over the same pages in the same process:

========================  ======  ==============================================
``storyline``             html    :func:`storyline.extract.extract_html`
``trafilatura``           html    ``trafilatura.extract`` with default settings
                                  but ``include_comments=False`` (as the Zyte
                                  benchmark runs it); metadata on for WCXB
``readability-lxml``      html    ``Document(html).summary()`` through
                                  ``html_text.extract_text``; title from
                                  ``short_title()``; no author or date
``storyline-text``        text    :func:`storyline.extract.extract_text` on the
                                  page text (:func:`html_to_page_text`)
``text-heuristic``        text    the longest run(s) of prose lines of the page
                                  text (:func:`prose_runs`); body only
========================  ======  ==============================================

Speed is pages per CPU-second: ``time.process_time()`` around each system's
calls only; loading, decompressing and rendering the page text are not counted.
A page on which a system raises counts as an empty prediction for that system
(and in ``failures``); it never ends the run.

Reference figures of the baselines (trafilatura 2.3.1, readability-lxml 0.9,
Python 3.11): zyte F1 - trafilatura 0.960, readability-lxml 0.955,
text-heuristic 0.865 (the README measures 0.960 / 0.955 with the upstream
script); wcxb body F1 - trafilatura 0.937, readability-lxml 0.893,
text-heuristic 0.892 (README: 0.932 / 0.899); trafilatura metadata on wcxb -
date 84.8 %, author 67.6 %, title 74.6 % (README: 85 / 73 / 71 %, with
definitions it does not give; see :mod:`storyline.bench._metrics`).

Run: ``python -m storyline.bench.extraction [DATA_DIR] [--systems ...]
[--datasets ...] [--limit N]``.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import logging
import platform
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from storyline.bench._metrics import (
    BodyScores,
    authors_match,
    date_matches,
    shingle_counts,
    shingle_scores,
    title_matches,
    word_prf,
    word_scores,
)
from storyline.bench.pagetext import html_to_page_text

__all__ = [
    "DATASETS",
    "SYSTEMS",
    "BenchRow",
    "Page",
    "Prediction",
    "default_data_dir",
    "environment_versions",
    "format_table",
    "load_pages",
    "prose_runs",
    "run_extraction_bench",
]

Mode = Literal["html", "text"]

DATASETS: dict[str, str] = {"zyte": "extraction-zyte", "wcxb": "extraction-wcxb"}
"""Dataset name -> folder under the data directory."""

SYSTEMS: dict[str, Mode] = {
    "storyline": "html",
    "trafilatura": "html",
    "readability-lxml": "html",
    "storyline-text": "text",
    "text-heuristic": "text",
}
"""System name -> input mode, in table order."""

_REPO_ROOT = Path(__file__).resolve().parents[3]


# --------------------------------------------------------------------------- #
# Data
# --------------------------------------------------------------------------- #


@dataclass
class Page:
    """One benchmark page and its ground truth."""

    id: str
    url: str | None
    html: str
    body: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    _page_text: str | None = field(default=None, repr=False)

    @property
    def page_text(self) -> str:
        """The select-all-copy text of the page (rendered once, on first use)."""
        if self._page_text is None:
            self._page_text = html_to_page_text(self.html)
        return self._page_text


def default_data_dir() -> Path:
    """``../shared/bench`` from the working directory, else from the repository root."""
    candidates = [Path.cwd() / ".." / "shared" / "bench", _REPO_ROOT / ".." / "shared" / "bench"]
    for candidate in candidates:
        if any((candidate / folder).is_dir() for folder in DATASETS.values()):
            return candidate.resolve()
    return candidates[0].resolve()


def _none_if_blank(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return None


def load_pages(data_dir: Path, dataset: str, *, limit: int | None = None) -> list[Page]:
    """The pages of ``dataset`` (``zyte`` or ``wcxb``) in id order, at most ``limit``."""
    folder = Path(data_dir) / DATASETS[dataset]
    truth_path = folder / "ground-truth.json"
    if not truth_path.is_file():
        raise FileNotFoundError(f"{truth_path} not found: pass the folder that holds {DATASETS[dataset]}/")
    truth: dict[str, dict[str, object]] = json.loads(truth_path.read_text(encoding="utf-8"))
    pages: list[Page] = []
    for page_id in sorted(truth):
        if limit is not None and len(pages) >= limit:
            break
        item = truth[page_id]
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(
            Page(
                id=page_id,
                url=_none_if_blank(item.get("url")),
                html=raw.decode("utf-8", errors="replace"),
                body=str(item.get("articleBody") or ""),
                title=_none_if_blank(item.get("title")),
                author=_none_if_blank(item.get("author")),
                date=_none_if_blank(item.get("publish_date")),
            )
        )
    return pages


# --------------------------------------------------------------------------- #
# Systems
# --------------------------------------------------------------------------- #


@dataclass
class Prediction:
    """What a system returned for one page (None: the system does not give it)."""

    text: str = ""
    title: str | None = None
    authors: list[str] | None = None
    date: str | None = None


Extractor = Callable[[Page, bool], Prediction]
"""(page, want_metadata) -> prediction; the input (HTML or page text) is read from the page."""


def _storyline_prediction(article: object) -> Prediction:
    published = getattr(article, "published", None)
    return Prediction(
        text=getattr(article, "text", "") or "",
        title=getattr(article, "title", None),
        authors=list(getattr(article, "authors", None) or []),
        date=getattr(published, "iso", None) if published is not None else None,
    )


def _storyline_html() -> Extractor:
    from storyline.errors import StorylineError
    from storyline.extract import extract_html
    from storyline.resources import language_identifier

    language_identifier()  # a one-off model load, as in any long-running process; not per-page cost

    def run(page: Page, want_metadata: bool) -> Prediction:
        try:
            article = extract_html(page.html, source=page.url or page.id, url=page.url)
        except StorylineError:
            return Prediction(authors=[])
        return _storyline_prediction(article)

    return run


def _storyline_text() -> Extractor:
    from storyline.errors import StorylineError
    from storyline.extract import extract_text
    from storyline.resources import language_identifier

    language_identifier()  # a one-off model load, as in any long-running process; not per-page cost

    def run(page: Page, want_metadata: bool) -> Prediction:
        try:
            article = extract_text(page.page_text, source=page.url or page.id)
        except StorylineError:
            return Prediction(authors=[])
        return _storyline_prediction(article)

    return run


def _trafilatura() -> Extractor:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    def run(page: Page, want_metadata: bool) -> Prediction:
        if not want_metadata:
            return Prediction(text=trafilatura.extract(page.html, include_comments=False) or "")
        out = trafilatura.extract(
            page.html, url=page.url, include_comments=False, with_metadata=True, output_format="json"
        )
        if not out:
            return Prediction(authors=[])
        data = json.loads(out)
        author = data.get("author") or ""
        return Prediction(
            text=data.get("text") or "",
            title=data.get("title"),
            authors=[a.strip() for a in author.split(";") if a.strip()],
            date=data.get("date"),
        )

    return run


def _readability() -> Extractor:
    import html_text
    from readability import Document

    logging.getLogger("readability").setLevel(logging.CRITICAL)

    def run(page: Page, want_metadata: bool) -> Prediction:
        doc = Document(page.html)
        text = html_text.extract_text(doc.summary(html_partial=True))
        title = doc.short_title() if want_metadata else None
        return Prediction(text=text, title=title or None)

    return run


_RUN_THRESHOLD = 60
"""Lines shorter than this many characters count against a run of prose."""
_EXTRA_RUN_SHARE = 0.3
"""A further run is kept when it scores at least this share of the best run."""


def _best_run(values: Sequence[float]) -> tuple[float, int, int]:
    """(sum, start, end) of the contiguous slice with the largest sum (Kadane)."""
    best = (float("-inf"), 0, 0)
    total, start = 0.0, 0
    for i, value in enumerate(values):
        if total <= 0:
            total, start = 0.0, i
        total += value
        if total > best[0]:
            best = (total, start, i + 1)
    return best


def prose_runs(text: str) -> str:
    """The ``text-heuristic`` baseline: the longest run of prose lines.

    Every non-empty line scores its length in characters minus 60, so long
    (prose) lines are positive and short ones (menus, buttons, bylines) negative.
    The contiguous run of lines with the highest total is the body; up to three
    further runs are added while each scores at least 30 % of the best. Kept
    lines stay in page order, short lines inside a run included.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    values = [float(len(line) - _RUN_THRESHOLD) for line in lines]
    best, start, end = _best_run(values)
    keep = set(range(start, end))
    for _ in range(3):
        for i in range(start, end):
            values[i] = float("-inf")
        score, start, end = _best_run(values)
        if score < _EXTRA_RUN_SHARE * best or end <= start:
            break
        keep.update(range(start, end))
    return "\n".join(line for i, line in enumerate(lines) if i in keep)


def _text_heuristic() -> Extractor:
    def run(page: Page, want_metadata: bool) -> Prediction:
        return Prediction(text=prose_runs(page.page_text))

    return run


_FACTORIES: dict[str, Callable[[], Extractor]] = {
    "storyline": _storyline_html,
    "trafilatura": _trafilatura,
    "readability-lxml": _readability,
    "storyline-text": _storyline_text,
    "text-heuristic": _text_heuristic,
}

_GIVES_METADATA: dict[str, tuple[bool, bool, bool]] = {
    # system -> (title, author, date)
    "storyline": (True, True, True),
    "trafilatura": (True, True, True),
    "readability-lxml": (True, False, False),
    "storyline-text": (True, True, True),
    "text-heuristic": (False, False, False),
}


# --------------------------------------------------------------------------- #
# Running and scoring
# --------------------------------------------------------------------------- #


@dataclass
class BenchRow:
    """Scores of one system on one dataset.

    ``precision``/``recall``/``f1`` are the body scores (shingle metric on zyte,
    word metric on wcxb). ``*_acc`` are exact-match rates over the pages whose
    ground truth has the field; ``None`` where the dataset has no such truth or the
    system does not give the field. ``failures`` counts pages on which the system
    raised (scored as empty predictions).
    """

    dataset: str
    mode: Mode
    system: str
    pages: int
    precision: float
    recall: float
    f1: float
    pages_per_cpu_s: float
    title_acc: float | None = None
    author_acc: float | None = None
    date_acc: float | None = None
    failures: int = 0


def _rate(hits: Iterable[bool]) -> float | None:
    values = list(hits)
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class _Scores:
    body: BodyScores
    title_acc: float | None = None
    author_acc: float | None = None
    date_acc: float | None = None


def _score(dataset: str, system: str, pages: Sequence[Page], preds: Sequence[Prediction]) -> _Scores:
    pairs = list(zip(pages, preds, strict=True))
    if dataset == "zyte":
        return _Scores(shingle_scores(shingle_counts(p.body, q.text) for p, q in pairs))
    gives_title, gives_author, gives_date = _GIVES_METADATA[system]
    return _Scores(
        body=word_scores(word_prf(p.body, q.text) for p, q in pairs),
        title_acc=_rate(title_matches(p.title, q.title, url=p.url) for p, q in pairs if p.title)
        if gives_title
        else None,
        author_acc=_rate(authors_match(p.author, q.authors) for p, q in pairs if p.author) if gives_author else None,
        date_acc=_rate(date_matches(p.date, q.date) for p, q in pairs if p.date) if gives_date else None,
    )


def _run_system(
    extractor: Extractor, pages: Sequence[Page], want_metadata: bool
) -> tuple[list[Prediction], float, int]:
    """Predictions, CPU seconds spent inside the extractor, and the number of failures.

    One untimed warm-up call on the first page comes first, so that one-off costs
    (lazy imports, compiled patterns, caches) are not counted as per-page speed.
    """
    if pages:
        with contextlib.suppress(Exception):
            extractor(pages[0], want_metadata)
    preds: list[Prediction] = []
    cpu = 0.0
    failures = 0
    for page in pages:
        start = time.process_time()
        try:
            pred = extractor(page, want_metadata)
        except Exception:  # one page must never end the run
            pred = Prediction()
            failures += 1
        cpu += time.process_time() - start
        preds.append(pred)
    return preds, cpu, failures


def run_extraction_bench(
    data_dir: Path | None = None,
    *,
    systems: list[str] | None = None,
    datasets: list[str] | None = None,
    limit: int | None = None,
) -> list[BenchRow]:
    """Run every system over every dataset and score them; one row per pair.

    ``data_dir`` holds ``extraction-zyte/`` and ``extraction-wcxb/`` (default:
    :func:`default_data_dir`). ``systems`` and ``datasets`` default to all, in the
    order of :data:`SYSTEMS` and :data:`DATASETS`; ``limit`` keeps the first pages
    of each dataset (for a quick check). A system whose package cannot be imported
    raises ``ImportError`` before any page is run.
    """
    data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
    names = list(SYSTEMS) if systems is None else list(systems)
    sets = list(DATASETS) if datasets is None else list(datasets)
    for name in names:
        if name not in SYSTEMS:
            raise ValueError(f"unknown system {name!r}; choose from {', '.join(SYSTEMS)}")
    for ds in sets:
        if ds not in DATASETS:
            raise ValueError(f"unknown dataset {ds!r}; choose from {', '.join(DATASETS)}")
    extractors = {name: _FACTORIES[name]() for name in names}

    rows: list[BenchRow] = []
    for ds in sets:
        pages = load_pages(data_dir, ds, limit=limit)
        if any(SYSTEMS[n] == "text" for n in names):
            for page in pages:  # render outside the timed region
                _ = page.page_text
        want_metadata = ds == "wcxb"
        for name in names:
            preds, cpu, failures = _run_system(extractors[name], pages, want_metadata)
            scores = _score(ds, name, pages, preds)
            rows.append(
                BenchRow(
                    dataset=ds,
                    mode=SYSTEMS[name],
                    system=name,
                    pages=len(pages),
                    precision=scores.body.precision,
                    recall=scores.body.recall,
                    f1=scores.body.f1,
                    pages_per_cpu_s=len(pages) / cpu if cpu > 0 else float("inf"),
                    title_acc=scores.title_acc,
                    author_acc=scores.author_acc,
                    date_acc=scores.date_acc,
                    failures=failures,
                )
            )
    return rows


# --------------------------------------------------------------------------- #
# Reporting
# --------------------------------------------------------------------------- #


def _fmt(value: float | None, spec: str, width: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}{spec}}"


def format_table(rows: Sequence[BenchRow]) -> str:
    """A fixed-width table, one line per dataset x system."""
    header = (
        f"{'dataset':<8} {'mode':<5} {'system':<17} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'pages/cpu-s':>11} {'title':>6} {'author':>6} {'date':>6} {'fail':>4}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append(
            f"{r.dataset:<8} {r.mode:<5} {r.system:<17} {r.pages:>5d} "
            f"{r.precision:>6.3f} {r.recall:>6.3f} {r.f1:>6.3f} "
            f"{r.pages_per_cpu_s:>11.1f} "
            f"{_fmt(r.title_acc, '.1%', 6)} {_fmt(r.author_acc, '.1%', 6)} {_fmt(r.date_acc, '.1%', 6)} "
            f"{r.failures:>4d}"
        )
    lines.append("")
    lines.append(
        "zyte: word-4-gram shingle P/R/F1 (F1 = harmonic mean of mean P and mean R); "
        "wcxb: bag-of-words P/R, F1 = mean per-page F1; title/author/date = exact-match rate."
    )
    return "\n".join(lines)


def environment_versions() -> dict[str, str]:
    """Versions of Python and of the packages compared, to print beside results."""
    from importlib import metadata

    versions = {"python": platform.python_version()}
    for label, dist in (
        ("storyline", "storyline"),
        ("trafilatura", "trafilatura"),
        ("readability-lxml", "readability-lxml"),
        ("html-text", "html-text"),
        ("lxml", "lxml"),
    ):
        try:
            versions[label] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[label] = "not installed"
    if versions["storyline"] == "not installed":
        try:
            import storyline

            versions["storyline"] = str(getattr(storyline, "__version__", "source tree"))
        except ImportError:
            pass
    return versions


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m storyline.bench.extraction [DATA_DIR] [--systems ..] [--datasets ..] [--limit N]``."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("data_dir", nargs="?", type=Path, default=None)
    parser.add_argument("--systems", nargs="+", choices=list(SYSTEMS))
    parser.add_argument("--datasets", nargs="+", choices=list(DATASETS))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    rows = run_extraction_bench(args.data_dir, systems=args.systems, datasets=args.datasets, limit=args.limit)
    print(format_table(rows))
    print()
    print("  ".join(f"{k} {v}" for k, v in environment_versions().items()))
    print(f"wall time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
