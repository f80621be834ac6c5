"""``storyline bench batch``: ``storyline batch`` end to end on a synthetic CC-NEWS-like corpus.

The corpus is the library benchmark's records (the extraction sets' HTML pages, then the
SemEval and ECB+ texts, then synthetic dated articles made from their sentences) wrapped
as WARC response records, texts as plain news pages, in files of 2,000 records, as
CC-NEWS ships them. Each configuration (engine and workers) runs on the same corpus into
a fresh output folder; the report gives records and articles a second, the peak memory
of the whole process tree (workers and Ray included), the scaling from one worker to two,
and Ray's overhead against the local engine.
"""

from __future__ import annotations

import html
import io
import re
import tempfile
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from ._stories import PeakMemory

__all__ = ["BatchRun", "build_warc_corpus", "format_batch_report", "run_batch_bench"]

_PER_FILE = 2000


@dataclass
class BatchRun:
    config: str
    records: int
    articles: int
    seconds: float
    peak_mb: float
    threads: int | None = None
    """Embedding threads per worker (None: the cores shared out among the workers)."""

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _first_sentence(text: str) -> tuple[str, str]:
    parts = _SENTENCE_END.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0]) <= 200:
        return parts[0], parts[1]
    return text[:120], text[120:]


def _page(record: dict[str, str]) -> bytes:
    if "html" in record:
        return record["html"].encode("utf-8")
    text = record["text"].strip()
    # Copied page text has a title line; SemEval's texts run title and body on one line, the title
    # often two spaces before the body, else taken as the first sentence.
    if "\n" in text:
        title, _, rest = text.partition("\n")
    elif "  " in text[:300]:
        title, _, rest = text.partition("  ")
    else:
        title, rest = _first_sentence(text)
    blocks = [b.strip() for b in rest.split("\n") if b.strip()]
    if len(blocks) < 3:  # one long line: paragraphs of three sentences
        sentences = _SENTENCE_END.split(" ".join(blocks))
        blocks = [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]
    paragraphs = "".join(f"<p>{html.escape(b)}</p>" for b in blocks)
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article><footer>© News</footer></body></html>"
            ).encode()


def build_warc_corpus(bench: Path, folder: Path, size: int) -> list[Path]:
    """``size`` records as WARC.gz files of ``_PER_FILE`` response records each."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from .library import _records

    files: list[Path] = []
    records = islice(_records(bench), size)
    while chunk := list(islice(records, _PER_FILE)):
        path = folder / f"synthetic-{len(files):05d}.warc.gz"
        with path.open("wb") as fh:
            writer = WARCWriter(fh, gzip=True)
            for n, record in enumerate(chunk):
                body = _page(record)
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                           protocol="HTTP/1.1")
                url = record.get("url") or f"https://news.example/{len(files)}/{n}"
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                              length=len(body), http_headers=headers))
        files.append(path)
    return files


def run_batch_bench(bench: Path, *, size: int = 20_000, configs: tuple[str, ...] = (
        "local-1", "local-2", "ray-1", "ray-2"), threads: int | None = 1) -> list[BatchRun]:
    """Each configuration (``engine-workers``) over the same corpus of ``size`` records.

    ``threads``: embedding threads per worker. One (the default) makes a worker one core's
    worth of work, as a worker on a cluster is, so the scaling ratio says what a second core
    adds; None gives run_batch's default (the cores shared out, so one worker takes them all)."""
    from ..batch import run_batch
    from ..resources import embed_sentences

    embed_sentences(["warm-up"])
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        files = build_warc_corpus(bench, Path(tmp), size)
        for config in configs:
            engine, _, workers = config.partition("-")
            out = Path(tmp) / f"out-{config}"
            with PeakMemory() as memory:
                started = time.perf_counter()
                report = run_batch(files, out, engine=engine, workers=int(workers or 1), threads=threads)
                seconds = time.perf_counter() - started
            runs.append(BatchRun(config, report.records, report.articles, seconds, memory.peak, threads))
    return runs


def format_batch_report(runs: list[BatchRun]) -> str:
    import os

    cores = os.cpu_count() or 1
    lines = ["| configuration | threads per worker | records | articles | seconds | articles/s | "
             f"articles/s per core (of {cores}) | peak memory, all processes (MB) |",
             "|---|---|---|---|---|---|---|---|"]
    for run in runs:
        threads = str(run.threads) if run.threads else "cores shared out"
        lines.append(f"| {run.config} | {threads} | {run.records} | {run.articles} | {run.seconds:.1f} | "
                     f"{run.articles_per_second:.1f} | {run.articles_per_second / cores:.1f} | {run.peak_mb:.0f} |")
    rate = {run.config: run.articles_per_second for run in runs}
    notes = []
    for engine in ("local", "ray"):
        if rate.get(f"{engine}-1") and f"{engine}-2" in rate:
            notes.append(f"{engine}: 2 workers / 1 worker = {rate[f'{engine}-2'] / rate[f'{engine}-1']:.2f}")
    for workers in ("1", "2"):
        if rate.get(f"local-{workers}") and f"ray-{workers}" in rate:
            overhead = 1 - rate[f"ray-{workers}"] / rate[f"local-{workers}"]
            notes.append(f"Ray's overhead at {workers} worker(s): {overhead:.0%}")
    return "\n".join(lines) + ("\n\n" + "; ".join(notes) if notes else "") + "\n"
