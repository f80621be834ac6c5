"""Run the per-record work over a corpus, one input unit at a time, resumably.

A *unit* is a WARC, WARC.gz or JSONL file, or a group of single pages (``_units``). Each
unit's rows go to ``OUT/articles/<key>.parquet``, written to a ``.part`` file and renamed
when the unit is done; only then is the unit appended to ``OUT/manifest.jsonl``. A killed
batch therefore restarts at the first unit the manifest does not list with its current
fingerprint and Parquet file, and no row is written twice. The local engine reads records
in this process and hands batches of pages to a pool of worker processes, keeping a few
batches in flight and the output in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError, StorylineError
from ..library._reading import watch_parent
from ..sources import Failure, RawPage, Skipped, iter_pages
from ._rows import SCHEMA, rows_of
from ._stories import cluster_rows
from ._to_library import write_library
from ._units import Unit, done_units, expand_inputs, is_done, record_done

__all__ = ["BatchProgress", "BatchReport", "expand_inputs", "run_batch"]

_CHUNK = 32


@dataclass
class BatchReport:
    """What a batch did, over all units (those done in an earlier run included in ``units_done_before``)."""

    units: int = 0
    units_done_before: int = 0
    records: int = 0
    articles: int = 0
    errors: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    """Records that are not pages (a PDF, a 404), by reason."""
    error_reasons: dict[str, int] = field(default_factory=dict)
    """Pages with no article (kept as rows with their ``error``), by reason."""
    stored: dict[str, int] | None = None
    """With ``db``: what the library did (added, duplicates, unchanged, copies, new_stories)."""
    stories: int = 0
    """Stories over all rows under ``out`` (``_stories.cluster_rows``; written to stories.parquet)."""
    linked_across_edges: int = 0
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


@dataclass
class BatchProgress:
    """Handed to the progress callback after every batch of pages."""

    records: int
    articles: int
    errors: int
    seconds: float
    bytes_done: int
    bytes_total: int

    @property
    def eta_seconds(self) -> float | None:
        """From the share of input bytes done; None until there is some."""
        if not self.bytes_done or not self.bytes_total:
            return None
        return self.seconds * (self.bytes_total - self.bytes_done) / self.bytes_done


Progress = Callable[[BatchProgress], None]


def _items(unit: Unit, skipped: Counter[str]) -> Iterator[RawPage | Failure]:
    for item in iter_pages(list(unit.paths), follow_links=False):
        if isinstance(item, Skipped):
            skipped[_reason(item.reason)] += 1
        else:
            yield item


def failure_row(source: str, reason: str) -> dict[str, Any]:
    """The row of a record that could not be read."""
    return {"raw_hash": "", "source": source, "url": None, "error": reason}


def _reason(reason: str) -> str:
    """A reason without its particulars (the URL, path or record it names, numbers), to count like with like."""
    while ": " in reason and (reason.startswith(("http://", "https://", "/")) or "#" in reason.split(": ", 1)[0]):
        reason = reason.split(": ", 1)[1]
    return re.sub(r"\d+", "N", reason.split(";")[0].split("(")[0]).strip()[:80]


def _chunks(items: Iterator[RawPage | Failure], size: int = _CHUNK) -> Iterator[list[RawPage | Failure]]:
    chunk: list[RawPage | Failure] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(chunk: list[RawPage | Failure], page_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chunk's rows in input order: each page's row, each failure's row where it stood."""
    rows = iter(page_rows)
    return [next(rows) if isinstance(item, RawPage) else failure_row(item.source, item.reason) for item in chunk]


Chunk = list[RawPage | Failure]
Rows = tuple[list[dict[str, Any]], Chunk]
"""The rows of a chunk's pages (in order), and the chunk they came from."""


class LocalEngine:
    """This process (``workers=0``) or a pool of worker processes, a few chunks in flight."""

    def __init__(self, workers: int, threads: int | None = None) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_worker_start,
                                        initargs=(threads or threads_per_worker(workers),)
                                        ) if workers > 0 else None

    def rows(self, chunks: Iterator[Chunk]) -> Iterator[Rows]:
        try:
            yield from self._rows(chunks)
        except BrokenProcessPool:
            raise StorylineError("a worker process died (out of memory, or killed); run the same command "
                                 "again: it resumes with the input it was on") from None

    def _rows(self, chunks: Iterator[Chunk]) -> Iterator[Rows]:
        if self.pool is None:
            for chunk in chunks:
                pages = _pages(chunk)
                yield (rows_of(pages) if pages else []), chunk
            return
        waiting: deque[tuple[Future[list[dict[str, Any]]] | None, Chunk]] = deque()
        for chunk in chunks:
            pages = _pages(chunk)
            waiting.append((self.pool.submit(rows_of, pages) if pages else None, chunk))
            while len(waiting) > 2 * self.workers:
                job, held = waiting.popleft()
                yield (job.result() if job else []), held
        while waiting:
            job, held = waiting.popleft()
            yield (job.result() if job else []), held

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def _pages(chunk: Chunk) -> list[RawPage]:
    return [item for item in chunk if isinstance(item, RawPage)]


def threads_per_worker(workers: int) -> int:
    """Embedding threads for each of ``workers`` processes sharing this machine's cores."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def _worker_start(threads: int) -> None:
    os.environ["STORYLINE_THREADS"] = str(threads)  # read when the worker loads the model
    watch_parent()


def run_batch(inputs: Iterable[str | Path], out: str | Path, *, workers: int = 1, engine: str = "local",
              ray_address: str | None = None, window_days: int = 7, chunk: int = _CHUNK,
              db: str | Path | None = None, progress: Progress | None = None,
              threads: int | None = None) -> BatchReport:
    """Rows for every record of ``inputs`` into ``out`` (Parquet and a manifest), then the stories
    of all rows there (``stories.parquet``); see the module docstring.

    ``workers``: processes doing the per-record work (0: this process alone; with Ray, actors).
    ``engine``: ``local`` (a process pool) or ``ray`` (Ray Data, on ``ray_address`` or a local Ray).
    ``window_days``: the time windows stories are clustered in (``_stories``).
    ``chunk``: pages handed to a worker at a time (one embedding call).
    ``db``: also store the articles and stories in this library (``_to_library``).
    ``threads``: embedding threads in each worker process or actor (default: this machine's
    cores shared out among the workers; 1 makes a worker one core's worth, as on a cluster).
    """
    out = Path(out)
    if engine not in ("local", "ray"):
        raise InputError(f"unknown engine {engine!r}: local or ray")
    if engine == "local" and ray_address:
        raise InputError("--ray-address goes with --engine ray")
    if threads is not None and threads < 1:
        raise InputError(f"threads must be 1 or more, not {threads}")
    units = expand_inputs(inputs)
    try:
        (out / "articles").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorylineError(f"{out}: cannot make the output folder ({exc.strerror or exc}); "
                             "pass another --out") from None
    done = done_units(out)
    todo = [u for u in units if not is_done(out, u, done)]
    report = BatchReport(units=len(units), units_done_before=len(units) - len(todo))
    run = _Run(out, report, progress, sum(u.size for u in todo))
    try:
        if engine == "local":
            mapper = LocalEngine(workers, threads)
            try:
                for unit in todo:
                    writer = run.start(unit)
                    for page_rows, items in mapper.rows(_chunks(_items(unit, writer.skipped), chunk)):
                        writer.write(_in_order(items, page_rows))
                    run.finish(writer)
            finally:
                mapper.close()
        elif todo:
            from ._ray import run_on_ray

            run_on_ray(todo, run, workers=max(1, workers), address=ray_address, chunk=chunk, threads=threads)
    except OSError as exc:
        raise StorylineError(f"{out}: cannot write the rows ({exc.strerror or exc}); pass another --out") from None
    stories = cluster_rows(out, window_days=window_days)
    report.stories, report.linked_across_edges = stories.stories, stories.linked_across_edges
    if db is not None:
        stored = write_library(out, db)
        report.stored = {k: getattr(stored, k) for k in ("added", "duplicates", "unchanged", "copies", "new_stories")}
    report.seconds = time.perf_counter() - run.started
    return report


class _Run:
    """The output side of a run: a writer per unit, the report, progress, the manifest."""

    def __init__(self, out: Path, report: BatchReport, progress: Progress | None, total: int) -> None:
        self.out = out
        self.report = report
        self.progress = progress
        self.total = total
        self.bytes_done = 0
        self.started = time.perf_counter()

    def start(self, unit: Unit) -> _UnitWriter:
        return _UnitWriter(self, unit)

    def finish(self, writer: _UnitWriter) -> None:
        entry = writer.close()
        self.bytes_done += writer.unit.size
        record_done(self.out, writer.unit, entry)

    def tick(self) -> None:
        if self.progress is not None:
            self.progress(BatchProgress(self.report.records, self.report.articles, self.report.errors,
                                        time.perf_counter() - self.started, self.bytes_done, self.total))


class _UnitWriter:
    """One unit's rows into its ``.part`` file, renamed when the unit is done; its counts."""

    def __init__(self, run: _Run, unit: Unit) -> None:
        self.run = run
        self.unit = unit
        self.final = run.out / "articles" / f"{unit.key}.parquet"
        self.partial = self.final.with_name(self.final.name + ".part")
        self.skipped: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.writer = pq.ParquetWriter(self.partial, SCHEMA, compression="zstd")

    def skip(self, reason: str) -> None:
        self.skipped[_reason(reason)] += 1

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        report = self.run.report
        self.writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
        articles = sum(1 for r in rows if r["error"] is None)
        self.counts.update(records=len(rows), articles=articles, errors=len(rows) - articles)
        report.records += len(rows)
        report.articles += articles
        report.errors += len(rows) - articles
        for row in rows:
            if row["error"] is not None:
                reason = _reason(row["error"])
                self.errors[reason] += 1
                report.error_reasons[reason] = report.error_reasons.get(reason, 0) + 1
        self.run.tick()

    def close(self) -> dict[str, Any]:
        self.writer.close()
        self.partial.replace(self.final)
        report = self.run.report
        for reason, n in self.skipped.items():
            report.skipped[reason] = report.skipped.get(reason, 0) + n
        return {"records": self.counts["records"], "articles": self.counts["articles"],
                "errors": self.counts["errors"], "skipped": dict(self.skipped),
                "errors_by_reason": dict(self.errors), "parquet": str(self.final.relative_to(self.run.out))}


def report_json(report: BatchReport) -> dict[str, Any]:
    """The report as ``storyline batch --json`` prints it."""
    return {**asdict(report), "records_per_second": round(report.per_second, 2)}
