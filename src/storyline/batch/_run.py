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
from typing import Any, Protocol

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
    return [next(rows) if isinstance(item, RawPage) else _failure_row(item) for item in chunk]


def _failure_row(failure: Failure) -> dict[str, Any]:
    return {"raw_hash": "", "source": failure.source, "url": None, "error": failure.reason}


Chunk = list[RawPage | Failure]
Rows = tuple[list[dict[str, Any]], Chunk]
"""The rows of a chunk's pages (in order), and the chunk they came from."""


class Engine(Protocol):
    """Maps ``rows_of`` over a unit's chunks of pages, giving the results back in input order."""

    def rows(self, chunks: Iterator[Chunk]) -> Iterator[Rows]: ...

    def close(self) -> None: ...


class LocalEngine:
    """This process (``workers=0``) or a pool of worker processes, a few chunks in flight."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_worker_start, initargs=(threads_per_worker(workers),)
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
              db: str | Path | None = None, progress: Progress | None = None) -> BatchReport:
    """Rows for every record of ``inputs`` into ``out`` (Parquet and a manifest), then the stories
    of all rows there (``stories.parquet``); see the module docstring.

    ``workers``: processes doing the per-record work (0: this process alone; with Ray, actors).
    ``engine``: ``local`` (a process pool) or ``ray`` (Ray Data, on ``ray_address`` or a local Ray).
    ``window_days``: the time windows stories are clustered in (``_stories``).
    ``chunk``: pages handed to a worker at a time (one embedding call).
    ``db``: also store the articles and stories in this library (``_to_library``).
    """
    out = Path(out)
    if engine == "local" and ray_address:
        raise InputError("--ray-address goes with --engine ray")
    units = expand_inputs(inputs)
    try:
        (out / "articles").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorylineError(f"{out}: cannot make the output folder ({exc.strerror or exc}); "
                             "pass another --out") from None
    done = done_units(out)
    report = BatchReport(units=len(units))
    total = sum(u.size for u in units)
    bytes_done = 0
    started = time.perf_counter()
    mapper = _engine(engine, workers, ray_address)
    try:
        for unit in units:
            if is_done(out, unit, done):
                report.units_done_before += 1
                total -= unit.size
                continue
            try:
                entry = _run_unit(unit, out, mapper, chunk, report, progress, started, (bytes_done, total))
            except OSError as exc:
                raise StorylineError(f"{out}: cannot write the rows of {unit.name} ({exc.strerror or exc})") from None
            bytes_done += unit.size
            record_done(out, unit, entry)
    finally:
        mapper.close()
    stories = cluster_rows(out, window_days=window_days)
    report.stories, report.linked_across_edges = stories.stories, stories.linked_across_edges
    if db is not None:
        stored = write_library(out, db)
        report.stored = {k: getattr(stored, k) for k in ("added", "duplicates", "unchanged", "copies", "new_stories")}
    report.seconds = time.perf_counter() - started
    return report


def _engine(name: str, workers: int, ray_address: str | None) -> Engine:
    if name == "local":
        return LocalEngine(workers)
    if name == "ray":
        from ._ray import RayEngine

        return RayEngine(max(1, workers), address=ray_address)
    raise ValueError(f"unknown engine {name!r}: local or ray")


def _run_unit(unit: Unit, out: Path, mapper: Engine, chunk: int, report: BatchReport, progress: Progress | None,
              started: float, where: tuple[int, int]) -> dict[str, Any]:
    final = out / "articles" / f"{unit.key}.parquet"
    partial = final.with_name(final.name + ".part")
    skipped: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    counts = Counter[str]()
    with pq.ParquetWriter(partial, SCHEMA, compression="zstd") as writer:
        for page_rows, items in mapper.rows(_chunks(_items(unit, skipped), chunk)):
            rows = _in_order(items, page_rows)
            if not rows:
                continue
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
            articles = sum(1 for r in rows if r["error"] is None)
            counts.update(records=len(rows), articles=articles, errors=len(rows) - articles)
            report.records += len(rows)
            report.articles += articles
            report.errors += len(rows) - articles
            for row in rows:
                if row["error"] is not None:
                    reason = _reason(row["error"])
                    errors[reason] += 1
                    report.error_reasons[reason] = report.error_reasons.get(reason, 0) + 1
            if progress is not None:
                progress(BatchProgress(report.records, report.articles, report.errors,
                                       time.perf_counter() - started, *where))
    partial.replace(final)
    for reason, n in skipped.items():
        report.skipped[reason] = report.skipped.get(reason, 0) + n
    return {"records": counts["records"], "articles": counts["articles"], "errors": counts["errors"],
            "skipped": dict(skipped), "errors_by_reason": dict(errors), "parquet": str(final.relative_to(out))}


def report_json(report: BatchReport) -> dict[str, Any]:
    """The report as ``storyline batch --json`` prints it."""
    return {**asdict(report), "records_per_second": round(report.per_second, 2)}
