"""``storyline bench library``: articles a second for ``storyline add`` (extract, analyse, embed, dedup,
cluster, store), and memory, on a JSON Lines corpus built from ``../shared/bench``.

The corpus mixes the HTML pages of the two extraction sets (Zyte, WCXB) with the article
texts of SemEval-2022 task 8 (ten languages) and ECB+, read as copied page text: every
record a different article, none a duplicate. Past those 4,598 records it goes on with
synthetic dated articles made from their sentences (``_volume``), so 10,000 or 100,000
mean as many distinct articles. The baseline in the same
run is extraction alone (what any ingest must pay), so the other stages' share is plain.
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from ._stories import PeakMemory, tree_rss_mb
from ._volume import synthetic_records

__all__ = ["LibraryRun", "build_corpus", "format_library_report", "run_library_bench"]


@dataclass
class LibraryRun:
    workers: int
    records: int
    articles: int
    seconds: float
    stages: dict[str, float]
    peak_mb: float
    rss_mb: list[tuple[int, float]] = field(default_factory=list)
    reached: list[tuple[int, float]] = field(default_factory=list)
    extract_only_per_s: float = 0.0

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _records(bench: Path) -> Iterator[dict[str, str]]:
    """Distinct articles, HTML first, then texts; each as a JSONL record."""
    for dataset in ("extraction-zyte", "extraction-wcxb"):
        for page in sorted((bench / dataset / "html").glob("*")):
            data = page.read_bytes()
            if page.suffix == ".gz":
                data = gzip.decompress(data)
            yield {"html": data.decode("utf-8", "replace"), "source": f"{dataset}/{page.name}"}
    texts = list(_texts(bench))
    for _language, record in texts:
        yield record
    yield from synthetic_records((language, record["text"]) for language, record in texts)


def _texts(bench: Path) -> Iterator[tuple[str, dict[str, str]]]:
    csv.field_size_limit(sys.maxsize)
    seen: set[str] = set()
    with (bench / "semeval2022-t8" / "texts_hfl_sample_original.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for side in ("1", "2"):
                text, link = row.get(f"text{side}") or "", row.get(f"link{side}") or ""
                if len(text) > 500 and link not in seen:
                    seen.add(link)
                    yield row.get(f"lang{side}") or "", {"text": text, "url": link, "source": f"semeval/{len(seen)}"}
    with (bench / "ecbplus" / "docs.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            doc = json.loads(line)
            yield "en", {"text": doc["text"], "source": f"ecbplus/{doc['doc_id']}"}


def build_corpus(bench: Path, out: Path, limit: int) -> int:
    """Write up to ``limit`` records to ``out`` (JSONL); returns how many."""
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for record in _records(bench):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            if count >= limit:
                break
    return count


class _Memory:
    """A progress callback: resident memory every 500 pages (flat is the goal), and the time
    taken to reach each checkpoint (1k, 10k, 100k ...), also written to stderr as it goes."""

    def __init__(self, checkpoints: Sequence[int] = (1000, 10_000, 100_000)) -> None:
        self.done = 0
        self.samples: list[tuple[int, float]] = []
        self.checkpoints = set(checkpoints)
        self.reached: list[tuple[int, float]] = []
        self.started = time.perf_counter()

    def __call__(self, _source: str, _outcome: str) -> None:
        self.done += 1
        if self.done % 500 == 0:
            self.samples.append((self.done, round(tree_rss_mb(), 1)))
        if self.done in self.checkpoints or self.done % 5000 == 0:
            seconds = time.perf_counter() - self.started
            if self.done in self.checkpoints:
                self.reached.append((self.done, seconds))
            print(f"  {self.done} records in {seconds:.0f} s ({self.done / seconds:.1f}/s), RSS {tree_rss_mb():.0f} MB",
                  file=sys.stderr, flush=True)


def run_library_bench(bench: Path, sizes: list[int], workers: Sequence[int] = (1, 2),
                      keep: Path | None = None) -> list[LibraryRun]:
    """One fresh library per size and worker count, each ``add`` timed end to end; the last
    one is moved to ``keep`` when given (`storyline bench vectors` reads its vectors)."""
    from ..errors import StorylineError
    from ..extract import extract_page
    from ..library import Library
    from ..resources import embed_sentences
    from ..sources import RawPage, iter_pages

    embed_sentences(["warm-up"])  # model loading is not ingest
    runs = []
    for size, extra in [(size, extra) for size in sizes for extra in workers]:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            records = build_corpus(bench, corpus, size)
            sample = list(islice((p for p in iter_pages([corpus]) if isinstance(p, RawPage)), 200))
            started = time.perf_counter()
            for page in sample:
                try:
                    extract_page(page)
                except StorylineError:  # a failing page costs its time too
                    pass
            extract_rate = len(sample) / (time.perf_counter() - started)
            with Library(Path(tmp) / "bench.db") as library, PeakMemory() as peak:
                memory = _Memory()
                started = time.perf_counter()
                report = library.add([corpus], progress=memory, workers=extra)
                seconds = time.perf_counter() - started
            if keep is not None:
                for suffix in ("", ".hnsw", ".hnsw.json"):
                    built = Path(tmp) / f"bench.db{suffix}"
                    if built.exists():
                        shutil.move(built, keep.with_name(keep.name + suffix))
            runs.append(LibraryRun(workers=extra, records=records, articles=report.added + report.duplicates,
                                   seconds=seconds, stages=dict(report.seconds),
                                   peak_mb=peak.peak,
                                   rss_mb=memory.samples, reached=memory.reached,
                                   extract_only_per_s=extract_rate))
    return runs


def format_library_report(runs: list[LibraryRun]) -> str:
    lines = ["| records | reading workers | articles stored | seconds | articles/s | extraction alone (pages/s) "
             "| peak memory, all processes (MB) | seconds per stage |", "|---|---|---|---|---|---|---|---|"]
    for run in runs:
        stages = ", ".join(f"{k} {v:.1f}" for k, v in run.stages.items())
        lines.append(f"| {run.records} | {run.workers} | {run.articles} | {run.seconds:.1f} | {run.per_second:.1f} | "
                     f"{run.extract_only_per_s:.1f} | {run.peak_mb:.0f} | {stages} |")
    for run in runs:
        if len(run.reached) > 1:
            lines.append(f"\nRate up to each checkpoint, {run.workers} workers: " + ", ".join(
                f"first {n:,} records {n / seconds:.1f}/s" for n, seconds in run.reached))
    for run in runs:
        if run.rss_mb:
            lines.append(f"\nMemory of all processes while adding {run.records} records, {run.workers} workers "
                         "(records done: MB): " + memory_series(run.rss_mb))
    return "\n".join(lines) + "\n"


def memory_series(samples: Sequence[tuple[int, float]], most: int = 20) -> str:
    """``samples`` (records done, MB) as text: all of them when few, else ``most`` evenly spaced ones
    (the last always), with the least and the most of all samples after the first 5 %."""
    if len(samples) <= most:
        return ", ".join(f"{n}: {mb:.0f}" for n, mb in samples)
    step = -(-len(samples) // most)
    shown = list(samples[step - 1::step])
    if shown[-1] != samples[-1]:
        shown.append(samples[-1])
    settled = [mb for _, mb in samples[len(samples) // 20:]]
    return (", ".join(f"{n}: {mb:.0f}" for n, mb in shown)
            + f" (every {step * (samples[1][0] - samples[0][0]):,} records; all {len(samples)} samples after the "
              f"first 5 %: {min(settled):.0f}-{max(settled):.0f} MB)")
