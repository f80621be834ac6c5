"""The Ray Data engine: the same ``rows_of`` on a Ray cluster (or a local Ray), output in input order.

One dataset for the whole run: a datasource with one read task per unit reads its
records (``iter_pages``, in the task, on whichever node runs it) into blocks of pages;
``map_batches`` hands each block to a pool of actors that load the model once for the
run and call ``rows_of``; the driver reads the rows back in order (``preserve_order``)
and writes each unit's Parquet file and manifest entry exactly as the local engine does.
A unit is complete when the next unit's first row arrives (or the run ends).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from ..errors import StorylineError
from ..sources import Failure, PageMeta, RawPage, iter_pages
from ._rows import SCHEMA, rows_of
from ._run import threads_per_worker

if TYPE_CHECKING:
    from ._run import _Run
    from ._units import Unit

__all__ = ["run_on_ray"]

_PAGES = pa.schema([
    pa.field("unit", pa.int64()), pa.field("kind", pa.string()), pa.field("source", pa.string()),
    pa.field("data", pa.binary()), pa.field("url", pa.string()), pa.field("content_type", pa.string()),
    pa.field("charset", pa.string()), pa.field("fetched_at", pa.string()), pa.field("reason", pa.string()),
    pa.field("meta", pa.string()),
])
_OUT = SCHEMA.append(pa.field("unit", pa.int64())).append(pa.field("skip", pa.string()))


def _read_unit(unit: int, paths: Sequence[str], chunk: int) -> Iterator[pa.Table]:
    """A unit's records as blocks of ``chunk``: pages, failures and skips, in order."""
    block: list[dict[str, Any]] = []
    for item in iter_pages(list(paths), follow_links=False):
        record: dict[str, Any] = {"unit": unit, "source": item.source}
        if isinstance(item, RawPage):
            record.update(kind="page", data=item.data, url=item.url, content_type=item.content_type,
                          charset=item.charset, fetched_at=item.fetched_at.isoformat() if item.fetched_at else None,
                          meta=json.dumps(dataclasses.asdict(item.meta)) if item.meta else None)
        else:
            record.update(kind="failure" if isinstance(item, Failure) else "skip", reason=item.reason)
        block.append(record)
        if len(block) >= chunk:
            yield pa.Table.from_pylist(block, schema=_PAGES)
            block = []
    if block:
        yield pa.Table.from_pylist(block, schema=_PAGES)


def _meta(text: str | None) -> PageMeta | None:
    if text is None:
        return None
    fields = json.loads(text)
    return PageMeta(**{**fields, "authors": tuple(fields["authors"])})


class _RowsActor:
    """One Ray actor: ``rows_of`` over each block of pages; the model stays loaded for the run."""

    def __call__(self, batch: pa.Table) -> pa.Table:
        from ._run import failure_row

        records = batch.to_pylist()
        pages = [RawPage(source=r["source"], data=r["data"], url=r["url"], content_type=r["content_type"],
                         charset=r["charset"],
                         fetched_at=datetime.fromisoformat(r["fetched_at"]) if r["fetched_at"] else None,
                         meta=_meta(r["meta"]))
                 for r in records if r["kind"] == "page"]
        page_rows = iter(rows_of(pages) if pages else [])
        out = []
        for record in records:
            if record["kind"] == "page":
                row = next(page_rows)
            else:
                row = failure_row(record["source"], record["reason"])
            row["unit"] = record["unit"]
            row["skip"] = record["reason"] if record["kind"] == "skip" else None
            out.append(row)
        return pa.Table.from_pylist(out, schema=_OUT)


def _start_ray(workers: int, address: str | None, threads: int | None) -> bool:
    import ray

    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}
    try:
        if address:
            ray.init(address=address, **options)
        else:
            threads = threads or threads_per_worker(workers)  # the actors share this machine's cores
            # One CPU more than the actors take, for the read tasks: with none left they never run.
            ray.init(num_cpus=workers + 1, runtime_env={"env_vars": {"STORYLINE_THREADS": str(threads)}},
                     **options)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray"
        raise StorylineError(f"cannot start or reach {where} ({str(exc).splitlines()[0][:200]}); "
                             "check `ray status` or leave out --ray-address") from None
    return True


def run_on_ray(units: Sequence[Unit], run: _Run, *, workers: int, address: str | None, chunk: int,
               threads: int | None = None) -> None:
    """Every unit's rows through Ray Data, written by ``run`` unit by unit, in order."""
    import ray
    import ray.data
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class _Units(Datasource):
        def estimate_inmemory_data_size(self) -> int | None:
            return None

        def get_read_tasks(self, parallelism: int, per_task_row_limit: int | None = None,
                           data_context: Any = None) -> list[ReadTask]:
            tasks = []
            for n, unit in enumerate(units):
                paths = [str(p) for p in unit.paths]
                meta = BlockMetadata(num_rows=None, size_bytes=unit.size, exec_stats=None, input_files=tuple(paths))
                tasks.append(ReadTask(functools.partial(_read_unit, n, paths, chunk), meta))
            return tasks

    started = _start_ray(workers, address, threads)
    # On a cluster started elsewhere each actor gets its thread count through its own environment,
    # and Ray reserves a CPU per thread: one unless told, not a thread per core of its node.
    remote: dict[str, Any] = {"num_cpus": 1}
    if address:
        remote = {"num_cpus": threads or 1,
                  "runtime_env": {"env_vars": {"STORYLINE_THREADS": str(threads or 1)}}}
    try:
        dataset = ray.data.read_datasource(_Units(), override_num_blocks=len(units))  # type: ignore[no-untyped-call]
        dataset.context.execution_options.preserve_order = True
        mapped = dataset.map_batches(_RowsActor, batch_size=chunk, batch_format="pyarrow", concurrency=workers,
                                     **remote)
        current = 0
        writer = run.start(units[0])
        for batch in mapped.iter_batches(batch_size=None, batch_format="pyarrow"):
            pending: list[dict[str, Any]] = []
            for row in batch.to_pylist():
                while row["unit"] > current:  # the unit before is complete (an empty one has no rows at all)
                    writer.write(pending)
                    pending = []
                    run.finish(writer)
                    current += 1
                    writer = run.start(units[current])
                skip = row.pop("skip")
                row.pop("unit")
                if skip is not None:
                    writer.skip(skip)
                else:
                    pending.append(row)
            writer.write(pending)
        run.finish(writer)
        for unit in units[current + 1:]:
            run.finish(run.start(unit))
    finally:
        if started:
            ray.shutdown()
